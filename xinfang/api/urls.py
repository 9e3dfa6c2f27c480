from django.urls import path

from xinfang.api.views import api

urlpatterns = [path("", api.urls)]
