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
    path("classes/", views.content_classes, name="classes"),
    path("classes/new/", views.class_new, name="class_new"),
    path("classes/<int:pk>/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/retire/", views.class_retire, name="class_retire"),
    path("classes/<int:pk>/restore/", views.class_restore, name="class_restore"),
    path("classes/<int:pk>/delete/", views.class_delete, name="class_delete"),
    path("models/", views.model_versions, name="models"),
    path("models/rollback/", views.model_rollback, name="model_rollback"),
]
