from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("審查")

    def ready(self):
        from auditlog.registry import auditlog

        # The workflow guards this app owns register themselves on import.
        from . import models, services  # noqa: F401

        auditlog.register(models.ReviewAssignment)
        auditlog.register(models.Review)
        auditlog.register(models.ReviewScore)
        auditlog.register(models.ConflictDeclaration)
        auditlog.register(models.DecisionBatch)
