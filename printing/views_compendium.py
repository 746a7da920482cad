"""列印 the year's 成果彙編 (the center's): generated from the data at each click."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from communities.views.access import role_required
from people.models import Role
from programs.models import ProgramYear

from .compendium import compendium_pdf


@role_required(Role.CENTER)
@require_GET
def compendium(request):
    """The 成果彙編 PDF of ?year= (default: the current year)."""
    year = request.GET.get("year")
    if year:
        if not year.isdigit():
            raise Http404
        program = get_object_or_404(ProgramYear, academic_year=int(year))
    else:
        program = ProgramYear.objects.current()
        if program is None:
            raise Http404
    content, pdf = compendium_pdf(program=program)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=content.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
