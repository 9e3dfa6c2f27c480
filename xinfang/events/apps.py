from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "xinfang.events"
    verbose_name = "事件日志"
