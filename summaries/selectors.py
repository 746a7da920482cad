"""Reads for a school's 彙整: the 申請總表 (``school_summary``) and the 經費總表
(``school_budget_summary``).

Both return plain frozen dataclasses, rendered as they are by the pages, the .xlsx exports and the
printed versions (HTML here, PDF by the printing app). Nothing here writes, and each function runs
a fixed number of SQL queries whatever the number of applications.

Which applications are in the summary (the rule the pages explain in a hint):
- the school's own applications (it is the lead school) whose status is 已送出待學校審核 or any
  later state except 不通過 *count*: toward the 學年領域學習社群 quota, the 會考待加強 domains and
  the money;
- its own drafts (申請社群, never sent) and returned ones (學校退回修正) are listed for the admin's
  awareness but do not count until the convenor (re)submits;
- cross-school communities led by another school that name this school as a partner are listed
  (跨校・合作學校) and never counted here: the lead school counts them, so nothing is counted twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application, BudgetLine, Member, SignedDocument
from people.models import ExamWeakness, School
from programs.models import BudgetItem, CommunityType, ProgramYear, QuotaRule
from programs.rulecache import year_rules_cached

from .models import SchoolPackage


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the 申請總表: an application as the school admin sees it."""

    pk: int
    name: str
    status: str
    status_label: str
    community_type: str  # "1. 學年領域學習社群", "" when not chosen yet
    community_type_id: int | None
    counts_toward_quota: bool  # its type is counted against the school's quota
    is_cross_school: bool
    lead_school: str
    partner_schools: tuple[str, ...]
    domain: str  # 學年/學科/領域
    domain_id: int | None
    stage: str
    convenor: str
    member_count: int
    requested: int  # the 經費概算表 total (0 when 是否申請經費 = 否)
    ceiling: int | None
    documents: frozenset[str]  # SignedDocument.Form values with an uploaded file
    school_comment: str
    submitted_at: datetime | None
    is_partner: bool  # led by another school, this school is a partner
    counts: bool  # counts toward this school's quota, domains and money
    requests_budget: bool | None = None  # 是否申請經費 (None: not answered yet)

    @property
    def scope_label(self) -> str:
        return _("跨校") if self.is_cross_school else _("同校")

    @property
    def is_draft(self) -> bool:
        return self.status == workflow.DRAFT

    @property
    def note(self) -> str:
        """Why a listed row does not count, in the admin's words ("" when it counts)."""
        if self.is_partner:
            return _("跨校・合作學校（主辦學校：%(school)s，由主辦學校彙整）") % {
                "school": self.lead_school
            }
        if self.status == workflow.DRAFT:
            return _("尚未送出")
        if self.status == workflow.RETURNED:
            return _("退回修正中，召集人重新送出後才列入")
        if self.status == workflow.REJECTED:
            return _("不通過，不列入")
        return ""

    @property
    def can_accept(self) -> bool:
        return not self.is_partner and "school_accept" in workflow.WORKFLOW[self.status].actions

    @property
    def can_return(self) -> bool:
        return not self.is_partner and "school_return" in workflow.WORKFLOW[self.status].actions

    @property
    def is_over_ceiling(self) -> bool:
        return self.ceiling is not None and self.requested > self.ceiling


@dataclass(frozen=True)
class RuleCheck:
    """One line of the rules panel: green (ok) or red, with a sentence saying what is missing."""

    key: str
    title: str
    ok: bool
    message: str
    blocking: bool  # a failed blocking rule refuses 送中心; the others are advice


@dataclass(frozen=True)
class SchoolSummary:
    """The 申請總表 of one school for one program year."""

    school: School
    program: ProgramYear
    rows: tuple[ApplicationRow, ...]  # the school's own applications, every status
    partner_rows: tuple[ApplicationRow, ...]  # other schools' cross-school communities with us
    rules: tuple[RuleCheck, ...]
    package: SchoolPackage | None
    submit_blockers: tuple[str, ...]  # empty when 送中心 may go ahead

    @property
    def counted_rows(self) -> tuple[ApplicationRow, ...]:
        return tuple(row for row in self.rows if row.counts)

    @property
    def requested_total(self) -> int:
        return sum(row.requested for row in self.counted_rows)

    @property
    def ceiling_total(self) -> int:
        return sum(row.ceiling or 0 for row in self.counted_rows)

    @property
    def member_total(self) -> int:
        return sum(row.member_count for row in self.counted_rows)

    @property
    def pending_review(self) -> tuple[ApplicationRow, ...]:
        return tuple(row for row in self.rows if row.status == workflow.SUBMITTED)

    @property
    def accepted(self) -> tuple[ApplicationRow, ...]:
        """Accepted by the school, waiting to be sent to the center."""
        return tuple(row for row in self.rows if row.status == workflow.SCHOOL_ACCEPTED)

    @property
    def not_counted_count(self) -> int:
        return sum(1 for row in self.rows if not row.counts)

    @property
    def can_submit(self) -> bool:
        return not self.submit_blockers

    @property
    def all_rules_ok(self) -> bool:
        return all(rule.ok for rule in self.rules)


