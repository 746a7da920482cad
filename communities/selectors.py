"""Functions that read applications and the choices their forms offer."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.utils.translation import gettext as _

from core.db.rows import keep_as_prefetched
from people.models import School, User
from people.selectors import schools_matching
from programs.models import CommunityType, ContentItem, Domain, Option, ProgramYear, Stage
from programs.rulecache import year_rules_cached
from programs.selectors import (
    APPLICATION_CLOSES,
    FIRST_REVIEW_DUE,
    SECOND_REVIEW_DUE,
    Deadline,
    year_deadlines,
)

from . import workflow
from .models import Application, Member, Session


def applications_of_convenor(*, user: User) -> QuerySet[Application]:
    """社群計畫查詢: every application the teacher convenes, newest year first."""
    return (
        Application.objects.filter(convenor=user)
        .select_related("program", "community_type", "school", "convenor")
        .order_by("-program__academic_year", "-id")
    )


def application_of_convenor_for(*, program: ProgramYear, user: User) -> Application | None:
    return Application.objects.filter(program=program, convenor=user).first()


def previous_applications_for(*, application: Application) -> list[Application]:
    """The convenor's communities of earlier years, the ones a continuing community may follow."""
    return list(
        Application.objects.filter(
            convenor_id=application.convenor_id,
            program__academic_year__lt=application.program.academic_year,
        )
        .select_related("program")
        .order_by("-program__academic_year", "-id")
    )


def application_for_display(*, pk: int, readable: QuerySet[Application]) -> Application:
    """One application with what its read-only pages show, loaded in a fixed number of queries
    (its type, 學科/領域 and stage from the year's rules: with_year_choices; the community it
    continues, when it does, by one more query: as two more joins PostgreSQL spent longer
    planning the query than running it)."""
    application = (
        readable.select_related("program", "school", "school__alliance_circle", "convenor")
        .prefetch_related(
            "partner_schools",
            Prefetch("members", queryset=Member.objects.select_related("school")),
            Prefetch("sessions", queryset=Session.objects.all()),
        )
        .get(pk=pk)
    )
    with_plan_choices(application)
    if application.previous_id is not None:
        previous = (
            Application.objects.select_related("program").filter(pk=application.previous_id).first()
        )
        if previous is not None:
            application.previous = previous
    return with_year_choices(application)


@dataclass
class FormCatalog:
    """Every choice the 社群申請書 offers for one program year, loaded once per request."""

    program: ProgramYear
    types: list[CommunityType]
    stages: list[Stage]
    domains: list[Domain]
    domain_stage_ids: dict[int, set[int]]
    content_items: list[ContentItem]
    options: list[Option]
    schools: list[School]
    previous: list[Application] = field(default_factory=list)

    def type_by_id(self, pk) -> CommunityType | None:
        return next((t for t in self.types if str(t.pk) == str(pk)), None)

    def stage_by_id(self, pk) -> Stage | None:
        return next((s for s in self.stages if str(s.pk) == str(pk)), None)

    def items_of_variant(self, variant_id: int | None) -> list[ContentItem]:
        return [item for item in self.content_items if item.variant_id == variant_id]

    def domains_for_stage(self, stage: Stage | None) -> list[Domain]:
        if stage is None:
            return []
        return [d for d in self.domains if stage.pk in self.domain_stage_ids.get(d.pk, set())]

    def options_of_kind(self, kind: str) -> list[Option]:
        return [option for option in self.options if option.kind == kind]


# The most schools a partner-school search lists at once.
SCHOOL_SEARCH_LIMIT = 30


def _posted_school_ids(data) -> set[int]:
    """The schools a posted 社群申請書 names: partner schools and members' schools."""
    if data is None:
        return set()
    values = list(data.getlist("partner_schools"))
    values += [
        value
        for name, value in data.items()
        if name.startswith("members-") and name.endswith("-school")
    ]
    return {int(value) for value in values if str(value).isdigit()}


def partner_schools_matching(text: str, *, exclude=()) -> list[School]:
    """The partner-school search: schools whose code starts with, or whose name holds,
    ``text``, but those already listed."""
    return schools_matching(text, exclude=exclude, limit=SCHOOL_SEARCH_LIMIT)


def form_rows_prefetched(application: Application) -> Application:
    """The application with the rows its 社群申請書 shows (partner schools, content items,
    options, members, sessions), each read once for the form, its choices and its checks."""
    prefetch_related_objects(
        [application],
        Prefetch("partner_schools", queryset=School.objects.select_related("alliance_circle")),
        "members",
        "sessions",
    )
    return with_plan_choices(application)


