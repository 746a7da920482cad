import pytest

from communities import workflow
from communities.models import Application
from people.tests.factories import AllianceCircleFactory, SchoolFactory
from summaries.selectors import school_budget_summary, school_summary
from testsupport.shared import fresh, open_program, shared_data

from .builders import make_application, weak

pytestmark = pytest.mark.django_db


def _rule(summary, prefix):
    return next(rule for rule in summary.rules if rule.key.startswith(prefix))


def test_rows_list_every_own_application_and_count_only_submitted_or_later(program, school):
    # Those the school sent to the center first, then those still at the school.
    listed_only = {
        status: make_application(school=school, status=status, name=f"社群{status}")
        for status in [workflow.REJECTED, workflow.DRAFT, workflow.RETURNED]
    }
    counted = {
        status: make_application(school=school, status=status, name=f"社群{status}")
        for status in [
            workflow.SENT_TO_CENTER,
            workflow.FIRST_PASSED,
            workflow.APPROVED,
            workflow.SUBMITTED,
            workflow.SCHOOL_ACCEPTED,
        ]
    }

    summary = school_summary(school=school, program=program)

    by_pk = {row.pk: row for row in summary.rows}
    assert set(by_pk) == {a.pk for a in [*counted.values(), *listed_only.values()]}
    assert {row.pk for row in summary.counted_rows} == {a.pk for a in counted.values()}
    assert by_pk[listed_only[workflow.DRAFT].pk].note == "尚未送出"
    assert "重新送出後才列入" in by_pk[listed_only[workflow.RETURNED].pk].note
    assert "學年領域學習社群目前 5 個" in _rule(summary, "quota").message


@pytest.mark.usefixtures("no_premium")
def test_row_shows_type_scope_domain_convenor_members_and_requested_amount(program, school):
    partner = SchoolFactory(name="市立六甲國中")
    make_application(
        school=school,
        type_number=2,
        domain_name="數學",
        cross=True,
        partners=[partner],
        members=5,
        lines={1: (2, 1600), 7: (1, 3000)},
        convenor_name="曾鼎育",
    )

    (row,) = school_summary(school=school, program=program).rows

    assert row.community_type == "2. 初階學習社群"
    assert row.scope_label == "跨校"
    assert row.partner_schools == ("市立六甲國中",)
    assert row.domain == "數學"
    assert row.convenor == "曾鼎育"
    assert row.member_count == 5
    assert row.requested == 6200
    assert row.ceiling == 20000  # 15,000 + 5,000 cross-school bonus, from the type's rows


def test_no_budget_requested_counts_as_zero_even_with_leftover_lines(program, school):
    make_application(school=school, requests_budget=False, lines={7: (1, 3000)})

    summary = school_summary(school=school, program=program)
    budget = school_budget_summary(school=school, program=program)

    assert summary.requested_total == 0
    assert budget.total == 0


# SPEC §2: (stage, classes, min, max) for 學年領域學習社群
QUOTA_ROWS = [
    ("elementary", 12, 3, 8),
    ("elementary", 11, 2, 6),
    ("junior", 12, 4, 8),
    ("junior", 11, 3, 6),
]
QUOTA_CASES = [
    pytest.param(stage, classes, minimum, maximum, count, id=f"{stage}-{classes}班-{count}個")
    for stage, classes, minimum, maximum in QUOTA_ROWS
    for count in (minimum - 1, minimum, maximum, maximum + 1)
]


@pytest.fixture(scope="class")
def quota_schools(django_db_setup, django_db_blocker):
    """For each row of QUOTA_ROWS a school of its stage and class count with one 學年領域學習社群
    more than its maximum accepted by the school, and an accepted application of another type and
    a draft, which never count: built once for the class's tests, each of which keeps as many of
    the counted ones as it needs."""
    from programs.models import Stage

    with shared_data(django_db_blocker):
        open_program()
        schools = {}
        for stage, classes, _minimum, maximum in QUOTA_ROWS:
            school = SchoolFactory(stage=Stage.objects.get(code=stage), class_count=classes)
            counted = [
                make_application(school=school, type_number=1, status=workflow.SCHOOL_ACCEPTED).pk
                for _ in range(maximum + 1)
            ]
            # Other types and uncounted states never change the count.
            make_application(school=school, type_number=2, status=workflow.SCHOOL_ACCEPTED)
            make_application(school=school, type_number=1, status=workflow.DRAFT)
            schools[stage, classes] = school, counted
        yield schools


