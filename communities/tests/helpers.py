"""Shared helpers of the communities tests: a page reader that finds messages where a person sees
them, signed PDFs, the people around an application, and applications built through the real
services (ApplicationFactory builds the bare row when a test needs no more)."""

import io
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from communities.budget import budget_entries_by_number, budget_save
from communities.documents import document_forms, document_upload
from communities.models import Application, Member
from communities.services import (
    MEMBERS_PREFIX,
    OPTION_LISTS,
    SESSIONS_PREFIX,
    application_save_draft,
    application_start,
)
from people.tests.factories import AllianceCircleFactory, SchoolFactory, UserFactory
from programs.models import CommunityType, ContentItem, Domain, Option
from reviews.models import ReviewAssignment
from reviews.services import review_declare
from testsupport.html import NS, parse_html

# Elements a browser sets apart from their neighbours; inline ones (a, span, label …) run on.
BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table "
    "tbody td tfoot th thead tr ul".split()
)
UNSEEN = frozenset({"script", "style", "template"})


def _seen_text(node) -> str:
    """The text of ``node`` as it reads on screen: blocks and cells apart, inline text run on."""
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str):  # a comment
            return
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in UNSEEN:
            return
        apart = " " if tag in BLOCKS else ""
        parts.append(apart + (element.text or ""))
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        parts.append(apart)

    walk(node)
    return " ".join("".join(parts).split())


class Page:
    """A rendered page, read the way a person reads it: by field, by id, by visible text."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.root = parse_html(self.html)

    def by_id(self, element_id: str):
        return self.root.find(f".//*[@id='{element_id}']")

    def text(self, element_id: str) -> str:
        node = self.by_id(element_id)
        assert node is not None, f"no element #{element_id}"
        return _seen_text(node)

    def field_text(self, name: str) -> str:
        """社群申請書: what shows in the field's own box, its input and the messages beside it."""
        return self.text(f"f-{name}")

    def field_messages(self, name: str) -> str:
        """經費概算表: the messages shown right under the input named ``name``."""
        return self.text(f"id_{name}_error")

    def summary(self) -> str:
        return self.text("problems")

    def value(self, name: str) -> str:
        node = self.root.find(f".//h:input[@name='{name}']", NS)
        assert node is not None, f"no input {name}"
        return node.get("value", "")

    def has_input(self, name: str) -> bool:
        return self.root.find(f".//h:input[@name='{name}']", NS) is not None

    def checked(self, name: str) -> set[str]:
        return {
            node.get("value")
            for node in self.root.iterfind(f".//h:input[@name='{name}']", NS)
            if node.get("checked") is not None
        }

    def selected(self, name: str) -> str:
        select = self.root.find(f".//h:select[@name='{name}']", NS)
        assert select is not None, f"no select {name}"
        for option in select.iterfind(".//h:option", NS):
            if option.get("selected") is not None:
                return option.get("value")
        return ""

    def visible_text(self) -> str:
        return _seen_text(self.root.find(".//h:main", NS))


# Signed PDFs ---------------------------------------------------------------------------------


def pdf_bytes(*, pages: int = 1, user_password: str | None = None, pad_to: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if pad_to:
        # An embedded file is written as it is (a long metadata string is escaped slowly).
        writer.add_attachment("padding.bin", b"x" * pad_to)
    if user_password:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "signed.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


def upload_documents(application: Application) -> None:
    """Every signed copy the application needs, uploaded by its convenor."""
    for form in document_forms(application=application):
        document_upload(
            application=application, form=form, upload=pdf_upload(), by=application.convenor
        )


# Who is around an application ----------------------------------------------------------------


def people_around(application: Application) -> dict:
    """Everyone who may or may not see the application, keyed by who they are."""
    partner = SchoolFactory()
    application.partner_schools.add(partner)
    assigned = UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=application, reviewer=assigned)
    review_declare(application=application, reviewer=assigned, has_conflict=False)
    return {
        "convenor": application.convenor,
        "school_admin": UserFactory(school_admin=True, school=application.school),
        "partner_school_admin": UserFactory(school_admin=True, school=partner),
        "center": UserFactory(center=True),
        "assigned_reviewer": assigned,
        "other_teacher": UserFactory(teacher=True, school=application.school),
        "other_school_admin": UserFactory(school_admin=True),
        "unassigned_reviewer": UserFactory(reviewer=True),
    }


READERS = ["convenor", "school_admin", "partner_school_admin", "center", "assigned_reviewer"]
OUTSIDERS = ["other_teacher", "other_school_admin", "unassigned_reviewer"]


def other_school_in_circle(application: Application):
    """A school of the lead school's 工作圈 (created with one when it has none)."""
    school = application.school
    if school.alliance_circle is None:
        school.alliance_circle = AllianceCircleFactory()
        school.save()
    return SchoolFactory(alliance_circle=school.alliance_circle)


# Applications --------------------------------------------------------------------------------


def form_url(application: Application) -> str:
    return reverse("communities:application_form", args=[application.pk])


def teacher_with_application(program, **user_kwargs) -> Application:
    teacher = UserFactory(teacher=True, **user_kwargs)
    return application_start(program=program, convenor=teacher)


def type_of(program, number: int) -> CommunityType:
    return CommunityType.objects.get(program=program, number=number)


def domain_for(application: Application) -> Domain:
    return Domain.objects.filter(kind=Domain.Kind.DOMAIN, stages=application.school.stage).first()


def first_option(program, kind: str) -> Option:
    return Option.objects.filter(program=program, kind=kind).order_by("order").first()


