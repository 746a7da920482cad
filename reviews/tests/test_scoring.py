"""The 審查表: a score per criterion of the year's rules (0 to its 滿分, whole numbers, each checked
at its field), the weighted total, the recommendation options of the stage."""

from decimal import Decimal

import pytest

from communities import workflow
from communities.tests.helpers import Page
from programs.models import RecommendationOption, ReviewCriterion
from reviews.models import Review, weighted_total
from reviews.tests.helpers import criterion, decide_url, review_form, review_url
from testsupport.flow import submit_review

pytestmark = pytest.mark.django_db


class TestScoring:
    """Tests on the application under review (and the one at its second stage), built once for the class; each test's changes are rolled back."""

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("11", "「運作規劃」請填 0 至 10 的整數。"),
            ("-1", "「運作規劃」請填 0 至 10 的整數。"),
            ("7.5", "「運作規劃」請填 0 至 10 的整數。"),
            ("七", "「運作規劃」請填 0 至 10 的整數。"),
        ],
    )
    def test_a_wrong_score_is_refused_at_its_field_and_nothing_typed_is_lost(
        self, client, reviewing, typed, message
    ):
        application, first, _second = reviewing
        client.force_login(first)
        planning = criterion(application.program, "運作規劃")

        page = Page(
            client.post(
                review_url(application),
                review_form(
                    application,
                    recommendation="建議通過",
                    scores={"運作規劃": typed},
                    all_scores=8,
                    opinion="我的意見",
                    submit=True,
                ),
            )
        )

        assert message in page.text(f"f-score_{planning.pk}")
        assert "請填" not in page.text(f"f-score_{criterion(application.program, '預期成效').pk}")
        assert page.value(f"score_{planning.pk}") == typed
        assert page.value(f"score_{criterion(application.program, '目標與需求').pk}") == "8"
        assert "我的意見" in page.text("f-opinion")
        assert not Review.objects.exists()

    def test_submitting_needs_every_criterion_scored(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)

        page = Page(
            client.post(
                review_url(application),
                review_form(
                    application,
                    recommendation="建議通過",
                    scores={"目標與需求": 9, "運作規劃": 8},
                    opinion="意見",
                    submit=True,
                ),
            )
        )

        budget = criterion(application.program, "經費合理性")
        outcome = criterion(application.program, "預期成效")
        assert "請為「經費合理性」評分（0 至 10 分）。" in page.text(f"f-score_{budget.pk}")
        assert "請為「預期成效」評分（0 至 10 分）。" in page.text(f"f-score_{outcome.pk}")
        assert not Review.objects.exists()

    def test_zero_is_a_score(self, reviewing):
        application, first, _second = reviewing
        review = submit_review(application, first, scores={"經費合理性": 0})
        assert review.score_by_criterion[criterion(application.program, "經費合理性").pk] == 0
        # 25 + 30 + 0 + 25 of 100.
        assert review.total == Decimal("80.0")

    def test_the_weighted_total_scales_the_weights_to_100_points(self, reviewing):
        application, first, _second = reviewing
        review = submit_review(
            application,
            first,
            scores={"目標與需求": 8, "運作規劃": 6, "經費合理性": 10, "預期成效": 5},
        )
        # (8/10·25 + 6/10·30 + 10/10·20 + 5/10·25) / 100 · 100 = 20 + 18 + 20 + 12.5
        assert review.total == Decimal("70.5")

    def test_a_submitted_total_keeps_the_weights_it_was_given_with(self, reviewing):
        application, first, _second = reviewing
        review = submit_review(application, first, scores={"經費合理性": 0})
        ReviewCriterion.objects.filter(name="經費合理性").update(weight=80, max_score=5)

        review = Review.objects.get(pk=review.pk)
        assert review.total == Decimal("80.0")
        assert {(s.weight, s.max_score) for s in review.scores.all()} == {
            (25, 10),
            (30, 10),
            (20, 10),
        }

    def test_weights_need_not_add_up_to_100(
        self,
    ):
        class Row:
            def __init__(self, score, max_score, weight):
                self.score, self.max_score, self.weight = score, max_score, weight

        assert weighted_total([Row(3, 5, 1), Row(5, 5, 1)]) == Decimal("80.0")
        assert weighted_total([]) is None

    def test_the_center_changes_the_review_form_and_the_next_review_uses_it(
        self, client, reviewing
    ):
        application, first, _second = reviewing
        program = application.program
        ReviewCriterion.objects.create(
            program=program, stage="first", name="創新性", weight=10, max_score=5, order=9
        )
        ReviewCriterion.objects.create(
            program=program, stage="second", name="執行可行性", weight=10, max_score=5, order=10
        )
        RecommendationOption.objects.create(
            program=program, stage="first", label="建議通過但需補件", order=9
        )
        client.force_login(first)

        page = Page(client.get(review_url(application)))

        assert "創新性" in page.text("scores") and "執行可行性" not in page.text("scores")
        assert "建議通過但需補件" in page.text("f-recommendation")
        review = submit_review(application, first, option="建議通過但需補件")
        assert len(review.scores.all()) == 5 and review.total == 100

    def test_an_option_of_another_stage_is_refused(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)
        data = review_form(application, all_scores=8, opinion="意見", submit=True)
        data["recommendation"] = RecommendationOption.objects.get(
            stage="second", label="建議核定"
        ).pk

        page = Page(client.post(review_url(application), data))

        assert "此審查建議目前不能選擇。" in page.text("f-recommendation")
        assert not Review.objects.exists()

    def test_recommending_approval_needs_an_amount(self, client, second_stage):
        application, reviewer = second_stage
        client.force_login(reviewer)

        page = Page(
            client.post(
                review_url(application),
                review_form(
                    application,
                    recommendation="建議核定",
                    all_scores=9,
                    opinion="同意",
                    submit=True,
                ),
            )
        )

        assert "審查建議為「建議核定」時須填寫建議核定金額。" in page.text("f-recommended_amount")
        assert (
            "建議核定" in page.text("f-recommendation")
            and not Review.objects.filter(assignment__stage=workflow.SECOND_REVIEW).exists()
        )

    def test_the_reviewer_sees_the_total_of_their_submitted_review_and_the_center_the_averages(
        self, client, reviewing, center
    ):
        application, first, second = reviewing
        submit_review(application, first, scores={"目標與需求": 6, "運作規劃": 8}, opinion="甲")
        submit_review(application, second, scores={"目標與需求": 9, "運作規劃": 5}, opinion="乙")
        client.force_login(center)

        page = Page(client.get(decide_url(application)))

        table = page.text("review-table-first")
        # 甲: 15 + 24 + 20 + 25 = 84.0; 乙: 22.5 + 15 + 20 + 25 = 82.5; averages 7.5, 6.5, 83.3.
        assert "84.0" in table and "82.5" in table and "83.3" in table
        assert "目標與需求 權重 25%・滿分 10 6 9 7.5" in table
        assert "運作規劃 權重 30%・滿分 10 8 5 6.5" in table
        summary = page.text("summary-first")
        assert "已送出 2 / 指定 2 位委員" in summary and "平均加權總分 83.3" in summary
        assert "委員建議：建議通過 2" in summary
