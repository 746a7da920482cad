from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = _("中心端")

    def ready(self):
        from documents.generated import generated_kind_register

        generated_kind_register("year_report", _("年度報告(xlsx)"), _year_report)


def _year_report(program):
    from django.utils.translation import gettext

    from .yearreport_xlsx import year_report_xlsx

    filename = gettext("%(year)s學年度教師專業學習社群年度報告.xlsx") % {
        "year": program.academic_year
    }
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return filename, xlsx, year_report_xlsx(program=program)
