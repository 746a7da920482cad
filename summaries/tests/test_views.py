import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application
from communities.tests.helpers import NS, Page
from core.templatetags.roc import roc_datetime
from people.tests.factories import UserFactory
from printing.models import PrintRecord
from summaries.models import SchoolPackage
from summaries.printed import school_document_code
from summaries.services import package_upload
from testsupport.flow import change_budget

from .builders import make_application, pdf_upload, upload_signed_summary, weak

pytestmark = pytest.mark.django_db

SUMMARY_CHANGED = "本校申請總表於列印後已有變動，請重新列印總表核章後上傳。"

SCHOOL_PAGES = [
    "summaries:application_summary",
    "summaries:application_summary_xlsx",
    "summaries:budget_summary",
    "summaries:budget_summary_xlsx",
    "summaries:case_query",
]


@pytest.fixture
def application(school):
    return make_application(school=school, name="八年級數學學年社群", convenor_name="曾鼎育")


@pytest.fixture
def uploaded(program, school, admin):
    return package_upload(school=school, program=program, upload=pdf_upload(), by=admin)


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _post(client, user, url, data=None):
    if user is not None:
        client.force_login(user)
    return client.post(url, data or {})


# --- who may reach what ----------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHOOL_PAGES)
def test_school_admin_reaches_every_school_page(client, admin, application, name):
    response = _get(client, admin, reverse(name))

    assert response.status_code == 200
    if name.endswith("xlsx"):
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    else:
        assert "八年級數學學年社群" in response.content.decode()


@pytest.mark.parametrize("name", SCHOOL_PAGES)
def test_center_reaches_every_school_page_for_a_chosen_school(
    client, center, school, application, name
):
    response = _get(client, center, f"{reverse(name)}?school={school.pk}")

    assert response.status_code == 200
    if not name.endswith("xlsx"):
        assert "八年級數學學年社群" in response.content.decode()


@pytest.mark.parametrize("name", SCHOOL_PAGES + ["summaries:package_download"])
def test_anonymous_is_sent_to_login(client, program, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["teacher", "reviewer"])
@pytest.mark.parametrize("name", SCHOOL_PAGES + ["summaries:package_download"])
def test_teachers_and_reviewers_are_refused(client, school, role, name):
    user = UserFactory(school=school, **{role: True})

    response = _get(client, user, reverse(name))

    assert response.status_code == 403
    assert "沒有權限" in response.content.decode()


