from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = _("登入與帳號安全")

    def ready(self):
        from . import receivers  # noqa: F401
