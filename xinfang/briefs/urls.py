from django.urls import path

from xinfang.briefs import views

app_name = "briefs"

urlpatterns = [
    path("", views.brief_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/brief.docx", views.download, name="docx"),
]
