import re

import pytest
from playwright.sync_api import expect

from communities import workflow
from communities.models import Application
from people.tests.factories import SchoolFactory, UserFactory
from printing.models import PrintRecord
from testsupport.flow import change_budget

from .builders import make_application, pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # Before the factories run: an earlier transactional test flushed the seeded rules.
    pytest.mark.usefixtures("seeded_rules"),
]


def test_school_admin_returns_one_accepts_the_rest_and_sends_the_package(login, program, tmp_path):
    school = SchoolFactory(name="市立下營國中", class_count=14)
    UserFactory(username="sa", school_admin=True, school=school)
    returned = make_application(school=school, name="成員不足社群")
    for n in range(4):
        make_application(school=school, name=f"數學社群{n}", status=workflow.SCHOOL_ACCEPTED)
    signed = tmp_path / "總表核章.pdf"
    signed.write_bytes(pdf_bytes())

    page = login("sa")
    page.get_by_role("link", name="1 件申請待學校審核").click()
    expect(page).to_have_url(re.compile(r"/school/applications/"))
    expect(page.get_by_role("button", name="送中心")).to_be_disabled()
    expect(page.get_by_text("尚有 1 件申請待學校審核（成員不足社群）")).to_be_visible()

    page.get_by_role("row", name="成員不足社群").get_by_role("link", name="審核").click()
    page.get_by_label("退回修正").check()
    page.get_by_role("button", name="確定").click()
    expect(page.get_by_text("退回修正時請填寫退回原因")).to_be_visible()
    page.get_by_label("意見").fill("成員需至少 3 位，請補齊。")
    page.get_by_role("button", name="確定").click()
    expect(page.locator("#confirm-applications")).to_contain_text("學校退回修正")
    page.get_by_role("button", name="確認退回修正").click()
    expect(page.get_by_text("已將「成員不足社群」退回修正，並通知召集人。")).to_be_visible()
    expect(page.get_by_text("退回原因：成員需至少 3 位，請補齊。")).to_be_visible()

    page.get_by_label("核章完成之申請總表(PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="上傳").click()
    expect(page.get_by_role("link", name="總表核章.pdf")).to_be_visible()
    # A scan without text: the admin confirms it is the summary as it stands.
    expect(page.get_by_role("button", name="送中心")).to_be_disabled()
    expect(page.get_by_text("無法從上傳的核章總表辨識文件編號")).to_be_visible()
    page.get_by_label("無法辨識文件編號：我已確認上傳的核章總表就是目前版本的申請總表").check()
    page.get_by_role("button", name="確認").click()
    expect(page.get_by_text("已確認上傳的核章總表為目前版本的申請總表。")).to_be_visible()

    page.get_by_role("button", name="送中心").click()
    expect(page.locator("#confirm-applications")).to_contain_text("學校已彙整送中心")
    page.get_by_role("button", name="確認送中心").click()
    expect(page.get_by_text("已彙整送中心").first).to_be_visible()
    assert Application.objects.filter(status=workflow.SENT_TO_CENTER).count() == 4
    assert Application.objects.get(pk=returned.pk).status == workflow.RETURNED


def test_school_admin_prints_the_summary_uploads_it_signed_and_sees_its_version(
    login, program, tmp_path
):
    """列印申請總表 (print page in a new tab) → 下載 PDF → 核章 → upload: the page names the
    printed version, then warns once an application's budget changes."""
    school = SchoolFactory(name="市立下營國中", class_count=14)
    UserFactory(username="sa", school_admin=True, school=school)
    make_application(school=school, name="數學社群", lines={1: (2, 1600)})

    page = login("sa")
    page.get_by_role("link", name="1 件申請待學校審核").click()
    with page.context.expect_page() as print_tab:
        page.get_by_role("link", name="列印申請總表").click()
    printout = print_tab.value
    printout.wait_for_load_state()
    expect(
        printout.get_by_role("heading", name="教育部補助辦理 教師專業學習社群申請總表")
    ).to_be_visible()
    expect(printout.get_by_role("cell", name="數學社群")).to_be_visible()
    expect(printout.get_by_role("columnheader", name="校長")).to_be_visible()
    with printout.expect_download() as download_info:
        printout.get_by_role("link", name="下載 PDF").click()
    signed = tmp_path / "總表核章.pdf"
    download_info.value.save_as(signed)
    printout.close()

    page.get_by_label("核章完成之申請總表(PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="上傳").click()
    expect(page.get_by_role("link", name="總表核章.pdf")).to_be_visible()
    code = PrintRecord.objects.latest("printed_at").code
    expect(page.get_by_text(f"（文件編號 {code}）")).to_be_visible()
    assert page.get_by_text("本校申請總表於列印後已有變動").count() == 0

    change_budget(Application.objects.get(name="數學社群"), {1: (1, 1600)})
    page.reload()
    expect(
        page.get_by_role("alert").filter(has_text="本校申請總表於列印後已有變動")
    ).to_be_visible()
