"""The sales documents' web pages under /sales/."""

from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("", views.quote_list_view, name="quote_list"),
    path("quotes/new/", views.quote_create_view, name="quote_create"),
    path("quotes/<int:pk>/", views.quote_detail_view, name="quote_detail"),
    path("quotes/<int:pk>/edit/", views.quote_edit_view, name="quote_edit"),
    path("quotes/<int:pk>/order/", views.order_create_view, name="order_create"),
    path("quotes/<int:pk>/<slug:action>/", views.quote_action_view, name="quote_action"),
    path("orders/", views.order_list_view, name="order_list"),
    path("orders/<int:pk>/", views.order_detail_view, name="order_detail"),
    path("orders/<int:pk>/deliver/", views.order_deliver_view, name="order_deliver"),
    path("orders/<int:pk>/invoice/", views.order_invoice_view, name="order_invoice"),
    path("orders/<int:pk>/cancel/", views.order_cancel_view, name="order_cancel"),
    path("delivery-notes/", views.delivery_note_list_view, name="delivery_note_list"),
    path("delivery-notes/<int:pk>/", views.delivery_note_detail_view, name="delivery_note_detail"),
]
