from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("社群申請")

    def ready(self):
        from auditlog.registry import auditlog

        # The workflow guards this app owns register themselves on import.
        from . import models, services  # noqa: F401

        # Every change of state (and of the approved amount) leaves an audit row.
        auditlog.register(
            models.Application, include_fields=["status", "approved_amount"], m2m_fields=set()
        )
