"""What the review tests share: the year's 審查表 and options by their words, and the data the
審查表 posts."""

from django.urls import reverse

from communities import workflow
from communities.models import Application
from programs.models import RecommendationOption, ReviewCriterion
from reviews.selectors import criteria_for


def review_url(application) -> str:
    return reverse("reviews:review", args=[application.pk])


def decide_url(application) -> str:
    return reverse("reviews:decide", args=[application.pk])


def option(program, stage: str, label: str) -> RecommendationOption:
    return RecommendationOption.objects.get(program=program, stage=stage, label=label)


def criterion(program, name: str) -> ReviewCriterion:
    return ReviewCriterion.objects.get(program=program, name=name)


def review_form(
    application: Application,
    *,
    recommendation: str | None = None,
    scores: dict[str, object] | None = None,
    all_scores: object = None,
    opinion: str = "",
    amount: object = "",
    submit: bool = False,
) -> dict:
    """The 審查表 as the browser posts it: ``scores`` by criterion name (``all_scores`` for every
    criterion not named), the 審查建議 by its words."""
    application = Application.objects.select_related("program").get(pk=application.pk)
    stage = workflow.WORKFLOW[application.status].review_stage
    data = {"opinion": opinion, "recommended_amount": amount, "submit": "1" if submit else "0"}
    for c in criteria_for(program=application.program, stage=stage):
        value = (scores or {}).get(c.name, all_scores)
        data[f"score_{c.pk}"] = "" if value is None else str(value)
    if recommendation:
        data["recommendation"] = option(application.program, stage, recommendation).pk
    return data
