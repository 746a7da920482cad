"""The REST API (/api/): the year's rules, schools, applications and each school's summary, read
by every account as its pages show them and nothing more (api.selectors); and the center's
writes, through the same services as its pages (指定審查: reviews.services.review_assign)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from communities import workflow
from communities.models import Application
from core.scope import school_year_scope
from people.auditing import acting_as
from people.models import Role, User
from reviews.services import review_assign
from summaries.selectors import school_summary

from . import selectors
from .serializers import (
    ApplicationSerializer,
    AssignRequestSerializer,
    AssignResultSerializer,
    ReviewerSerializer,
    RulesSerializer,
    SchoolSerializer,
    SummarySerializer,
    YearSerializer,
)

# The largest values the database takes (a larger id would overflow it, not find nothing).
MAX_ID = 2**63 - 1
MAX_YEAR = 32767


class YearList(generics.ListAPIView):
    """The program years, newest first."""

    serializer_class = YearSerializer

    def get_queryset(self):
        return selectors.years()


class YearRules(generics.RetrieveAPIView):
    """One year's rules: community types and their amounts, the quota rules, budget items and
    their caps."""

    serializer_class = RulesSerializer
    lookup_field = "academic_year"

    def get_queryset(self):
        return selectors.year_rules()


class SchoolList(generics.ListAPIView):
    """Every school for the center; for any other account, its own school."""

    serializer_class = SchoolSerializer

    def get_queryset(self):
        return selectors.schools_visible_to(user=self.request.user)


class SchoolDetail(generics.RetrieveAPIView):
    serializer_class = SchoolSerializer
    lookup_url_kwarg = "school_pk"

    def get_queryset(self):
        return selectors.schools_visible_to(user=self.request.user)


class ApplicationFilter(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_YEAR, help_text="學年度, e.g. 109"
    )
    status = serializers.ChoiceField(choices=workflow.STATUS_CHOICES, required=False)
    school = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="the school's id"
    )


@extend_schema(parameters=[ApplicationFilter])
class ApplicationList(generics.ListAPIView):
    """The applications the account may read: a teacher's own, a school admin's school's (as
    lead or partner school), a reviewer's declared assignments, every one for the center."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        applications = selectors.applications_visible_to(user=self.request.user)
        given = ApplicationFilter(data=self.request.query_params)
        given.is_valid(raise_exception=True)
        chosen = given.validated_data
        if "year" in chosen:
            applications = applications.filter(program__academic_year=chosen["year"])
        if "status" in chosen:
            applications = applications.filter(status=chosen["status"])
        if "school" in chosen:
            applications = applications.filter(school_id=chosen["school"])
        return applications


class ApplicationDetail(generics.RetrieveAPIView):
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return selectors.applications_visible_to(user=self.request.user)


class SummaryQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_YEAR,
        help_text="學年度; the current year when not given",
    )


@extend_schema(parameters=[SummaryQuery], responses=SummarySerializer)
class SchoolSummary(generics.GenericAPIView):
    """A school's 申請總表 in figures: its applications, what counts, the money requested and the
    rules panel. The school's admin (their own school only) and the center."""

    serializer_class = SummarySerializer

    def get(self, request, school_pk: int):
        given = SummaryQuery(data=request.query_params)
        given.is_valid(raise_exception=True)
        scope = school_year_scope(
            request.user,
            school=school_pk,
            year=given.validated_data.get("year"),
            require_school=True,
        )
        if scope.school is None:
            raise Http404
        summary = school_summary(school=scope.school, program=scope.program)
        return Response(SummarySerializer(summary).data)


class IsCenter(permissions.BasePermission):
    message = gettext_lazy("只有教專中心的帳號可以使用。")

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.CENTER
        )


class SearchText(serializers.CharField):
    """Typed search text: a NUL character (which no name holds and PostgreSQL refuses) is
    dropped rather than refused."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_internal_value(self, data):
        return super().to_internal_value(data).replace("\x00", "")


class ReviewerQuery(serializers.Serializer):
    q = SearchText(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="part of the name, account or school",
    )


@extend_schema(parameters=[ReviewerQuery])
class ReviewerList(generics.ListAPIView):
    """The active reviewer accounts (center only), by name; ?q= searches name, account and
    school."""

    serializer_class = ReviewerSerializer
    permission_classes = [IsCenter]

    def get_queryset(self):
        given = ReviewerQuery(data=self.request.query_params)
        given.is_valid(raise_exception=True)
        return selectors.reviewers(search=given.validated_data.get("q", ""))


@extend_schema(
    request=AssignRequestSerializer,
    responses={
        200: AssignResultSerializer,
        400: OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="field → its messages (an id not found, an account that is no reviewer)",
        ),
    },
)
class Assign(generics.GenericAPIView):
    """指定審查 (center only): each reviewer to each application for its current stage, as the
    center's 指定審查 page does: never to a reviewer of the lead or a partner school or one who
    declared a conflict; an application sent to the center moves to 審查中 with its first
    reviewer; each reviewer assigned is told once. Asking again assigns nothing twice."""

    serializer_class = AssignRequestSerializer
    permission_classes = [IsCenter]

    def post(self, request):
        given = AssignRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        ids = given.validated_data
        applications = list(Application.objects.filter(pk__in=set(ids["applications"])))
        reviewers = list(User.objects.filter(pk__in=set(ids["reviewers"])).select_related("school"))
        errors = {}
        missing = sorted(set(ids["applications"]) - {a.pk for a in applications})
        if missing:
            errors["applications"] = [
                _("找不到申請案件：%(ids)s。") % {"ids": "、".join(map(str, missing))}
            ]
        missing = sorted(set(ids["reviewers"]) - {r.pk for r in reviewers})
        if missing:
            errors["reviewers"] = [
                _("找不到審查委員帳號：%(ids)s。") % {"ids": "、".join(map(str, missing))}
            ]
        if errors:
            raise ValidationError(errors)
        try:
            # DRF signs the token in inside the view, after auditlog's middleware has run.
            with acting_as(request.user):
                result = review_assign(
                    applications=applications, reviewers=reviewers, by=request.user
                )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(AssignResultSerializer(result).data)


def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"detail": _("找不到。")}, status=404, json_dumps_params={"ensure_ascii": False}
    )
