"""The invoices' web pages under /invoices/."""

from django.urls import path

from . import views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list_view, name="list"),
    path("new/", views.invoice_create_view, name="create"),
    path("totals/", views.invoice_totals_view, name="totals"),
    path("line/", views.invoice_line_view, name="line"),
    path("<int:pk>/", views.invoice_detail_view, name="detail"),
    path("<int:pk>/edit/", views.invoice_edit_view, name="edit"),
    path("<int:pk>/issue/", views.invoice_issue_view, name="issue"),
    path("<int:pk>/payments/", views.payment_record_view, name="payment_record"),
    path("<int:pk>/credit-note/", views.credit_note_create_view, name="credit_note_create"),
    path("<int:pk>/send/", views.invoice_send_view, name="send"),
]
