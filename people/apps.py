from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("人員與學校")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.School, m2m_fields=set())
        auditlog.register(models.ExamWeakness)
        auditlog.register(models.AllianceCircle)
        auditlog.register(models.District)
