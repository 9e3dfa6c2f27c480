from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "xinfang.workflow"
    verbose_name = "办理流程"
