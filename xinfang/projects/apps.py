from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "xinfang.projects"
    verbose_name = "挂点项目"
