"""Reads for the center's pages: the year's applications filtered in SQL, and the dashboard's
figures. Each function runs a fixed number of queries whatever the number of applications."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import UNNAMED, Application
from core.tasks import Task
from people.models import District, ExamWeakness, Role, School, User
from programs.models import CommunityType, ProgramYear, QuotaRule
from reviews.models import ReviewAssignment
from reviews.selectors import owed_assignments, reviewed_in_stage

SAME_SCHOOL = "same"
# The schools short of the rules the dashboard names (the rest are on their own page).
SHORT_SCHOOLS_SHOWN = 20
CROSS_SCHOOL = "cross"

# The list's sort keys, as the page's column headers name them.
SORTS = {
    "school": ("school__code", "pk"),
    "name": ("name", "pk"),
    "type": ("community_type__number", "pk"),
    "status": ("status", "pk"),
    "requested": ("requested_total", "pk"),
    "approved": ("approved_amount", "pk"),
    "submitted": ("submitted_at", "pk"),
}
DEFAULT_SORT = "school"


@dataclass(frozen=True)
class ApplicationFilter:
    """What the center's list is filtered by; every field optional."""

    program: ProgramYear
    district_id: int | None = None
    school_id: int | None = None
    # How its links name the school: by code, as the 學校 field reads it (its id would be read
    # as a code, naming another school or none).
    school_code: str = ""
    type_id: int | None = None
    statuses: tuple[str, ...] = ()
    scope: str = ""  # SAME_SCHOOL / CROSS_SCHOOL
    reviewer_id: int | None = None
    query: str = ""  # part of the 社群名稱 or the convenor's name
    sort: str = DEFAULT_SORT
    descending: bool = False

    def params(self, **changes) -> dict[str, str]:
        """The filter as GET parameters (a link to the same list, ``changes`` applied)."""
        values = {
            "year": self.program.academic_year,
            "district": self.district_id,
            "school": self.school_code or self.school_id,
            "type": self.type_id,
            "status": list(self.statuses),
            "scope": self.scope,
            "reviewer": self.reviewer_id,
            "q": self.query,
            "sort": ("-" if self.descending else "") + self.sort
            if self.sort != DEFAULT_SORT or self.descending
            else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", [])}


def list_url(filters: ApplicationFilter, path: str = "", **changes) -> str:
    """The list filtered by ``filters`` with ``changes``; ``path``: the list's, when a caller
    writing hundreds of links (the dashboard's 行政區) has reversed it once."""
    path = path or reverse("center:applications")
    return f"{path}?{urlencode(filters.params(**changes), doseq=True)}"


def filtered_applications(filters: ApplicationFilter) -> QuerySet[Application]:
    """The year's applications matching ``filters``, sorted; not yet sliced (the caller
    paginates)."""
    qs = Application.objects.filter(program=filters.program)
    if filters.district_id:
        qs = qs.filter(school__district_id=filters.district_id)
    if filters.school_id:
        qs = qs.filter(school_id=filters.school_id)
    if filters.type_id:
        qs = qs.filter(community_type_id=filters.type_id)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.scope == CROSS_SCHOOL:
        qs = qs.filter(is_cross_school=True)
    elif filters.scope == SAME_SCHOOL:
        qs = qs.exclude(is_cross_school=True)
    if filters.reviewer_id:
        qs = qs.filter(
            Exists(
                ReviewAssignment.objects.filter(
                    application=OuterRef("pk"), reviewer_id=filters.reviewer_id
                )
            )
        )
    if filters.query:
        qs = qs.filter(
            Q(name__icontains=filters.query)
            | Q(convenor__name__icontains=filters.query)
            | Q(convenor__username__iexact=filters.query)
        )
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = tuple(f"-{key}" for key in order)
    return qs.order_by(*order)


@dataclass(frozen=True)
class ListAssignment:
    """A reviewer on a row of the list: their name, the stage, whether their review is in."""

    pk: int
    stage_label: str
    reviewer: str
    is_done: bool


@dataclass(frozen=True)
class ListRow:
    """A row of the center's list (center.rows writes it)."""

    pk: int
    display_name: str
    status: str
    status_label: str
    is_cross_school: bool
    requests_budget: bool | None
    requested_total: int
    approved_amount: int | None
    school: str
    district: str
    community_type: str
    convenor: str
    assignments: tuple[ListAssignment, ...]


def list_page_rows(ids: list[int]) -> list[ListRow]:
    """One page of the list (its application ids, in order) with what each row shows (school
    and district, type, convenor, reviewers with whether their review is in): two queries of
    plain values, no model read (half the time of the rows as models at a page of 50)."""
    stages = dict(ReviewAssignment._meta.get_field("stage").choices)
    labels = workflow.status_labels()
    assignments: dict[int, list[ListAssignment]] = defaultdict(list)
    for pk, application_id, stage, name, username, submitted_at in (
        ReviewAssignment.objects.filter(application_id__in=ids)
        .order_by("stage", "assigned_at", "id")
        .values_list(
            "pk",
            "application_id",
            "stage",
            "reviewer__name",
            "reviewer__username",
            "review__submitted_at",
        )
    ):
        assignments[application_id].append(
            ListAssignment(
                pk=pk,
                stage_label=str(stages.get(stage, stage)),
                reviewer=name or username,
                is_done=submitted_at is not None,
            )
        )
    by_id = {}
    for (
        pk,
        name,
        status,
        is_cross_school,
        requests_budget,
        requested_total,
        approved_amount,
        school,
        district,
        community_type,
        convenor_name,
        convenor_username,
    ) in Application.objects.filter(pk__in=ids).values_list(
        "pk",
        "name",
        "status",
        "is_cross_school",
        "requests_budget",
        "requested_total",
        "approved_amount",
        "school__name",
        "school__district__name",
        "community_type__name",
        "convenor__name",
        "convenor__username",
    ):
        by_id[pk] = ListRow(
            pk=pk,
            display_name=name or str(UNNAMED),
            status=status,
            status_label=labels[status],
            is_cross_school=bool(is_cross_school),
            requests_budget=requests_budget,
            requested_total=requested_total,
            approved_amount=approved_amount,
            school=school,
            district=district or "",
            community_type=community_type or "",
            convenor=convenor_name or convenor_username or "",
            assignments=tuple(assignments.get(pk, ())),
        )
    return [by_id[pk] for pk in ids if pk in by_id]


# The most reviewers a picker lists at once (the others are a search away).
REVIEWERS_SHOWN = 20


def _loads(*, program: ProgramYear, reviewer_ids=None) -> dict[int, tuple[int, int]]:
    """Active reviewer id → (assigned, open) over the year's assignments (of ``reviewer_ids``
    only, active reviewers the caller has read, when given): how many they have been assigned
    in all and how many reviews they still owe. Two counts: all the year's assignments by the
    assignment's own year (an index, no application read), and the owed ones among the
    applications still open to review only."""
    assignments = ReviewAssignment.objects.filter(program=program).order_by()
    if reviewer_ids is None:
        # Read apart: as a join it makes PostgreSQL expect a few of a country's 42,000
        # assignments and look each one up.
        reviewer_ids = set(
            User.objects.filter(role=Role.REVIEWER, is_active=True).values_list("pk", flat=True)
        )
    else:
        reviewer_ids = set(reviewer_ids)
        assignments = assignments.filter(reviewer_id__in=reviewer_ids)
    assigned = dict(
        assignments.values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    # Owed: no submitted review. Asked as NOT EXISTS, PostgreSQL anti-joins the reviews; as
    # "no review or an unsubmitted one" (a left join and an OR) it expected one row and looked
    # each application up (20 ms → 11 ms at a country's 42,000 assignments).
    owing = dict(
        assignments.filter(owed_assignments())
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    return {
        reviewer_id: (n, owing.get(reviewer_id, 0))
        for reviewer_id, n in assigned.items()
        if reviewer_id in reviewer_ids
    }


def _with_loads(reviewers: list[User], loads: dict[int, tuple[int, int]]) -> list[User]:
    for reviewer in reviewers:
        reviewer.assigned, reviewer.open = loads.get(reviewer.pk, (0, 0))
    return reviewers


def reviewer_loads(
    *, program: ProgramYear, search: str = "", limit: int | None = None, chosen=()
) -> list[User]:
    """The active reviewers (whose name or school holds ``search``; at most ``limit``, in name
    order, after the ``chosen`` ones, which are always listed) with how many of the year's
    reviews they still owe (``open``) and have been assigned in all (``assigned``). Two queries,
    whatever the number of reviewers and assignments when ``limit`` is given."""
    reviewers = User.objects.filter(role=Role.REVIEWER, is_active=True).select_related("school")
    chosen_ids = [int(pk) for pk in chosen if str(pk).isdigit()][:REVIEWERS_SHOWN]
    matching = reviewers.exclude(pk__in=chosen_ids)
    if search:
        matching = matching.filter(Q(name__icontains=search) | Q(school__name__icontains=search))
    matching = matching.order_by("name", "username")
    if limit is not None:
        matching = matching[:limit]
    if chosen_ids:
        picked = list(reviewers.filter(pk__in=chosen_ids).order_by("name", "username"))
        listed = picked + list(matching)
    else:
        listed = list(matching)
    return _with_loads(listed, _loads(program=program, reviewer_ids=[r.pk for r in listed]))


def reviewers_named(ids) -> list[User]:
    """The active reviewers of ``ids`` (the one a list is filtered by)."""
    ids = [int(pk) for pk in ids if str(pk).isdigit()]
    if not ids:
        return []
    return list(
        User.objects.filter(pk__in=ids, role=Role.REVIEWER, is_active=True).order_by("name")
    )


def busiest_reviewers(*, program: ProgramYear, limit: int) -> tuple[list[User], int, int]:
    """The dashboard's reviewers: the ``limit`` who owe the most of the year's reviews (then who
    were assigned most), how many reviewers have assignments, and the reviews owed in all."""
    loads = _loads(program=program)
    ranked = sorted(loads.items(), key=lambda item: (-item[1][1], -item[1][0], item[0]))[:limit]
    by_id = {
        user.pk: user
        for user in User.objects.filter(pk__in=[pk for pk, _load in ranked]).select_related(
            "school"
        )
    }
    top = _with_loads([by_id[pk] for pk, _load in ranked if pk in by_id], loads)
    return top, len(loads), sum(open_ for _assigned, open_ in loads.values())


# The dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: str  # the status, type id or district id it counts
    label: str
    count: int


@dataclass(frozen=True)
class MoneyByType:
    type_id: int
    label: str
    communities: int
    requested: int
    approved: int


@dataclass(frozen=True)
class SchoolShort:
    school: School
    reasons: tuple[str, ...]


@dataclass
class Dashboard:
    program: ProgramYear
    total: int
    by_status: list[Tally]
    by_type: list[Tally]
    by_district: list[Tally]
    money: list[MoneyByType]
    schools_short: list[SchoolShort]  # the first SHORT_SCHOOLS_SHOWN, in school-code order
    schools_short_count: int
    reviewers: list[User]  # the busiest (REVIEWERS_SHOWN), most reviews owed first
    reviewers_assigned: int = 0  # reviewers with an assignment of the year
    reviews_outstanding: int = 0

    @property
    def requested_total(self) -> int:
        return sum(row.requested for row in self.money)

    @property
    def approved_total(self) -> int:
        return sum(row.approved for row in self.money)

    @property
    def status_max(self) -> int:
        return max((row.count for row in self.by_status), default=0)

    @property
    def money_max(self) -> int:
        return max((max(row.requested, row.approved) for row in self.money), default=0)


def _quota_rules(program: ProgramYear):
    quota_types = {
        t.pk: t for t in CommunityType.objects.filter(program=program, counts_toward_quota=True)
    }
    rules = list(QuotaRule.objects.filter(program=program, community_type_id__in=quota_types))
    return quota_types, rules


def short_schools(*, program: ProgramYear, rules=None) -> QuerySet[School]:
    """The schools short of a quota of the year or without a community in a 會考待加強 domain
    (the ones schools_short names), chosen in SQL, in school-code order: each school's counts
    are looked up by index, no school is read into Python to decide."""
    if rules is None:
        _types, rules = _quota_rules(program)
    counted = workflow.states_where(counted=True)
    mine = Application.objects.filter(program=program, status__in=counted, school=OuterRef("pk"))
    schools = School.objects.all()
    short = Q(pk__in=[])
    for type_id in {rule.community_type_id for rule in rules}:
        schools = schools.annotate(
            **{
                f"n_{type_id}": Coalesce(
                    Subquery(
                        mine.filter(community_type_id=type_id)
                        .order_by()
                        .values("school")
                        .annotate(n=Count("pk"))
                        .values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                )
            }
        )
    for rule in rules:
        applies = Q(stage_id=rule.stage_id, class_count__gte=rule.classes_min)
        if rule.classes_max is not None:
            applies &= Q(class_count__lte=rule.classes_max)
        short |= applies & Q(**{f"n_{rule.community_type_id}__lt": rule.min_communities})
    covered = Application.objects.filter(
        program=program,
        status__in=counted,
        school=OuterRef(OuterRef("pk")),
        domain_id=OuterRef("domain_id"),
    )
    weak_uncovered = ExamWeakness.objects.filter(
        school=OuterRef("pk"),
        academic_year__gte=program.exam_weak_year_from,
        academic_year__lte=program.exam_weak_year_to,
        percent__gte=program.exam_weak_threshold,
    ).filter(~Exists(covered))
    short |= Q(Exists(weak_uncovered))
    return schools.filter(short).order_by("code")


def schools_short(*, program: ProgramYear, schools=None) -> list[SchoolShort]:
    """Schools short of a quota of the year (e.g. 學年領域學習社群) or without a community in a
    會考待加強 domain, with why, in school-code order (five queries). With ``schools`` (a page of
    short_schools), only those are read and told why."""
    counted = workflow.states_where(counted=True)
    quota_types, rules = _quota_rules(program)
    applications = Application.objects.filter(program=program, status__in=counted)
    weaknesses = ExamWeakness.objects.filter(
        academic_year__gte=program.exam_weak_year_from,
        academic_year__lte=program.exam_weak_year_to,
        percent__gte=program.exam_weak_threshold,
    )
    if schools is None:
        schools = School.objects.select_related("district", "stage").order_by("code")
    else:
        schools = list(schools)
        ids = [school.pk for school in schools]
        applications = applications.filter(school_id__in=ids)
        weaknesses = weaknesses.filter(school_id__in=ids)
    type_counts: dict[tuple[int, int], int] = {
        (row["school_id"], row["community_type_id"]): row["n"]
        for row in applications.filter(community_type_id__in=quota_types)
        .order_by()
        .values("school_id", "community_type_id")
        .annotate(n=Count("pk"))
    }
    domain_counts: set[tuple[int, int]] = set(
        applications.exclude(domain=None)
        .order_by()
        .values_list("school_id", "domain_id")
        .distinct()
    )
    weak: dict[int, set] = defaultdict(set)
    for school_id, domain_id, domain_name in weaknesses.values_list(
        "school_id", "domain_id", "domain__name"
    ):
        weak[school_id].add((domain_id, domain_name))

    short: list[SchoolShort] = []
    for school in schools:
        reasons = []
        for rule in rules:
            if rule.stage_id != school.stage_id or not rule.applies_to(school.class_count):
                continue
            count = type_counts.get((school.pk, rule.community_type_id), 0)
            if count < rule.min_communities:
                reasons.append(
                    _("%(type)s %(count)s 個，至少需 %(minimum)s 個")
                    % {
                        "type": quota_types[rule.community_type_id].name,
                        "count": count,
                        "minimum": rule.min_communities,
                    }
                )
        for domain_id, domain_name in sorted(weak.get(school.pk, ()), key=lambda d: d[1]):
            if (school.pk, domain_id) not in domain_counts:
                reasons.append(_("會考待加強領域「%(domain)s」尚無社群") % {"domain": domain_name})
        if reasons:
            short.append(SchoolShort(school=school, reasons=tuple(reasons)))
    return short


def schools_short_page(*, program: ProgramYear, schools) -> list[SchoolShort]:
    """A page of short_schools (a slice, read here with their district) told why."""
    return schools_short(program=program, schools=schools.select_related("district", "stage"))


def dashboard(*, program: ProgramYear) -> Dashboard:
    """Where the year stands. The counts by status, type and district and the money by type
    come from one pass over the year's applications, grouped by all three (a few thousand
    groups at a country's size), added up here."""
    counted = workflow.states_where(counted=True)
    funded = workflow.states_where(funded=True)
    status_counts: Counter = Counter()
    type_counts: Counter = Counter()
    district_counts: Counter = Counter()
    counted_per_type: Counter = Counter()
    requested: Counter = Counter()
    approved: Counter = Counter()
    for row in (
        Application.objects.filter(program=program)
        .order_by()
        .values("status", "community_type_id", "school__district_id")
        .annotate(
            n=Count("pk"),
            requested=Coalesce(Sum("requested_total", filter=~Q(requests_budget=False)), 0),
            approved=Coalesce(Sum("approved_amount"), 0),
        )
    ):
        status, type_id, n = row["status"], row["community_type_id"], row["n"]
        status_counts[status] += n
        type_counts[type_id] += n
        district_counts[row["school__district_id"]] += n
        if status in counted:
            counted_per_type[type_id] += n
            requested[type_id] += row["requested"]
        if status in funded:
            approved[type_id] += row["approved"]
    by_status = [
        Tally(key=key, label=str(state.label), count=status_counts[key])
        for key, state in workflow.WORKFLOW.items()
    ]
    types = list(CommunityType.objects.filter(program=program).order_by("number"))
    districts = {d.pk: d for d in District.objects.all()}
    # The ids of every short school in one pass (their count), the first few read in full.
    short_ids = list(short_schools(program=program).values_list("pk", flat=True))
    reviewers, reviewers_assigned, outstanding = busiest_reviewers(
        program=program, limit=REVIEWERS_SHOWN
    )
    return Dashboard(
        program=program,
        total=status_counts.total(),
        by_status=by_status,
        by_type=[Tally(key=str(t.pk), label=str(t), count=type_counts[t.pk]) for t in types],
        by_district=sorted(
            (
                Tally(key=str(district_id), label=districts[district_id].name, count=n)
                for district_id, n in district_counts.items()
                if district_id in districts
            ),
            key=lambda row: (-row.count, row.label),
        ),
        money=[
            MoneyByType(
                type_id=t.pk,
                label=str(t),
                communities=counted_per_type[t.pk],
                requested=requested[t.pk],
                approved=approved[t.pk],
            )
            for t in types
        ],
        schools_short=schools_short_page(
            program=program,
            schools=School.objects.filter(pk__in=short_ids[:SHORT_SCHOOLS_SHOWN]).order_by("code"),
        ),
        schools_short_count=len(short_ids),
        reviewers=reviewers,
        reviewers_assigned=reviewers_assigned,
        reviews_outstanding=outstanding,
    )


def center_tasks(*, program: ProgramYear) -> list[Task]:
    """The center's to-do list: what waits for 指定審查 or for a stage's result."""
    base = f"{reverse('center:applications')}?year={program.academic_year}"
    # By status (the year-and-status index); the reviewed ones from the submitted reviews.
    by_status = dict(
        Application.objects.filter(
            program=program, status__in=[workflow.SENT_TO_CENTER, workflow.REPORT_FORWARDED]
        )
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    reviewed = reviewed_in_stage(program=program)
    counts = {
        "to_assign": by_status.get(workflow.SENT_TO_CENTER, 0),
        "first": reviewed.get(workflow.UNDER_REVIEW, 0),
        "second": reviewed.get(workflow.FIRST_PASSED, 0),
        "to_close": by_status.get(workflow.REPORT_FORWARDED, 0),
    }
    tasks = []
    if counts["to_assign"]:
        tasks.append(
            Task(
                _("件申請待指定審查"),
                f"{base}&status={workflow.SENT_TO_CENTER}",
                count=counts["to_assign"],
                urgent=True,
            )
        )
    if counts["first"]:
        tasks.append(
            Task(
                _("件申請已有初審意見，待決定初審結果"),
                f"{base}&status={workflow.UNDER_REVIEW}",
                count=counts["first"],
            )
        )
    if counts["second"]:
        tasks.append(
            Task(
                _("件申請已有複審意見，待決定複審結果"),
                f"{base}&status={workflow.FIRST_PASSED}",
                count=counts["second"],
            )
        )
    if counts["to_close"]:
        tasks.append(
            Task(
                _("件成果報告待中心審核結案"),
                f"{reverse('outcomes:reports')}?year={program.academic_year}"
                f"&status={workflow.REPORT_FORWARDED}",
                count=counts["to_close"],
                urgent=True,
            )
        )
    if not tasks:
        tasks.append(Task(_("目前沒有待處理的審查工作"), base))
    return tasks