class TestQuotaRule:
    @pytest.mark.parametrize("stage,classes,minimum,maximum,count", QUOTA_CASES)
    def test_for_each_stage_and_class_count(
        self, program, quota_schools, stage, classes, minimum, maximum, count
    ):
        school, counted = quota_schools[stage, classes]
        # The school has ``count`` of them (the test's deletion is rolled back after it).
        Application.objects.filter(pk__in=counted[count:]).delete()
        assert Application.objects.filter(pk__in=counted).count() == count

        summary = school_summary(school=fresh(school), program=program)
        rule = _rule(summary, "quota")

        stage_name = "國小" if stage == "elementary" else "國中"
        assert rule.ok == (minimum <= count <= maximum)
        assert rule.blocking
        assert f"學年領域學習社群目前 {count} 個" in rule.message
        assert f"本校（{stage_name}、{classes} 班）" in rule.message
        if count < minimum:
            assert f"至少需 {minimum} 個，尚缺 {minimum - count} 個" in rule.message
        elif count > maximum:
            assert f"至多 {maximum} 個，超過 {count - maximum} 個" in rule.message
        else:
            assert f"{minimum}–{maximum} 個的規定" in rule.message
        assert (rule.message in summary.submit_blockers) == (not rule.ok)


def test_quota_message_names_what_is_missing(program, school):
    make_application(school=school)
    make_application(school=school)

    rule = _rule(school_summary(school=school, program=program), "quota")

    assert rule.message == "學年領域學習社群目前 2 個，本校（國中、14 班）至少需 4 個，尚缺 2 個。"
    assert not rule.ok


def test_exam_weak_domain_without_community_is_red_and_blocks(program, school):
    weak(school, "數學", 107, "52.30")
    weak(school, "數學", 106, "47.80")  # below the threshold: not quoted
    weak(school, "英語文", 105, "70")  # outside 106–107: ignored
    make_application(school=school, domain_name="國語文")
    make_application(school=school, domain_name="數學", status=workflow.DRAFT)

    summary = school_summary(school=school, program=program)
    (rule,) = [r for r in summary.rules if r.key.startswith("exam_weak")]

    assert not rule.ok
    assert rule.message == (
        "會考待加強領域「數學」（107學年度 52.3% 待加強）尚無本校社群，此領域務必申請社群。"
    )
    assert rule.message in summary.submit_blockers


def test_exam_weak_domain_with_a_counted_community_is_green(program, school):
    weak(school, "數學", 107, "50")
    weak(school, "數學", 106, "61")
    make_application(school=school, domain_name="數學", status=workflow.SCHOOL_ACCEPTED)

    summary = school_summary(school=school, program=program)
    (rule,) = [r for r in summary.rules if r.key.startswith("exam_weak")]

    assert rule.ok
    assert "「數學」（106學年度 61%、107學年度 50% 待加強）已有本校社群 1 個" in rule.message
    assert rule.message not in summary.submit_blockers


def test_threshold_and_years_come_from_the_program_rows(program, school):
    weak(school, "英語文", 105, "45")
    program.exam_weak_threshold = 40
    program.exam_weak_year_from = 105
    program.save()

    summary = school_summary(school=school, program=program)

    assert [r.key for r in summary.rules if r.key.startswith("exam_weak:")]
    assert not [r for r in summary.rules if r.key.startswith("exam_weak:")][0].ok


def test_school_without_weak_domains_gets_a_green_line(program, school):
    rule = _rule(school_summary(school=school, program=program), "exam_weak")

    assert rule.ok
    assert "無必辦領域" in rule.message