def form_schools(*, application: Application, data=None, search: str = "") -> list[School]:
    """The schools the 社群申請書 offers: the lead school and its 策略聯盟工作圈, the partner
    schools and members' schools it has or was posted with, and those a search found (never
    every school of a country: the others are a search away)."""
    lead = application.school
    ids = {lead.pk}
    # .all(): the rows form_rows_prefetched loaded, which the form reads again.
    ids |= {school.pk for school in application.partner_schools.all()}
    ids |= {member.school_id for member in application.members.all()}
    ids |= _posted_school_ids(data)
    wanted = Q(pk__in=ids)
    if lead.alliance_circle_id:
        wanted |= Q(alliance_circle_id=lead.alliance_circle_id)
    schools = list(
        School.objects.filter(wanted).select_related("alliance_circle", "stage").order_by("code")
    )
    found = partner_schools_matching(search, exclude=[s.pk for s in schools])
    return sorted(schools + found, key=lambda s: s.code)


def _form_rules(program: ProgramYear) -> dict:
    """The year's choices of the 社群申請書 (read once per process: programs.rulecache)."""
    domains = list(Domain.objects.prefetch_related("stages").order_by("kind", "order"))
    return {
        "types": list(
            CommunityType.objects.filter(program=program)
            .select_related("content_variant")
            .order_by("number")
        ),
        "stages": list(Stage.objects.order_by("order")),
        "domains": domains,
        "domain_stage_ids": {d.pk: {s.pk for s in d.stages.all()} for d in domains},
        "content_items": list(
            ContentItem.objects.filter(variant__program=program).order_by("variant", "order")
        ),
        "options": list(Option.objects.filter(program=program).order_by("kind", "order")),
    }


def _kept_form_rules(program: ProgramYear) -> dict:
    return year_rules_cached(program, "form_catalog", lambda: _form_rules(program))


def variant_items(program: ProgramYear, variant_id: int | None) -> list[ContentItem]:
    """The 補助社群實施之內容 a community type's variant offers, from the year's kept rules
    (read-only)."""
    return [
        item for item in _kept_form_rules(program)["content_items"] if item.variant_id == variant_id
    ]


def with_year_choices(application: Application) -> Application:
    """``application`` with its community type, 學科/領域 and stage taken from the year's rules
    this process keeps (the form's choices: programs.rulecache) instead of read with it. They
    are shared between requests: read-only."""
    rules = _kept_form_rules(application.program)
    for name, rows in (
        ("community_type", rules["types"]),
        ("domain", rules["domains"]),
        ("stage", rules["stages"]),
    ):
        pk = getattr(application, f"{name}_id")
        if pk is not None:
            kept = next((row for row in rows if row.pk == pk), None)
            if kept is not None:
                setattr(application, name, kept)
    return application


# The two lists of rules an application chooses from: (the relation, which is also the kept
# rules' key; the link table's column of the rule).
PLAN_CHOICES = (("content_items", "contentitem_id"), ("options", "option_id"))


def with_plan_choices(application: Application) -> Application:
    """``application`` with the 補助社群實施之內容 and options it chose (what ``.content_items.all()``
    and ``.options.all()`` return) taken from the year's rules this process keeps, in their order:
    only the chosen ids are read, both lists in one query, where a prefetch would read and build
    each rule again. Shared between requests: read-only."""
    chosen = None
    for index, (name, column) in enumerate(PLAN_CHOICES):
        links = getattr(Application, name).through.objects.filter(application_id=application.pk)
        ids = links.values_list(Value(index), column)
        chosen = ids if chosen is None else chosen.union(ids, all=True)
    ids_by_list: dict[int, set[int]] = {index: set() for index in range(len(PLAN_CHOICES))}
    for index, pk in chosen:
        ids_by_list[index].add(pk)
    rules = _kept_form_rules(application.program)
    for index, (name, _column) in enumerate(PLAN_CHOICES):
        wanted = ids_by_list[index]
        rows = [rule for rule in rules[name] if rule.pk in wanted]
        if len(rows) < len(wanted):  # a rule of another year: read as it is
            rows = list(getattr(application, name).all())
        keep_as_prefetched(application, name, rows)
    return application


def form_catalog(*, application: Application, data=None, search: str = "") -> FormCatalog:
    program = application.program
    rules = _kept_form_rules(program)
    return FormCatalog(
        program=program,
        types=list(rules["types"]),
        stages=list(rules["stages"]),
        domains=list(rules["domains"]),
        domain_stage_ids=rules["domain_stage_ids"],
        content_items=list(rules["content_items"]),
        options=list(rules["options"]),
        schools=form_schools(application=application, data=data, search=search),
        previous=previous_applications_for(application=application),
    )


