from django.urls import path

from xinfang.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/remove/", views.remove_rule, name="remove_rule"),
    path("rules/copy/", views.copy_rules, name="copy_rules"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/goal/", views.goal, name="goal"),
    path("<int:pk>/goal/<str:indicator>/remove/", views.remove_goal, name="remove_goal"),
    path("<int:pk>/copy/", views.copy, name="copy"),
]
