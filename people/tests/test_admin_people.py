"""The center keeps schools and accounts in the admin; an account's role decides its access."""

import pytest
from django.urls import reverse

from people.models import ExamWeakness, Role, User
from people.tests.factories import AllianceCircleFactory, SchoolFactory, UserFactory
from programs.models import Domain
from programs.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def test_center_creates_a_center_account_that_gets_admin_access(center_client):
    response = center_client.post(
        reverse("admin:people_user_add"),
        {
            "username": "newcenter",
            "name": "新中心",
            "email": "newcenter@example.tw",
            "role": Role.CENTER,
            "school": "",
            "usable_password": "true",
            "password1": "Another-strong-109",
            "password2": "Another-strong-109",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newcenter")
    assert user.is_staff
    assert user.groups.filter(name="中心承辦").exists()
    assert user.check_password("Another-strong-109")


def test_changing_a_role_in_the_admin_grants_or_removes_admin_access(center_client):
    teacher = UserFactory(teacher=True)
    url = reverse("admin:people_user_change", args=[teacher.pk])
    data = admin_form_data(center_client.get(url))
    data["role"] = Role.CENTER
    assert center_client.post(url, data).status_code == 302
    teacher.refresh_from_db()
    assert teacher.is_staff and teacher.groups.filter(name="中心承辦").exists()

    data["role"] = Role.TEACHER
    assert center_client.post(url, data).status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_staff and not teacher.groups.exists()


def test_user_form_does_not_offer_superuser_or_permissions_to_the_center(center_client):
    teacher = UserFactory(teacher=True)
    form = (
        center_client.get(reverse("admin:people_user_change", args=[teacher.pk]))
        .context["adminform"]
        .form
    )
    assert {"name", "role", "school", "email"} <= set(form.fields)
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)


def test_center_cannot_change_a_superuser(center_client):
    root = UserFactory(is_superuser=True, username="root")
    response = center_client.get(reverse("admin:people_user_change", args=[root.pk]))
    html = response.content.decode()
    assert 'name="username"' not in html  # shown read-only, not as a form
    response = center_client.post(
        reverse("admin:people_user_change", args=[root.pk]),
        {"username": "hacked", "name": "x", "role": "teacher"},
    )
    assert response.status_code == 403
    assert User.objects.filter(username="root").exists()


def test_user_list_shows_name_role_and_school(center_client):
    UserFactory(teacher=True, name="曾鼎育", school=SchoolFactory(name="市立下營國中"))
    html = center_client.get(reverse("admin:people_user_changelist")).content.decode()
    assert "曾鼎育" in html and "教師" in html and "市立下營國中" in html


def test_school_list_filters_by_district_stage_and_circle(center_client):
    SchoolFactory(name="市立東區國中", alliance_circle=AllianceCircleFactory(name="南區"))
    elementary = SchoolFactory(name="市立麻豆國小", elementary=True)
    response = center_client.get(
        reverse("admin:people_school_changelist"), {"stage__id__exact": elementary.stage_id}
    )
    html = response.content.decode()
    assert "市立麻豆國小" in html and "市立東區國中" not in html
    assert 'data-filter-title="行政區"' in html
    assert 'data-filter-title="策略聯盟工作圈"' in html


def test_school_form_edits_exam_figures_inline_with_validation(center_client):
    school = SchoolFactory()
    url = reverse("admin:people_school_change", args=[school.pk])
    response = center_client.get(url)
    data = admin_form_data(response)
    math = Domain.objects.get(kind=Domain.Kind.DOMAIN, name="數學")
    data.update(
        {
            "exam_weaknesses-TOTAL_FORMS": "1",
            "exam_weaknesses-0-domain": str(math.pk),
            "exam_weaknesses-0-academic_year": "107",
            "exam_weaknesses-0-percent": "130",
        }
    )
    response = center_client.post(url, data)
    assert response.status_code == 200
    assert "100" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not ExamWeakness.objects.exists()

    data["exam_weaknesses-0-percent"] = "52.5"
    assert center_client.post(url, data).status_code == 302
    assert ExamWeakness.objects.get(school=school).percent == 52.5


def test_school_form_offers_only_domains_not_grades(center_client):
    school = SchoolFactory()
    response = center_client.get(reverse("admin:people_school_change", args=[school.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    offered = set(formset.empty_form.fields["domain"].queryset.values_list("kind", flat=True))
    assert offered == {Domain.Kind.DOMAIN}


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:people_school_changelist",
        "admin:people_district_changelist",
        "admin:people_alliancecircle_changelist",
        "admin:people_user_changelist",
    ],
)
def test_center_opens_people_lists(center_client, url_name):
    response = center_client.get(reverse(url_name))
    assert response.status_code == 200
