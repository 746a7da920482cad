"""流程紀錄 as each page shows it: every step with its time in Taiwan, the action's words, both
states, who acted and why, as text; on 流程進度 each cell named for the phone's cards."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.models import Transition
from communities.tests.helpers import NS, Page
from summaries.services import school_review
from testsupport.flow import application_in, school_admin_of

pytestmark = pytest.mark.django_db


def test_a_returned_application_shows_who_returned_it_and_why(client, program):
    application = application_in(workflow.SUBMITTED, program)
    admin = school_admin_of(application)
    admin.name = "<i>教務</i>主任"
    admin.save()
    school_review(
        application=application, accept=False, comment="<b>請補充</b>\n進度規劃", by=admin
    )
    returned = Transition.objects.filter(application=application).latest("at", "id")
    client.force_login(application.convenor)

    page = Page(client.get(reverse("communities:progress", args=[application.pk])))
    row = page.by_id("history").findall(".//h:tbody/h:tr", NS)[-1]
    cells = {td.get("data-label"): "".join(td.itertext()) for td in row.iterfind("h:td", NS)}

    local = timezone.localtime(returned.at)
    assert cells == {
        "時間": f"{local.year - 1911}/{local:%m/%d %H:%M}",
        "動作": "退回修正",
        "狀態": "已送出待學校審核 → 學校退回修正",
        "執行者": "<i>教務</i>主任",  # text, not markup
        "意見": "<b>請補充</b>\n進度規劃",
    }
    assert row.findall("h:td", NS)[-1].get("class") == "pre"
