"""The center's year reports: the year report as .xlsx, generated from the data at each click
(the 成果彙編 PDF is printing's: printing.views_compendium)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from communities.views.access import role_required
from people.models import Role

from .views import XLSX, _program
from .yearreport_xlsx import year_report_xlsx


@role_required(Role.CENTER)
@require_GET
def year_report(request):
    """年度報告 .xlsx of ?year= (default: the current year)."""
    program = _program(request)
    response = HttpResponse(year_report_xlsx(program=program), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=_("%(year)s學年度教師專業學習社群年度報告.xlsx") % {"year": program.academic_year},
    )
    response["Cache-Control"] = "private, no-store"
    return response
