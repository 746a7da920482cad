import pytest
from playwright.sync_api import expect

from communities.printed import application_document_code
from communities.tests.builders import realistic_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_convenor_opens_the_print_page_and_downloads_the_pdf(login, tmp_path):
    application = realistic_application()
    application.convenor.username = "convenor1"
    application.convenor.save()
    page = login("convenor1")
    page.goto(f"/print/applications/{application.pk}/plan/?format=html")
    expect(
        page.get_by_role("heading", name="教育部補助辦理 教師專業學習社群申請表")
    ).to_be_visible()
    expect(page.get_by_role("button", name="列印")).to_be_visible()
    code = application_document_code(application=application, form="plan")
    expect(page.get_by_text(f"文件編號 {code}").first).to_be_visible()
    expect(page.get_by_role("cell", name=application.name)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下載 PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"{code}.pdf")
    target = tmp_path / "plan.pdf"
    download.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
