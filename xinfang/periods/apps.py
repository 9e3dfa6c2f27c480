from django.apps import AppConfig


class PeriodsConfig(AppConfig):
    name = "xinfang.periods"
    verbose_name = "特护期"
