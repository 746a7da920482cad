"""The center keeps the year's rules here: every amount, quota, option list and cap is a row.

Validation comes from the models (field validators and clean()); the admin only shows it next to
the field, in Chinese.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roc import money

from .models import (
    BudgetItem,
    CommunityType,
    ContentItem,
    ContentVariant,
    Domain,
    LecturerFeeRate,
    Option,
    PremiumRate,
    ProgramYear,
    QuotaRule,
    RecommendationOption,
    ReminderRule,
    ReviewCriterion,
    Stage,
)

NOT_NEGATIVE = _("不可為負數。")


class RuleFormMixin:
    """Numbers that may not go below zero say so in plain words."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if not isinstance(formfield, forms.IntegerField | forms.DecimalField):
            return formfield
        if formfield.min_value == 0:
            # The field's own check says it, rather than error_messages["min_value"], which
            # would also replace the words of the model's stricter bounds (權重 1 至 100).
            formfield.validators = [
                v
                for v in formfield.validators
                if not (isinstance(v, MinValueValidator) and v.limit_value == 0)
            ]
            formfield.validators.append(MinValueValidator(0, message=NOT_NEGATIVE))
        elif any(
            isinstance(v, MinValueValidator) and v.limit_value == 0 for v in db_field.validators
        ):
            formfield.validators.append(MinValueValidator(0, message=NOT_NEGATIVE))
        return formfield


class ProgramChildInline(RuleFormMixin, admin.TabularInline):
    """An inline of ProgramYear whose foreign keys only offer rows of the same year."""

    extra = 0
    same_program_fields: tuple[str, ...] = ()

    def get_formset(self, request, obj=None, **kwargs):
        request._rules_program = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.same_program_fields:
            program = getattr(request, "_rules_program", None)
            kwargs["queryset"] = db_field.related_model.objects.filter(program=program)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # A row of the table picks from the year's lists; editing those lists is done in
            # their own forms, not from every row.
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield


class ContentVariantInline(ProgramChildInline):
    model = ContentVariant
    fields = ["name"]
    show_change_link = True
    verbose_name_plural = _("實施內容清單(按「變更」編輯清單中的項目)")


class CommunityTypeInline(ProgramChildInline):
    model = CommunityType
    same_program_fields = ("content_variant",)
    fields = [
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
    ]


class QuotaRuleInline(ProgramChildInline):
    model = QuotaRule
    same_program_fields = ("community_type",)
    fields = [
        "community_type",
        "stage",
        "classes_min",
        "classes_max",
        "min_communities",
        "max_communities",
    ]


class BudgetItemInline(ProgramChildInline):
    model = BudgetItem
    fields = ["number", "name", "unit", "kind", "cap_per_unit", "cap_per_member", "premium_base"]
    show_change_link = True
    verbose_name_plural = _("經費項目(按「變更」編輯說明與講座鐘點費支給標準)")


class OptionInline(ProgramChildInline):
    model = Option
    fields = ["kind", "group", "code", "label", "allows_text", "order"]


class ReminderRuleInline(ProgramChildInline):
    model = ReminderRule
    fields = ["kind", "days_before", "subject", "body", "active"]


class ReviewCriterionInline(ProgramChildInline):
    model = ReviewCriterion
    fields = ["order", "stage", "name", "description", "weight", "max_score"]
    verbose_name_plural = _("審查表(委員逐項給 0 至滿分的整數分；加權總分換算為 100 分)")


class RecommendationOptionInline(ProgramChildInline):
    model = RecommendationOption
    fields = ["stage", "order", "label", "needs_amount"]
    verbose_name_plural = _("審查建議選項(委員的建議；審查結果仍由中心依流程記錄)")


@admin.register(ProgramYear)
class ProgramYearAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "start_date",
        "end_date",
        "application_opens_at",
        "application_closes_at",
        "window_state",
    ]
    fieldsets = [
        (None, {"fields": ["academic_year", ("start_date", "end_date")]}),
        (
            _("申請期間"),
            {"fields": [("application_opens_at", "application_closes_at"), "window_opened"]},
        ),
        (_("核章文件"), {"fields": ["upload_max_bytes"]}),
        (_("成果報告書佐證檔案"), {"fields": [("evidence_max_bytes", "evidence_max_files")]}),
        (_("社群申請書列數上限"), {"fields": [("max_members", "max_sessions")]}),
        (
            _("審查"),
            {"fields": [("first_review_due", "second_review_due"), "conflict_statement"]},
        ),
        (
            _("會考待加強學校"),
            {"fields": ["exam_weak_threshold", ("exam_weak_year_from", "exam_weak_year_to")]},
        ),
        (
            _("跨校社群(策略聯盟工作圈)"),
            {"fields": [("cross_school_target_min", "cross_school_target_max")]},
        ),
    ]
    inlines = [
        ContentVariantInline,
        CommunityTypeInline,
        QuotaRuleInline,
        BudgetItemInline,
        OptionInline,
        ReminderRuleInline,
        ReviewCriterionInline,
        RecommendationOptionInline,
    ]

    @admin.display(description=_("申請狀態"))
    def window_state(self, obj: ProgramYear) -> str:
        now = timezone.now()
        if not obj.window_opened:
            return _("尚未開放")
        if now < obj.application_opens_at:
            return _("尚未開始")
        if now > obj.application_closes_at:
            return _("已截止")
        return _("申請中")


