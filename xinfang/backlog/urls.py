from django.urls import path

from xinfang.backlog import views

app_name = "backlog"

urlpatterns = [
    path("", views.backlog_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("follow-ups/<int:pk>/done/", views.done, name="done"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("cases/<str:number>/panel/", views.panel, name="panel"),
    path("cases/<str:number>/mark/", views.mark, name="mark"),
    path("cases/<str:number>/petitioners/<int:petitioner_id>/flag/", views.flag, name="flag"),
]
