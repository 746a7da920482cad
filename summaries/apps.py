from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("學校彙整")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.SchoolPackage)