class ContentItemInline(RuleFormMixin, admin.TabularInline):
    model = ContentItem
    extra = 0
    fields = ["label", "required", "allows_text", "order"]


@admin.register(ContentVariant)
class ContentVariantAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["name", "program", "required_items", "used_by"]
    list_filter = ["program"]
    inlines = [ContentItemInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("program")
            .prefetch_related("items", "communitytype_set")
        )

    @admin.display(description=_("必要內容"))
    def required_items(self, obj: ContentVariant) -> str:
        return "、".join(item.label for item in obj.items.all() if item.required)

    @admin.display(description=_("適用社群類型"))
    def used_by(self, obj: ContentVariant) -> str:
        return "、".join(str(t) for t in obj.communitytype_set.all())


@admin.register(CommunityType)
class CommunityTypeAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "program",
        "base_amount_display",
        "cross_school_bonus_display",
        "ceiling_same_school",
        "ceiling_cross_school",
        "mandatory_per_school",
        "min_sessions",
        "min_public_lessons",
        "min_members",
    ]
    list_filter = ["program"]
    list_select_related = ["program"]
    fieldsets = [
        (None, {"fields": ["program", "number", "name", "content_variant"]}),
        (_("補助金額"), {"fields": ["base_amount", "cross_school_bonus"]}),
        (_("申辦規定"), {"fields": ["mandatory_per_school", "counts_toward_quota"]}),
        (_("運作規定"), {"fields": ["min_sessions", "min_public_lessons", "min_members"]}),
    ]

    @admin.display(description=_("基本補助(元)"), ordering="base_amount")
    def base_amount_display(self, obj: CommunityType) -> str:
        return money(obj.base_amount)

    @admin.display(description=_("跨校加給(元)"), ordering="cross_school_bonus")
    def cross_school_bonus_display(self, obj: CommunityType) -> str:
        return money(obj.cross_school_bonus)

    @admin.display(description=_("同校上限(元)"))
    def ceiling_same_school(self, obj: CommunityType) -> str:
        return money(obj.ceiling(cross_school=False))

    @admin.display(description=_("跨校上限(元)"))
    def ceiling_cross_school(self, obj: CommunityType) -> str:
        return money(obj.ceiling(cross_school=True))


@admin.register(QuotaRule)
class QuotaRuleAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = [
        "community_type",
        "program",
        "stage",
        "classes_min",
        "classes_max",
        "min_communities",
        "max_communities",
    ]
    list_filter = ["program", "stage"]
    list_select_related = ["community_type", "program", "stage"]


@admin.register(Option)
class OptionAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "group", "allows_text", "order", "program"]
    list_filter = ["program", "kind"]
    list_select_related = ["program"]
    search_fields = ["label", "code"]


class LecturerFeeRateInline(RuleFormMixin, admin.TabularInline):
    model = LecturerFeeRate
    extra = 0
    fields = ["category", "lecturer_fee", "assistant_fee", "effective_from", "effective_to"]


@admin.register(BudgetItem)
class BudgetItemAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "unit",
        "kind",
        "cap_per_unit",
        "cap_per_member",
        "premium_base",
        "program",
    ]
    list_filter = ["program", "kind"]
    list_select_related = ["program"]
    inlines = [LecturerFeeRateInline]


@admin.register(LecturerFeeRate)
class LecturerFeeRateAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = [
        "category",
        "budget_item",
        "lecturer_fee",
        "assistant_fee",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["budget_item__program", "budget_item"]
    list_select_related = ["budget_item"]


@admin.register(PremiumRate)
class PremiumRateAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["rate_percent", "effective_from", "effective_to"]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["name", "stage_display", "weight", "max_score", "order", "program"]
    list_filter = ["program", "stage"]
    list_select_related = ["program"]

    @admin.display(description=_("審查階段"), ordering="stage")
    def stage_display(self, obj: ReviewCriterion) -> str:
        return obj.get_stage_display() or _("初審與複審")


@admin.register(RecommendationOption)
class RecommendationOptionAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["label", "stage", "needs_amount", "order", "program"]
    list_filter = ["program", "stage"]
    list_select_related = ["program"]


@admin.register(Stage)
class StageAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Domain)
class DomainAdmin(RuleFormMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "stage_names", "note", "order"]
    list_filter = ["kind", "stages"]
    search_fields = ["name"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("stages")

    @admin.display(description=_("適用學習階段"))
    def stage_names(self, obj: Domain) -> str:
        return "、".join(stage.name for stage in obj.stages.all())
