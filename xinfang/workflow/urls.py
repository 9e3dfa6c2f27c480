from django.urls import path

from xinfang.workflow import batch_views, views

app_name = "workflow"

urlpatterns = [
    path("inbox/", views.inbox_page, name="inbox"),
    path("batch/<str:action>/", batch_views.batch, name="batch"),
    path("notices/<int:notice_id>/reply/", views.reply, name="reply"),
    path("cases/<str:number>/<str:action>/", views.step, name="step"),
]
