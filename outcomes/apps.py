from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("成果報告")

    def ready(self):
        from auditlog.registry import auditlog

        # The workflow guard this app owns (report_complete) registers itself on import.
        from . import models, services  # noqa: F401

        for model in (
            models.Report,
            models.ReportSession,
            models.SessionFee,
            models.Spending,
            models.Evidence,
        ):
            auditlog.register(model)
