from django.urls import path

from xinfang.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/statistics.<str:fmt>", views.export_statistics, name="export_statistics"),
]
