from django.urls import path

from xinfang.leadership import views

app_name = "leadership"

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report.<str:fmt>", views.report_file, name="report_file"),
]
