"""The center edits the year's rules in the admin, in Chinese, with validation next to the field."""

import re

import pytest
from django.urls import reverse

from people.tests.factories import UserFactory
from programs.models import CommunityType, PremiumRate, ProgramYear, QuotaRule
from programs.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def type_one():
    return CommunityType.objects.get(program__academic_year=109, number=1)


def error_next_to(html: str, field: str, message: str) -> bool:
    """The message sits in the field's own row of the admin form."""
    row = re.search(rf'<div class="[^"]*field-{field}[^"]*">(.*?)</div>\s*</div>', html, re.S)
    return row is not None and message in row.group(1)


def test_admin_index_is_in_chinese_and_lists_the_rules(center_client):
    html = center_client.get(reverse("admin:index")).content.decode()
    assert "教師專業學習社群申辦平台 管理" in html
    for label in [
        "年度計畫規則",
        "社群類型",
        "學年領域學習社群申辦數量",
        "經費項目",
        "人員與學校",
        "學校",
    ]:
        assert label in html
    assert "中心端工具" in html
    assert reverse("people:import_schools") in html
    assert reverse("people:audit_log") in html


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:programs_programyear_changelist",
        "admin:programs_communitytype_changelist",
        "admin:programs_quotarule_changelist",
        "admin:programs_option_changelist",
        "admin:programs_budgetitem_changelist",
        "admin:programs_lecturerfeerate_changelist",
        "admin:programs_premiumrate_changelist",
        "admin:programs_contentvariant_changelist",
        "admin:programs_stage_changelist",
        "admin:programs_domain_changelist",
    ],
)
def test_center_opens_every_rules_list(center_client, url_name):
    response = center_client.get(reverse(url_name))
    assert response.status_code == 200
    assert "新增" in response.content.decode()


def test_community_type_list_shows_amounts_and_ceilings(center_client):
    html = center_client.get(reverse("admin:programs_communitytype_changelist")).content.decode()
    assert "同校上限(元)" in html and "跨校上限(元)" in html
    assert "20,000" in html and "25,000" in html and "50,000" in html


def test_program_year_form_shows_every_rule_inline(center_client):
    program = ProgramYear.objects.get(academic_year=109)
    response = center_client.get(reverse("admin:programs_programyear_change", args=[program.pk]))
    html = response.content.decode()
    for text in [
        "學年領域學習社群",
        "初階學習社群",
        "外聘諮詢費",
        "身心素質與自我精進",
        "其他類型社群",
    ]:
        assert text in html
    quota_form = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is QuotaRule
    )
    offered = set(quota_form.forms[0].fields["community_type"].queryset)
    assert offered == set(CommunityType.objects.filter(program=program))


@pytest.mark.parametrize("url_name", ["admin:index", "admin:programs_communitytype_changelist"])
@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_other_roles_cannot_use_the_admin(client, url_name, role):
    client.force_login(UserFactory(**{role: True}))
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:programs_communitytype_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_negative_base_amount_is_refused_with_a_message_next_to_the_field(center_client):
    url = reverse("admin:programs_communitytype_change", args=[type_one().pk])
    data = admin_form_data(center_client.get(url))
    data["base_amount"] = "-100"
    response = center_client.post(url, data)
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "base_amount", "不可為負數。")
    assert type_one().base_amount == 3000


def test_negative_premium_rate_is_refused(center_client):
    rate = PremiumRate.objects.get(rate_percent="2.11")
    url = reverse("admin:programs_premiumrate_change", args=[rate.pk])
    data = admin_form_data(center_client.get(url))
    data["rate_percent"] = "-1"
    response = center_client.post(url, data)
    assert error_next_to(response.content.decode(), "rate_percent", "不可為負數。")
    rate.refresh_from_db()
    assert str(rate.rate_percent) == "2.11"


def test_quota_min_above_max_is_refused_with_the_reason(center_client):
    rule = QuotaRule.objects.get(stage__code="junior", classes_min=12)
    url = reverse("admin:programs_quotarule_change", args=[rule.pk])
    data = admin_form_data(center_client.get(url))
    data["min_communities"] = "9"
    data["max_communities"] = "8"
    response = center_client.post(url, data)
    assert error_next_to(
        response.content.decode(), "max_communities", "至多社群數不可小於至少社群數。"
    )
    rule.refresh_from_db()
    assert (rule.min_communities, rule.max_communities) == (4, 8)


def test_quota_min_above_max_is_refused_in_the_year_form_too(center_client):
    program = ProgramYear.objects.get(academic_year=109)
    url = reverse("admin:programs_programyear_change", args=[program.pk])
    response = center_client.get(url)
    data = admin_form_data(response)
    prefix = next(
        f.formset.prefix
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is QuotaRule
    )
    data[f"{prefix}-0-min_communities"] = "9"
    data[f"{prefix}-0-max_communities"] = "1"
    response = center_client.post(url, data)
    assert response.status_code == 200
    assert "至多社群數不可小於至少社群數。" in response.content.decode()
    assert not QuotaRule.objects.filter(min_communities=9).exists()


def test_year_form_saves_unchanged_when_nothing_is_wrong(center_client):
    program = ProgramYear.objects.get(academic_year=109)
    url = reverse("admin:programs_programyear_change", args=[program.pk])
    response = center_client.post(url, admin_form_data(center_client.get(url)))
    assert response.status_code == 302
    assert CommunityType.objects.filter(program=program).count() == 5


def test_a_changed_base_amount_is_the_new_ceiling_without_restart(center_client):
    url = reverse("admin:programs_communitytype_change", args=[type_one().pk])
    data = admin_form_data(center_client.get(url))
    data["base_amount"] = "4000"
    response = center_client.post(url, data)
    assert response.status_code == 302
    # The next request reads the row again: the new amount is the ceiling everywhere.
    assert type_one().ceiling(cross_school=False) == 4000
    assert type_one().ceiling(cross_school=True) == 6000
    html = center_client.get(reverse("admin:programs_communitytype_changelist")).content.decode()
    assert "4,000" in html and "6,000" in html
