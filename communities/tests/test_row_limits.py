"""The 社群申請書's rows are limited by the year's rules (ProgramYear.max_members / max_sessions);
the site takes the largest legal form, and a form far beyond it gets a message in Chinese with
everything saved before kept."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Application, Member, Session
from communities.services import SESSIONS_PREFIX
from communities.tests.helpers import (
    Page,
    complete_plan,
    form_post_data,
    form_url,
    teacher_with_application,
)
from people.tests.factories import SchoolFactory
from programs.models import MAX_ROWS, Option

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(program):
    return complete_plan(teacher_with_application(program))


def _rows(prefix: str, rows: list[dict]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _sessions(count: int) -> dict[str, str]:
    first = date(2020, 9, 2)
    return _rows(
        SESSIONS_PREFIX,
        [
            {
                "id": "",
                "date": f"{(first + timedelta(days=i)).year - 1911}/"
                f"{first + timedelta(days=i):%m/%d}",
                "start_time": "14:00",
                "end_time": "16:00",
                "content": f"第{i + 1}次共同備課與教學觀察紀錄討論",
                "method": "共同備課",
                "host": "內聘講座",
                "location": "會議室",
                "is_public_lesson": "on",
            }
            for i in range(count)
        ],
    )


def _members(application, count: int) -> dict[str, str]:
    return _rows(
        "members",
        [
            {
                "id": "",
                "name": f"成員{i}",
                "school": str(application.school_id),
                "position": "教師",
                "subject": "數學",
            }
            for i in range(count)
        ],
    )


def _field_count(data: dict) -> int:
    return sum(len(value) if isinstance(value, list) else 1 for value in data.values())


def test_the_largest_legal_form_fits_the_sites_field_limit(client, application, program):
    program.max_members = program.max_sessions = MAX_ROWS
    program.save()
    partners = SchoolFactory.create_batch(300)
    data = form_post_data(
        application,
        action="save",
        is_cross_school="True",
        partner_schools=[str(s.pk) for s in partners],
        competencies=[str(o.pk) for o in Option.objects.filter(kind=Option.Kind.COMPETENCY)],
        goals=[str(o.pk) for o in Option.objects.filter(kind=Option.Kind.GOAL)],
        methods=[str(o.pk) for o in Option.objects.filter(kind=Option.Kind.METHOD)],
        **_members(application, MAX_ROWS),
        **_sessions(MAX_ROWS),
    )
    assert _field_count(data) <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    client.force_login(application.convenor)
    response = client.post(form_url(application), data)

    assert response.status_code == 302
    assert Session.objects.filter(application=application).count() == MAX_ROWS
    assert Member.objects.filter(application=application).count() == MAX_ROWS


@pytest.mark.parametrize("count", [41, 300])
def test_more_sessions_than_the_year_allows_are_refused_beside_the_list(client, application, count):
    stored = Session.objects.filter(application=application).count()
    client.force_login(application.convenor)
    data = form_post_data(application, action="save", name="新名稱", **_sessions(count))

    page = Page(client.post(form_url(application), data))

    assert "本學年度進度規劃至多 40 場，請刪除多餘的場次後再儲存。" in page.field_text("sessions")
    assert page.value("sessions-40-content") == "第41次共同備課與教學觀察紀錄討論"
    assert page.value("name") == "新名稱"
    assert Session.objects.filter(application=application).count() == stored
    assert Application.objects.get(pk=application.pk).name != "新名稱"


def test_more_members_than_the_year_allows_are_refused(client, application, program):
    program.max_members = 5
    program.save()
    client.force_login(application.convenor)
    data = form_post_data(application, action="save", **_members(application, 6))

    page = Page(client.post(form_url(application), data))

    assert "本學年度社群成員至多 5 人，請刪除多餘的列後再儲存。" in page.field_text("members")
    assert Member.objects.filter(application=application).count() == 3


def test_a_form_far_beyond_the_field_limit_keeps_what_was_saved(client, application):
    before = Application.objects.get(pk=application.pk)
    client.force_login(application.convenor)
    data = form_post_data(application, action="save", name="不會儲存", **_sessions(400))
    assert _field_count(data) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    response = client.post(form_url(application), data)

    assert response.status_code == 400
    text = Page(response).visible_text()
    assert "送出的表單超過 3000 個欄位，本次的內容沒有儲存；先前已儲存的內容都還在。" in text
    assert "109學年度社群申請書的社群成員至多 60 人、進度規劃至多 40 場" in text
    assert Page(response).root is not None
    assert f'href="{form_url(application)}"' in response.content.decode()
    after = Application.objects.get(pk=application.pk)
    assert after.name == before.name
    assert Session.objects.filter(application=application).count() == 6
    page = Page(client.get(form_url(application)))
    assert page.value("name") == before.name


@pytest.mark.parametrize(
    ("prefix", "url_name", "message"),
    [
        ("sessions", "communities:session_row", "本學年度進度規劃至多 40 場"),
        ("members", "communities:member_row", "本學年度社群成員至多 60 人"),
    ],
)
def test_no_row_is_added_past_the_limit(client, application, prefix, url_name, message):
    client.force_login(application.convenor)
    limit = 40 if prefix == "sessions" else 60
    url = reverse(url_name, args=[application.pk])

    below = client.get(url, {f"{prefix}-TOTAL_FORMS": str(limit - 1)})
    at = client.get(url, {f"{prefix}-TOTAL_FORMS": str(limit)})

    assert f'name="{prefix}-{limit - 1}-' in below.content.decode()
    assert at["HX-Reswap"] == "none"
    body = at.content.decode()
    assert message in body and f'id="{prefix}-limit"' in body and "<tr" not in body


def test_the_center_cannot_raise_a_row_limit_past_what_the_site_takes(program):
    from django.core.exceptions import ValidationError

    program.max_sessions = MAX_ROWS + 1
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "max_sessions" in error.value.message_dict
