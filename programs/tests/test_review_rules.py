"""The year's 審查表, reviewers' 審查建議 options and 利益迴避聲明 are rows the center edits.

The slides give no review criteria: 109 is seeded with four usual ones (programs/seed_109.py says
so), so these tests check that they are there, sensible and editable rather than their words."""

import pytest
from django.urls import reverse

from communities import workflow
from people.tests.factories import UserFactory
from programs.models import (
    REVIEW_STAGE_CHOICES,
    ProgramYear,
    RecommendationOption,
    ReviewCriterion,
)
from programs.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return ProgramYear.objects.get(academic_year=109)


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def test_the_review_stages_are_the_workflows(year):
    assert [key for key, _label in REVIEW_STAGE_CHOICES] == list(workflow.REVIEW_STAGES)
    assert [str(label) for _key, label in REVIEW_STAGE_CHOICES] == [
        str(label) for label in workflow.REVIEW_STAGES.values()
    ]
    year.first_review_due, year.second_review_due = None, None
    assert year.review_due(workflow.FIRST_REVIEW) is None


def test_109_has_a_review_form_for_both_stages(year):
    criteria = list(ReviewCriterion.objects.filter(program=year).order_by("order"))
    assert [c.name for c in criteria] == ["目標與需求", "運作規劃", "經費合理性", "預期成效"]
    assert sum(c.weight for c in criteria) == 100
    assert all(c.max_score == 10 and c.stage == "" for c in criteria)
    assert all(c.applies_to("first") and c.applies_to("second") for c in criteria)


def test_109_reviewers_recommend_in_their_own_words_per_stage(year):
    options = {
        stage: [(o.label, o.needs_amount) for o in year.recommendation_options.filter(stage=stage)]
        for stage in ("first", "second")
    }
    assert options == {
        "first": [("建議通過", False), ("建議修正後再審", False), ("建議不通過", False)],
        "second": [("建議核定", True), ("建議不通過", False)],
    }


def test_109_has_a_conflict_of_interest_statement(year):
    assert "利益衝突" in year.conflict_statement and "迴避" in year.conflict_statement


def test_the_center_edits_the_review_form_in_the_year_form(center_client, year):
    url = reverse("admin:programs_programyear_change", args=[year.pk])
    response = center_client.get(url)
    html = response.content.decode()
    for text in (
        "審查表",
        "目標與需求",
        "權重(%)",
        "滿分",
        "審查建議選項",
        "建議修正後再審",
        "利益迴避聲明",
    ):
        assert text in html
    data = admin_form_data(response)
    prefix = next(
        f.formset.prefix
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is ReviewCriterion
    )
    index = next(i for i in range(4) if data.get(f"{prefix}-{i}-name") == "經費合理性")
    data[f"{prefix}-{index}-weight"] = "30"
    response = center_client.post(url, data)
    assert response.status_code == 302
    assert ReviewCriterion.objects.get(program=year, name="經費合理性").weight == 30


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight", "0", "權重請填 1 至 100 的整數。"),
        ("weight", "120", "權重請填 1 至 100 的整數。"),
        ("max_score", "101", "滿分至多為 100 分。"),
        ("max_score", "0", "滿分至少為 1 分。"),
        ("max_score", "-1", "不可為負數。"),
    ],
)
def test_a_criterion_out_of_bounds_is_refused_at_its_field(
    center_client, year, field, value, message
):
    criterion = ReviewCriterion.objects.filter(program=year).first()
    url = reverse("admin:programs_reviewcriterion_change", args=[criterion.pk])
    data = admin_form_data(center_client.get(url))
    data[field] = value
    response = center_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"field-{field}" in html and message in html
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.max_score) == (25, 10)


def test_the_review_rules_lists_open_for_the_center(center_client):
    for name in (
        "admin:programs_reviewcriterion_changelist",
        "admin:programs_recommendationoption_changelist",
    ):
        html = center_client.get(reverse(name)).content.decode()
        assert "新增" in html
    html = center_client.get(reverse("admin:programs_reviewcriterion_changelist")).content.decode()
    assert "初審與複審" in html


def test_an_option_label_is_once_per_stage(year):
    from django.core.exceptions import ValidationError

    option = RecommendationOption(program=year, stage="first", label="建議通過")
    with pytest.raises(ValidationError):
        option.full_clean()
