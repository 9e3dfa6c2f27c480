from django.urls import path

from xinfang.disputes import views

app_name = "disputes"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("new/", views.new, name="new"),
    path("import/", views.upload, name="import"),
    path("reports/", views.reports, name="reports"),
    path("reports/townships/<int:pk>/", views.township_report, name="township_report"),
    path("reports/townships/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/townships/<int:pk>/export.xlsx", views.township_export, name="township_export"),
    path("reports/regions/<int:pk>/", views.region_report, name="region_report"),
    path("reports/regions/<int:pk>/export.xlsx", views.region_export, name="region_export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/convert/", views.convert, name="convert"),
    path("<int:pk>/<str:move>/", views.step, name="step"),
]
