"""The invoices' web pages under /invoices/."""

from django.urls import path

from . import views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list_view, name="list"),
    path("new/", views.invoice_create_view, name="create"),
    path("totals/", views.invoice_totals_view, name="totals"),
    path("line/", views.invoice_line_view, name="line"),
    path("customer-options/", views.customer_options_view, name="customer_options"),
    path("product-options/", views.product_options_view, name="product_options"),
    path("customers/<int:pk>/", views.customer_account_view, name="customer"),
    path("<int:pk>/", views.invoice_detail_view, name="detail"),
    path("<int:pk>/edit/", views.invoice_edit_view, name="edit"),
    path("<int:pk>/issue/", views.invoice_issue_view, name="issue"),
    path("<int:pk>/payments/", views.payment_record_view, name="payment_record"),
    path("<int:pk>/credit-note/", views.credit_note_create_view, name="credit_note_create"),
    path("<int:pk>/send/", views.invoice_send_view, name="send"),
]
