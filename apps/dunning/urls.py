"""The dunning web pages under /dunning/."""

from django.urls import path

from . import views

app_name = "dunning"
urlpatterns = [
    path("", views.dunning_index_view, name="index"),
    path("run/", views.dunning_run_view, name="run"),
    path("invoices/<int:invoice_pk>/notice/", views.dunning_notice_create_view, name="notice_create"),
    path("customers/<int:party_pk>/stop/", views.dunning_stop_set_view, name="stop_set"),
    path("notices/<int:pk>/pdf/", views.dunning_notice_pdf_view, name="notice_pdf"),
]