@dataclass(frozen=True)
class BudgetColumn:
    """A row of the year's 經費概算表 (a column of the 經費總表)."""

    item_id: int
    number: int
    name: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.number}.{self.name}"


@dataclass(frozen=True)
class BudgetRow:
    """One application in the 經費總表: its amount per budget item, aligned with the columns."""

    application: ApplicationRow
    amounts: tuple[int, ...]
    total: int
    ceiling: int | None

    @property
    def is_over_ceiling(self) -> bool:
        return self.ceiling is not None and self.total > self.ceiling


@dataclass(frozen=True)
class BudgetItemTotal:
    column: BudgetColumn
    quantity: Decimal
    total: int

    @property
    def quantity_text(self) -> str:
        return _plain(self.quantity)


@dataclass(frozen=True)
class SchoolBudgetSummary:
    """The 經費總表 of one school for one program year.

    ``rows`` are the applications that count (their money is summed in ``item_totals``, ``total``
    and ``ceiling_total``); ``partner_rows`` are cross-school communities led by other schools,
    shown for information and never summed here.
    """

    school: School
    program: ProgramYear
    columns: tuple[BudgetColumn, ...]
    rows: tuple[BudgetRow, ...]
    partner_rows: tuple[BudgetRow, ...]
    item_totals: tuple[BudgetItemTotal, ...]
    total: int
    ceiling_total: int
    not_included: int  # own applications listed in the 申請總表 that are not counted

    @property
    def within_ceiling(self) -> bool:
        return self.total <= self.ceiling_total

    @property
    def over_ceiling_rows(self) -> tuple[BudgetRow, ...]:
        """Applications asking more than their own ceiling (the sum may still look fine)."""
        return tuple(row for row in self.rows if row.is_over_ceiling)


def schools_for_summary() -> QuerySet[School]:
    """Schools with what their summary's rules read (stage, 策略聯盟工作圈) in the same query."""
    return School.objects.select_related("stage", "alliance_circle")


def _school_with_rules(school: School) -> School:
    if School.stage.is_cached(school) and School.alliance_circle.is_cached(school):
        return school  # read through schools_for_summary(): no need to read it again
    return schools_for_summary().get(pk=school.pk)


def scope_ids(*, school: School, program: ProgramYear) -> list[int]:
    """The ids of the school's own applications of the year and of those naming it as a partner
    school: one UNION of two index lookups (an OR of the two would scan every application)."""
    own = (
        Application.objects.filter(program=program, school_id=school.pk)
        .order_by()
        .values_list("pk")
    )
    partner = (
        Application.objects.filter(program=program, partner_schools=school.pk)
        .order_by()
        .values_list("pk")
    )
    return [pk for (pk,) in own.union(partner)]


def _scope(*, school: School, program: ProgramYear) -> QuerySet[Application]:
    """The school's own applications and those naming it as a partner school."""
    return Application.objects.filter(pk__in=scope_ids(school=school, program=program))


# What a row of the summaries shows: the plan's own text (目標, 內容, 進度 …) is not read.
ROW_FIELDS = (
    "id",
    "school",
    "status",
    "name",
    "community_type",
    "is_cross_school",
    "domain",
    "stage",
    "convenor",
    "requests_budget",
    "requested_total",
    "school_comment",
    "submitted_at",
    "school__name",
    "convenor__name",
    "convenor__username",
    "domain__name",
    "domain__kind",
    "domain__order",
    "stage__name",
    "community_type__number",
    "community_type__name",
    "community_type__counts_toward_quota",
    "community_type__base_amount",
    "community_type__cross_school_bonus",
)


