from django.apps import AppConfig


class BacklogConfig(AppConfig):
    name = "xinfang.backlog"
    verbose_name = "积案化解"
