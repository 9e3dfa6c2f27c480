from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "xinfang.console"
    verbose_name = "系统管理"
