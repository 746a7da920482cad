"""The read-only REST API (/api/): the year's rules, schools, applications and each school's
summary. Every answer is what the account's pages show it and nothing more (api.selectors)."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from communities import workflow
from core.scope import school_year_scope
from summaries.selectors import school_summary

from . import selectors
from .serializers import (
    ApplicationSerializer,
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


def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"detail": _("找不到。")}, status=404, json_dumps_params={"ensure_ascii": False}
    )
