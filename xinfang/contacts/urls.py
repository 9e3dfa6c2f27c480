from django.urls import path

from xinfang.contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.card, name="card"),
    path("card.pdf", views.card_pdf, name="card_pdf"),
]
