from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "xinfang.reference"
    verbose_name = "基础数据缓存"
