"""An action taken twice (a double click, two tabs, two people) happens once; the second time the
person reads that it was done already and where the application stands, never a refusal page."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from communities import workflow
from communities.models import Application, Transition
from communities.services import application_submit
from communities.tests.helpers import Page, form_post_data, form_url, ready_application
from people.tests.factories import UserFactory
from summaries.tests.builders import make_application, upload_signed_summary
from testsupport.flow import application_in, submit_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(program):
    return ready_application(program)


def _twice(client, url, data):
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    return first, second


def _notice(response) -> str:
    return Page(response).visible_text()


def _progress(application) -> str:
    return reverse("communities:progress", args=[application.pk])


def _transitions(application, action) -> int:
    return Transition.objects.filter(application=application, action=action).count()


def test_submitting_twice_from_the_progress_page_sends_once(client, ready):
    client.force_login(ready.convenor)
    first, second = _twice(client, reverse("communities:submit", args=[ready.pk]), {"confirm": "1"})

    assert "已送出，狀態為「已送出待學校審核」" in _notice(first)
    assert second.redirect_chain[-1][0] == _progress(ready)
    notice = _notice(second)
    assert "「送出」已於" in notice
    assert (
        f"由 {ready.convenor.name} 完成，目前狀態為「已送出待學校審核」，不需再次執行。" in notice
    )
    assert _transitions(ready, "submit") == 1


def test_submitting_from_a_second_tab_of_the_form_says_it_was_sent(client, ready):
    client.force_login(ready.convenor)
    data = form_post_data(ready, action="submit")
    client.post(form_url(ready), data)
    client.post(reverse("communities:submit", args=[ready.pk]), {"confirm": "1"})
    second = client.post(form_url(ready), data, follow=True)

    assert second.redirect_chain[-1][0] == _progress(ready)
    assert "「送出」已於" in _notice(second)
    assert "目前狀態為「已送出待學校審核」" in _notice(second)
    assert _transitions(ready, "submit") == 1


@pytest.mark.parametrize(
    ("decision", "action", "label", "status"),
    [
        ("accept", "school_accept", "審核通過", "學校已審核待彙整"),
        ("return", "school_return", "退回修正", "學校退回修正"),
    ],
)
def test_the_schools_decision_taken_twice_is_recorded_once(
    client, ready, decision, action, label, status
):
    application_submit(application=ready, by=ready.convenor)
    admin = UserFactory(school_admin=True, school=ready.school)
    client.force_login(admin)
    url = reverse("summaries:review", args=[ready.pk])
    data = {"decision": decision, "comment": "請補充成員職任", "confirm": "1"}
    first, second = _twice(client, url, data)

    assert second.redirect_chain[-1][0] == _progress(ready)
    assert f"「{label}」已於" in _notice(second)
    assert f"目前狀態為「{status}」，不需再次執行。" in _notice(second)
    assert _transitions(ready, action) == 1


def test_a_second_center_decision_on_a_decided_stage_says_who_decided(client, program):
    application = application_in(workflow.UNDER_REVIEW, program)
    submit_review(
        application, application.review_assignments.get().reviewer, opinion="計畫完整，同意通過。"
    )
    first_staff, second_staff = UserFactory(center=True), UserFactory(center=True)
    url = reverse("reviews:decide", args=[application.pk])
    decision = {"action": "first_pass", "comment": "委員建議通過。", "confirm": "1"}
    client.force_login(first_staff)
    client.post(url, decision)
    client.force_login(second_staff)
    second = client.post(url, decision, follow=True)

    assert second.redirect_chain[-1][0] == _progress(application)
    notice = _notice(second)
    assert "「初審通過」已於" in notice and f"由 {first_staff.name} 完成" in notice
    assert _transitions(application, "first_pass") == 1


def test_sending_the_package_twice_says_it_was_sent(client, program):
    admin = UserFactory(school_admin=True)
    school = admin.school
    for _ in range(4):
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED)
    upload_signed_summary(school=school, program=program, admin=admin)
    client.force_login(admin)
    url = reverse("summaries:package_submit")
    first, second = _twice(client, url, {"year": 109, "confirm": "1"})

    assert "已彙整送中心" in _notice(first)
    notice = _notice(second)
    assert "本校申請總表已於" in notice
    assert f"由 {admin.name} 送中心，目前沒有新的申請待送出。" in notice
    assert "無法送中心" not in notice
    assert Transition.objects.filter(action="school_send").count() == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need a server database to race on"
)
@pytest.mark.usefixtures("seeded_rules")
def test_two_simultaneous_submits_record_one_transition(program):
    ready = ready_application(program)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait()
            application_submit(application=Application.objects.get(pk=ready.pk), by=ready.convenor)
            outcomes.append("sent")
        except workflow.ActionUnavailable:
            outcomes.append("already")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "sent"]
    assert _transitions(ready, "submit") == 1
