from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("年度計畫規則")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in models.AUDITED_MODELS:
            auditlog.register(model)

        from .rulecache import rule_signals_connect

        rule_signals_connect()
