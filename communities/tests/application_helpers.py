"""Shared helpers of the 社群申請書 tests: the form's POST data, a complete application, a page
reader that finds a field's messages the way a person sees them (next to the field)."""

import io
from datetime import date, time
from decimal import Decimal

import tinyhtml5
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from communities.models import Application
from communities.services import application_save_draft, application_start
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import BudgetItem, CommunityType, ContentItem, Domain, Option

NS = {"h": "http://www.w3.org/1999/xhtml"}


class Page:
    def __init__(self, response):
        self.html = response.content.decode()
        self.root = tinyhtml5.parse(self.html)

    def by_id(self, element_id: str):
        return self.root.find(f".//*[@id='{element_id}']")

    def text(self, element_id: str) -> str:
        node = self.by_id(element_id)
        assert node is not None, f"no element #{element_id}"
        return " ".join(" ".join(node.itertext()).split())

    def field_text(self, name: str) -> str:
        """What shows in the field's own box: its input and the messages right beside it."""
        return self.text(f"f-{name}")

    def summary(self) -> str:
        return self.text("problems")

    def value(self, name: str) -> str:
        node = self.root.find(f".//h:input[@name='{name}']", NS)
        assert node is not None, f"no input {name}"
        return node.get("value", "")

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
        main = self.root.find(".//h:main", NS)
        return " ".join(" ".join(main.itertext()).split())


def pdf_file(name: str = "signed.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def teacher_with_application(program, **user_kwargs) -> Application:
    teacher = UserFactory(teacher=True, **user_kwargs)
    return application_start(program=program, convenor=teacher)


def type_of(program, number: int) -> CommunityType:
    return CommunityType.objects.get(program=program, number=number)


def domain_for(application: Application) -> Domain:
    return Domain.objects.filter(kind=Domain.Kind.DOMAIN, stages=application.school.stage).first()


def first_option(program, kind: str) -> Option:
    return Option.objects.filter(program=program, kind=kind).order_by("order").first()


def session_rows(count: int, *, public: int = 1) -> list[dict]:
    """``count`` valid sessions inside academic year 109, the first ``public`` of them 公開授課."""
    rows = []
    for index in range(count):
        rows.append(
            {
                "date": date(2020, 9, 10) + (date(2020, 9, 17) - date(2020, 9, 10)) * index,
                "start_time": time(14, 0),
                "end_time": time(16, 0),
                "content": f"第{index + 1}次共同備課",
                "method": "共同備課",
                "host": "內聘講座",
                "location": "會議室",
                "is_public_lesson": index < public,
            }
        )
    return rows


def complete_plan(
    application: Application,
    *,
    type_number: int = 1,
    cross_school: bool = False,
    partners=(),
    requests_budget: bool = False,
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
        "invites_experts": False,
        "content_items": list(
            ContentItem.objects.filter(variant=community_type.content_variant, required=True)
        ),
        "content_other_text": "",
        "convenor_position": "專任教師",
        "convenor_subject": "數學",
        "convenor_trained": True,
        "convenor_email": "convenor@example.tw",
        "convenor_phone": "06-6891234",
        "options": [
            first_option(program, Option.Kind.COMPETENCY),
            first_option(program, Option.Kind.GOAL),
            first_option(program, Option.Kind.METHOD),
        ],
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


def upload_documents(application: Application) -> None:
    from communities.documents import document_forms, document_upload

    for form in document_forms(application=application):
        document_upload(
            application=application, form=form, upload=pdf_file(), by=application.convenor
        )


def save_budget_within_ceiling(application: Application) -> None:
    from communities.budget import BudgetEntry, budget_save

    internal = BudgetItem.objects.get(
        program=application.program, kind=BudgetItem.Kind.LECTURE_INTERNAL
    )
    budget_save(
        application=application,
        data={internal.pk: BudgetEntry(quantity=Decimal(2), unit_price=800)},
        by=application.convenor,
    )


def ready_application(program, *, requests_budget: bool = False, **kwargs) -> Application:
    """A draft that passes every 送出 rule."""
    application = teacher_with_application(program)
    application = complete_plan(application, requests_budget=requests_budget, **kwargs)
    if requests_budget:
        save_budget_within_ceiling(application)
    upload_documents(application)
    return Application.objects.get(pk=application.pk)


def form_post_data(application: Application, **overrides) -> dict:
    """What the browser sends when the 社群申請書 of ``application`` is saved unchanged, built
    from the stored application, with ``overrides`` replacing fields."""
    application = Application.objects.get(pk=application.pk)
    data: dict = {
        "name": application.name,
        "community_type": application.community_type_id or "",
        "is_cross_school": ""
        if application.is_cross_school is None
        else str(application.is_cross_school),
        "partner_schools": [str(s.pk) for s in application.partner_schools.all()],
        "is_continuation": ""
        if application.is_continuation is None
        else str(application.is_continuation),
        "continuation_year": application.continuation_year or "",
        "previous": application.previous_id or "",
        "domain": application.domain_id or "",
        "stage": application.stage_id or "",
        "requests_budget": ""
        if application.requests_budget is None
        else str(application.requests_budget),
        "invites_experts": ""
        if application.invites_experts is None
        else str(application.invites_experts),
        "content_items": [str(i.pk) for i in application.content_items.all()],
        "content_other_text": application.content_other_text,
        "convenor_position": application.convenor_position,
        "convenor_subject": application.convenor_subject,
        "convenor_trained": ""
        if application.convenor_trained is None
        else str(application.convenor_trained),
        "convenor_email": application.convenor_email,
        "convenor_phone": application.convenor_phone,
        "goal_other_text": application.goal_other_text,
        "method_other_text": application.method_other_text,
    }
    options = list(application.options.all())
    data["competencies"] = [str(o.pk) for o in options if o.kind == "competency"]
    data["goals"] = [str(o.pk) for o in options if o.kind == "goal"]
    data["methods"] = [str(o.pk) for o in options if o.kind == "method"]
    members = list(application.members.all())
    data.update(
        {
            "members-TOTAL_FORMS": str(len(members)),
            "members-INITIAL_FORMS": str(len(members)),
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
        }
    )
    for index, member in enumerate(members):
        prefix = f"members-{index}-"
        data.update(
            {
                prefix + "id": str(member.pk),
                prefix + "name": member.name,
                prefix + "school": str(member.school_id),
                prefix + "position": member.position,
                prefix + "subject": member.subject,
            }
        )
    sessions = list(application.sessions.all())
    data.update(
        {
            "sessions-TOTAL_FORMS": str(len(sessions)),
            "sessions-INITIAL_FORMS": str(len(sessions)),
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        }
    )
    for index, session in enumerate(sessions):
        prefix = f"sessions-{index}-"
        data.update(
            {
                prefix + "id": str(session.pk),
                prefix + "date": f"{session.date.year - 1911}/{session.date:%m/%d}"
                if session.date
                else "",
                prefix + "start_time": session.start_time.strftime("%H:%M")
                if session.start_time
                else "",
                prefix + "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
                prefix + "content": session.content,
                prefix + "method": session.method,
                prefix + "host": session.host,
                prefix + "location": session.location,
            }
        )
        if session.is_public_lesson:
            data[prefix + "is_public_lesson"] = "on"
    data.update(overrides)
    return data


def other_school_in_circle(application: Application):
    """A school of the lead school's 工作圈 (created with one when it has none)."""
    from people.tests.factories import AllianceCircleFactory

    school = application.school
    if school.alliance_circle is None:
        school.alliance_circle = AllianceCircleFactory()
        school.save()
    return SchoolFactory(alliance_circle=school.alliance_circle)
