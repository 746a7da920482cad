from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.xlsx import CONTENT_TYPE as XLSX


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = _("中心端")

    def ready(self):
        from documents.generated import generated_kind_register

        generated_kind_register("year_report", _("年度報告(xlsx)"), _year_report)
        # The whole year's lists, too long to make while the center waits (a country's 30,000
        # applications, 200,000 attendances): a filtered list is still exported at once.
        generated_kind_register("applications_xlsx", _("申請案件列表(xlsx)"), _applications_xlsx)
        generated_kind_register("hours_xlsx", _("研習時數(xlsx，全部學校)"), _hours_xlsx)


def _year_report(program, params):
    from django.utils.translation import gettext

    from .yearreport_xlsx import year_report_xlsx

    filename = gettext("%(year)s學年度教師專業學習社群年度報告.xlsx") % {
        "year": program.academic_year
    }
    return filename, XLSX, year_report_xlsx(program=program)


def _applications_xlsx(program, params):
    """申請案件列表 .xlsx of the year (filtered by ``params``, the list's own GET parameters; {}
    for the whole year), as the list's 匯出 .xlsx writes it."""
    from django.http import QueryDict

    from .exports import applications_filename, applications_xlsx
    from .forms import list_filters

    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    data["year"] = str(program.academic_year)
    form, filters = list_filters(data, program)
    if form.errors:  # a rule or school named since removed: not a list of something else
        raise ValueError(f"the list's filter no longer holds: {form.errors.as_json()}")
    return applications_filename(program), XLSX, applications_xlsx(filters)


def _hours_xlsx(program, params):
    """研習時數 .xlsx of every school, as the center's 匯出 Excel writes it unfiltered."""
    from outcomes.exports import hours_xlsx

    filename, content = hours_xlsx(program=program)
    return filename, XLSX, content
