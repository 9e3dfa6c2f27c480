from django.apps import AppConfig


class ClassesConfig(AppConfig):
    name = "xinfang.classes"
    verbose_name = "内容分类"
