from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("學校彙整")

    def ready(self):
        # The workflow guards this app owns register themselves on import.
        from . import models, services  # noqa: F401
