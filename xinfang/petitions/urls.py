from django.urls import path

from xinfang.petitions import correction_views, views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.register, name="register"),
    path("audit/", views.personal_data_audit, name="audit"),
    path("voided/", views.voided, name="voided"),
    path("export.<str:file_format>", views.export, name="export"),
    path("matters/<str:number>/", views.matter, name="matter"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/receipt/", views.registered, name="registered"),
    path("<str:number>/reissue-code/", views.reissue_code, name="reissue_code"),
    path("<str:number>/void/", views.void, name="void"),
    path("<str:number>/correct/", correction_views.correct, name="correct"),
    path("<str:number>/merge/", correction_views.merge, name="merge"),
    path("<str:number>/people/<int:petitioner_id>/<str:field>/", views.reveal, name="reveal"),
    path("<str:number>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
