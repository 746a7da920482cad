"""成果報告's rows as the school and the center read them: every cell, the one to act on as a
button and every other a 檢視 link, text escaped, an approved case without a report begun."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.tests.helpers import NS, Page
from core.roc import roc_date
from core.templatetags.roc import roc_datetime
from outcomes.models import Report
from testsupport.flow import application_in, center_user, school_admin_of

pytestmark = pytest.mark.django_db

LIST = reverse("outcomes:reports")


def table(page: Page) -> dict[str, list[str]]:
    """Each row's cells by the 社群名稱 in its second cell."""
    rows = {}
    for tr in page.root.iterfind(".//h:table[@class='grid wide reports-table']/h:tbody/h:tr", NS):
        cells = [" ".join("".join(td.itertext()).split()) for td in tr.iterfind("h:td", NS)]
        rows[cells[1]] = cells
    return rows


def action(page: Page, application) -> tuple[str, str]:
    href = reverse("outcomes:decide", args=[application.pk])
    link = page.root.find(f".//h:tbody//h:a[@href='{href}']", NS)
    assert link is not None
    return link.text, link.get("class") or ""


def test_each_cell_and_the_one_to_close(client, program):
    forwarded = application_in(workflow.REPORT_FORWARDED, program, name="<b>數學</b>社群")
    approved = application_in(workflow.APPROVED, program, name="剛核定社群")
    Report.objects.filter(application=approved).delete()  # its 成果報告書 not begun
    forwarded.refresh_from_db()
    submitted_at = Report.objects.get(application=forwarded).submitted_at
    client.force_login(center_user())

    page = Page(client.get(LIST))
    rows = table(page)

    assert rows["<b>數學</b>社群"] == [  # the name as text, not markup
        forwarded.school.name,
        "<b>數學</b>社群",
        forwarded.convenor.name,
        f"{forwarded.approved_amount:,}",
        "成果報告學校已審核送中心",
        roc_datetime(submitted_at),
        "審核結案",
    ]
    assert rows["剛核定社群"][4:] == ["複審通過(核定)", "—", "檢視"]
    assert action(page, forwarded) == ("審核結案", "button primary")
    assert action(page, approved) == ("檢視", "")


def test_the_school_reviews_what_its_convenors_sent(client, program):
    review = application_in(workflow.REPORT_REVIEW, program, name="待審社群")
    review.convenor.name = ""
    review.convenor.save()
    client.force_login(school_admin_of(review))

    page = Page(client.get(LIST))

    assert table(page)["待審社群"][2] == review.convenor.username  # no name: the account
    assert action(page, review) == ("審核", "button primary")
    sent = Report.objects.get(application=review).submitted_at
    assert sent is not None and table(page)["待審社群"][5] == roc_datetime(sent)


def test_each_members_hours_as_a_row_of_text(client, program):
    closed = application_in(workflow.CLOSED, program, name="<i>閱讀</i>社群")
    member = closed.members.order_by("order").first()
    member.name = "王<小明>"
    member.save()
    client.force_login(school_admin_of(closed))

    page = Page(client.get(reverse("outcomes:hours")))
    rows = [
        [" ".join("".join(td.itertext()).split()) for td in tr.iterfind("h:td", NS)]
        for tr in page.root.iterfind(".//h:table[@class='grid wide hours-table']/h:tbody/h:tr", NS)
    ]

    sessions = list(
        closed.report.sessions.filter(held=True, attendees=member).order_by("date", "number")
    )
    assert rows[0] == [
        "王<小明>",  # text, not markup
        member.school.name,
        "<i>閱讀</i>社群",
        "、".join(roc_date(s.date) for s in sessions),
        str(len(sessions)),
        "12.0",  # six sessions of two hours
        "結案_可彙整",
    ]
