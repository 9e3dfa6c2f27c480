from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "xinfang.intake"
    verbose_name = "登记"
