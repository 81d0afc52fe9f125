"""The products' web pages under /products/."""

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.product_list_view, name="list"),
    path("new/", views.product_create_view, name="create"),
    path("<int:pk>/", views.product_detail_view, name="detail"),
    path("<int:pk>/edit/", views.product_edit_view, name="edit"),
]
