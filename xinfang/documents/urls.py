from django.urls import path

from xinfang.documents import views

app_name = "documents"

urlpatterns = [
    path("patterns/", views.patterns, name="patterns"),
    path("<int:pk>/", views.print_page, name="print"),
    path("<int:pk>/docx/", views.download, name="docx"),
    path("cases/<str:number>/panel/", views.panel, name="panel"),
    path("cases/<str:number>/steps/<int:step_id>/issue/", views.issue, name="issue"),
    path("cases/<str:number>/receipt/", views.receipt, name="receipt"),
    path("cases/<str:number>/receipt/docx/", views.receipt_docx, name="receipt_docx"),
]
