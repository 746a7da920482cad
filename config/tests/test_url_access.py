"""Every URL of the site, asked by a visitor and by each role, against one declared table.

The cases come from the URL conf: every pattern (through every include; of Django's admin only its
index) must have an entry in ACCESS, which says which objects it is asked with and who gets what.
A pair the entry does not grant is refused: a visitor is sent to log in, an account gets 403 or
404, and the answer never shows the object. A granted pair gets the page (or its documented
redirect) and it shows that object: the application's name, the school's applications, the
file's bytes, a PDF's or workbook's text. A refused role's POST is refused too and writes
nothing. A URL that takes only POST is declared ``post_only``: a GET gets 405, and the POSTs of
those it grants are not carried out here (their own tests do that).

The objects are built once for the module through the real services (testsupport.flow):

- ``own``: the teacher's application at the school admin's school, assigned to the reviewer
  (初審退回修正, so the teacher may edit it again);
- ``same_school``: a colleague's application at that school, not assigned to the reviewer
  (已送出待學校審核);
- ``other_school``: another school's application, reviewed by someone else (審查中).
"""

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook
from post_office.models import STATUS, Email
from pypdf import PdfReader

from communities import workflow
from communities.documents import document_forms, document_open, document_upload
from documents.generated import generated_file_make, generated_file_request
from documents.models import GeneratedFile
from notifications.models import Message
from notifications.services import notify
from people.models import User
from people.tests.factories import SchoolFactory, UserFactory
from portal.models import Announcement, AnnouncementAttachment, Download, Tutorial
from printing.rendering import render_pdf
from programs.models import ProgramYear
from reviews.models import DecisionBatch
from reviews.services import review_decide_many
from summaries.selectors import school_package
from testsupport.flow import advance, center_user, complete_application, school_admin_of
from testsupport.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "teacher", "school_admin", "reviewer", "center")
SIGNED_IN = ROLES[1:]

# --- what a URL is asked with -----------------------------------------------------------------

PAGE = ("page",)  # no object: the URL as it is
APPLICATION = ("own", "same_school", "other_school")
SCHOOL = ("own_school", "other_school")  # the school in the path
# The school named with ?school= (the center's way; a school admin always gets their own).
CHOSEN_SCHOOL = ("no_school", "own_school", "other_school")
MESSAGE = ("own", "someone_elses")  # an in-site message: the user's own, or another person's
ANNOUNCEMENT = ("published", "unpublished")
DOWNLOAD = ("shown", "hidden")  # a 檔案下載 row shown on the public page, or hidden
TUTORIAL = ("shown_tutorial", "hidden_tutorial")  # an 操作教學 row with a file
EMAIL = ("failed",)
ASSIGNMENT = ("assignment",)  # the other school's reviewer assignment (its review not sent)
BATCH = (
    "batch",
)  # a 批次決定 the center confirmed (it left the colleague's application as it was)

GENERATED = ("generated",)  # a year report the center had made in the background

# 成果報告書 of approved communities (other convenors than the teacher's): at the admin's school
# (成果報告審核中) and at the other school (成果報告學校已審核送中心); a session and an evidence
# file of each.
REPORT = ("report_own_school", "report_other_school")
REPORT_SESSION = ("session_own_school", "session_other_school")
EVIDENCE = ("evidence_own_school", "evidence_other_school")

# How the response carries the object: a page, a file's bytes, a PDF's or a workbook's text, CSV.
HTML, FILE, PDF, XLSX, CSV = "html", "file", "pdf", "xlsx", "csv"


@dataclass(frozen=True)
class Outcome:
    """What a granted pair gets. ``redirect``: where it is sent, from (world, role, variant)."""

    kind: str
    redirect: Callable | None = None

    def __repr__(self):
        return self.kind


SHOWN = Outcome("shown")  # 200, showing the object
OWN_SCHOOL = Outcome("own_school")  # 200, the user's own school instead of the one asked for
CHOOSE_SCHOOL = Outcome("choose_school")  # 200, the school picker and no school's data yet


def redirect_to(url_name: str, *, same_object: bool = True) -> Outcome:
    """A documented redirect to ``url_name`` (for the same object, unless told otherwise)."""
    return Outcome(
        f"redirect to {url_name}",
        lambda world, role, variant, kwargs: reverse(
            url_name, kwargs=kwargs if same_object else {}
        ),
    )


def grant(access: dict[str, tuple[str, ...]], outcome: Outcome = SHOWN) -> dict:
    """role → variants they may reach, all with ``outcome``."""
    return {role: dict.fromkeys(variants, outcome) for role, variants in access.items()}


def merge(*grants: dict) -> dict:
    """Grants combined, a later one overriding an earlier one for the same role and variant."""
    merged: dict = {}
    for given in grants:
        for role, variants in given.items():
            merged.setdefault(role, {}).update(variants)
    return merged


def page_for(*roles: str, outcome: Outcome = SHOWN) -> dict:
    return grant(dict.fromkeys(roles, PAGE), outcome)


def text(*markers: str) -> Callable:
    """A page's content, the same for every role."""
    return lambda world, role, variant: list(markers)


@dataclass(frozen=True)
class Entry:
    objects: tuple[str, ...]  # the variants the URL is asked with
    allowed: dict  # role → variant → Outcome; every other pair is refused
    body: str = HTML
    post_only: bool = False  # require_POST: a GET is refused; POSTs are not carried out here
    shows: Callable | None = None  # (world, role, variant) → markers; default: the object's
    hides: Callable | None = None  # what a granted answer never shows besides the other objects
    kwargs: dict = field(default_factory=dict)  # fixed path arguments
    query: Callable | None = None  # (world) → what the page needs in its query string
    post_data: Callable | None = None  # (world) → what a refused POST sends
    api: bool = False  # the REST API: a visitor gets 401 (no token), not the login page

    def outcome(self, role: str, variant: str) -> Outcome | None:
        return self.allowed.get(role, {}).get(variant)


