from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("入口網站")

    def ready(self):
        from auditlog.registry import auditlog

        from . import jobs, models  # noqa: F401  (jobs: its Celery tasks, known to every worker)

        # Every change the center makes to what the public reads leaves an audit row.
        auditlog.register(models.Announcement)
        auditlog.register(models.AnnouncementAttachment, exclude_fields=["sha256"])
        auditlog.register(models.Download, exclude_fields=["sha256"])
        auditlog.register(models.Tutorial, exclude_fields=["sha256"])
