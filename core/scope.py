"""Which school and which year a user may see: one answer for the school's summaries, their
exports and their printouts.

A school admin sees their own school only (naming another is refused); the center sees any
school it names (or none yet); no one else sees a school's summaries. The year is the one named
(?year=109) or the current one. Models are looked up through the app registry: core sits below
every app.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404


@dataclass(frozen=True)
class Scope:
    school: object | None  # people.School; None while the center has not picked one
    program: object  # programs.ProgramYear
    is_center: bool


def _whole_number(value) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise Http404
    return int(value)


def school_year_scope(user, *, school=None, year=None, require_school: bool = False) -> Scope:
    """The school (``school``: its id as the page names it) and year (``year``: the 學年度)
    ``user`` may see. Raises PermissionDenied for roles without summaries or another school's
    admin, Http404 for an unknown school or year, or no school picked when ``require_school``."""
    School = apps.get_model("people", "School")
    ProgramYear = apps.get_model("programs", "ProgramYear")
    school_id = _whole_number(school)
    if getattr(user, "is_school_admin", False) and user.school_id:
        if school_id is not None and school_id != user.school_id:
            raise PermissionDenied
        chosen = School.objects.select_related("stage", "alliance_circle").get(pk=user.school_id)
    elif getattr(user, "is_center", False):
        chosen = None
        if school_id is not None:
            chosen = (
                School.objects.select_related("stage", "alliance_circle")
                .filter(pk=school_id)
                .first()
            )
            if chosen is None:
                raise Http404
    else:
        raise PermissionDenied
    if chosen is None and require_school:
        raise Http404
    academic_year = _whole_number(year)
    if academic_year is not None:
        program = ProgramYear.objects.filter(academic_year=academic_year).first()
    else:
        program = ProgramYear.objects.current()
    if program is None:
        raise Http404
    return Scope(school=chosen, program=program, is_center=user.is_center)