# Who may read an application: its convenor, its school's admin, its assigned reviewer, the center.
READ = {
    "teacher": ("own",),
    "school_admin": ("own", "same_school"),
    "reviewer": ("own",),
    "center": APPLICATION,
}
# Who may change it: its convenor while it is editable.
EDIT = {"teacher": ("own",)}
# The forms: the convenor edits; every other reader is sent to the read-only page.
FORM = merge(grant(READ, redirect_to("communities:detail")), grant(EDIT))
# The school's summaries: an admin always sees their own school, the center the one it picks.
SCHOOL_PAGE = merge(
    grant({"school_admin": ("no_school", "own_school"), "center": ("own_school", "other_school")}),
    grant({"school_admin": ("other_school",)}, OWN_SCHOOL),
    grant({"center": ("no_school",)}, CHOOSE_SCHOOL),
)
# Their files: as the pages, but the center must name a school (404 without).
SCHOOL_FILE = merge(
    grant({"school_admin": ("no_school", "own_school"), "center": ("own_school", "other_school")}),
    grant({"school_admin": ("other_school",)}, OWN_SCHOOL),
)
# The printed summaries: a school admin asking for another school is refused (403).
SCHOOL_PRINT = grant(
    {"school_admin": ("no_school", "own_school"), "center": ("own_school", "other_school")}
)
# Where each role lands after signing in.
LANDING = {
    "teacher": "portal:home",
    "school_admin": "portal:home",
    "reviewer": "portal:home",
    "center": "center:home",
}


def PUBLIC_OR_CENTER(objects: tuple[str, str]) -> dict:  # noqa: N802
    """Its first variant (published, shown) for everyone; every variant for the center."""
    return merge(grant(dict.fromkeys(ROLES, objects[:1])), grant({"center": objects}))


NOT_YET_OFFERED = Entry(PAGE, page_for(*ROLES), shows=text("模組尚未開放"))
PACKAGE_ACTION = Entry(
    PAGE, page_for("school_admin"), post_only=True, post_data=lambda world: {"year": 109}
)


def app_names(*variants: str) -> Callable:
    return lambda world, role, variant: [world.applications[v].name for v in variants]


def own_message(world, role, variant):
    """The user's own message (a visitor has none: everyone's)."""
    if role == "anonymous":
        return [message.title for message in world.messages.values()]
    return [world.messages[role].title]


COMMUNITY_MENU = {
    "teacher": "社群計畫查詢",
    "school_admin": "申請總表",
    "reviewer": "審查案件",
    "center": "案件查詢",
}


def community_menu(world, role, variant):
    """Each role's own entry of the 社群 menu (a visitor: none of them)."""
    return [COMMUNITY_MENU[role]] if role in COMMUNITY_MENU else list(COMMUNITY_MENU.values())


def report_names(*variants: str) -> Callable:
    return lambda world, role, variant: [world.reports[v].name for v in variants]


def report_convenors(*variants: str) -> Callable:
    return lambda world, role, variant: [world.reports[v].convenor.name for v in variants]


def _report_variant(variant: str) -> str:
    return "report_" + variant.split("_", 1)[1]


# Who may read a report past approval: its school's admin, the center (its convenor is no one here).
REPORT_READ = {"school_admin": ("report_own_school",), "center": REPORT}
# The reports of the user's school (the center: every school's).
OWN_REPORTS = lambda world, role, variant: (  # noqa: E731
    [world.reports["report_own_school"].name]
    if role == "school_admin"
    else [r.name for r in world.reports.values()]
)
OWN_REPORT_HOURS = lambda world, role, variant: (  # noqa: E731
    [world.reports["report_own_school"].convenor.name]
    if role == "school_admin"
    else [r.convenor.name for r in world.reports.values()]
)
OTHER_SCHOOLS_REPORT = lambda world, role, variant: (  # noqa: E731
    [world.reports["report_other_school"].name] if role == "school_admin" else []
)
OTHER_SCHOOLS_HOURS = lambda world, role, variant: (  # noqa: E731
    [world.reports["report_other_school"].convenor.name] if role == "school_admin" else []
)


def evidence_bytes(world, role, variant):
    from outcomes.models import Evidence

    application = world.reports[_report_variant(variant)]
    evidence = Evidence.objects.filter(session__report__application=application).first()
    return [evidence.file.open("rb").read()]


