"""In a real browser: what is typed is autosaved and comes back; leaving with changes asks."""

import pytest
from playwright.sync_api import expect

from communities.models import Application
from communities.tests.helpers import teacher_with_application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_rules"),
]


def test_typing_is_autosaved_and_restored_and_leaving_unsaved_asks(login, program):
    application = teacher_with_application(program)
    page = login(application.convenor.username)
    page.goto(f"/community/{application.pk}/form/")

    page.get_by_label("社群名稱").fill("自動儲存的社群名稱")
    expect(page.locator("#autosave-status")).to_contain_text("已自動儲存", timeout=8000)
    assert Application.objects.get(pk=application.pk).name == ""

    page.reload()
    expect(page.get_by_label("社群名稱")).to_have_value("自動儲存的社群名稱")
    expect(page.locator("#autosave-restored")).to_contain_text("已還原您在")

    page.get_by_label("社群名稱").fill("還沒自動儲存就離開")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="關閉").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("社群名稱")).to_have_value("還沒自動儲存就離開")

    with page.expect_navigation():
        page.get_by_role("button", name="儲存", exact=True).click()
    assert Application.objects.get(pk=application.pk).name == "還沒自動儲存就離開"
