from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("文件")

    def ready(self):
        from auditlog.registry import auditlog

        from . import jobs  # noqa: F401  (its Celery tasks, known to every worker)
        from .models import GeneratedFile, SignedPdf

        auditlog.register(GeneratedFile)

        # Every save of a signed PDF leaves an audit row, whichever app's row it is: found in the
        # app registry, so that this app imports none of the apps above it.
        for model in apps.get_models():
            if issubclass(model, SignedPdf):
                auditlog.register(model)
