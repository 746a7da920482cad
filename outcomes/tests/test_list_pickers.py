"""The center's 成果報告 and 研習時數 lists at a country's size: the 學校 filter is a search field
(suggestions as the user types; without JavaScript 查詢 takes what was typed), never a list of
every school, and 研習時數 shows a page of members at a time with the total over all of them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from outcomes import views
from outcomes.selectors import hours_totals, member_hours
from people.tests.factories import SchoolFactory
from programs.models import ProgramYear
from testsupport.flow import application_in, center_user, school_admin_of
from testsupport.html import parse_html as parse

pytestmark = pytest.mark.django_db


def text_of(element) -> str:
    return "".join(element.itertext())


LISTS = ["outcomes:reports", "outcomes:hours"]


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    """Two closed cases at two schools (three members each) and 30 more schools, in a
    transaction rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        program = ProgramYear.objects.get(academic_year=109)
        program.application_opens_at = timezone.now() - timedelta(days=1)
        program.application_closes_at = timezone.now() + timedelta(days=30)
        program.save()
        ours = application_in(
            workflow.CLOSED,
            program,
            school=SchoolFactory(code="214501", name="市立下營國中"),
            name="下營的社群",
            convenor_name="下營老師",
        )
        theirs = application_in(
            workflow.CLOSED,
            program,
            school=SchoolFactory(code="214502", name="市立麻豆國中"),
            name="麻豆的社群",
            convenor_name="麻豆老師",
        )
        SchoolFactory.create_batch(30, name="市立大量國小")
        yield {"program": program, "ours": ours, "theirs": theirs, "center": center_user()}
        transaction.set_rollback(True)


@pytest.fixture
def center_client(client, cases):
    client.force_login(cases["center"])
    return client


@pytest.mark.parametrize("name", LISTS)
def test_the_center_is_offered_a_search_field_not_every_school(center_client, name):
    page = center_client.get(reverse(name)).content.decode()

    assert 'name="school_q"' in page
    assert reverse("center:school_options") in page
    assert "市立大量國小" not in page
    assert '<select name="school"' not in page
    assert "下營老師" in page or "下營的社群" in page  # blank: every school


@pytest.mark.parametrize("name", LISTS)
def test_a_typed_school_shows_its_rows_only_and_stays_in_the_field(center_client, name):
    page = center_client.get(reverse(name), {"school_q": "214501 市立下營國中"}).content.decode()
    document = parse(page)

    assert document.find(".//{*}input[@name='school_q']").get("value") == "214501 市立下營國中"
    shown = text_of(document.find(".//{*}table"))
    assert "下營" in shown and "麻豆" not in shown


@pytest.mark.parametrize("name", LISTS)
def test_a_name_no_school_has_is_said_at_the_field_and_kept(center_client, name):
    page = center_client.get(reverse(name), {"school_q": "不存在的學校"}).content.decode()
    field = parse(page).find(".//{*}input[@name='school_q']")

    assert field.get("value") == "不存在的學校"
    assert field.get("aria-invalid") == "true"
    assert "找不到符合的學校，請輸入學校代碼或名稱。" in page
    assert "下營" not in page and "麻豆" not in page  # no school's rows until one is named


def test_a_name_several_schools_share_lists_them_keeping_the_other_filters(center_client, cases):
    page = center_client.get(
        reverse("outcomes:reports"), {"school_q": "市立", "status": workflow.CLOSED}
    ).content.decode()

    assert "符合的學校不只一所，請選擇：" in page
    ours = cases["ours"].school_id
    assert f"status={workflow.CLOSED}&amp;school={ours}" in page


def test_the_picked_school_s_link_is_the_list_of_that_school(center_client, cases):
    theirs = cases["theirs"]
    page = center_client.get(reverse("outcomes:hours"), {"school": theirs.school_id})
    document = parse(page.content.decode())

    assert document.find(".//{*}input[@name='school_q']").get("value") == "214502 市立麻豆國中"
    assert "下營老師" not in text_of(document.find(".//{*}table"))


def test_hours_come_a_page_of_communities_at_a_time_with_the_totals_of_all(
    center_client, cases, monkeypatch
):
    monkeypatch.setattr(views, "HOURS_PER_PAGE", 1)
    program = cases["program"]
    everyone = member_hours(program=program)
    assert len(everyone) == 6

    first = parse(center_client.get(reverse("outcomes:hours")).content.decode())
    second = parse(
        center_client.get(reverse("outcomes:hours"), {"page": 2, "year": 109}).content.decode()
    )

    def names(document):
        return [
            text_of(row.find("{*}td")) for row in document.findall(".//{*}table/{*}tbody/{*}tr")
        ]

    assert names(first) + names(second) == [m.name for m in everyone]
    assert len(names(first)) == 3  # 下營 (214501) first: its three members
    assert "下營老師" in names(first)
    # Every school's totals are what each report stored when it was sent.
    totals = hours_totals(program=program)
    assert totals.hours == sum((m.hours for m in everyone), Decimal(0)) == Decimal("72.0")
    assert totals.members == 6
    footer = text_of(first.find(".//{*}tfoot"))
    assert "共 2 個社群、6 人次" in footer and "72.0" in footer
    pager = text_of(first.find(".//{*}nav[@class='pager']"))
    assert "1 / 2" in pager and "下一頁" in pager


def test_the_school_s_hours_are_its_communities_and_their_totals(client, cases, monkeypatch):
    monkeypatch.setattr(views, "HOURS_PER_PAGE", 1)
    ours = cases["ours"]
    client.force_login(school_admin_of(ours))

    document = parse(client.get(reverse("outcomes:hours")).content.decode())

    assert len(document.findall(".//{*}table/{*}tbody/{*}tr")) == 3
    footer = text_of(document.find(".//{*}tfoot"))
    assert "共 1 個社群、3 人次" in footer and "36.0" in footer
    assert document.find(".//{*}input[@name='school_q']") is None
