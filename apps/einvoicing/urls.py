"""The e-invoice card of an invoice's page (/invoices/<id>/einvoice/) and the e-CF set-up (/invoices/settings/e-cf/)."""

from django.urls import path

from . import views, views_ecf

app_name = "einvoicing"
urlpatterns = [
    path("<int:pk>/einvoice/", views.einvoice_card_view, name="card"),
    path("<int:pk>/einvoice/<slug:einvoice_format>/validate/", views.einvoice_validate_view, name="validate"),
    path("<int:pk>/einvoice/<slug:einvoice_format>/send/", views.einvoice_send_view, name="send"),
    path("settings/e-cf/", views_ecf.ecf_settings_view, name="ecf_settings"),
    path("settings/e-cf/ranges/", views_ecf.encf_range_create_view, name="encf_range_create"),
    path("settings/e-cf/certificates/", views_ecf.ecf_certificate_upload_view, name="ecf_certificate_upload"),
]
