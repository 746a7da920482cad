import pytest

from communities import workflow
from communities.models import Application
from people.tests.factories import UserFactory

from .builders import make_application, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded_rules(transactional_db):
    """An earlier transactional test's flush takes the migrations' seeded rows with it; put the
    109 rules and the districts back (the seed functions skip what already exists)."""
    from django.apps import apps

    from programs.seed_109 import seed_districts, seed_program, seed_reference

    seed_districts(apps)
    seed_reference(apps)
    seed_program(apps)


def test_school_admin_returns_one_accepts_the_rest_and_sends_the_package(login, program, tmp_path):
    from people.tests.factories import SchoolFactory

    school = SchoolFactory(name="市立下營國中", class_count=14)
    UserFactory(username="sa", school_admin=True, school=school)
    returned = make_application(school=school, name="成員不足社群")
    for n in range(4):
        make_application(school=school, name=f"數學社群{n}", status=workflow.SCHOOL_ACCEPTED)
    signed = tmp_path / "總表核章.pdf"
    signed.write_bytes(pdf_bytes())

    page = login("sa")
    assert page.url.endswith("/school/applications/")
    assert page.get_by_role("button", name="送中心").is_disabled()
    assert page.get_by_text("尚有 1 件申請待學校審核（成員不足社群）").is_visible()

    page.get_by_role("row", name="成員不足社群").get_by_role("link", name="審核").click()
    page.get_by_label("退回修正").check()
    page.get_by_role("button", name="確定").click()
    assert page.get_by_text("退回修正時請填寫退回原因").is_visible()
    page.get_by_label("意見").fill("成員需至少 3 位，請補齊。")
    page.get_by_role("button", name="確定").click()
    assert page.get_by_text("已將「成員不足社群」退回修正，並通知召集人。").is_visible()
    assert page.get_by_text("退回原因：成員需至少 3 位，請補齊。").is_visible()

    page.get_by_label("核章完成之申請總表(PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="上傳").click()
    assert page.get_by_role("link", name="總表核章.pdf").is_visible()

    page.get_by_role("button", name="送中心").click()
    assert page.get_by_text("已彙整送中心").first.is_visible()
    assert Application.objects.filter(status=workflow.SENT_TO_CENTER).count() == 4
    assert Application.objects.get(pk=returned.pk).status == workflow.RETURNED
