from decimal import Decimal

import pytest
from django.utils import timezone

from demo.people import DEMO_PASSWORD
from people.models import AllianceCircle, ExamWeakness, Role, School, User
from programs.models import ProgramYear

pytestmark = pytest.mark.django_db


def test_demo_has_schools_of_both_stages_across_districts_and_class_counts(demo):
    schools = School.objects.select_related("stage", "district")
    assert schools.count() >= 12
    assert {s.stage.name for s in schools} == {"國小", "國中"}
    assert len({s.district_id for s in schools}) >= 5
    assert any(s.class_count >= 12 for s in schools) and any(s.class_count <= 11 for s in schools)
    for stage in ("國小", "國中"):
        counts = [s.class_count for s in schools if s.stage.name == stage]
        assert min(counts) <= 11 < 12 <= max(counts), stage
    assert AllianceCircle.objects.filter(schools__isnull=False).distinct().count() == 2


def test_demo_flags_one_school_weak_in_math(demo):
    flagged = ExamWeakness.objects.filter(
        domain__name="數學", academic_year__in=[106, 107], percent__gte=Decimal("50")
    )
    assert flagged.values("school").distinct().count() == 1


@pytest.mark.parametrize(
    ("username", "role", "has_school"),
    [
        ("center", Role.CENTER, False),
        ("reviewer1", Role.REVIEWER, True),
        ("reviewer2", Role.REVIEWER, True),
        ("school1", Role.SCHOOL_ADMIN, True),
        ("school2", Role.SCHOOL_ADMIN, True),
        ("teacher1", Role.TEACHER, True),
        ("teacher2", Role.TEACHER, True),
        ("teacher3", Role.TEACHER, True),
    ],
)
def test_demo_accounts_sign_in_with_the_demo_password(demo, client, username, role, has_school):
    user = User.objects.get(username=username)
    assert user.role == role
    assert (user.school_id is not None) is has_school
    assert user.check_password(DEMO_PASSWORD)


def test_demo_accounts_belong_where_the_readme_says(demo):
    school = {u.username: u.school for u in User.objects.exclude(school=None)}
    assert school["school1"] != school["school2"]
    assert school["teacher1"] == school["teacher2"] == school["school1"]
    assert school["teacher3"] == school["school2"]
    assert school["reviewer1"] != school["reviewer2"]


def test_demo_window_includes_today_and_sessions_stay_in_the_academic_year(demo):
    program = ProgramYear.objects.get(academic_year=109)
    assert program.window_is_open()
    from communities.models import Session

    for session in Session.objects.exclude(date=None):
        assert program.contains(session.date)
    assert program.start_date.isoformat() == "2020-08-01"
    assert timezone.now() < program.application_closes_at


def test_demo_home_page_shows_the_published_announcements(demo, client):
    page = client.get("/").content.decode()
    assert "109學年度教師專業學習社群線上申辦開始" in page
    assert "鼓勵策略聯盟工作圈試辦跨校社群" in page


def test_announcement_dates_are_in_the_roc_calendar(demo, client):
    from core.roc import roc_date

    today = timezone.localdate()
    assert f"<time>{roc_date(today)}</time>" in client.get("/").content.decode()


def test_demo_center_and_reviewers_sign_in_with_the_readmes_authenticator_secret(demo, client):
    """The README's secret in an authenticator app gives the code that passes 兩步驟驗證."""
    from base64 import b32decode
    from pathlib import Path

    from django.urls import reverse
    from django_otp.oath import totp

    from demo.second_factor import DEMO_TOTP_SECRET

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert DEMO_TOTP_SECRET in readme
    client.post(reverse("login"), {"username": "center", "password": DEMO_PASSWORD})
    code = f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"
    response = client.post(reverse("signin:two_factor_verify"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("center:home")).status_code == 200