ACCESS: dict[str, Entry] = {
    "healthz": Entry(PAGE, page_for(*ROLES), shows=text('"status": "ok"', '"database"')),
    "admin:index": Entry(PAGE, page_for("center"), shows=text("年度規則、學校與帳號")),
    "login": Entry(PAGE, page_for(*ROLES), shows=text('name="password"')),
    "logout": Entry(PAGE, page_for(*ROLES), post_only=True),
    "signin:password_reset": Entry(PAGE, page_for(*ROLES), shows=text('name="email"')),
    "signin:password_reset_sent": Entry(PAGE, page_for(*ROLES), shows=text("重設連結已寄出")),
    "signin:password_reset_confirm": Entry(
        PAGE,
        page_for(*ROLES),
        kwargs={"uidb64": "MQ", "token": "not-a-token"},
        shows=text("這個重設連結已失效"),
    ),
    "signin:password_reset_complete": Entry(PAGE, page_for(*ROLES), shows=text("密碼已重設")),
    "signin:password_change": Entry(PAGE, page_for(*SIGNED_IN), shows=text('name="old_password"')),
    "signin:security": Entry(PAGE, page_for(*SIGNED_IN), shows=text("登出所有裝置")),
    "signin:sign_out_everywhere": Entry(PAGE, page_for(*SIGNED_IN), post_only=True),
    # 語言 / Language: the header's switch, for visitors too (signin/tests/test_language.py).
    "signin:language": Entry(PAGE, page_for(*ROLES), post_only=True),
    "signin:events": Entry(PAGE, page_for("center"), shows=text("登入紀錄")),
    "signin:two_factor": Entry(PAGE, page_for(*SIGNED_IN), shows=text("設定兩步驟驗證")),
    # Center staff and reviewers have an authenticator (they passed it); others are sent to
    # set one up.
    "signin:two_factor_verify": Entry(
        PAGE,
        merge(
            page_for("reviewer", "center"),
            page_for(
                "teacher",
                "school_admin",
                outcome=redirect_to("signin:two_factor", same_object=False),
            ),
        ),
        shows=text('name="token"'),
    ),
    # 以教育雲端帳號登入: no provider is configured here, so each of its URLs sends everyone to
    # the login page (with a provider, signin/tests/test_oidc.py drives them end to end).
    "signin:oidc_start": Entry(
        PAGE,
        page_for(*ROLES, outcome=redirect_to("login", same_object=False)),
        kwargs={"provider": "edu"},
    ),
    "signin:oidc_callback": Entry(
        PAGE,
        page_for(*ROLES, outcome=redirect_to("login", same_object=False)),
        kwargs={"provider": "edu"},
    ),
    "signin:two_factor_recovery": Entry(PAGE, page_for(*SIGNED_IN), post_only=True),
    "signin:two_factor_disable": Entry(PAGE, page_for(*SIGNED_IN), post_only=True),
    # 訊息通知
    "notifications:inbox": Entry(
        PAGE,
        page_for(*SIGNED_IN),
        shows=own_message,
        hides=lambda world, role, variant: [world.messages["someone_elses"].title],
    ),
    "notifications:open": Entry(
        MESSAGE,
        grant(
            dict.fromkeys(SIGNED_IN, ("own",)),
            Outcome(
                "redirect to the message in the inbox",
                lambda world, role, variant, kwargs: (
                    reverse("notifications:inbox") + f"#message-{kwargs['pk']}"
                ),
            ),
        ),
    ),
    "notifications:read_all": Entry(PAGE, page_for(*SIGNED_IN), post_only=True),
    "notifications:outbox": Entry(
        PAGE, page_for("center"), shows=lambda world, role, variant: [world.email.subject]
    ),
    "notifications:outbox_resend": Entry(EMAIL, grant({"center": EMAIL}), post_only=True),
    "notifications:outbox_resend_failed": Entry(PAGE, page_for("center"), post_only=True),
    # 社群 (the teacher's application)
    "communities:apply": Entry(
        PAGE,
        # The teacher has applied this year: the page leads to that application's 流程進度.
        page_for(
            "teacher",
            outcome=Outcome(
                "redirect to own progress",
                lambda world, role, variant, kwargs: reverse(
                    "communities:progress", args=[world.applications["own"].pk]
                ),
            ),
        ),
    ),
    "communities:my_applications": Entry(
        PAGE,
        page_for("teacher"),
        shows=app_names("own"),
        hides=app_names("same_school", "other_school"),
    ),
    "communities:progress": Entry(APPLICATION, grant(READ)),
    "communities:detail": Entry(APPLICATION, grant(READ)),
    "communities:application_form": Entry(
        APPLICATION, FORM, post_data=lambda world: {"action": "save", "name": "竄改的社群"}
    ),
    # 送出's confirmation (a POST without confirm=1 shows it again, and refused, writes nothing).
    "communities:submit": Entry(APPLICATION, grant(EDIT), post_data=lambda world: {"confirm": "1"}),
    # 續辦: its convenor (the service refuses a case that is not closed).
    "communities:continue": Entry(APPLICATION, grant({"teacher": ("own",)}), post_only=True),
    "communities:member_row": Entry(
        APPLICATION,
        grant(EDIT),
        query=lambda world: {"members-TOTAL_FORMS": "3"},
        shows=text('name="members-3-name"'),
    ),
    "communities:session_row": Entry(
        APPLICATION,
        grant(EDIT),
        query=lambda world: {"sessions-TOTAL_FORMS": "6"},
        shows=text('name="sessions-6-date"'),
    ),
    "communities:content_items": Entry(
        APPLICATION,
        grant(EDIT),
        query=lambda world: {"community_type": world.applications["own"].community_type_id},
        shows=text('name="content_items"'),
    ),
    "communities:domain_field": Entry(APPLICATION, grant(EDIT), shows=text('name="domain"')),
    "communities:partner_search": Entry(
        APPLICATION,
        grant(EDIT),
        query=lambda world: {"partner_search": "市立乙"},
        shows=text("市立乙國中"),
    ),
    "communities:budget_form": Entry(APPLICATION, grant(READ)),
    "communities:document_upload": Entry(APPLICATION, grant(READ), kwargs={"form": "plan"}),
    "communities:document_download": Entry(
        APPLICATION, grant(READ), body=FILE, kwargs={"form": "plan"}
    ),
    # 審查
    "reviews:queue": Entry(
        PAGE,
        page_for("reviewer"),
        shows=app_names("own"),
        hides=app_names("same_school", "other_school"),
    ),
    "reviews:review": Entry(
        APPLICATION,
        grant({"reviewer": ("own",)}),
        post_data=lambda world: {
            "recommendation": "first_pass",
            "opinion": "竄改的意見",
            "submit": "1",
        },
    ),
    "reviews:decide": Entry(
        APPLICATION,
        grant({"center": APPLICATION}),
        post_data=lambda world: {"action": "reject", "comment": "竄改的結果"},
    ),
    "reviews:declare": Entry(
        APPLICATION,
        grant({"reviewer": ("own",)}),
        post_only=True,
        post_data=lambda world: {"has_conflict": "yes", "reason": "竄改的聲明"},
    ),
    "reviews:decide_many": Entry(
        PAGE,
        page_for("center"),
        query=lambda world: {"applications": [world.applications["other_school"].pk]},
        shows=app_names("other_school"),
        hides=app_names("own", "same_school"),
        post_data=lambda world: {
            "applications": [world.applications["other_school"].pk],
            "action": "reject",
            "comment": "竄改的結果",
            "key": "0b6f8f5e-2f42-4a43-9d0e-5b7f8f0a1c2d",
            "step": "confirm",
        },
    ),
    "reviews:decide_batch": Entry(BATCH, grant({"center": BATCH}), shows=app_names("same_school")),
    "reviews:results_xlsx": Entry(
        PAGE,
        page_for("center"),
        body=XLSX,
        query=lambda world: {"year": world.program.academic_year},
        shows=app_names("own", "other_school"),
        hides=app_names("same_school"),
    ),
    # 中心端
    "center:home": Entry(
        PAGE, page_for("center"), shows=text("中心端儀表板", "年度規則、學校與帳號管理")
    ),
    "center:applications": Entry(
        PAGE, page_for("center"), shows=app_names("own", "same_school", "other_school")
    ),
    "center:applications_xlsx": Entry(
        PAGE, page_for("center"), body=XLSX, shows=app_names("own", "same_school", "other_school")
    ),
    "center:applications_export": Entry(
        PAGE, page_for("center"), post_only=True, post_data=lambda world: {"year": 109}
    ),
    "center:assign": Entry(
        PAGE,
        page_for("center"),
        post_only=True,
        post_data=lambda world: {
            "applications": [world.applications["other_school"].pk],
            "reviewers": [world.users["reviewer"].pk],
        },
    ),
    "center:unassign": Entry(ASSIGNMENT, grant({"center": ASSIGNMENT}), post_only=True),
    "center:reviewer_options": Entry(
        PAGE,
        page_for("center"),
        query=lambda world: {"reviewer_q": world.users["reviewer"].name},
        shows=text('name="reviewers"'),
    ),
    "center:school_options": Entry(
        PAGE,
        page_for("center"),
        query=lambda world: {"school": "市立"},
        shows=text('<option value="'),
    ),
    "center:schools_short": Entry(PAGE, page_for("center"), shows=text("未達申辦規定的學校")),
    "center:message": Entry(
        PAGE,
        page_for("center"),
        shows=text("寄通知信"),
        post_data=lambda world: {
            "audience": "convenors",
            "subject": "竄改的通知",
            "body": "x",
            "token": "t",
            "step": "send",
        },
    ),
    # 中心端: the year's reports (年度報告 .xlsx: every approved community; 成果彙編 PDF)
    "center:year_report": Entry(
        PAGE,
        page_for("center"),
        body=XLSX,
        query=lambda world: {"year": 109},
        shows=report_names("report_own_school", "report_other_school"),
    ),
    "printing:compendium": Entry(
        PAGE,
        page_for("center"),
        body=PDF,
        query=lambda world: {"year": 109},
        shows=text("109學年度 教師專業學習社群成果彙編"),
    ),
    # 中心端: 背景產製檔案 (年度報告, 成果彙編 made by the worker)
    "center:files": Entry(PAGE, page_for("center"), shows=text("已申請的檔案", "年度報告(xlsx)")),
    "center:file_download": Entry(
        GENERATED,
        grant({"center": GENERATED}),
        body=FILE,
        shows=lambda world, role, variant: [world.generated.file.open("rb").read()],
    ),
    # 中心端: 年度規則 (複製為下一學年度, 規則對照, 開放申請)
    "center:years": Entry(PAGE, page_for("center"), shows=text("複製為110學年度")),
    "center:year_copy": Entry(
        PAGE,
        page_for("center"),
        kwargs={"year": 109},
        shows=text("將109學年度規則複製為110學年度"),
    ),
    "center:year_compare": Entry(
        PAGE, page_for("center"), kwargs={"year": 109}, shows=text("109學年度規則")
    ),
    "center:year_window": Entry(
        PAGE,
        page_for("center"),
        kwargs={"year": 109},
        post_only=True,
        post_data=lambda world: {"action": "close"},
    ),
    # 學校彙整
    "summaries:case_query": Entry(
        CHOSEN_SCHOOL,
        merge(SCHOOL_PAGE, grant({"center": ("no_school",)})),  # the center: every school's
    ),
    "summaries:application_summary": Entry(CHOSEN_SCHOOL, SCHOOL_PAGE),
    "summaries:application_summary_xlsx": Entry(CHOSEN_SCHOOL, SCHOOL_FILE, body=XLSX),
    "summaries:budget_summary": Entry(CHOSEN_SCHOOL, SCHOOL_PAGE),
    "summaries:budget_summary_xlsx": Entry(CHOSEN_SCHOOL, SCHOOL_FILE, body=XLSX),
    "summaries:review": Entry(
        APPLICATION,
        grant({"school_admin": ("own", "same_school")}),
        post_data=lambda world: {"decision": "accept", "comment": ""},
    ),
    "summaries:package_upload": PACKAGE_ACTION,
    # 送中心's confirmation; the own school's package went already, with nothing new to send.
    "summaries:package_submit": Entry(
        PAGE,
        page_for(
            "school_admin",
            outcome=Outcome(
                "redirect to the summary, sent already",
                lambda world, role, variant, kwargs: (
                    reverse("summaries:application_summary") + "?year=109"
                ),
            ),
        ),
        query=lambda world: {"year": 109},
        post_data=lambda world: {"year": 109, "confirm": "1"},
    ),
    "summaries:package_confirm": PACKAGE_ACTION,
    "summaries:package_download": Entry(CHOSEN_SCHOOL, SCHOOL_FILE, body=FILE),
    # 列印
    "printing:plan": Entry(APPLICATION, grant(READ), body=PDF),
    "printing:budget": Entry(APPLICATION, grant(READ), body=PDF),
    "printing:school_applications": Entry(CHOSEN_SCHOOL, SCHOOL_PRINT, body=PDF),
    "printing:school_applications(school_pk)": Entry(
        SCHOOL, grant({"school_admin": ("own_school",), "center": SCHOOL}), body=PDF
    ),
    "printing:school_budget": Entry(CHOSEN_SCHOOL, SCHOOL_PRINT, body=PDF),
    "printing:school_budget(school_pk)": Entry(
        SCHOOL, grant({"school_admin": ("own_school",), "center": SCHOOL}), body=PDF
    ),
    # 中心端: people and schools
    "people:import_schools": Entry(PAGE, page_for("center"), shows=text("<h1>匯入學校</h1>")),
    "people:import_schools_sample": Entry(
        PAGE, page_for("center"), body=CSV, shows=text("學校代碼", "市立六甲國中")
    ),
    "people:import_accounts": Entry(PAGE, page_for("center"), shows=text("<h1>匯入帳號</h1>")),
    "people:import_accounts_sample": Entry(
        PAGE, page_for("center"), body=CSV, shows=text("t214503001", "林委員")
    ),
    "people:audit_log": Entry(PAGE, page_for("center"), shows=text("<h1>異動紀錄</h1>")),
    # 入口網站
    "portal:home": Entry(
        PAGE,
        page_for(*ROLES),
        shows=lambda world, role, variant: [world.announcements["published"].title],
        hides=lambda world, role, variant: [world.announcements["unpublished"].title],
    ),
    "portal:announcements": Entry(
        PAGE,
        page_for(*ROLES),
        shows=lambda world, role, variant: [world.announcements["published"].title],
        hides=lambda world, role, variant: [world.announcements["unpublished"].title],
    ),
    # What is public for everyone; a draft for the center only (its preview).
    "portal:announcement": Entry(ANNOUNCEMENT, PUBLIC_OR_CENTER(ANNOUNCEMENT)),
    "portal:announcement_attachment": Entry(
        ANNOUNCEMENT, PUBLIC_OR_CENTER(ANNOUNCEMENT), body=FILE
    ),
    "portal:role_home": Entry(
        PAGE,
        merge(
            *(
                page_for(role, outcome=redirect_to(url_name, same_object=False))
                for role, url_name in LANDING.items()
            )
        ),
    ),
    "portal:certification": NOT_YET_OFFERED,
    "portal:functions": Entry(PAGE, page_for(*SIGNED_IN), shows=text("到校諮詢 一般")),
    "portal:coaching": NOT_YET_OFFERED,
    "portal:consult_general": NOT_YET_OFFERED,
    "portal:consult_assigned": NOT_YET_OFFERED,
    "portal:community": Entry(PAGE, page_for(*SIGNED_IN), shows=community_menu),
    "portal:downloads": Entry(
        PAGE,
        page_for(*ROLES),
        shows=lambda world, role, variant: [world.downloads["shown"].title],
        hides=lambda world, role, variant: [world.downloads["hidden"].title],
    ),
    "portal:download_file": Entry(DOWNLOAD, PUBLIC_OR_CENTER(DOWNLOAD), body=FILE),
    "portal:tutorial_file": Entry(TUTORIAL, PUBLIC_OR_CENTER(TUTORIAL), body=FILE),
    # 中心端: 公告平台, 檔案下載 and 操作教學 management
    "portal:center_announcements": Entry(
        PAGE,
        page_for("center"),
        shows=lambda world, role, variant: [a.title for a in world.announcements.values()],
    ),
    "portal:center_announcement_new": Entry(PAGE, page_for("center"), shows=text('name="title"')),
    "portal:center_announcement_edit": Entry(
        ANNOUNCEMENT,
        grant({"center": ANNOUNCEMENT}),
        post_data=lambda world: {"title": "竄改的公告", "body": "x", "action": "save"},
    ),
    "portal:center_announcement_withdraw": Entry(
        ANNOUNCEMENT,
        grant({"center": ANNOUNCEMENT}),
        post_data=lambda world: {"reason": "竄改"},
    ),
    "portal:center_announcement_pin": Entry(
        ANNOUNCEMENT, grant({"center": ANNOUNCEMENT}), post_only=True
    ),
    "portal:center_announcement_unpublish": Entry(
        ANNOUNCEMENT, grant({"center": ANNOUNCEMENT}), post_only=True
    ),
    "portal:center_approved_list": Entry(PAGE, page_for("center"), post_only=True),
    "portal:center_downloads": Entry(
        PAGE,
        page_for("center"),
        shows=lambda world, role, variant: [d.title for d in world.downloads.values()],
    ),
    "portal:center_download_new": Entry(PAGE, page_for("center"), shows=text('name="title"')),
    "portal:center_download_edit": Entry(
        DOWNLOAD,
        grant({"center": DOWNLOAD}),
        post_data=lambda world: {"title": "竄改的下載", "description": ""},
    ),
    "portal:center_download_move": Entry(DOWNLOAD, grant({"center": DOWNLOAD}), post_only=True),
    "portal:center_download_show": Entry(DOWNLOAD, grant({"center": DOWNLOAD}), post_only=True),
    "portal:center_tutorials": Entry(
        PAGE,
        page_for("center"),
        shows=lambda world, role, variant: [t.title for t in world.tutorials.values()],
    ),
    "portal:center_tutorial_new": Entry(PAGE, page_for("center"), shows=text('name="title"')),
    "portal:center_tutorial_edit": Entry(
        TUTORIAL,
        grant({"center": TUTORIAL}),
        post_data=lambda world: {"title": "竄改的教學", "body": "x"},
    ),
    "portal:center_tutorial_move": Entry(TUTORIAL, grant({"center": TUTORIAL}), post_only=True),
    "portal:center_tutorial_show": Entry(TUTORIAL, grant({"center": TUTORIAL}), post_only=True),
    "portal:tutorials": Entry(PAGE, page_for(*ROLES), shows=text("學校帳號彙整")),
    # 成果報告書 (only its convenor fills it in and sends it: tested in outcomes)
    "outcomes:report": Entry(
        REPORT,
        grant(REPORT_READ),
        shows=lambda world, role, variant: [world.reports[variant].name, "成員共同備課"],
        post_data=lambda world: {"action": "save", "reflections": "竄改的省思"},
    ),
    "outcomes:submit": Entry(REPORT, {}, post_data=lambda world: {}),
    "outcomes:decide": Entry(
        REPORT,
        grant(REPORT_READ),
        shows=lambda world, role, variant: [world.reports[variant].name],
        post_data=lambda world: {"action": "close", "comment": "竄改", "step": "confirm"},
    ),
    "outcomes:evidence_add": Entry(REPORT_SESSION, {}, post_only=True),
    "outcomes:evidence_remove": Entry(EVIDENCE, {}, post_only=True),
    "outcomes:evidence_file": Entry(
        EVIDENCE,
        grant({"school_admin": ("evidence_own_school",), "center": EVIDENCE}),
        body=FILE,
        shows=evidence_bytes,
    ),
    "outcomes:reports": Entry(
        PAGE,
        page_for("school_admin", "center"),
        shows=OWN_REPORTS,
        hides=OTHER_SCHOOLS_REPORT,
    ),
    "outcomes:hours": Entry(
        PAGE,
        page_for("school_admin", "center"),
        shows=OWN_REPORT_HOURS,
        hides=OTHER_SCHOOLS_HOURS,
    ),
    "outcomes:hours_xlsx": Entry(
        PAGE,
        page_for("school_admin", "center"),
        body=XLSX,
        shows=OWN_REPORT_HOURS,
        hides=OTHER_SCHOOLS_HOURS,
    ),
    "printing:report": Entry(
        REPORT,
        grant(REPORT_READ),
        body=PDF,
        shows=lambda world, role, variant: [world.reports[variant].name],
    ),
    # The REST API (a token or the signed-in session); its own tests ask it with each role's token
    "api:schema": Entry(PAGE, page_for(*ROLES), shows=text("/api/applications/")),
    "api:docs": Entry(PAGE, page_for(*ROLES), shows=text("swagger-ui")),
    "api:years": Entry(PAGE, page_for(*SIGNED_IN), api=True, shows=text('"academic_year":109')),
    "api:year": Entry(
        PAGE,
        page_for(*SIGNED_IN),
        api=True,
        kwargs={"academic_year": 109},
        shows=text("學年領域學習社群"),
    ),
    "api:schools": Entry(
        PAGE,
        page_for(*SIGNED_IN),
        api=True,
        shows=lambda world, role, variant: (
            [world.users[role].school.name]
            if role in SIGNED_IN and role != "center"
            else [school.name for school in world.schools.values()]
        ),
        hides=lambda world, role, variant: (
            [s.name for s in world.schools.values() if s != world.users[role].school]
            if role in SIGNED_IN and role != "center"
            else []
        ),
    ),
    "api:school": Entry(
        SCHOOL,
        grant({"teacher": ("own_school",), "school_admin": ("own_school",), "center": SCHOOL}),
        api=True,
        shows=lambda world, role, variant: [world.schools[variant].name],
        hides=lambda world, role, variant: [
            s.name for v, s in world.schools.items() if v != variant
        ],
    ),
    "api:school_summary": Entry(
        SCHOOL,
        grant({"school_admin": ("own_school",), "center": SCHOOL}),
        api=True,
        shows=lambda world, role, variant: [world.schools[variant].name],
        hides=lambda world, role, variant: [
            s.name for v, s in world.schools.items() if v != variant
        ],
    ),
    "api:applications": Entry(
        PAGE,
        page_for(*SIGNED_IN),
        api=True,
        shows=lambda world, role, variant: [
            world.applications[v].name for v in READ.get(role, APPLICATION)
        ],
        hides=lambda world, role, variant: [
            a.name for v, a in world.applications.items() if v not in READ.get(role, APPLICATION)
        ],
    ),
    "api:application": Entry(APPLICATION, grant(READ), api=True),
    "api:reviewers": Entry(
        PAGE,
        page_for("center"),
        api=True,
        shows=lambda world, role, variant: [world.users["reviewer"].name],
    ),
    "api:assign": Entry(PAGE, page_for("center"), api=True, post_only=True),
    "api:not_found": Entry(PAGE, {}, api=True, kwargs={"rest": "applications/-1/"}),
}


