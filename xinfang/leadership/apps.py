from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "xinfang.leadership"
    verbose_name = "领导接访包案台账与报告"
