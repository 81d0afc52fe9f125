"""Customers' and suppliers' web pages under /parties/."""

from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("", views.party_list_view, name="list"),
    path("new/", views.party_create_view, name="create"),
    path("duplicates/", views.party_duplicates_view, name="duplicates"),
    path("<int:pk>/", views.party_detail_view, name="detail"),
    path("<int:pk>/edit/", views.party_edit_view, name="edit"),
]
