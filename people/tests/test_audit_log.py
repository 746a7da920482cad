"""Every change to rules, schools and accounts is recorded (who, when, old → new) for the center."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from people.models import District, School, User
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import CommunityType
from programs.tests.admin_forms import admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.audit]


@pytest.fixture
def center(client):
    user = UserFactory(center=True, name="林中心")
    client.force_login(user)
    return user


def change_in_admin(client, url: str, **changes) -> None:
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_school_change_records_who_and_old_and_new(client, center):
    school = SchoolFactory(name="市立下營國中", class_count=14)
    north = District.objects.get(name="北區")
    change_in_admin(
        client,
        reverse("admin:people_school_change", args=[school.pk]),
        class_count="20",
        district=str(north.pk),
    )
    entry = LogEntry.objects.get_for_object(school).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == center
    assert entry.changes_dict["class_count"] == ["14", "20"]

    html = client.get(reverse("people:audit_log")).content.decode()
    assert "林中心" in html
    assert "市立下營國中" in html
    assert "班級數：14 → 20" in html
    assert "行政區：東區 → 北區" in html


def test_rule_change_records_who_and_old_and_new(client, center):
    community_type = CommunityType.objects.get(program__academic_year=109, number=2)
    change_in_admin(
        client,
        reverse("admin:programs_communitytype_change", args=[community_type.pk]),
        base_amount="16000",
    )
    entry = LogEntry.objects.get_for_object(community_type).get()
    assert entry.actor == center
    assert entry.changes_dict["base_amount"] == ["15000", "16000"]
    html = client.get(reverse("people:audit_log")).content.decode()
    assert "社群類型" in html
    assert "2. 初階學習社群" in html
    assert "基本補助(元)：15000 → 16000" in html


def test_account_role_change_shows_the_role_names(client, center):
    teacher = UserFactory(teacher=True, username="t1")
    change_in_admin(
        client, reverse("admin:people_user_change", args=[teacher.pk]), role="school_admin"
    )
    html = client.get(reverse("people:audit_log")).content.decode()
    assert "角色：教師 → 學校承辦人" in html


def test_import_is_recorded_with_the_importer(client, center):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people.tests.import_files import SCHOOL_HEADER, csv_bytes

    rows = [SCHOOL_HEADER, ["214503", "市立六甲國中", "六甲區", "國中", "9", ""]]
    client.post(
        reverse("people:import_schools"), {"file": SimpleUploadedFile("s.csv", csv_bytes(rows))}
    )
    entry = LogEntry.objects.get_for_object(School.objects.get(code="214503")).get()
    assert entry.actor == center
    assert entry.action == LogEntry.Action.CREATE


def test_filter_by_model_shows_only_that_kind(client, center):
    SchoolFactory(name="市立甲國中")
    UserFactory(teacher=True, username="only-user")
    school_type = ContentType.objects.get_for_model(School)
    response = client.get(reverse("people:audit_log"), {"model": school_type.pk})
    rows = response.context["rows"]
    assert rows and {row.model for row in rows} == {"學校"}
    assert "市立甲國中" in response.content.decode()
    assert "only-user" not in response.content.decode()


def test_audit_log_is_paginated_with_a_bounded_number_of_queries(
    client, center, django_assert_max_num_queries
):
    for n in range(60):
        school = SchoolFactory(class_count=10)
        school.class_count = 11 + n % 5
        school.district = District.objects.order_by("?").first()
        school.save()
    with django_assert_max_num_queries(15):
        response = client.get(reverse("people:audit_log"))
    assert len(response.context["rows"]) == 50
    assert "第 1 / " in response.content.decode()
    second = client.get(reverse("people:audit_log"), {"page": 2})
    assert second.context["page"].number == 2


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_others_cannot_read_the_audit_log(client, role):
    client.force_login(UserFactory(**{role: True}))
    response = client.get(reverse("people:audit_log"))
    assert response.status_code == 403


def test_audited_models_cover_rules_schools_and_accounts():
    from auditlog.registry import auditlog

    for model in [School, User, District, CommunityType]:
        assert auditlog.contains(model)


def test_dates_show_in_the_roc_calendar_and_new_rows_show_their_values(client, center):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from programs.models import ProgramYear

    program = ProgramYear.objects.get(academic_year=109)
    program.application_closes_at = datetime(2020, 10, 15, 17, 0, tzinfo=ZoneInfo("Asia/Taipei"))
    program.save()
    SchoolFactory(name="市立新設國小", class_count=7)
    html = client.get(reverse("people:audit_log")).content.decode()
    assert "申請截止時間：109/09/30 17:00 → 109/10/15 17:00" in html
    assert "班級數：7<" in html or "班級數：7\n" in html
