from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("switch/accept/", views.tenant_switch_accept_view, name="switch_accept"),
    path("switch/<slug:slug>/", views.tenant_switch_view, name="switch"),
    path("security/", views.company_security_view, name="company_security"),
]
