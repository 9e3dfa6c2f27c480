from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "xinfang.assessment"
    verbose_name = "目标考核"
