from django.urls import path

from xinfang.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("receipt/", views.receipt, name="receipt"),
    path("lookup/", views.lookup, name="lookup"),
    path("case/<str:number>/", views.case, name="case"),
    path("case/<str:number>/rate/", views.rate, name="rate"),
    path("case/<str:number>/review/", views.review, name="review"),
    path("case/<str:number>/documents/<int:step_id>/", views.document, name="document"),
    path("board/", views.board, name="board"),
    path("board/<str:number>/", views.board_item, name="board_item"),
    path("publish/<str:number>/", views.publish, name="publish"),
    path("contact/", views.contact, name="contact"),
    path("guide/", views.guide, name="guide"),
    path("receptions/", views.schedule, name="schedule"),
    path("receptions/<int:pk>/book/", views.book, name="book"),
    path("receptions/booked/", views.booked, name="booked"),
]
