from django.urls import path

from xinfang.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.new, name="new"),
    path("groups/", views.groups, name="groups"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decisions/", views.decide, name="decide"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes"),
    path("decisions/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
