from django.urls import path

from . import oidc, views, views_second_factor

app_name = "signin"

urlpatterns = [
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("security/", views.security, name="security"),
    path("language/", views.language, name="language"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("center/events/", views.events, name="events"),
    path("oidc/<slug:provider>/", oidc.StartView.as_view(), name="oidc_start"),
    path("oidc/<slug:provider>/callback/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("2fa/", views_second_factor.enrol, name="two_factor"),
    path("2fa/verify/", views_second_factor.verify, name="two_factor_verify"),
    path("2fa/recovery-codes/", views_second_factor.recovery_codes, name="two_factor_recovery"),
    path("2fa/disable/", views_second_factor.disable, name="two_factor_disable"),
]
