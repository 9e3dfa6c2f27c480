from django.apps import AppConfig


class HotspotsConfig(AppConfig):
    name = "xinfang.hotspots"
    verbose_name = "热点问题"
