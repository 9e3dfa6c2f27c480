from django.urls import path

from xinfang.aid import views

app_name = "aid"

urlpatterns = [
    path("", views.aid_list, name="list"),
    path("new/", views.new, name="new"),
    path("totals/", views.totals, name="totals"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/attach/", views.attach, name="attach"),
]