# --- the URL conf -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the pattern's name, with its path arguments when several patterns share it
    route: str  # e.g. "community/<int:pk>/view/"
    params: tuple[str, ...]


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name) if n) if pattern.name else ""
            yield name, prefix + str(pattern.pattern)


def _skipped(name: str, route: str) -> bool:
    """Django admin's own pages (its index is asked) and any static or media files."""
    if name.split(":", 1)[0] == "admin" or route.startswith("admin/"):
        return name != "admin:index"
    served = [url.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL) if url]
    return any(prefix and route.startswith(prefix) for prefix in served)


def site_routes() -> list[Route]:
    found = [(n, r) for n, r in _walk(get_resolver().url_patterns) if not _skipped(n, r)]
    names = [name for name, _route in found]
    routes = []
    for name, route in found:
        params = tuple(PARAM.findall(route))
        key = name or route
        if name and names.count(name) > 1 and params:
            key = f"{name}({','.join(params)})"
        routes.append(Route(key, route, params))
    return routes


ROUTES = site_routes()


def test_every_url_pattern_is_declared():
    keys = [r.key for r in ROUTES]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicated, f"several URL patterns answer to the same key: {duplicated}"
    undeclared = [f"{r.key} ({r.route})" for r in ROUTES if r.key not in ACCESS]
    assert not undeclared, (
        "URL patterns without an entry in ACCESS (declare who may reach them): "
        + ", ".join(undeclared)
    )
    stale = sorted(set(ACCESS) - set(keys))
    assert not stale, f"ACCESS declares URLs the site no longer has: {stale}"


