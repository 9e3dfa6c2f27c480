from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "xinfang.briefs"
    verbose_name = "信息简报"
