"""審查結果 .xlsx for the center: a row per application × reviewer with a column per criterion,
and a row per application and stage with the averages, the number of reviews and the result."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities import workflow
from communities.tests.helpers import Page
from people.tests.factories import UserFactory
from reviews.services import review_assign, review_decide
from testsupport.flow import application_in, center_user, submit_review
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db

URL = reverse("reviews:results_xlsx")
CRITERIA = ["目標與需求", "運作規劃", "經費合理性", "預期成效"]


@pytest.fixture(scope="class")
def reviewed_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        program = open_program()
        application = application_in(
            workflow.SENT_TO_CENTER, program, name='=HYPERLINK("http://evil.example/","x")'
        )
        first = UserFactory(reviewer=True, name="甲委員")
        second = UserFactory(reviewer=True, name="乙委員")
        review_assign(applications=[application], reviewers=[first, second], by=center_user())
        submit_review(
            application,
            first,
            scores={"目標與需求": 8, "運作規劃": 6, "經費合理性": 10, "預期成效": 5},
            opinion="+很好，建議通過",
        )
        submit_review(application, second, opinion="同意")
        review_decide(
            application=application, action="first_pass", comment="通過", by=center_user()
        )
        other = application_in(workflow.SENT_TO_CENTER, program, name="草稿中的社群")
        review_assign(applications=[other], reviewers=[first], by=center_user())
        submit_review(other, first, submit=False)
        yield application, other


@pytest.fixture
def reviewed(reviewed_once, program):
    """Two reviewers' reviews of one application, decided 初審通過; a draft of another."""
    return tuple(fresh(a) for a in reviewed_once)


def workbook(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response, load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


class TestExport:
    """Tests on two reviewed applications, built once for the class (each test's changes rolled back)."""

    def test_one_row_per_application_and_reviewer_with_a_column_per_criterion(
        self, client, reviewed
    ):
        application, _other = reviewed
        client.force_login(UserFactory(center=True))

        response, book = workbook(client, year=109)

        assert (
            "109" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
        )
        assert book.sheetnames == ["審查明細", "審查彙整"]
        header, *body = rows(book["審查明細"])
        for name in CRITERIA:
            assert any(str(title).startswith(name) for title in header), name
        assert "運作規劃（滿分 10，權重 30%）" in header
        assert header[-5:] == [
            "加權總分（滿分 100）",
            "審查建議",
            "建議核定金額(元)",
            "審查意見",
            "送出日期",
        ]
        # Only submitted reviews: the draft is not in it.
        assert len(body) == 2
        by_reviewer = {row[header.index("審查委員")]: row for row in body}
        first = by_reviewer["甲委員"]
        assert [first[header.index(t)] for t in header if str(t).split("（")[0] in CRITERIA] == [
            8,
            6,
            10,
            5,
        ]
        assert first[header.index("加權總分（滿分 100）")] == 70.5
        assert first[header.index("審查建議")] == "建議通過"
        assert by_reviewer["乙委員"][header.index("加權總分（滿分 100）")] == 100
        sheet = book["審查明細"]
        name_cell = sheet.cell(row=2, column=header.index("社群名稱") + 1)
        assert (
            name_cell.value == '=HYPERLINK("http://evil.example/","x")'
            and name_cell.data_type == "s"
        )
        opinion = sheet.cell(row=2, column=header.index("審查意見") + 1)
        assert opinion.data_type == "s" and opinion.value.startswith("+")

    def test_a_summary_row_per_application_and_stage(self, client, reviewed):
        application, other = reviewed
        client.force_login(UserFactory(center=True))

        _response, book = workbook(client, year=109)

        header, *body = rows(book["審查彙整"])
        assert header[:8] == [
            "學校代碼",
            "學校",
            "社群名稱",
            "社群類型",
            "召集人",
            "審查階段",
            "指定委員數",
            "已送出審查數",
        ]
        by_name = {row[2]: row for row in body}
        row = by_name[application.name]
        assert row[5] == "初審" and row[6] == 2 and row[7] == 2
        averages = {title: row[i] for i, title in enumerate(header) if str(title).endswith(" 平均")}
        assert averages == {
            "目標與需求 平均": 9.0,
            "運作規劃 平均": 8.0,
            "經費合理性 平均": 10.0,
            "預期成效 平均": 7.5,
        }
        assert row[header.index("平均加權總分")] == 85.3
        assert row[header.index("委員建議")] == "建議通過 2"
        assert row[header.index("審查結果")] == "初審通過"
        assert row[header.index("目前狀態")] == "初審通過俟複審通過後執行並填寫成果報告書"
        assert row[header.index("申請經費(元)")] > 0
        draft = by_name["草稿中的社群"]
        assert draft[6] == 1 and draft[7] == 0 and draft[header.index("審查結果")] in ("", None)

    def test_one_stage_only(self, client, reviewed, program):
        application, _other = reviewed
        reviewer = UserFactory(reviewer=True, name="複審委員")
        review_assign(applications=[application], reviewers=[reviewer], by=center_user())
        submit_review(application, reviewer, option="建議不通過", opinion="複審意見")
        client.force_login(UserFactory(center=True))

        response, book = workbook(client, year=109, stage="second")
        assert "109學年度複審審查結果.xlsx" in unquote(response["Content-Disposition"])
        _header, *body = rows(book["審查明細"])
        assert [row[6] for row in body] == ["複審委員"]
        _header, *summary = rows(book["審查彙整"])
        assert [(row[2], row[5]) for row in summary] == [(application.name, "複審")]

        _response, book = workbook(client, year=109)
        assert {row[5] for row in rows(book["審查明細"])[1:]} == {"初審", "複審"}


def test_the_decide_page_links_to_its_year_and_stage(client, program):
    application = application_in(workflow.UNDER_REVIEW, program)
    client.force_login(UserFactory(center=True))
    page = Page(client.get(reverse("reviews:decide", args=[application.pk])))
    assert f'href="{URL}?year=109&amp;stage=first"' in page.html


def test_a_wrong_year_or_stage_is_not_found(client):
    client.force_login(UserFactory(center=True))
    assert client.get(URL, {"year": "108"}).status_code == 404
    assert client.get(URL, {"year": "abc"}).status_code == 404
    assert client.get(URL, {"stage": "third"}).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_only_the_center_exports(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(URL).status_code == 403
