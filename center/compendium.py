"""The 成果彙編 of a year as plain data: one section per closed community (結案_可彙整) with its
school, convenor, members, the sessions held, its public lessons, 成果與省思 and the first photo
among its evidence; printing lays it out as a PDF. Five queries whatever the number of cases."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application, Member
from core.roc import roc_date
from outcomes.models import Evidence, ReportSession
from programs.models import ProgramYear

IMAGE_KINDS = ("jpeg", "png")


@dataclass(frozen=True)
class MemberLine:
    name: str
    school: str
    position: str


@dataclass(frozen=True)
class SessionLine:
    number: int
    date: str
    time: str
    content: str
    attendance: int


@dataclass(frozen=True)
class LessonLine:
    date: str
    teacher: str
    theme: str
    relation: str


@dataclass(frozen=True)
class Section:
    anchor: str  # the table of contents' link target
    number: int
    name: str
    school: str
    community_type: str
    convenor: str
    members: tuple[MemberLine, ...]
    sessions: tuple[SessionLine, ...]
    lessons: tuple[LessonLine, ...]
    reflections: str
    photo: Evidence | None  # the first image of its evidence, in session order
    photo_caption: str


@dataclass(frozen=True)
class Compendium:
    program: ProgramYear
    city: str
    generated_on: date
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return _("%(year)s學年度 教師專業學習社群成果彙編") % {"year": self.program.academic_year}

    @property
    def filename(self) -> str:
        return _("%(year)s學年度教師專業學習社群成果彙編.pdf") % {
            "year": self.program.academic_year
        }

    @property
    def generated_text(self) -> str:
        return roc_date(self.generated_on)

    @property
    def schools(self) -> int:
        return len({section.school for section in self.sections})


def _time(session: ReportSession) -> str:
    if session.start_time and session.end_time:
        return f"{session.start_time:%H:%M}–{session.end_time:%H:%M}"
    return ""


def closed_cases(program: ProgramYear) -> list[Application]:
    """The year's closed communities with what their sections show, in school-code order."""
    images = Evidence.objects.filter(kind__in=IMAGE_KINDS).order_by("uploaded_at", "id")
    held = (
        ReportSession.objects.filter(held=True)
        .annotate(attendance=Count("attendees"))
        .prefetch_related(Prefetch("evidence", queryset=images, to_attr="images"))
        .order_by("number", "id")
    )
    return list(
        Application.objects.filter(program=program, status=workflow.CLOSED)
        .select_related("school", "community_type", "convenor", "report")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.select_related("school").order_by("order", "id"),
            ),
            Prefetch("report__sessions", queryset=held, to_attr="held_sessions"),
        )
        .order_by("school__code", "community_type__number", "id")
    )


def compendium_content(*, program: ProgramYear) -> Compendium:
    sections = []
    for number, application in enumerate(closed_cases(program), start=1):
        report = getattr(application, "report", None)
        sessions = report.held_sessions if report is not None else []
        photo, caption = None, ""
        for session in sessions:
            if session.images:
                photo = session.images[0]
                caption = _("第%(n)d場 %(date)s %(content)s") % {
                    "n": session.number,
                    "date": roc_date(session.date),
                    "content": session.content,
                }
                break
        sections.append(
            Section(
                anchor=f"c{application.pk}",
                number=number,
                name=application.display_name,
                school=application.school.name,
                community_type=str(application.community_type)
                if application.community_type
                else "",
                convenor=application.convenor.name or application.convenor.username,
                members=tuple(
                    MemberLine(name=m.name, school=m.school.name, position=m.position)
                    for m in application.members.all()
                ),
                sessions=tuple(
                    SessionLine(
                        number=s.number,
                        date=roc_date(s.date),
                        time=_time(s),
                        content=s.content,
                        attendance=s.attendance,
                    )
                    for s in sessions
                ),
                lessons=tuple(
                    LessonLine(
                        date=roc_date(s.date),
                        teacher=s.lesson_teacher,
                        theme=s.lesson_theme,
                        relation=s.lesson_relation,
                    )
                    for s in sessions
                    if s.is_public_lesson
                ),
                reflections=report.reflections if report is not None else "",
                photo=photo,
                photo_caption=caption,
            )
        )
    return Compendium(
        program=program,
        city=settings.PLATFORM_CITY,
        generated_on=timezone.localdate(),
        sections=tuple(sections),
    )
