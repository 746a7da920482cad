"""What the API says about each thing: plain read-only serializers over the querysets of
api.selectors (every field documented in the OpenAPI schema)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communities import workflow


class SchoolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class SchoolSerializer(SchoolRefSerializer):
    district = serializers.CharField(source="district.name")
    stage = serializers.CharField(source="stage.name")
    class_count = serializers.IntegerField()
    alliance_circle = serializers.CharField(
        source="alliance_circle.name", allow_null=True, default=None
    )


class YearSerializer(serializers.Serializer):
    academic_year = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    application_opens_at = serializers.DateTimeField()
    application_closes_at = serializers.DateTimeField()
    first_review_due = serializers.DateField(allow_null=True)
    second_review_due = serializers.DateField(allow_null=True)


class CommunityTypeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    base_amount = serializers.IntegerField()
    cross_school_bonus = serializers.IntegerField()
    ceiling_same_school = serializers.SerializerMethodField()
    ceiling_cross_school = serializers.SerializerMethodField()
    mandatory_per_school = serializers.BooleanField()
    counts_toward_quota = serializers.BooleanField()
    min_sessions = serializers.IntegerField()
    min_public_lessons = serializers.IntegerField()
    min_members = serializers.IntegerField()

    def get_ceiling_same_school(self, obj) -> int:
        return obj.ceiling(cross_school=False)

    def get_ceiling_cross_school(self, obj) -> int:
        return obj.ceiling(cross_school=True)


class QuotaRuleSerializer(serializers.Serializer):
    community_type = serializers.IntegerField(source="community_type.number")
    stage = serializers.CharField(source="stage.name")
    classes_min = serializers.IntegerField()
    classes_max = serializers.IntegerField(allow_null=True)
    min_communities = serializers.IntegerField()
    max_communities = serializers.IntegerField()


class BudgetItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField()
    cap_per_unit = serializers.IntegerField(allow_null=True)
    cap_per_member = serializers.IntegerField(allow_null=True)
    counts_toward_premium = serializers.BooleanField(source="premium_base")


class RulesSerializer(YearSerializer):
    upload_max_bytes = serializers.IntegerField()
    max_members = serializers.IntegerField()
    max_sessions = serializers.IntegerField()
    community_types = CommunityTypeSerializer(many=True)
    quota_rules = QuotaRuleSerializer(many=True)
    budget_items = BudgetItemSerializer(many=True)


class CommunityTypeRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    """The 成果報告書 in figures (null while the convenor has not started one)."""

    submitted_at = serializers.DateTimeField(source="report_submitted_at", allow_null=True)
    sessions_held = serializers.IntegerField()
    public_lessons_held = serializers.IntegerField()
    spent_before_premium = serializers.IntegerField(
        help_text="實支: the amounts entered per row and per session, before the NHI premium"
    )


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    academic_year = serializers.IntegerField(source="program.academic_year")
    name = serializers.CharField(source="display_name")
    status = serializers.ChoiceField(choices=workflow.STATUS_CHOICES)
    status_label = serializers.CharField()
    community_type = CommunityTypeRefSerializer(allow_null=True)
    is_cross_school = serializers.BooleanField(allow_null=True)
    school = SchoolRefSerializer()
    partner_schools = SchoolRefSerializer(many=True)
    convenor = serializers.CharField(source="convenor.name")
    requested_amount = serializers.SerializerMethodField()
    ceiling = serializers.SerializerMethodField()
    approved_amount = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.SerializerMethodField()

    @extend_schema_field(OutcomeSerializer(allow_null=True))
    def get_outcome(self, obj) -> dict | None:
        return OutcomeSerializer(obj).data if obj.has_report else None

    def get_requested_amount(self, obj) -> int:
        """The 經費概算表 total; 0 when 是否申請經費 = 否."""
        return 0 if obj.requests_budget is False else obj.requested_total

    def get_ceiling(self, obj) -> int | None:
        """The most the community may request: its type's base, plus the bonus when 跨校."""
        return obj.ceiling()


class RuleCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    blocking = serializers.BooleanField()


class SummarySerializer(serializers.Serializer):
    school = SchoolRefSerializer()
    academic_year = serializers.IntegerField(source="program.academic_year")
    applications = serializers.SerializerMethodField()
    counted_applications = serializers.SerializerMethodField()
    requested_total = serializers.IntegerField()
    ceiling_total = serializers.IntegerField()
    member_total = serializers.IntegerField()
    rules = RuleCheckSerializer(many=True)
    package_submitted_at = serializers.DateTimeField(
        source="package.submitted_at", allow_null=True, default=None
    )
    can_submit = serializers.SerializerMethodField()

    def get_applications(self, obj) -> int:
        return len(obj.rows)

    def get_counted_applications(self, obj) -> int:
        return len(obj.counted_rows)

    def get_can_submit(self, obj) -> bool:
        return not obj.submit_blockers


# --- the center's writes ----------------------------------------------------------------------

# The largest values the database takes (a larger id would overflow it, not find nothing).
MAX_ID = 2**63 - 1


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    school = SchoolRefSerializer(allow_null=True)


class AssignRequestSerializer(serializers.Serializer):
    """指定審查: each reviewer to each application, for the application's current stage."""

    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=500,
        help_text="application ids",
        error_messages=dict.fromkeys(
            ("required", "empty", "min_length"), _("請指定至少一件申請。")
        ),
    )
    reviewers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=50,
        help_text="reviewer account ids (GET /api/reviewers/)",
        error_messages=dict.fromkeys(
            ("required", "empty", "min_length"), "請指定至少一位審查委員。"
        ),
    )


class AssignPairSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    reviewer = serializers.IntegerField(source="reviewer.pk")
    reason = serializers.CharField(allow_blank=True)


class AssignResultSerializer(serializers.Serializer):
    """What 指定審查 did: new assignments, those that existed, those refused with the reason
    (the reviewer's own or a partner school, a declared conflict, a state that takes none), and
    the applications that moved to 審查中."""

    assigned = AssignPairSerializer(many=True)
    already = AssignPairSerializer(many=True)
    skipped = AssignPairSerializer(many=True)
    started = serializers.SerializerMethodField()

    def get_started(self, obj) -> list[int]:
        return [application.pk for application in obj.started]
