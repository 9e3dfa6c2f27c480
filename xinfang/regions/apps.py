from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "xinfang.regions"
    verbose_name = "行政区划与单位"
