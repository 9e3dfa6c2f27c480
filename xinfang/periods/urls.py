from django.urls import path

from xinfang.periods import views

app_name = "periods"

urlpatterns = [
    path("", views.period_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/counties/<str:code>/", views.county, name="county"),
    path("<int:pk>/counties/<str:code>/report/", views.submit, name="submit"),
    path("reports/<int:pk>/", views.report, name="report"),
]
