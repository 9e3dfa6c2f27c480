from django.urls import path

from xinfang.hotspots import views

app_name = "hotspots"

urlpatterns = [
    path("", views.hot_issue_list, name="list"),
    path("panel/", views.panel, name="panel"),
    path("<int:pk>/", views.detail, name="detail"),
]
