from django.urls import path

from xinfang.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("counts/", views.counts, name="counts"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/new/", views.leader_edit, name="leader_new"),
    path("leaders/<int:pk>/", views.leader_edit, name="leader_edit"),
    path("cases/<str:number>/panel/", views.panel, name="panel"),
    path("cases/<str:number>/own/", views.own, name="own"),
    path("cases/<str:number>/instruct/", views.instruct, name="instruct"),
    path("cases/<str:number>/instructions/<int:pk>/answer/", views.answer, name="answer"),
]
