"""Which rows belong to a program year, and how one year's rows are matched with another's.

``YEAR_RULES`` lists every model that is a rule of the year (a row the center keeps for each year),
in the order they are copied: a row's year-owned parents come before it. ``CASE_DATA`` names the
models that point at a year or at its rules but record what happened in that year (applications,
reviews, reminders sent …): they are never copied (a name of an app not installed is ignored). Models of apps above this one are named by
their label, so this module imports nothing of theirs. A test walks every model that points at
``ProgramYear`` or at a year rule and fails for one that is in neither list.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class YearRule:
    label: str  # "programs.CommunityType"
    title: str  # the diff page's heading
    year_path: str  # the lookup from the model to its ProgramYear: "program", "variant__program"
    key: tuple[str, ...]  # what matches a row with the other year's: "number", "variant__name"
    fields: tuple[str, ...]  # what the diff page shows and compares, in order
    admin: str = ""  # the admin changelist, filtered by ``admin_filter`` = the year's id
    admin_filter: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


YEAR_RULES: list[YearRule] = [
    YearRule(
        "programs.ContentVariant",
        _("實施內容清單"),
        "program",
        ("name",),
        ("name",),
        "admin:programs_contentvariant_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.ContentItem",
        _("補助社群實施之內容"),
        "variant__program",
        ("variant__name", "label"),
        ("variant", "label", "required", "allows_text", "order"),
        "admin:programs_contentvariant_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.CommunityType",
        _("社群類型與補助金額"),
        "program",
        ("number",),
        (
            "number",
            "name",
            "base_amount",
            "cross_school_bonus",
            "mandatory_per_school",
            "counts_toward_quota",
            "content_variant",
            "min_sessions",
            "min_public_lessons",
            "min_members",
        ),
        "admin:programs_communitytype_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.QuotaRule",
        _("學年領域學習社群申辦數量"),
        "program",
        ("community_type__number", "stage__code", "classes_min"),
        (
            "community_type",
            "stage",
            "classes_min",
            "classes_max",
            "min_communities",
            "max_communities",
        ),
        "admin:programs_quotarule_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.Option",
        _("選項(核心素養、運作目標、進行方式)"),
        "program",
        ("kind", "code", "label"),
        ("kind", "group", "code", "label", "allows_text", "order"),
        "admin:programs_option_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.BudgetItem",
        _("經費項目與上限"),
        "program",
        ("number",),
        (
            "number",
            "name",
            "unit",
            "kind",
            "cap_per_unit",
            "cap_per_member",
            "premium_base",
            "note",
        ),
        "admin:programs_budgetitem_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.LecturerFeeRate",
        _("講座鐘點費支給標準"),
        "budget_item__program",
        ("budget_item__number", "category", "effective_from"),
        (
            "budget_item",
            "category",
            "lecturer_fee",
            "assistant_fee",
            "effective_from",
            "effective_to",
        ),
        "admin:programs_lecturerfeerate_changelist",
        "budget_item__program__id__exact",
    ),
    YearRule(
        "programs.ReviewCriterion",
        _("審查表(審查項目、權重與滿分)"),
        "program",
        ("stage", "name"),
        ("order", "stage", "name", "description", "weight", "max_score"),
        "admin:programs_reviewcriterion_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.RecommendationOption",
        _("審查建議選項"),
        "program",
        ("stage", "label"),
        ("stage", "order", "label", "needs_amount"),
        "admin:programs_recommendationoption_changelist",
        "program__id__exact",
    ),
    YearRule(
        "programs.ReminderRule",
        _("期限提醒"),
        "program",
        ("kind", "days_before"),
        ("kind", "days_before", "subject", "body", "active"),
        "admin:programs_programyear_change",
    ),
]

# Rows that point at a year or its rules but are that year's cases, not its rules.
CASE_DATA: dict[str, str] = {
    "communities.Application": "申請案件屬於其學年度",
    "communities.BudgetLine": "申請案件的經費概算",
    "summaries.SchoolPackage": "學校當年度的彙整與送中心",
    "printing.PrintRecord": "列印紀錄",
    "reviews.ReviewAssignment": "指定審查，屬於其申請案件的學年度",
    "reviews.Review": "委員的審查意見",
    "reviews.ReviewScore": "委員的逐項給分",
    "center.ReminderSent": "已寄出的期限提醒",
    "outcomes.SessionFee": "成果報告書各場次的實支鐘點費",
    "outcomes.Spending": "成果報告書的實際支用",
    "documents.GeneratedFile": "中心於背景產製的年度報告、成果彙編與全年度清單",
    "center.BoardSnapshot": "中心儀表板當年度的統計（由案件計算）",
}

# The year's own fields the copy moves one year on; every other field of ProgramYear is copied as
# it is.
YEAR_SHIFTED_FIELDS = (
    "academic_year",
    "start_date",
    "end_date",
    "application_opens_at",
    "application_closes_at",
    "first_review_due",
    "second_review_due",
    "exam_weak_year_from",
    "exam_weak_year_to",
)


def program_year_fields() -> list[str]:
    """Every field of the year itself, in the model's order: each is copied (those above one
    year later) and compared, so a field added to ProgramYear later is both without a change
    here."""
    from .models import ProgramYear

    return [f.name for f in ProgramYear._meta.concrete_fields if f.name != "id"]


# Not a rule but where the year stands: the diff page shows it apart.
NOT_COMPARED = ("window_opened", "rules_changed_at")


def year_rule_labels() -> set[str]:
    return {rule.label for rule in YEAR_RULES}