def _application_rows(*, school: School, program: ProgramYear) -> list[ApplicationRow]:
    member_count = (
        Member.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    applications = (
        _scope(school=school, program=program)
        .select_related("school", "convenor", "community_type", "domain", "stage")
        .annotate(
            n_members=Coalesce(Subquery(member_count, output_field=IntegerField()), 0),
        )
        .prefetch_related(
            Prefetch("partner_schools", queryset=School.objects.only("id", "name", "code")),
            Prefetch(
                "documents", queryset=SignedDocument.objects.only("id", "application", "form")
            ),
        )
        .order_by("community_type__number", "domain__kind", "domain__order", "pk")
        .only(*ROW_FIELDS)
    )
    rows = []
    for app in applications:
        is_partner = app.school_id != school.pk
        if is_partner and app.status == workflow.DRAFT:
            continue  # another school's unsent draft is not this school's business yet
        community_type = app.community_type
        rows.append(
            ApplicationRow(
                pk=app.pk,
                name=str(app),
                status=app.status,
                status_label=str(app.status_label),
                community_type=str(community_type) if community_type else "",
                community_type_id=app.community_type_id,
                counts_toward_quota=bool(community_type and community_type.counts_toward_quota),
                is_cross_school=bool(app.is_cross_school),
                lead_school=app.school.name,
                partner_schools=tuple(s.name for s in app.partner_schools.all()),
                domain=app.domain.name if app.domain else "",
                domain_id=app.domain_id,
                stage=app.stage.name if app.stage else "",
                convenor=app.convenor.name or app.convenor.username,
                member_count=app.n_members,
                requested=0 if app.requests_budget is False else app.requested_total,
                ceiling=app.ceiling(),
                documents=frozenset(doc.form for doc in app.documents.all()),
                school_comment=app.school_comment,
                submitted_at=app.submitted_at,
                is_partner=is_partner,
                counts=not is_partner and workflow.WORKFLOW[app.status].counted,
                requests_budget=app.requests_budget,
            )
        )
    return rows


def _plain(value: Decimal | int) -> str:
    """52.30 → "52.3", 100.0 → "100"."""
    return f"{Decimal(str(value)).normalize():f}"


def _year_quota_rules(program: ProgramYear) -> list[tuple[CommunityType, list[QuotaRule]]]:
    """The year's community types that count toward a school's quota, each with its quota rules
    (most classes first: the first that applies to a school is its rule); read once per process
    (programs.rulecache)."""

    def load():
        types = list(CommunityType.objects.filter(program=program, counts_toward_quota=True))
        rules = list(QuotaRule.objects.filter(community_type__in=types))
        return [(t, [rule for rule in rules if rule.community_type_id == t.pk]) for t in types]

    return year_rules_cached(program, "quota_rules", load)


def _quota_rules(
    *, school: School, program: ProgramYear, rows: list[ApplicationRow]
) -> list[RuleCheck]:
    checks = []
    school_desc = _("%(stage)s、%(classes)s 班") % {
        "stage": school.stage.name,
        "classes": school.class_count,
    }
    for community_type, type_rules in _year_quota_rules(program):
        count = sum(1 for r in rows if r.counts and r.community_type_id == community_type.pk)
        rule = next(
            (
                rule
                for rule in type_rules
                if rule.stage_id == school.stage_id and rule.applies_to(school.class_count)
            ),
            None,
        )
        values = {
            "type": community_type.name,
            "count": count,
            "school": school_desc,
        }
        title = _("%(type)s申辦數量") % values
        if rule is None:
            checks.append(
                RuleCheck(
                    key=f"quota:{community_type.pk}",
                    title=title,
                    ok=True,
                    message=_("%(type)s目前 %(count)s 個；本校（%(school)s）無申辦數量規定。")
                    % values,
                    blocking=True,
                )
            )
            continue
        values.update(minimum=rule.min_communities, maximum=rule.max_communities)
        if count < rule.min_communities:
            values["short"] = rule.min_communities - count
            message = (
                _(
                    "%(type)s目前 %(count)s 個，本校（%(school)s）至少需 %(minimum)s 個，尚缺 %(short)s 個。"
                )
                % values
            )
            ok = False
        elif count > rule.max_communities:
            values["over"] = count - rule.max_communities
            message = (
                _(
                    "%(type)s目前 %(count)s 個，本校（%(school)s）至多 %(maximum)s 個，超過 %(over)s 個。"
                )
                % values
            )
            ok = False
        else:
            message = (
                _(
                    "%(type)s目前 %(count)s 個，符合本校（%(school)s）%(minimum)s–%(maximum)s 個的規定。"
                )
                % values
            )
            ok = True
        checks.append(
            RuleCheck(
                key=f"quota:{community_type.pk}", title=title, ok=ok, message=message, blocking=True
            )
        )
    return checks


def _exam_weak_rules(
    *, school: School, program: ProgramYear, rows: list[ApplicationRow]
) -> list[RuleCheck]:
    weaknesses = (
        ExamWeakness.objects.filter(
            school_id=school.pk,
            academic_year__gte=program.exam_weak_year_from,
            academic_year__lte=program.exam_weak_year_to,
            percent__gte=program.exam_weak_threshold,
        )
        .select_related("domain")
        .order_by("domain__kind", "domain__order", "academic_year")
    )
    by_domain: dict[int, list[ExamWeakness]] = defaultdict(list)
    domains = {}
    for weakness in weaknesses:
        by_domain[weakness.domain_id].append(weakness)
        domains[weakness.domain_id] = weakness.domain
    years = {
        "from": program.exam_weak_year_from,
        "to": program.exam_weak_year_to,
        "threshold": _plain(program.exam_weak_threshold),
    }
    title = _("會考待加強領域")
    if not by_domain:
        return [
            RuleCheck(
                key="exam_weak",
                title=title,
                ok=True,
                message=_(
                    "本校 %(from)s–%(to)s 學年度會考無待加強比率達 %(threshold)s%% 的領域，無必辦領域。"
                )
                % years,
                blocking=True,
            )
        ]
    checks = []
    for domain_id, records in by_domain.items():
        count = sum(1 for r in rows if r.counts and r.domain_id == domain_id)
        values = {
            "domain": domains[domain_id].name,
            "figures": "、".join(
                _("%(year)s學年度 %(percent)s%%")
                % {"year": w.academic_year, "percent": _plain(w.percent)}
                for w in records
            ),
            "count": count,
        }
        if count:
            message = (
                _("會考待加強領域「%(domain)s」（%(figures)s 待加強）已有本校社群 %(count)s 個。")
                % values
            )
        else:
            message = (
                _(
                    "會考待加強領域「%(domain)s」（%(figures)s 待加強）尚無本校社群，此領域務必申請社群。"
                )
                % values
            )
        checks.append(
            RuleCheck(
                key=f"exam_weak:{domain_id}",
                title=title,
                ok=bool(count),
                message=message,
                blocking=True,
            )
        )
    return checks


def _cross_school_rule(
    *, school: School, program: ProgramYear, rows: list[ApplicationRow], partner_rows
) -> RuleCheck:
    values = {
        "lead": sum(1 for r in rows if r.counts and r.is_cross_school),
        "partner": sum(1 for r in partner_rows if workflow.WORKFLOW[r.status].counted),
    }
    title = _("跨校社群（建議）")
    circle = school.alliance_circle
    if circle is None:
        return RuleCheck(
            key="cross_school",
            title=title,
            ok=True,
            message=_(
                "本校主辦跨校社群 %(lead)s 個、參與他校跨校社群 %(partner)s 個；本校未編入策略聯盟工作圈。"
            )
            % values,
            blocking=False,
        )
    values["circle"] = circle.name
    values["circle_count"] = Application.objects.filter(
        program=program,
        is_cross_school=True,
        school__alliance_circle=circle,
        status__in=workflow.states_where(counted=True),
    ).count()
    low, high = program.cross_school_target_min, program.cross_school_target_max
    values["target"] = f"{low}–{high}" if low is not None and high is not None else ""
    ok = low is None or values["circle_count"] >= low
    if not ok:
        message = _(
            "本校主辦跨校社群 %(lead)s 個、參與他校跨校社群 %(partner)s 個；%(circle)s目前 %(circle_count)s 個跨校社群，建議每工作圈試辦 %(target)s 個（建議，不影響送中心）。"
        )
    elif values["target"]:
        message = _(
            "本校主辦跨校社群 %(lead)s 個、參與他校跨校社群 %(partner)s 個；%(circle)s目前共 %(circle_count)s 個跨校社群（建議每工作圈 %(target)s 個）。"
        )
    else:
        message = _(
            "本校主辦跨校社群 %(lead)s 個、參與他校跨校社群 %(partner)s 個；%(circle)s目前共 %(circle_count)s 個跨校社群。"
        )
    return RuleCheck(
        key="cross_school", title=title, ok=ok, message=message % values, blocking=False
    )


def _submit_blockers(
    *,
    rules: list[RuleCheck],
    rows: list[ApplicationRow],
    package: SchoolPackage | None,
) -> list[str]:
    blockers = [rule.message for rule in rules if rule.blocking and not rule.ok]
    pending = [row for row in rows if row.status == workflow.SUBMITTED]
    if pending:
        blockers.append(
            _("尚有 %(count)s 件申請待學校審核（%(names)s），請先審核通過或退回修正。")
            % {"count": len(pending), "names": "、".join(row.name for row in pending)}
        )
    if not any(row.status == workflow.SCHOOL_ACCEPTED for row in rows):
        blockers.append(_("目前沒有「學校已審核待彙整」的申請可送中心。"))
    if package is None:
        blockers.append(_("尚未上傳核章完成的申請總表 PDF。"))
    elif not package.uploaded_since_submission:
        blockers.append(
            _(
                "總表已送過中心；再次送中心前，請重新列印總表核章後上傳（上次上傳的檔案已隨前次送出）。"
            )
        )
    return blockers


def school_package(*, school: School, program: ProgramYear) -> SchoolPackage | None:
    return (
        SchoolPackage.objects.select_related("uploaded_by", "submitted_by")
        .filter(school_id=school.pk, program=program)
        .first()
    )


def school_summary(*, school: School, program: ProgramYear) -> SchoolSummary:
    """The school's 申請總表: its applications, the rules panel and what still blocks 送中心."""
    school = _school_with_rules(school)
    all_rows = _application_rows(school=school, program=program)
    rows = [row for row in all_rows if not row.is_partner]
    partner_rows = [row for row in all_rows if row.is_partner]
    rules = [
        *_quota_rules(school=school, program=program, rows=rows),
        *_exam_weak_rules(school=school, program=program, rows=rows),
        _cross_school_rule(school=school, program=program, rows=rows, partner_rows=partner_rows),
    ]
    package = school_package(school=school, program=program)
    return SchoolSummary(
        school=school,
        program=program,
        rows=tuple(rows),
        partner_rows=tuple(partner_rows),
        rules=tuple(rules),
        package=package,
        submit_blockers=tuple(_submit_blockers(rules=rules, rows=rows, package=package)),
    )


def school_budget_summary(*, school: School, program: ProgramYear) -> SchoolBudgetSummary:
    """The school's 經費總表: each budget item summed over the applications that count.

    Partner schools see a cross-school community in ``partner_rows``, never in the sums.
    """
    school = _school_with_rules(school)
    all_rows = _application_rows(school=school, program=program)
    columns = tuple(
        BudgetColumn(item_id=item.pk, number=item.number, name=item.name, unit=item.unit)
        for item in BudgetItem.objects.filter(program=program).order_by("number")
    )
    index = {column.item_id: i for i, column in enumerate(columns)}
    amounts: dict[int, list[int]] = defaultdict(lambda: [0] * len(columns))
    quantities: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # The lines of the rows just read, by their ids: no second scope query, and no join with
    # the applications, which PostgreSQL would read by a scan of them all.
    lines = (
        BudgetLine.objects.filter(
            application_id__in=[row.pk for row in all_rows if row.requests_budget is not False]
        )
        .order_by()
        .values_list("application_id", "item_id", "quantity", "total")
    )
    for application_id, item_id, quantity, total in lines:
        if item_id in index:
            amounts[application_id][index[item_id]] = total
            quantities[application_id][item_id] = quantity

    def budget_row(row: ApplicationRow) -> BudgetRow:
        row_amounts = tuple(amounts[row.pk]) if row.pk in amounts else (0,) * len(columns)
        return BudgetRow(
            application=row, amounts=row_amounts, total=sum(row_amounts), ceiling=row.ceiling
        )

    rows = tuple(budget_row(row) for row in all_rows if row.counts)
    partner_rows = tuple(
        budget_row(row)
        for row in all_rows
        if row.is_partner and workflow.WORKFLOW[row.status].counted
    )
    item_totals = tuple(
        BudgetItemTotal(
            column=column,
            quantity=sum(
                (quantities[row.application.pk].get(column.item_id, Decimal(0)) for row in rows),
                Decimal(0),
            ),
            total=sum(row.amounts[i] for row in rows),
        )
        for i, column in enumerate(columns)
    )
    return SchoolBudgetSummary(
        school=school,
        program=program,
        columns=columns,
        rows=rows,
        partner_rows=partner_rows,
        item_totals=item_totals,
        total=sum(row.total for row in rows),
        ceiling_total=sum(row.ceiling or 0 for row in rows),
        not_included=sum(1 for row in all_rows if not row.is_partner and not row.counts),
    )


# What a row of 案件查詢 shows (summaries.rows), read as plain values: no model is built.
CASE_VALUES = (
    "pk",
    "school_id",
    "school__name",
    "convenor__name",
    "convenor__username",
    "status",
    "name",
    "community_type__number",
    "community_type__name",
)


def case_list(*, program: ProgramYear, school: School | None = None) -> QuerySet[Application]:
    """案件查詢: every application of a year (one school's, or all schools' for the center), in
    order; counted as it is (no join), a page read as CASE_VALUES (case_rows)."""
    applications = Application.objects.filter(program=program)
    if school is not None:
        applications = applications.filter(school_id=school.pk)
    return applications.order_by("school__code", "convenor__name", "pk")
