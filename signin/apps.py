from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = "登入與帳號安全"

    def ready(self):
        from . import receivers  # noqa: F401
