from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "xinfang.casework"
    verbose_name = "领导包案"
