from django.urls import path

from xinfang.console import views

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_edit, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.reset_password, name="reset_password"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("days/", views.days, name="days"),
    path("days/<str:day>/clear/", views.day_clear, name="day_clear"),
]
