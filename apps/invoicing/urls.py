"""The invoices' web pages under /invoices/."""

from django.urls import path

from . import views, views_recurring

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list_view, name="list"),
    path("new/", views.invoice_create_view, name="create"),
    path("settings/", views.invoicing_settings_view, name="settings"),
    path("totals/", views.invoice_totals_view, name="totals"),
    path("line/", views.invoice_line_view, name="line"),
    path("customer-options/", views.customer_options_view, name="customer_options"),
    path("product-options/", views.product_options_view, name="product_options"),
    path("customers/<int:pk>/", views.customer_account_view, name="customer"),
    path("recurring/", views_recurring.recurring_list_view, name="recurring_list"),
    path("recurring/new/", views_recurring.recurring_create_view, name="recurring_create"),
    path("recurring/<int:pk>/", views_recurring.recurring_edit_view, name="recurring_edit"),
    path("recurring/<int:pk>/pause/", views_recurring.recurring_pause_view, name="recurring_pause"),
    path("recurring/<int:pk>/resume/", views_recurring.recurring_resume_view, name="recurring_resume"),
    path("<int:pk>/", views.invoice_detail_view, name="detail"),
    path("<int:pk>/edit/", views.invoice_edit_view, name="edit"),
    path("<int:pk>/issue/", views.invoice_issue_view, name="issue"),
    path("<int:pk>/payments/", views.payment_record_view, name="payment_record"),
    path("<int:pk>/credit-note/", views.credit_note_create_view, name="credit_note_create"),
    path("<int:pk>/debit-note/", views.debit_note_create_view, name="debit_note_create"),
    path("<int:pk>/send/", views.invoice_send_view, name="send"),
]
