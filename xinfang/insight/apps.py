from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "xinfang.insight"
    verbose_name = "智能辅助"
