from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "xinfang.holidays"
    verbose_name = "节假日与工作日"
