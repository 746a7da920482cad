"""Nothing typed into the 社群申請書 is lost: the autosave keeps it until 儲存, and a save from a
page loaded before another save is refused with the page's text kept."""

import pytest

from communities.models import Application
from communities.tests.helpers import Page, form_post_data, form_url, teacher_with_application
from core.models import AutosavedForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(program):
    return teacher_with_application(program)


def typed(application, page="this-tab", **changes):
    """What a page posts: the form, the version it was loaded at and its own token."""
    data = form_post_data(application, **changes)
    data["version"] = str(Application.objects.get(pk=application.pk).plan_version)
    data["page"] = page
    return data


def test_an_autosave_keeps_the_text_without_writing_the_application(client, application):
    client.force_login(application.convenor)

    response = client.post(
        form_url(application), typed(application, name="打到一半", action="autosave")
    )

    answer = response.json()
    assert answer["message"].startswith("已自動儲存 ") and answer["stale"] is False
    assert Application.objects.get(pk=application.pk).name == ""
    assert AutosavedForm.objects.get().key == f"application:{application.pk}:plan"


def test_the_page_reopened_gives_the_autosaved_text_back(client, application):
    client.force_login(application.convenor)
    client.post(
        form_url(application),
        typed(application, name="打到一半", **{"sessions-0-date": "109/13/40"}, action="autosave")
        | {
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "0",
            "sessions-0-content": "備課",
        },
    )

    page = Page(client.get(form_url(application)))

    assert page.value("name") == "打到一半"
    assert page.value("sessions-0-date") == "109/13/40"
    assert "已還原您在" in page.text("autosave-restored")


def test_discarding_returns_to_the_stored_version(client, application):
    client.force_login(application.convenor)
    client.post(form_url(application), typed(application, name="不要了", action="autosave"))

    response = client.get(form_url(application) + "?discard=1", follow=True)

    assert Page(response).value("name") == ""
    assert not AutosavedForm.objects.exists()


def test_saving_writes_the_text_and_forgets_the_autosave(client, application):
    client.force_login(application.convenor)
    client.post(form_url(application), typed(application, name="草稿名", action="autosave"))

    client.post(form_url(application), typed(application, name="正式名", action="save"))

    assert Application.objects.get(pk=application.pk).name == "正式名"
    assert not AutosavedForm.objects.exists()


def test_a_save_from_a_stale_tab_is_refused_and_its_text_kept(client, application):
    """Two tabs loaded the same version; the first saves; the second's save would overwrite it."""
    client.force_login(application.convenor)
    second_tab = typed(application, page="second", name="第二個分頁的名稱", action="save")
    client.post(
        form_url(application),
        typed(application, page="first", name="第一個分頁的名稱", action="save"),
    )

    response = client.post(form_url(application), second_tab)

    assert response.status_code == 409
    page = Page(response)
    assert "此表單已在其他分頁或裝置儲存了較新的內容" in page.text("autosave-conflict")
    assert page.value("name") == "第二個分頁的名稱"
    assert Application.objects.get(pk=application.pk).name == "第一個分頁的名稱"
    assert AutosavedForm.objects.get().data  # the text is kept for later too
    assert "載入最新版本" in page.text("autosave-conflict")


def test_an_autosave_from_a_stale_tab_says_so_at_once(client, application):
    client.force_login(application.convenor)
    stale = typed(application, page="old", name="舊分頁", action="autosave")
    client.post(form_url(application), typed(application, page="new", name="新的", action="save"))

    answer = client.post(form_url(application), stale).json()

    assert answer["stale"] is True and "其他分頁或裝置" in answer["stale_message"]


def test_reopening_a_stale_autosave_shows_the_conflict(client, application):
    client.force_login(application.convenor)
    client.post(form_url(application), typed(application, name="舊分頁", action="autosave"))
    # Meanwhile the convenor saves from a second device.
    client.post(
        form_url(application), form_post_data(application, name="另一台裝置", action="save")
    )

    page = Page(client.get(form_url(application)))

    assert page.value("name") == "舊分頁"
    assert page.by_id("autosave-conflict").get("hidden") is None


def test_a_page_without_the_version_still_saves(client, application):
    client.force_login(application.convenor)
    data = form_post_data(application, name="沒有版本", action="save")

    client.post(form_url(application), data)

    assert Application.objects.get(pk=application.pk).name == "沒有版本"


def test_someone_else_cannot_autosave_into_the_form(client, application):
    from people.tests.factories import UserFactory

    client.force_login(UserFactory(school_admin=True, school=application.school))

    response = client.post(form_url(application), typed(application, action="autosave"))

    assert response.status_code in (403, 409)
    assert not AutosavedForm.objects.exists()


def budget_url(application):
    from django.urls import reverse

    return reverse("communities:budget_form", args=[application.pk])


def budget_typed(application, page="this-tab", **rows):
    data = {"version": str(Application.objects.get(pk=application.pk).budget_version), "page": page}
    for number, (quantity, price) in rows.items():
        data[f"item_{number}_quantity"] = quantity
        data[f"item_{number}_unit_price"] = price
    return data


@pytest.fixture
def with_budget(program):
    from communities.tests.helpers import complete_plan

    return complete_plan(teacher_with_application(program), requests_budget=True)


def test_the_budget_is_autosaved_and_given_back(client, with_budget):
    client.force_login(with_budget.convenor)

    client.post(
        budget_url(with_budget),
        {**budget_typed(with_budget, **{"7": ("1", "12abc")}), "action": "autosave"},
    )

    page = Page(client.get(budget_url(with_budget)))
    assert page.value("item_7_unit_price") == "12abc"
    assert "已還原您在" in page.text("autosave-restored")
    assert not with_budget.budget_lines.exists()


def test_a_budget_save_from_a_stale_tab_is_refused(client, with_budget):
    client.force_login(with_budget.convenor)
    stale = budget_typed(with_budget, page="second", **{"7": ("1", "900")})
    client.post(
        budget_url(with_budget), budget_typed(with_budget, page="first", **{"7": ("1", "500")})
    )

    response = client.post(budget_url(with_budget), stale)

    assert response.status_code == 409
    page = Page(response)
    assert page.value("item_7_unit_price") == "900"
    assert "其他分頁或裝置" in page.text("autosave-conflict")
    assert with_budget.budget_lines.get(item__number=7).unit_price == 500
