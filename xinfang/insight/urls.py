from django.urls import path

from xinfang.insight import views

app_name = "insight"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
    path("petitions/<str:number>/similar/", views.similar, name="similar"),
    path("petitions/<str:number>/dismiss/<str:matter_number>/", views.dismiss, name="dismiss"),
]
