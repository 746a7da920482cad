"""What a printed form shows, as plain data (strings, numbers, booleans): the parts every form
shares.

printing's templates render exactly these objects and the document code (documents.codes) hashes
exactly them, so a code changes when, and only when, something printed changes (timestamps and
the status are not printed, and so not hashed). Each form's content is built where its data
lives: communities.printed (申請表, 經費概算表) and summaries.printed (申請總表, 經費總表).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from people.models import School
from programs.models import ProgramYear


@dataclass(frozen=True)
class Check:
    """One box of an option list: ☑ when checked, ☐ when not."""

    label: str
    checked: bool
    text: str = ""  # the explanation typed for an 其他 option
    required: bool = False  # a required item of the type's content list


@dataclass(frozen=True)
class CheckGroup:
    label: str
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Header:
    title: str  # 教育部補助辦理 教師專業學習社群申請表
    form_name: str  # 教師專業學習社群申請表
    year: int
    city: str
    school: str


def form_header(*, form_name: str, program: ProgramYear, school: School) -> Header:
    """The heading every form starts with: the ministry's line, the year, the city, the school."""
    form_name = str(form_name)
    return Header(
        title=_("教育部補助辦理 %(form)s") % {"form": form_name},
        form_name=form_name,
        year=program.academic_year,
        city=settings.PLATFORM_CITY,
        school=school.name,
    )


def yes_no(value: bool | None) -> tuple[Check, ...]:
    """是 / 否 boxes, neither checked while the question is unanswered."""
    return (Check(_("是"), value is True), Check(_("否"), value is False))