# --- the objects ------------------------------------------------------------------------------


@dataclass
class World:
    program: ProgramYear
    schools: dict
    applications: dict
    users: dict
    messages: dict
    email: Email
    announcements: dict
    attachments: dict  # announcement variant → its attachment
    downloads: dict
    tutorials: dict
    batch: DecisionBatch
    sessions: dict  # role → the key of a session signed in as that role's user
    reports: dict = field(default_factory=dict)  # REPORT variant → its application
    generated: GeneratedFile | None = None


def _application(program, status: str, *, school, name: str, convenor_name: str, label: str):
    """A complete application whose signed PDFs carry ``label`` (so each has its own bytes),
    taken to ``status``."""
    application = complete_application(
        program, school=school, name=name, convenor_name=convenor_name
    )
    for form in document_forms(application=application):
        upload = SimpleUploadedFile(
            f"{label}-{form}.pdf", pdf_bytes(text=f"{label}-{form}"), "application/pdf"
        )
        document_upload(application=application, form=form, upload=upload, by=application.convenor)
    return advance(application, status)


def build_world() -> World:
    """The objects every URL is asked about (also the every-page browser sweep's)."""
    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    schools = {
        "own_school": SchoolFactory(name="市立甲國中"),
        "other_school": SchoolFactory(name="市立乙國中"),
    }
    # Approved communities of other convenors, reported on (each school sends its package).
    reports = {
        "report_own_school": advance(
            complete_application(
                program,
                school=schools["own_school"],
                name="本校已核定的閱讀社群",
                convenor_name="陳本校",
            ),
            workflow.REPORT_REVIEW,
        ),
        "report_other_school": advance(
            complete_application(
                program,
                school=schools["other_school"],
                name="他校已核定的藝術社群",
                convenor_name="林他校",
            ),
            workflow.REPORT_FORWARDED,
        ),
    }
    # The teacher's school sends its package (with the teacher's application) first; the
    # colleague applies afterwards.
    own = _application(
        program,
        workflow.FIRST_RETURNED,
        school=schools["own_school"],
        name="自己的數學社群",
        convenor_name="曾自己",
        label="own",
    )
    same_school = _application(
        program,
        workflow.SUBMITTED,
        school=schools["own_school"],
        name="同校同事的英語社群",
        convenor_name="王同事",
        label="same-school",
    )
    other_school = _application(
        program,
        workflow.UNDER_REVIEW,
        school=schools["other_school"],
        name="他校的自然社群",
        convenor_name="李他校",
        label="other-school",
    )
    users = {
        "anonymous": None,
        "teacher": own.convenor,
        "school_admin": school_admin_of(own),
        "reviewer": User.objects.get(review_assignments__application=own),
        "center": center_user(),
    }
    assert not other_school.review_assignments.filter(reviewer=users["reviewer"]).exists()
    someone_else = UserFactory(teacher=True, school=schools["other_school"])
    recipients = {**{r: users[r] for r in SIGNED_IN}, "someone_elses": someone_else}
    for person in recipients.values():
        notify(event="url_access", recipients=[person], title=f"給{person.name}的訊息")
    messages = {
        key: Message.objects.get(recipient=person, event="url_access")
        for key, person in recipients.items()
    }
    notify(event="url_access", recipients=[someone_else], title="寄不出去的通知")
    email = Email.objects.get(subject="寄不出去的通知")
    # As post_office leaves a mail after its last retry.
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    now = timezone.now()
    announcements = {
        "published": Announcement.objects.create(
            title="已公告的申辦說明",
            author=users["center"],
            published_at=now - timedelta(days=1),
            publish_from=now - timedelta(days=1),
        ),
        "unpublished": Announcement.objects.create(
            title="尚未公告的草稿", author=users["center"], publish_from=now - timedelta(days=1)
        ),
    }
    attachments = {
        variant: AnnouncementAttachment.objects.create(
            announcement=announcement,
            file=ContentFile(pdf_bytes(text=f"{variant}-attachment"), name=f"{variant}.pdf"),
            original_name=f"{variant}.pdf",
            kind="pdf",
        )
        for variant, announcement in announcements.items()
    }
    downloads = {
        variant: Download.objects.create(
            title=title,
            is_shown=variant == "shown",
            file=ContentFile(f"blank form {variant}".encode(), name=f"{variant}.odt"),
            original_name=f"{variant}.odt",
        )
        for variant, title in (("shown", "社群申請表空白表單"), ("hidden", "尚未上架的手冊"))
    }
    tutorials = {
        variant: Tutorial.objects.create(
            title=title,
            body="說明",
            is_shown=variant == "shown_tutorial",
            file=ContentFile(f"manual {variant}".encode(), name=f"{variant}.pdf"),
            original_name=f"{variant}.pdf",
        )
        for variant, title in (
            ("shown_tutorial", "召集人操作手冊"),
            ("hidden_tutorial", "尚未公開的教學"),
        )
    }
    # 初審通過 for the colleague's application, which is not under review: left as it was.
    batch = review_decide_many(
        applications=[same_school],
        action="first_pass",
        comment="",
        by=users["center"],
        key=uuid.uuid4(),
    ).batch
    generated = generated_file_request(kind="year_report", program=program, by=users["center"])[0]
    generated_file_make(generated.pk)
    generated.refresh_from_db()
    sessions = {}
    for role in SIGNED_IN:
        signed_in = Client()
        signed_in.force_login(users[role])
        sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    return World(
        program=program,
        schools=schools,
        applications={"own": own, "same_school": same_school, "other_school": other_school},
        users=users,
        messages=messages,
        email=email,
        announcements=announcements,
        attachments=attachments,
        downloads=downloads,
        tutorials=tutorials,
        batch=batch,
        sessions=sessions,
        reports=reports,
        generated=generated,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The module's objects, in a transaction rolled back after its last test (each test's own
    changes are rolled back after it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _render_each_document_once():
    """Every granted print is asked for and checked, but a document that renders the same HTML
    again (the same application or summary, whoever prints it) reuses its PDF: rendering is
    most of this module's time, and the renderer's own tests are in printing."""
    from printing import views

    rendered: dict[str, bytes] = {}

    def render_once(html: str) -> bytes:
        if html not in rendered:
            rendered[html] = render_pdf(html)
        return rendered[html]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "render_pdf", render_once)
        yield