@pytest.mark.parametrize("name", ["summaries:package_upload", "summaries:package_submit"])
@pytest.mark.parametrize("role", ["teacher", "reviewer", "center"])
def test_only_school_admins_may_post_package_actions(client, school, program, role, name):
    user = UserFactory(school=school if role != "center" else None, **{role: True})

    response = _post(client, user, reverse(name), {"year": 109})

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["summaries:package_upload", "summaries:package_submit"])
def test_anonymous_post_is_sent_to_login(client, program, name):
    response = client.post(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_review_page_for_each_role(client, school, admin, other_admin, center, application):
    url = reverse("summaries:review", args=[application.pk])

    assert client.get(url).status_code == 302
    assert _get(client, admin, url).status_code == 200
    for user in [
        other_admin,
        center,
        application.convenor,
        UserFactory(school=school, reviewer=True),
    ]:
        assert _get(client, user, url).status_code == 403
        assert _post(client, user, url, {"decision": "accept"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == workflow.SUBMITTED


def test_partner_school_admin_sees_but_cannot_review(client, school, other_school, other_admin):
    shared = make_application(school=school, cross=True, partners=[other_school], name="跨校數學")

    page = _get(client, other_admin, reverse("summaries:application_summary")).content.decode()

    assert "跨校數學" in page
    assert "跨校・合作學校" in page
    assert (
        _get(client, other_admin, reverse("summaries:review", args=[shared.pk])).status_code == 403
    )


def test_package_download_for_each_role(client, school, admin, other_admin, center, uploaded):
    url = reverse("summaries:package_download")

    response = _get(client, admin, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    assert _get(client, center, f"{url}?school={school.pk}").status_code == 200
    # Another school's admin only ever reaches their own school's (missing) file.
    assert _get(client, other_admin, f"{url}?school={school.pk}").status_code == 404


def test_unknown_year_is_not_found(client, admin):
    assert (
        _get(client, admin, reverse("summaries:application_summary") + "?year=999").status_code
        == 404
    )
    assert (
        _get(client, admin, reverse("summaries:application_summary") + "?year=abc").status_code
        == 404
    )


# --- a school admin never sees another school's applications --------------------------------


@pytest.mark.parametrize("name", SCHOOL_PAGES)
def test_other_schools_applications_never_show(client, other_admin, school, application, name):
    response = _get(client, other_admin, f"{reverse(name)}?school={school.pk}")

    assert response.status_code == 200
    content = response.content
    if name.endswith("xlsx"):
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        values = {cell.value for row in sheet.iter_rows() for cell in row}
        assert "八年級數學學年社群" not in values
    else:
        assert "八年級數學學年社群" not in content.decode()
        assert "曾鼎育" not in content.decode()


# --- 申請總表 ------------------------------------------------------------------------------


def test_summary_shows_a_red_and_a_green_rule(admin_client, school, application):
    weak(school, "數學", 107, "52.3")
    make_application(school=school, domain_name="數學")

    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert "學年領域學習社群目前 2 個，本校（國中、14 班）至少需 4 個，尚缺 2 個。" in page
    assert 'class="rule-bad" data-rule="quota' in page
    assert 'class="rule-ok" data-rule="exam_weak:' in page
    assert "計算方式" in page


def test_summary_lists_drafts_greyed_as_not_yet_sent(admin_client, school):
    make_application(school=school, status=workflow.DRAFT, name="還在寫的社群")

    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert "還在寫的社群" in page
    assert "尚未送出" in page
    assert 'class="not-counted"' in page


def test_summary_links_to_the_read_only_application(admin_client, application):
    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert reverse("communities:detail", args=[application.pk]) in page
    assert reverse("summaries:review", args=[application.pk]) in page


def test_summary_shows_the_returned_applications_reason(admin_client, school):
    make_application(school=school, status=workflow.RETURNED)
    Application.objects.update(school_comment="請補上公開授課場次")

    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert "退回原因：請補上公開授課場次" in page


def test_center_sees_a_school_picker_before_choosing(client, center, program):
    page = _get(client, center, reverse("summaries:application_summary")).content.decode()

    assert "請選擇學校" in page
    assert "送中心" not in page


@pytest.mark.parametrize(
    "name",
    [
        "summaries:application_summary_xlsx",
        "summaries:budget_summary_xlsx",
        "summaries:package_download",
    ],
)
def test_center_must_name_a_school_for_files(client, center, program, name):
    assert _get(client, center, reverse(name)).status_code == 404


def test_center_view_is_read_only(client, center, school, application, uploaded):
    page = _get(client, center, f"{reverse('summaries:application_summary')}?school={school.pk}")
    html = page.content.decode()

    assert reverse("summaries:review", args=[application.pk]) not in html
    assert reverse("summaries:package_submit") not in html
    assert reverse("summaries:package_download") in html


def test_year_selector_defaults_to_the_current_program(admin_client, program):
    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert '<option value="109" selected>' in page
    assert "109學年度 申請總表" in page


def test_breadcrumb(admin_client, program):
    page = admin_client.get(reverse("summaries:application_summary")).content.decode()

    assert (
        '首頁</a> / <span>功能專區</span> / <span>社群</span> / <span aria-current="page">申請總表</span>'
        in page
    )


# --- 學校審核 ------------------------------------------------------------------------------


def test_review_accepts(admin_client, application):
    response = admin_client.post(
        reverse("summaries:review", args=[application.pk]), {"decision": "accept"}
    )

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == workflow.SCHOOL_ACCEPTED
    page = admin_client.get(response["Location"]).content.decode()
    assert "已審核通過「八年級數學學年社群」" in page


def test_review_return_needs_a_comment_shown_at_the_field(admin_client, application):
    response = admin_client.post(
        reverse("summaries:review", args=[application.pk]), {"decision": "return", "comment": ""}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "退回修正時請填寫退回原因" in page
    assert 'value="return" id="id_decision_1" required checked' in page  # the choice is kept
    assert Application.objects.get(pk=application.pk).status == workflow.SUBMITTED


def test_review_without_a_choice_says_so(admin_client, application):
    response = admin_client.post(reverse("summaries:review", args=[application.pk]), {})

    assert "請選擇審核通過或退回修正" in response.content.decode()


def test_review_return_with_a_comment(admin_client, application):
    response = admin_client.post(
        reverse("summaries:review", args=[application.pk]),
        {"decision": "return", "comment": "成員人數不足", "confirm": "1"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == workflow.RETURNED
    assert application.school_comment == "成員人數不足"


def test_review_page_shows_the_application_and_its_choices(admin_client, application):
    page = admin_client.get(reverse("summaries:review", args=[application.pk])).content.decode()

    assert "八年級數學學年社群" in page
    assert "曾鼎育" in page
    assert "審核通過" in page and "退回修正" in page
    assert reverse("communities:detail", args=[application.pk]) in page


def test_review_of_a_sent_application_offers_nothing(admin_client, school):
    sent = make_application(school=school, status=workflow.SENT_TO_CENTER)

    page = admin_client.get(reverse("summaries:review", args=[sent.pk])).content.decode()
    response = admin_client.post(
        reverse("summaries:review", args=[sent.pk]),
        {"decision": "return", "comment": "x"},
        follow=True,
    )

    assert "學校端不能審核或退回" in page
    assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[sent.pk])
    assert "此申請目前狀態為「學校已彙整送中心」，不能再執行「退回修正」。" in (
        response.content.decode()
    )
    assert Application.objects.get(pk=sent.pk).status == workflow.SENT_TO_CENTER


# --- 上傳與送中心 ---------------------------------------------------------------------------


def test_upload_through_the_page(admin_client, program, school):
    response = admin_client.post(
        reverse("summaries:package_upload"), {"year": 109, "file": pdf_upload("總表.pdf")}
    )

    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "總表.pdf" in page
    assert "已上傳核章完成之申請總表" in page


def test_bad_upload_message_is_next_to_the_field(admin_client, program, uploaded):
    response = admin_client.post(
        reverse("summaries:package_upload"),
        {"year": 109, "file": pdf_upload("偽裝.pdf", b"just text renamed to pdf")},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "不是 PDF" in page
    assert 'class="invalid"' in page
    assert uploaded.original_name in page  # the earlier file is still there


def test_missing_upload_file_is_explained(admin_client, program):
    response = admin_client.post(reverse("summaries:package_upload"), {"year": 109})

    assert "請選擇要上傳的 PDF 檔案" in response.content.decode()


def test_two_files_at_once_are_refused(admin_client, program):
    response = admin_client.post(
        reverse("summaries:package_upload"),
        {"year": 109, "file": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]},
    )

    assert "附件總數為一個檔案" in response.content.decode()


def test_refused_submit_shows_the_reasons(admin_client, school, application):
    response = admin_client.post(reverse("summaries:package_submit"), {"year": 109})

    page = response.content.decode()
    assert response.status_code == 200
    assert "無法送中心" in page
    assert "尚缺 3 個" in page
    assert "尚有 1 件申請待學校審核" in page
    assert Application.objects.get(pk=application.pk).status == workflow.SUBMITTED


def test_submit_through_the_page(admin_client, program, school, admin):
    applications = [
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED) for _ in range(4)
    ]
    upload_signed_summary(school=school, program=program, admin=admin)

    response = admin_client.post(reverse("summaries:package_submit"), {"year": 109, "confirm": "1"})

    assert response.status_code == 302
    assert {a.status for a in Application.objects.filter(pk__in=[a.pk for a in applications])} == {
        workflow.SENT_TO_CENTER
    }
    page = admin_client.get(response["Location"]).content.decode()
    assert "已彙整送中心" in page
    assert "送中心。" in page  # 已於 … 由 … 送中心。


def _print_and_upload_the_summary(client, school) -> str:
    """列印 the 申請總表 (PDF), 核章, upload those bytes through the page; return the page."""
    printed = client.get(reverse("printing:school_applications") + "?year=109")
    assert printed["Content-Type"] == "application/pdf"
    response = client.post(
        reverse("summaries:package_upload"),
        {"year": 109, "file": pdf_upload("總表核章.pdf", printed.content)},
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_signed_summary_names_its_printed_version_and_warns_after_a_change(
    admin_client, client, center, school, application
):
    make_application(school=school, name="英語文社群", lines={7: (1, 1000)})

    page = _print_and_upload_the_summary(admin_client, school)

    record = PrintRecord.objects.get()
    version = f"對應列印版本：{roc_datetime(record.printed_at)} 列印（文件編號 {record.code}）"
    assert SchoolPackage.objects.get().print_code == record.code
    assert version in page
    assert SUMMARY_CHANGED not in page

    change_budget(Application.objects.get(name="英語文社群"), {7: (1, 1500)})

    page = admin_client.get(reverse("summaries:application_summary")).content.decode()
    assert version in page
    assert SUMMARY_CHANGED in page
    center_page = _get(
        client, center, f"{reverse('summaries:application_summary')}?school={school.pk}"
    ).content.decode()
    assert version in center_page and SUMMARY_CHANGED in center_page


def test_a_summary_sent_to_the_center_is_not_compared_any_more(admin_client, program, school):
    for _ in range(4):
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED)
    _print_and_upload_the_summary(admin_client, school)

    admin_client.post(reverse("summaries:package_submit"), {"year": 109, "confirm": "1"})

    package = SchoolPackage.objects.get()
    assert package.submitted_at is not None
    # Sending changed the applications' status, and so what the summary would print now…
    assert package.print_code != school_document_code(
        school=school, program=program, form="school_applications"
    )
    page = admin_client.get(reverse("summaries:application_summary")).content.decode()
    assert f"（文件編號 {package.print_code}）" in page
    assert SUMMARY_CHANGED not in page  # …which is no reason to print it again


def test_submit_asks_first_on_a_get(admin_client, program, school, admin):
    for n in range(4):
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED, name=f"待送社群{n}")
    upload_signed_summary(school=school, program=program, admin=admin)
    response = admin_client.get(reverse("summaries:package_submit"), {"year": 109})

    assert response.status_code == 200
    assert "待送社群" in Page(response).text("confirm")
    assert not Application.objects.filter(status=workflow.SENT_TO_CENTER).exists()


# --- 經費總表 ------------------------------------------------------------------------------


def test_budget_page_names_an_application_over_its_own_ceiling(admin_client, school):
    make_application(school=school, name="超支社群", lines={7: (1, 3500)})
    make_application(school=school, type_number=3, lines={7: (1, 100)})

    page = admin_client.get(reverse("summaries:budget_summary")).content.decode()

    assert "未超過各社群經費上限合計" in page  # 3,600 ≤ 23,000 overall…
    assert "「超支社群」申請 3,500 元，超過該社群經費上限 3,000 元。" in page  # …but not this one


@pytest.mark.usefixtures("no_premium")
def test_budget_page_shows_items_totals_and_ceiling(admin_client, school):
    make_application(school=school, lines={1: (2, 1600)})
    make_application(school=school, type_number=2, lines={3: (2, 2500), 7: (1, 1000)})

    page = admin_client.get(reverse("summaries:budget_summary")).content.decode()

    assert "1.外聘講座鐘點費" in page
    assert '<strong id="school-total">9,200</strong>' in page
    assert '<strong id="ceiling-total">18,000</strong>' in page
    assert "未超過各社群經費上限合計" in page


# --- 列印 ----------------------------------------------------------------------------------
# The printouts themselves (content, signature block, who may print, queries) are tested in
# printing/tests/test_school_print*.py; here: the buttons lead there with the page's query.

SIGNATURES = ["承辦人", "承辦主任", "會(主)計主任", "校長"]
PRINTS = {  # the summary page a printout's 關閉 leads back to
    "school_applications": "summaries:application_summary",
    "school_budget": "summaries:budget_summary",
}


def _follow_print_buttons(client, page: str, form: str, query: str) -> str:
    """Check the page's 列印 (print-friendly page in a new tab) and 下載 PDF buttons of a form
    carry the page's query; follow both, return the print-friendly page."""
    url = reverse(f"printing:{form}")
    escaped = query.replace("&", "&amp;")
    assert f'href="{url}?{escaped}&amp;format=html" target="_blank" rel="noopener"' in page
    assert f'href="{url}?{escaped}"' in page
    pdf = client.get(f"{url}?{query}")
    assert pdf["Content-Type"] == "application/pdf"
    response = client.get(f"{url}?{query}&format=html")
    assert response.status_code == 200
    printout = response.content.decode()
    assert "data-print" in printout and "printing/print.js" in printout
    assert f'href="{reverse(PRINTS[form])}?{escaped}"' in printout  # 關閉: back to the page
    for role in SIGNATURES:
        assert f"<th>{role}</th>" in printout
    return printout


@pytest.mark.parametrize(
    "page_name, forms",
    [
        ("summaries:application_summary", ["school_applications", "school_budget"]),
        ("summaries:budget_summary", ["school_budget"]),
    ],
)
def test_print_buttons_open_the_print_page_and_the_pdf(admin_client, application, page_name, forms):
    page = admin_client.get(reverse(page_name)).content.decode()

    for form in forms:
        printout = _follow_print_buttons(admin_client, page, form, "year=109")
        assert "八年級數學學年社群" in printout
    assert "下載經費總表 PDF" in page
    assert ("下載申請總表 PDF" in page) == (page_name == "summaries:application_summary")


@pytest.mark.parametrize("page_name", ["summaries:application_summary", "summaries:budget_summary"])
def test_centers_print_buttons_carry_the_chosen_school(
    client, center, school, application, page_name
):
    page = _get(client, center, f"{reverse(page_name)}?year=109&school={school.pk}")

    printout = _follow_print_buttons(
        client, page.content.decode(), "school_budget", f"year=109&school={school.pk}"
    )
    assert "八年級數學學年社群" in printout


# --- 案件查詢 ------------------------------------------------------------------------------


def test_case_query_lists_teacher_and_status_for_the_year(admin_client, school):
    make_application(school=school, status=workflow.FIRST_PASSED, convenor_name="臺南3老師")
    make_application(school=school, status=workflow.CLOSED, convenor_name="臺南1老師")

    page = admin_client.get(reverse("summaries:case_query") + "?year=109").content.decode()

    assert "<th>老師名稱</th><th>狀態</th>" in page
    assert "臺南3老師" in page and "初審通過俟複審通過後執行並填寫成果報告書" in page
    assert "臺南1老師" in page and "結案_可彙整" in page


def test_center_case_query_covers_all_schools_with_a_filter(client, center, school, other_school):
    make_application(school=school, convenor_name="甲老師")
    make_application(school=other_school, convenor_name="乙老師")

    everything = _get(client, center, reverse("summaries:case_query")).content.decode()
    filtered = client.get(
        f"{reverse('summaries:case_query')}?school={other_school.pk}"
    ).content.decode()

    assert "甲老師" in everything and "乙老師" in everything
    assert (
        f"{reverse('summaries:application_summary')}?year=109&amp;school={school.pk}" in everything
    )
    assert "乙老師" in filtered and "甲老師" not in filtered


def test_each_case_links_to_its_community_with_its_type_and_text_escaped(admin_client, school):
    case = make_application(school=school, name="<i>國語</i>社群", convenor_name="<b>丙</b>老師")

    page = Page(admin_client.get(reverse("summaries:case_query")))

    row = page.root.find(f".//h:tr[@data-pk='{case.pk}']", NS)
    cells = [" ".join("".join(td.itertext()).split()) for td in row.iterfind("h:td", NS)]
    assert cells == ["<b>丙</b>老師", case.status_label, f"<i>國語</i>社群 {case.community_type}"]
    link = row.find(".//h:a", NS)
    assert link.get("href") == reverse("communities:detail", args=[case.pk])


def test_the_page_lists_a_stale_signed_summary_beside_the_other_reasons(
    admin_client, program, school, admin
):
    applications = [
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED) for _ in range(4)
    ]
    upload_signed_summary(school=school, program=program, admin=admin)
    Application.objects.filter(pk=applications[0].pk).update(name="列印後改名")

    response = admin_client.get(reverse("summaries:application_summary"))
    page = Page(response)

    assert "列印後已有變動，請重新列印" in page.text("blockers")
    assert "本校申請總表於列印後已有變動" in page.visible_text()
    button = page.root.find(".//h:button[@class='primary']", NS)
    assert button.text == "送中心" and button.get("disabled") is not None

    refused = admin_client.post(reverse("summaries:package_submit"), {"year": 109})
    assert "列印後已有變動，請重新列印" in Page(refused).visible_text()
    assert not Application.objects.filter(status=workflow.SENT_TO_CENTER).exists()


def test_confirming_an_unreadable_summary_needs_the_box_ticked(admin_client, program, school):
    make_application(school=school, status=workflow.SCHOOL_ACCEPTED)
    admin_client.post(reverse("summaries:package_upload"), {"year": 109, "file": pdf_upload()})

    refused = admin_client.post(reverse("summaries:package_confirm"), {"year": 109})
    assert "請勾選確認上傳的核章總表為目前版本。" in Page(refused).visible_text()
    assert SchoolPackage.objects.get().version_confirmed_at is None

    done = admin_client.post(
        reverse("summaries:package_confirm"), {"year": 109, "confirm": "yes"}, follow=True
    )
    assert "已確認上傳的核章總表為目前版本的申請總表。" in Page(done).visible_text()
    assert SchoolPackage.objects.get().version_confirmed_at is not None
