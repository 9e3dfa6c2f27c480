from django.urls import path

from xinfang.events import views

app_name = "events"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.read_all, name="read_all"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("digest/", views.digest, name="digest"),
]