def _school_of(world: World, role: str, variant: str):
    """The schools a ?school= URL is about: the one named; without a name, a school admin's own
    (for anyone else, every school)."""
    if variant != "no_school":
        return [world.schools[variant]]
    if role == "school_admin":
        return [world.schools["own_school"]]
    return list(world.schools.values())


def _path_kwargs(world: World, entry: Entry, route: Route, role: str, variant: str) -> dict:
    kwargs = dict(entry.kwargs)
    if "pk" in route.params:
        kwargs["pk"] = {
            APPLICATION: lambda: world.applications[variant].pk,
            MESSAGE: lambda: world.messages[role if variant == "own" else variant].pk,
            ANNOUNCEMENT: lambda: world.announcements[variant].pk,
            DOWNLOAD: lambda: world.downloads[variant].pk,
            TUTORIAL: lambda: world.tutorials[variant].pk,
            EMAIL: lambda: world.email.pk,
            ASSIGNMENT: lambda: world.applications["other_school"].review_assignments.get().pk,
            BATCH: lambda: world.batch.pk,
            REPORT: lambda: world.reports[variant].pk,
            REPORT_SESSION: lambda: _report_of(world, variant).sessions.order_by("number")[0].pk,
            EVIDENCE: lambda: _evidence_of(world, variant).pk,
            GENERATED: lambda: world.generated.pk,
        }[entry.objects]()
    if "attachment_pk" in route.params:
        kwargs["attachment_pk"] = world.attachments[variant].pk
    if "school_pk" in route.params:
        kwargs["school_pk"] = world.schools[variant].pk
    return kwargs


