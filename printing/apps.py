from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintingConfig(AppConfig):
    name = "printing"
    verbose_name = _("列印")

    def ready(self):
        from documents.generated import generated_kind_register

        generated_kind_register("compendium", _("成果彙編(PDF)"), _compendium)


def _compendium(program, params):
    from .compendium import compendium_pdf

    content, pdf = compendium_pdf(program=program)
    return content.filename, "application/pdf", pdf
