from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "xinfang.aid"
    verbose_name = "救助帮扶"
