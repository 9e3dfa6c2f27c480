from django.urls import path

from xinfang.accounts import views

app_name = "accounts"
urlpatterns = [
    path("otp/", views.status, name="otp-status"),
    path("otp/setup/", views.setup, name="otp-setup"),
    path("otp/verify/", views.verify, name="otp-verify"),
    path("otp/disable/", views.disable, name="otp-disable"),
]
