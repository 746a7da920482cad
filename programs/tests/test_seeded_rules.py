"""The 109 rules seeded by the data migration equal SPEC §2 and the slides, value by value.

The expected values are written here from the slides on purpose, not read from programs/seed_109.py.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from people.models import District
from programs.models import (
    BudgetItem,
    CommunityType,
    ContentItem,
    Domain,
    LecturerFeeRate,
    Option,
    PremiumRate,
    ProgramYear,
    QuotaRule,
    Stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return ProgramYear.objects.get(academic_year=109)


def test_academic_year_109_runs_from_august_2020_to_july_2021(year):
    assert year.start_date == date(2020, 8, 1)
    assert year.end_date == date(2021, 7, 31)
    assert year.upload_max_bytes == 2 * 1024 * 1024
    assert year.exam_weak_threshold == Decimal("50")
    assert (year.exam_weak_year_from, year.exam_weak_year_to) == (106, 107)
    taipei = ZoneInfo("Asia/Taipei")
    assert year.application_opens_at < year.application_closes_at
    assert year.application_opens_at >= datetime(2020, 8, 1, tzinfo=taipei)


def test_community_types_amounts_and_bonuses_match_the_slides(year):
    rows = [
        (t.number, t.name, t.base_amount, t.cross_school_bonus, t.mandatory_per_school)
        for t in CommunityType.objects.filter(program=year).order_by("number")
    ]
    assert rows == [
        (1, "學年領域學習社群", 3000, 2000, True),
        (2, "初階學習社群", 15000, 5000, False),
        (3, "進階學習社群", 20000, 5000, False),
        (4, "專業貢獻社群", 50000, 0, False),
        (5, "校長專業社群", 15000, 0, False),
    ]


def test_ceiling_adds_the_bonus_only_for_cross_school(year):
    ceilings = {
        t.number: (t.ceiling(cross_school=False), t.ceiling(cross_school=True))
        for t in CommunityType.objects.filter(program=year)
    }
    assert ceilings == {
        1: (3000, 5000),
        2: (15000, 20000),
        3: (20000, 25000),
        4: (50000, 50000),
        5: (15000, 15000),
    }


def test_type_one_counts_toward_the_quota_and_needs_six_sessions_and_a_public_lesson(year):
    first = CommunityType.objects.get(program=year, number=1)
    assert first.counts_toward_quota is True
    assert first.min_sessions == 6
    assert first.min_public_lessons == 1
    assert first.min_members == 3
    others = CommunityType.objects.filter(program=year).exclude(number=1)
    assert not any(t.counts_toward_quota for t in others)


def test_type_one_quota_per_stage_and_class_count(year):
    rules = {
        (r.stage.name, r.classes_min, r.classes_max): (r.min_communities, r.max_communities)
        for r in QuotaRule.objects.filter(program=year).select_related("stage", "community_type")
        if r.community_type.number == 1
    }
    assert rules == {
        ("國小", 12, None): (3, 8),
        ("國小", 0, 11): (2, 6),
        ("國中", 12, None): (4, 8),
        ("國中", 0, 11): (3, 6),
    }
    assert QuotaRule.objects.filter(program=year).count() == 4


def _variant_items(year, number):
    variant = CommunityType.objects.get(program=year, number=number).content_variant
    return [
        (i.label, i.required, i.allows_text)
        for i in ContentItem.objects.filter(variant=variant).order_by("order")
    ]


def test_operation_content_of_type_one_is_variant_a(year):
    assert _variant_items(year, 1) == [
        ("學習診斷與學力促進", True, False),
        ("備觀議課", True, False),
        ("彈性學習課程規劃", False, False),
        ("跨領域教學(協同教學)", False, False),
        ("素養導向教學設計", False, False),
        ("素養導向評量工具", False, False),
        ("其他(十二年國教課綱之相關議題)", False, True),
    ]


@pytest.mark.parametrize("number", [2, 3, 4, 5])
def test_operation_content_of_the_other_types_is_variant_b(year, number):
    assert _variant_items(year, number) == [
        ("素養導向教學設計", True, False),
        ("素養導向評量", True, False),
        ("彈性學習課程規劃", False, False),
        ("學習診斷與學力促進", False, False),
        ("跨領域教學(協同教學)", False, False),
        ("備觀議課", False, False),
        ("其他(十二年國教課程之相關議題)", False, True),
    ]


def test_core_competencies_a1_to_c3(year):
    rows = [
        (o.group, o.code, o.label)
        for o in Option.objects.filter(program=year, kind=Option.Kind.COMPETENCY).order_by("order")
    ]
    assert rows == [
        ("A.自主行動", "A1", "身心素質與自我精進"),
        ("A.自主行動", "A2", "系統思考與解決問題"),
        ("A.自主行動", "A3", "規劃執行與創新應變"),
        ("B.溝通互動", "B1", "符號運用與溝通表達"),
        ("B.溝通互動", "B2", "科技資訊與媒體素養"),
        ("B.溝通互動", "B3", "藝術涵養與美感素養"),
        ("C.社會參與", "C1", "道德實踐與公民意識"),
        ("C.社會參與", "C2", "人際關係與團隊合作"),
        ("C.社會參與", "C3", "多元文化與國際理解"),
    ]


def test_the_fourteen_goals_exactly_as_the_slides_list_them(year):
    goals = Option.objects.filter(program=year, kind=Option.Kind.GOAL).order_by("order")
    assert [g.label for g in goals] == [
        "透過專題探討、公開授課與專業回饋，建構教師之學習共同體",
        "提升教師共同備課及課程發展與教學設計能力",
        "充實教師學/群科專業知能，精進教師教學技巧",
        "透過社群活動增能，增進教師教學媒材研發能力",
        "透過社群活動增能，提升教師班級經營能力與技巧",
        "透過社群活動增能，進行同儕省思對話，精進教學策略及教學方法",
        "將所學運用於教育現場回饋予學生，增進學生的學習成效",
        "落實專業對話，進行課程規劃與討論，提升教學效能與學生學習成效",
        "透過專題探討與評量分析之結果，進行調整或修正教學",
        "擬定個別或團體輔導之計畫，落實於學生輔導，協助學生正常學習",
        "應用教學檔案與回饋，進行教師省思教學以調整教學設計",
        "引導教師自我反思教學實踐，共同解決教學的問題",
        "將社群運作的歷程或成果整理成動、靜態資料，並分享給同儕",
        "其他",
    ]
    assert [g.label for g in goals if g.allows_text] == ["其他"]


def test_the_fourteen_methods_exactly_as_the_slides_list_them(year):
    methods = Option.objects.filter(program=year, kind=Option.Kind.METHOD).order_by("order")
    assert [m.label for m in methods] == [
        "共同備課",
        "公開授課與專業回饋(觀課議課)",
        "彈性學習課程規劃",
        "素養導向課程與評量設計",
        "創新實驗課程發展",
        "同儕省思對話",
        "主題經驗分享",
        "教學媒材研發",
        "專題探討(含專書、影帶)",
        "行動研究",
        "專題講座",
        "校內外成果發表",
        "諮詢輔導",
        "其他",
    ]
    assert [m.label for m in methods if m.allows_text] == ["其他"]


def test_budget_items_units_caps_and_premium_base(year):
    rows = [
        (b.number, b.name, b.unit, b.kind, b.cap_per_unit, b.cap_per_member, b.premium_base)
        for b in BudgetItem.objects.filter(program=year).order_by("number")
    ]
    assert rows == [
        (1, "外聘講座鐘點費", "節", "lecture_external", None, None, True),
        (2, "內聘講座鐘點費", "節", "lecture_internal", None, None, True),
        (3, "外聘諮詢費", "人次", "consultation", 2500, None, True),
        (4, "二代健保補充保費", "式", "premium", None, None, False),
        (5, "講座交通費", "次", "plain", None, None, False),
        (6, "印刷費", "式", "per_member", None, 100, False),
        (7, "教材教具費", "式", "plain", None, None, False),
    ]


def test_budget_item_notes_carry_the_slides_explanations(year):
    notes = {b.number: b.note for b in BudgetItem.objects.filter(program=year)}
    assert "可相互勻支" in notes[1] and "可相互勻支" in notes[2]
    assert "每次出席不逾2,500元" in notes[3]
    assert "1.91%" in notes[4]
    assert "國內出差旅費報支要點" in notes[5]
    assert "每人以新臺幣100元為限" in notes[6]


def test_lecturer_fees_in_force_in_2020_and_after_the_raise(year):
    def in_force(day):
        return sorted(
            (r.budget_item.number, r.lecturer_fee, r.assistant_fee)
            for r in LecturerFeeRate.objects.filter(budget_item__program=year)
            .select_related("budget_item")
            .filter(effective_from__lte=day)
            if r.effective_to is None or r.effective_to >= day
        )

    assert in_force(date(2020, 9, 15)) == [
        (1, 1200, 600),
        (1, 1600, 800),
        (1, 2400, 1200),
        (2, 800, 400),
    ]
    assert in_force(date(2022, 3, 1)) == [
        (1, 1500, 750),
        (1, 2000, 1000),
        (1, 2400, 1200),
        (2, 1000, 500),
    ]


def test_premium_rate_is_1_91_in_2020_and_2_11_from_2021():
    rates = [
        (r.rate_percent, r.effective_from, r.effective_to)
        for r in PremiumRate.objects.order_by("effective_from")
    ]
    assert rates[-2:] == [
        (Decimal("1.91"), date(2016, 1, 1), date(2020, 12, 31)),
        (Decimal("2.11"), date(2021, 1, 1), None),
    ]


def test_stages_domains_and_grades():
    assert list(Stage.objects.values_list("name", flat=True)) == ["國小", "國中"]
    for name in ["國語文", "英語文", "數學", "社會", "自然科學", "藝術", "綜合活動", "健康與體育"]:
        domain = Domain.objects.get(kind=Domain.Kind.DOMAIN, name=name)
        assert sorted(domain.stages.values_list("name", flat=True)) == ["國中", "國小"]
    technology = Domain.objects.get(kind=Domain.Kind.DOMAIN, name="科技")
    assert list(technology.stages.values_list("name", flat=True)) == ["國中"]
    grades = Domain.objects.filter(kind=Domain.Kind.GRADE).order_by("order")
    assert [g.name for g in grades] == ["一年級", "二年級", "三年級", "四年級", "五年級", "六年級"]
    assert all(list(g.stages.values_list("name", flat=True)) == ["國小"] for g in grades)


def test_tainan_has_its_37_districts():
    names = set(District.objects.values_list("name", flat=True))
    assert len(names) == 37
    assert {"新營區", "東區", "中西區", "安南區", "下營區", "龍崎區", "七股區"} <= names


def test_each_circle_is_asked_to_try_one_to_three_cross_school_communities(db):
    program = ProgramYear.objects.get(academic_year=109)
    assert (program.cross_school_target_min, program.cross_school_target_max) == (1, 3)
