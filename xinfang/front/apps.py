from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "xinfang.front"
    verbose_name = "前台"
