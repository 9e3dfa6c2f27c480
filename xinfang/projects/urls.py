from django.urls import path

from xinfang.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/status/<str:move>/", views.status, name="status"),
    path("<int:pk>/issues/", views.issue, name="issue"),
    path("<int:pk>/issues/<int:issue_id>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/links/", views.link, name="link"),
    path("<int:pk>/links/remove/", views.unlink, name="unlink"),
    path("<int:pk>/photos/<int:photo_id>/", views.photo, name="photo"),
]
