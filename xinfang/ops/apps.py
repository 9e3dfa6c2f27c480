from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "xinfang.ops"
    verbose_name = "运维"
