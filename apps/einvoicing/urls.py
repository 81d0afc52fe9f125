"""The e-invoice card of an invoice's page, under /invoices/<id>/einvoice/."""

from django.urls import path

from . import views

app_name = "einvoicing"
urlpatterns = [
    path("<int:pk>/einvoice/", views.einvoice_card_view, name="card"),
    path("<int:pk>/einvoice/<slug:einvoice_format>/validate/", views.einvoice_validate_view, name="validate"),
    path("<int:pk>/einvoice/<slug:einvoice_format>/send/", views.einvoice_send_view, name="send"),
]
