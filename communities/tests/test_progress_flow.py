"""流程進度 shows the whole flow as steps, in the order of the workflow's table, the current one
marked, with who acts next and the deadline it waits on with the days left."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.selectors import application_flow
from communities.tests.helpers import NS, Page, teacher_with_application
from testsupport.flow import application_in

pytestmark = pytest.mark.django_db

MAIN_WAY = [
    workflow.DRAFT,
    workflow.SUBMITTED,
    workflow.SCHOOL_ACCEPTED,
    workflow.SENT_TO_CENTER,
    workflow.UNDER_REVIEW,
    workflow.FIRST_PASSED,
    workflow.APPROVED,
    workflow.REPORT_REVIEW,
    workflow.REPORT_FORWARDED,
    workflow.CLOSED,
]


def _page(client, application) -> Page:
    client.force_login(application.convenor)
    return Page(client.get(reverse("communities:progress", args=[application.pk])))


def test_a_draft_shows_every_step_of_the_usual_way_the_first_marked(client, program):
    program.application_closes_at = timezone.now() + timedelta(days=10)
    program.save()
    application = teacher_with_application(program)
    page = _page(client, application)

    steps = page.root.findall(".//h:ol[@class='flow-steps']/h:li", NS)
    assert [s.get("id") for s in steps] == [f"step-{key}" for key in MAIN_WAY]
    labels = [page.text(f"step-{key}") for key in MAIN_WAY]
    for key, text in zip(MAIN_WAY, labels, strict=True):
        assert str(workflow.WORKFLOW[key].label) in text
    assert steps[0].get("aria-current") == "step"
    nxt = page.text("flow-next")
    assert "下一步：由召集人「送出」" in nxt
    assert "社群申請截止" in nxt and "剩 10 天" in nxt


def test_after_sending_the_first_step_is_done_and_the_school_acts(client, program):
    application = application_in(workflow.SUBMITTED, program)
    page = _page(client, application)

    assert "done" in page.by_id("step-draft").get("class")
    assert page.by_id("step-submitted").get("aria-current") == "step"
    assert "下一步：由學校承辦人「審核通過」或「退回修正」" in page.text("flow-next")


def test_a_return_shows_after_the_step_it_came_from(program):
    application = application_in(workflow.RETURNED, program)
    keys = [step.key for step in application_flow(application=application)]

    assert keys[:3] == [workflow.DRAFT, workflow.SUBMITTED, workflow.RETURNED]
    current = next(s for s in application_flow(application=application) if s.place == "current")
    assert current.key == workflow.RETURNED and current.side
    assert current.next_actions == [("召集人", "「送出」")]


def test_a_closed_flow_has_no_next_step(program):
    application = application_in(workflow.REJECTED, program)
    current = next(s for s in application_flow(application=application) if s.place == "current")

    assert current.key == workflow.REJECTED and current.next_actions == []
    assert current.deadline is None