def _report_of(world: World, variant: str):
    from outcomes.models import Report

    return Report.objects.get(application=world.reports[_report_variant(variant)])


def _evidence_of(world: World, variant: str):
    from outcomes.models import Evidence

    return Evidence.objects.filter(session__report=_report_of(world, variant)).first()


def _url(world: World, entry: Entry, route: Route, role: str, variant: str) -> tuple[str, dict]:
    kwargs = _path_kwargs(world, entry, route, role, variant)
    path = "/" + PARAM.sub(lambda m: str(kwargs[m.group(1)]), route.route)
    assert resolve(path).route == route.route, (path, route.route)
    query = entry.query(world) if entry.query else {}
    if entry.objects == CHOSEN_SCHOOL and variant != "no_school":
        query["school"] = world.schools[variant].pk
    return path, query


def _school_content(world: World, entry: Entry, schools) -> list:
    """The schools' content: the signed summary they sent, or else the name of an application of
    each."""
    if entry.body == FILE:
        packages = [school_package(school=school, program=world.program) for school in schools]
        return [package.file.open("rb").read() for package in packages]
    return [
        next(a.name for a in world.applications.values() if a.school_id == school.pk)
        for school in schools
    ]


def _markers(world: World, entry: Entry, role: str, variant: str) -> list:
    """What shows the object (or the page) to whoever may see it."""
    if entry.shows is not None:
        return entry.shows(world, role, variant)
    if entry.objects == APPLICATION:
        application = world.applications[variant]
        if entry.body == FILE:
            document = application.documents.get(form=entry.kwargs["form"])
            return [document_open(document=document).read()]
        return [application.name]
    if entry.objects in (SCHOOL, CHOSEN_SCHOOL):
        return _school_content(world, entry, _school_of(world, role, variant))
    if entry.objects == ANNOUNCEMENT:
        announcement = world.announcements[variant]
        if entry.body == FILE:
            return [world.attachments[variant].file.open("rb").read()]
        return [announcement.title]
    if entry.objects in (DOWNLOAD, TUTORIAL):
        item = (world.downloads if entry.objects == DOWNLOAD else world.tutorials)[variant]
        if entry.body == FILE:
            return [item.file.open("rb").read()]
        return [item.title]
    return []


