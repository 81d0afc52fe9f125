from django.contrib.auth import views as auth_views
from django.urls import path

from . import team_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("switch/accept/", views.tenant_switch_accept_view, name="switch_accept"),
    path("switch/<slug:slug>/", views.tenant_switch_view, name="switch"),
    path("security/", views.company_security_view, name="company_security"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("team/", team_views.team_view, name="team"),
    path("team/<int:pk>/", team_views.member_edit_view, name="member_edit"),
    path("team/<int:pk>/remove/", team_views.member_remove_view, name="member_remove"),
]
