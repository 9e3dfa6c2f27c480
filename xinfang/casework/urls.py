from django.urls import path

from xinfang.casework import handover_views, views

app_name = "casework"

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("counts/", views.counts, name="counts"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/new/", views.leader_edit, name="leader_new"),
    path("leaders/<int:pk>/", views.leader_edit, name="leader_edit"),
    path("handovers/", handover_views.handovers, name="handovers"),
    path("handovers/new/", handover_views.handover_new, name="handover_new"),
    path("handovers/<int:pk>/", handover_views.handover, name="handover"),
    path("handovers/items/<int:pk>/report/", handover_views.report, name="handover_report"),
    path("cases/<str:number>/panel/", views.panel, name="panel"),
    path("cases/<str:number>/own/", views.own, name="own"),
    path("cases/<str:number>/instruct/", views.instruct, name="instruct"),
    path("cases/<str:number>/instructions/<int:pk>/answer/", views.answer, name="answer"),
]