def test_cross_school_community_counts_for_the_lead_school_only(program, school, other_school):
    circle = AllianceCircleFactory(name="北區策略聯盟工作圈")
    school.alliance_circle = circle
    school.save()
    other_school.alliance_circle = circle
    other_school.save()
    shared = make_application(
        school=other_school,
        cross=True,
        partners=[school],
        domain_name="數學",
        lines={7: (1, 4000)},
        status=workflow.SCHOOL_ACCEPTED,
    )
    make_application(school=school, lines={7: (1, 1000)})

    mine = school_summary(school=school, program=program)
    mine_budget = school_budget_summary(school=school, program=program)
    lead = school_summary(school=other_school, program=program)
    lead_budget = school_budget_summary(school=other_school, program=program)

    assert [row.pk for row in mine.partner_rows] == [shared.pk]
    assert "跨校・合作學校" in mine.partner_rows[0].note
    assert shared.pk not in {row.pk for row in mine.counted_rows}
    assert "學年領域學習社群目前 1 個" in _rule(mine, "quota").message
    assert mine.requested_total == 1000
    assert mine_budget.total == 1000
    assert [row.application.pk for row in mine_budget.partner_rows] == [shared.pk]
    assert mine_budget.partner_rows[0].total == 4000

    assert shared.pk in {row.pk for row in lead.counted_rows}
    assert lead_budget.total == 4000

    cross = _rule(mine, "cross_school")
    assert cross.ok and not cross.blocking
    assert cross.message == (
        "本校主辦跨校社群 0 個、參與他校跨校社群 1 個；"
        "北區策略聯盟工作圈目前共 1 個跨校社群（建議每工作圈 1–3 個）。"
    )


def test_circle_without_cross_school_community_is_advice_not_a_blocker(program, school):
    school.alliance_circle = AllianceCircleFactory(name="南區策略聯盟工作圈")
    school.save()

    summary = school_summary(school=school, program=program)
    cross = _rule(summary, "cross_school")

    assert not cross.ok
    assert "南區策略聯盟工作圈目前 0 個跨校社群，建議每工作圈試辦 1–3 個" in cross.message
    assert cross.message not in summary.submit_blockers


def test_cross_school_target_follows_the_program_rows(program, school):
    school.alliance_circle = AllianceCircleFactory(name="南區策略聯盟工作圈")
    school.save()
    program.cross_school_target_min = None
    program.cross_school_target_max = None
    program.save()

    cross = _rule(school_summary(school=school, program=program), "cross_school")

    assert cross.ok
    assert cross.message.endswith("南區策略聯盟工作圈目前共 0 個跨校社群。")


def test_partner_school_does_not_see_other_schools_drafts(program, school, other_school):
    make_application(school=other_school, cross=True, partners=[school], status=workflow.DRAFT)

    assert school_summary(school=school, program=program).partner_rows == ()


@pytest.mark.usefixtures("no_premium")
def test_budget_summary_sums_each_item_and_compares_with_ceilings(program, school):
    a = make_application(school=school, lines={1: (2, 1600), 6: (1, 300)})
    b = make_application(
        school=school, type_number=2, cross=True, lines={1: (1, 1600), 3: (2, 2500)}
    )
    make_application(school=school, status=workflow.RETURNED, lines={7: (1, 999)})

    budget = school_budget_summary(school=school, program=program)

    totals = {item.column.number: item.total for item in budget.item_totals}
    assert totals[1] == 4800
    assert totals[3] == 5000
    assert totals[6] == 300
    assert totals[7] == 0
    quantities = {item.column.number: item.quantity_text for item in budget.item_totals}
    assert quantities[1] == "3"
    assert {row.application.pk: row.total for row in budget.rows} == {a.pk: 3500, b.pk: 6600}
    assert budget.total == 10100
    assert budget.ceiling_total == 3000 + 20000
    assert budget.within_ceiling
    assert budget.not_included == 1
    assert [c.label for c in budget.columns][:2] == ["1.外聘講座鐘點費", "2.內聘講座鐘點費"]


def test_an_application_over_its_ceiling_is_flagged(program, school):
    make_application(school=school, lines={7: (1, 3500)})

    (row,) = school_budget_summary(school=school, program=program).rows

    assert row.is_over_ceiling
    assert row.ceiling == 3000