@dataclass
class TransitionPreview:
    """What an action will do to one application, for its confirmation: the new status and the
    people told, read from the workflow's table (the same the transition will use)."""

    application: Application
    action: str
    action_label: str
    from_label: str
    to_label: str
    told: list[User]
    told_roles: list[str]
    comment_required: bool


def transition_preview(*, application: Application, action: str) -> TransitionPreview:
    """The confirmation of ``action`` on ``application``; ActionUnavailable when the action no
    longer leaves its status (taken meanwhile in another tab, or by someone else)."""
    from .services import people_in_roles  # services read these selectors

    step = workflow.WORKFLOW[application.status].actions.get(action)
    if step is None:
        raise workflow.ActionUnavailable(application=application, action=action)
    return TransitionPreview(
        application=application,
        action=action,
        action_label=str(step.label),
        from_label=str(workflow.WORKFLOW[application.status].label),
        to_label=str(workflow.WORKFLOW[step.target].label),
        told=people_in_roles(application, step.notify),
        told_roles=[
            str(label) for role, label in workflow.ROLE_LABELS.items() if role in step.notify
        ],
        comment_required=step.comment_required,
    )


# The deadline each state waits on (programs.selectors.year_deadlines' kinds): 送出 and the
# school's review and 送中心 before the application window closes, then the review stages'.
STATE_DEADLINES = {
    workflow.DRAFT: APPLICATION_CLOSES,
    workflow.RETURNED: APPLICATION_CLOSES,
    workflow.SUBMITTED: APPLICATION_CLOSES,
    workflow.SCHOOL_ACCEPTED: APPLICATION_CLOSES,
    workflow.SENT_TO_CENTER: FIRST_REVIEW_DUE,
    workflow.UNDER_REVIEW: FIRST_REVIEW_DUE,
    workflow.FIRST_RETURNED: FIRST_REVIEW_DUE,
    workflow.FIRST_PASSED: SECOND_REVIEW_DUE,
}


@dataclass
class FlowStep:
    """One state of the whole flow as the 流程進度 page shows it."""

    key: str
    label: str
    place: str  # "done", "current" or "upcoming"
    side: bool = False  # a return or a refusal, off the usual way
    next_actions: list[tuple[str, str]] = field(default_factory=list)  # (who, 「action」或…)
    deadline: Deadline | None = None


def _main_path() -> list[str]:
    """The usual way through the table: from the first state, each state's first action that
    leads to a state further down the table."""
    order = list(workflow.WORKFLOW)
    path = [order[0]]
    while True:
        here = order.index(path[-1])
        ahead = [
            step.target
            for step in workflow.WORKFLOW[path[-1]].actions.values()
            if order.index(step.target) > here
        ]
        if not ahead:
            return path
        path.append(ahead[0])


def application_flow(*, application: Application) -> list[FlowStep]:
    """The whole flow as steps, in the table's order, the application's state marked with who
    acts next and by when. A return or refusal it is in shows after the step it came from."""
    path = _main_path()
    status = application.status
    if status not in path:
        last = application.transitions.order_by("-at", "-id").first()
        sources = [
            key
            for key in path
            if any(step.target == status for step in workflow.WORKFLOW[key].actions.values())
        ]
        came_from = last.from_status if last and last.from_status in path else sources[-1]
        path.insert(path.index(came_from) + 1, status)
    current = path.index(status)
    deadlines = {
        kind: deadline
        for kind in set(STATE_DEADLINES.values())
        for deadline in year_deadlines(application.program, kinds={kind})
    }
    steps = []
    for number, key in enumerate(path):
        state = workflow.WORKFLOW[key]
        step = FlowStep(
            key=key,
            label=str(state.label),
            place="done" if number < current else "current" if number == current else "upcoming",
            side=key not in _main_path(),
        )
        if number == current:
            by_actor: dict[str, list[str]] = {}
            for action in state.actions.values():
                who = _("、").join(
                    str(label)
                    for role, label in workflow.ROLE_LABELS.items()
                    if role in action.roles
                )
                by_actor.setdefault(who, []).append(str(action.label))
            step.next_actions = [
                (who, _("或").join(_("「%(action)s」") % {"action": label} for label in labels))
                for who, labels in by_actor.items()
            ]
            step.deadline = deadlines.get(STATE_DEADLINES.get(key))
        steps.append(step)
    return steps