# --- reading answers --------------------------------------------------------------------------


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _readable(content: bytes, body: str):
    """The response as the markers are looked for in it: bytes for files, text otherwise."""
    if body == FILE:
        return content
    if body == PDF:
        assert content.startswith(b"%PDF-"), content[:200]
        first_page = PdfReader(io.BytesIO(content)).pages[0]  # where the form names its subject
        return (first_page.extract_text() or "").replace("\n", "")
    if body == XLSX:
        assert content.startswith(b"PK"), content[:200]
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8-sig")


def _contains(haystack, marker) -> bool:
    if isinstance(haystack, bytes) and isinstance(marker, str):
        marker = marker.encode()
    if isinstance(haystack, str) and isinstance(marker, bytes):
        return marker in haystack.encode()
    return marker in haystack


def _is_login_redirect(response) -> bool:
    location = response.get("Location", "")
    logins = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    return response.status_code == 302 and location.split("?", 1)[0] in logins


def _assert_refused(
    response,
    content: bytes,
    role: str,
    markers: list,
    *,
    public: bool,
    method: bool = False,
    api: bool = False,
):
    """Refused: a visitor is sent to log in (on a public URL: 404, the object is not there for
    anyone), an account gets 403 or 404 (``method``: or 405, the method itself is refused);
    nothing of the object shows."""
    method_refused = (405,) if method else ()
    if role == "anonymous":
        codes = (*method_refused, 404) if public else method_refused
        if api:
            codes = (*codes, 401, 404)
        assert _is_login_redirect(response) or response.status_code in codes, (
            f"a visitor was not sent to log in: {response.status_code} "
            f"{response.get('Location', '')}"
        )
    else:
        # Django's admin sends accounts that are not staff to its own login page.
        codes = (403, 404, *method_refused)
        assert response.status_code in codes or _is_login_redirect(response), (
            f"not refused: {response.status_code} {response.get('Location', '')}"
        )
    assert not content.startswith((b"%PDF-", b"PK")), "a refused answer carries a file"
    shown = [m for m in markers if _contains(content, m)]
    assert not shown, f"a refused answer shows {shown!r}"


def _other_markers(world: World, entry: Entry, role: str, variant: str) -> list:
    """What a granted answer about ``variant`` must not show: the other objects, and what the
    entry names."""
    own = _markers(world, entry, role, variant)
    others = []
    if entry.shows is None:
        for other in entry.objects:
            if other != variant:
                others += [m for m in _markers(world, entry, role, other) if m not in own]
    if entry.hides is not None:
        others += entry.hides(world, role, variant)
    return others


def _sign_in(client, world: World, role: str):
    """The module's session of the role (signing in anew for each case costs more than a
    request)."""
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]


# --- the cases --------------------------------------------------------------------------------


def _cases(*, refused_only: bool):
    for route in ROUTES:
        entry = ACCESS.get(route.key)
        if entry is None:
            continue  # test_every_url_pattern_is_declared names it
        for role in ROLES:
            for variant in entry.objects:
                if entry.objects == MESSAGE and (role, variant) == ("anonymous", "own"):
                    continue  # a visitor has no messages
                if refused_only and entry.outcome(role, variant) is not None:
                    continue
                label = (
                    f"{route.key}-{role}"
                    if entry.objects == PAGE
                    else f"{route.key}-{role}-{variant}"
                )
                yield pytest.param(route, role, variant, id=label)


@pytest.mark.parametrize(("route", "role", "variant"), list(_cases(refused_only=False)))
def test_get(client, world, route, role, variant):
    entry = ACCESS[route.key]
    path, query = _url(world, entry, route, role, variant)
    _sign_in(client, world, role)
    response = client.get(path, query)
    content = _content(response)
    outcome = entry.outcome(role, variant)
    markers = _markers(world, entry, role, variant)
    public = "anonymous" in entry.allowed

    if entry.post_only:
        if outcome is not None:
            assert response.status_code == 405, response.status_code
        else:
            _assert_refused(
                response, content, role, markers, public=public, method=True, api=entry.api
            )
        return
    if outcome is None:
        _assert_refused(response, content, role, markers, public=public, api=entry.api)
        return
    if outcome.redirect is not None:
        kwargs = _path_kwargs(world, entry, route, role, variant)
        assert response.status_code == 302, response.status_code
        assert response["Location"] == outcome.redirect(world, role, variant, kwargs)
        return

    assert response.status_code == 200, (response.status_code, response.get("Location"))
    seen = _readable(content, entry.body)
    if outcome is OWN_SCHOOL:
        shown = _school_content(world, entry, [world.users[role].school])
        not_shown = markers
    elif outcome is CHOOSE_SCHOOL:
        shown = ["請選擇學校後按"]
        not_shown = markers
    else:
        shown = markers
        not_shown = _other_markers(world, entry, role, variant)
    assert shown, f"{route.key} declares nothing to look for in its answer"
    missing = [m for m in shown if not _contains(seen, m)]
    assert not missing, f"the answer does not show {missing!r}"
    leaked = [m for m in not_shown if _contains(seen, m)]
    assert not leaked, f"the answer shows {leaked!r}"


@pytest.mark.parametrize(("route", "role", "variant"), list(_cases(refused_only=True)))
def test_refused_post_changes_nothing(client, world, route, role, variant):
    entry = ACCESS[route.key]
    path, query = _url(world, entry, route, role, variant)
    if query:
        path = f"{path}?{urlencode(query)}"
    _sign_in(client, world, role)
    data = entry.post_data(world) if entry.post_data else {}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data)
    content = _content(response)
    markers = _markers(world, entry, role, variant)
    public = "anonymous" in entry.allowed
    _assert_refused(response, content, role, markers, public=public, method=True, api=entry.api)
    # The session's own row may be stamped with the time of the request (the idle timeout of
    # signin.middleware): that is the session, not what the POST asked to change.
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
        and not q["sql"].lstrip().upper().startswith('UPDATE "DJANGO_SESSION"')
    ]
    assert not writes, f"a refused POST wrote: {writes}"