def add_members(application: Application, count: int) -> None:
    for order in range(count):
        Member.objects.create(
            application=application, order=order, name=f"成員{order}", school=application.school
        )


def session_rows(count: int, *, public: int = 1) -> list[dict]:
    """``count`` valid sessions inside academic year 109, the first ``public`` of them 公開授課."""
    return [
        {
            "date": date(2020, 9, 10) + timedelta(weeks=index),
            "start_time": time(14, 0),
            "end_time": time(16, 0),
            "content": f"第{index + 1}次共同備課",
            "method": "共同備課",
            "host": "內聘講座",
            "location": "會議室",
            "is_public_lesson": index < public,
        }
        for index in range(count)
    ]


def complete_plan(
    application: Application,
    *,
    type_number: int = 1,
    cross_school: bool = False,
    partners=(),
    requests_budget: bool = False,
    invites_experts: bool = False,
    sessions: int = 6,
    extra_members: int = 2,
) -> Application:
    """Fill every field of the 社群申請書 through the real service (no budget, no upload)."""
    program = application.program
    community_type = type_of(program, type_number)
    members = [
        {
            "id": m.pk,
            "name": m.name,
            "school": m.school,
            "position": "教師",
            "subject": "數學",
        }
        for m in application.members.all()
    ]
    schools = [application.school] * extra_members
    if cross_school:
        schools = list(partners) + schools[len(partners) :]
    for index, school in enumerate(schools):
        members.append(
            {"name": f"成員{index + 1}", "school": school, "position": "教師", "subject": "數學"}
        )
    data = {
        "name": "數學素養共備社群",
        "community_type": community_type,
        "is_cross_school": cross_school,
        "partner_schools": list(partners),
        "is_continuation": False,
        "continuation_year": None,
        "previous": None,
        "domain": domain_for(application),
        "stage": application.school.stage,
        "requests_budget": requests_budget,
        "invites_experts": invites_experts,
        "content_items": list(
            ContentItem.objects.filter(variant=community_type.content_variant, required=True)
        ),
        "content_other_text": "",
        "convenor_position": "專任教師",
        "convenor_subject": "數學",
        "convenor_trained": True,
        "convenor_email": "convenor@example.tw",
        "convenor_phone": "06-6891234",
        "options": [first_option(program, kind) for kind in OPTION_LISTS.values()],
        "goal_other_text": "",
        "method_other_text": "",
    }
    return application_save_draft(
        application=application,
        data=data,
        members=members,
        sessions=session_rows(sessions),
        by=application.convenor,
    )


def save_budget(application: Application, rows: dict[int, tuple]) -> None:
    """The convenor saves the 經費概算表: item number → (數量, 單價)."""
    budget_save(
        application=application,
        data=budget_entries_by_number(application=application, rows=rows),
        by=application.convenor,
    )


def ready_application(program, *, requests_budget: bool = False, **kwargs) -> Application:
    """A draft that passes every 送出 rule (with money: 2 節 of 內聘講座鐘點費 at 800)."""
    application = teacher_with_application(program)
    application = complete_plan(application, requests_budget=requests_budget, **kwargs)
    if requests_budget:
        save_budget(application, {2: (2, 800)})
    upload_documents(application)
    return Application.objects.get(pk=application.pk)


# What the browser sends ----------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(value)


def _formset_data(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    """A formset's management form and its rows, each row's fields named <prefix>-<index>-…"""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def form_post_data(application: Application, **overrides) -> dict:
    """What the browser sends when the 社群申請書 of ``application`` is saved unchanged, built
    from the stored application, with ``overrides`` replacing fields."""
    application = Application.objects.get(pk=application.pk)
    data: dict = {
        "name": application.name,
        "community_type": application.community_type_id or "",
        "is_cross_school": _yes_no(application.is_cross_school),
        "partner_schools": [str(s.pk) for s in application.partner_schools.all()],
        "is_continuation": _yes_no(application.is_continuation),
        "continuation_year": application.continuation_year or "",
        "previous": application.previous_id or "",
        "domain": application.domain_id or "",
        "stage": application.stage_id or "",
        "requests_budget": _yes_no(application.requests_budget),
        "invites_experts": _yes_no(application.invites_experts),
        "content_items": [str(i.pk) for i in application.content_items.all()],
        "content_other_text": application.content_other_text,
        "convenor_position": application.convenor_position,
        "convenor_subject": application.convenor_subject,
        "convenor_trained": _yes_no(application.convenor_trained),
        "convenor_email": application.convenor_email,
        "convenor_phone": application.convenor_phone,
        "goal_other_text": application.goal_other_text,
        "method_other_text": application.method_other_text,
    }
    options = list(application.options.all())
    for name, kind in OPTION_LISTS.items():
        data[name] = [str(o.pk) for o in options if o.kind == kind]
    data.update(
        _formset_data(
            MEMBERS_PREFIX,
            [
                {
                    "id": str(member.pk),
                    "name": member.name,
                    "school": str(member.school_id),
                    "position": member.position,
                    "subject": member.subject,
                }
                for member in application.members.all()
            ],
        )
    )
    sessions = []
    for session in application.sessions.all():
        row = {
            "id": str(session.pk),
            "date": f"{session.date.year - 1911}/{session.date:%m/%d}" if session.date else "",
            "start_time": session.start_time.strftime("%H:%M") if session.start_time else "",
            "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
            "content": session.content,
            "method": session.method,
            "host": session.host,
            "location": session.location,
        }
        if session.is_public_lesson:
            row["is_public_lesson"] = "on"
        sessions.append(row)
    data.update(_formset_data(SESSIONS_PREFIX, sessions))
    data.update(overrides)
    return data
