from django.urls import path

from xinfang.receptions import views

app_name = "receptions"

urlpatterns = [
    path("", views.reception_list, name="list"),
    path("new/", views.schedule, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/take-on/", views.take_on, name="take_on"),
    path("rotas/", views.rotas, name="rotas"),
    path("rotas/new/", views.rota_new, name="rota_new"),
    path("rotas/<int:pk>/", views.rota, name="rota"),
    path("rotas/<int:pk>/publish/", views.rota_publish, name="rota_publish"),
    path("grassroots/", views.grassroots, name="grassroots"),
]
