"""The application's status flow, declared as data (SPEC §5): the one table of the whole flow.

Each state has the users' label, who may edit the forms in it, the flags the rest of the code asks
about (counted in its school's summary, open to 指定審查, the review stage written in it, read-only
to everyone) and the actions that leave it. Each action has its target state, the roles that may
take it, the button label, the guard that must pass (a rule check registered under the guard's
name by the app that owns the rule), what it records (a time stamp, the comment, fields taken from
the caller's data) and who is told. Only the state key is stored on the application;
``communities.services.application_transition`` is the one way to move it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CONVENOR = "convenor"  # the application's own convenor (a teacher)
SCHOOL_ADMIN = "school_admin"  # an admin of the application's lead school
CENTER = "center"
REVIEWER = "reviewer"  # a reviewer assigned to the application

FIRST_REVIEW = "first"  # 初審
SECOND_REVIEW = "second"  # 複審
REVIEW_STAGES = {FIRST_REVIEW: _("初審"), SECOND_REVIEW: _("複審")}
# The roles in the users' words, as a confirmation or the 流程進度 names who acts or is told.
ROLE_LABELS = {
    CONVENOR: _("召集人"),
    SCHOOL_ADMIN: _("學校承辦人"),
    CENTER: _("教專中心"),
    REVIEWER: _("審查委員"),
}


@dataclass(frozen=True)
class Action:
    target: str
    roles: frozenset[str]
    label: str
    guard: str = ""  # the name of a registered guard (see ``guard``); "" when none
    notify: frozenset[str] = frozenset({CONVENOR})  # the roles told of it
    stamp: str = ""  # an Application datetime field set to the moment of the action
    comment_field: str = ""  # the Application field that keeps the action's comment
    comment_required: bool = False
    fields: tuple[str, ...] = ()  # Application fields the action sets from the caller's data
    decides: str = ""  # the review stage whose result this action records


@dataclass(frozen=True)
class State:
    label: str
    editable_by: frozenset[str] = field(default_factory=frozenset)
    actions: dict[str, Action] = field(default_factory=dict)
    counted: bool = False  # counts toward its lead school's quota, domains and money
    assignable: bool = False  # reviewers may be assigned to it (指定審查)
    review_stage: str = ""  # the review stage reviewers write their reviews in
    read_only: bool = False  # closed: no form, row or file may change any more
    funded: bool = False  # approved (核定): its 核定金額 counts as the year's approved money
    continuable: bool = False  # its convenor may continue it in the next year (續辦)
    # Who may fill in the 成果報告書 (outcomes) in this state.
    report_editable_by: frozenset[str] = field(default_factory=frozenset)
    report_filed: bool = False  # the 成果報告書 has been sent: its sessions and hours are reported


DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
SCHOOL_ACCEPTED = "school_accepted"
SENT_TO_CENTER = "sent_to_center"
UNDER_REVIEW = "under_review"
FIRST_PASSED = "first_passed"
FIRST_RETURNED = "first_returned"
REJECTED = "rejected"
APPROVED = "approved"
REPORT_REVIEW = "report_review"
REPORT_FORWARDED = "report_forwarded"
REPORT_RETURNED = "report_returned"
CLOSED = "closed"

# Who hears of a step that concerns the school as well as the convenor.
CONVENOR_AND_SCHOOL = frozenset({CONVENOR, SCHOOL_ADMIN})
REVIEW_DECISION = {"notify": CONVENOR_AND_SCHOOL, "comment_field": "review_comment"}
# 送出 of the 成果報告書 (first time, or again after a return); its guard is the outcomes app's.
REPORT_SUBMIT = Action(
    REPORT_REVIEW,
    frozenset({CONVENOR}),
    _("送出成果報告"),
    guard="report_complete",
    notify=CONVENOR_AND_SCHOOL,
)

WORKFLOW: dict[str, State] = {
    DRAFT: State(
        # The state, not the menu's 申請社群 (Apply for a community): its own msgctxt.
        label=pgettext_lazy("application status", "申請社群"),
        editable_by=frozenset({CONVENOR}),
        actions={
            "submit": Action(
                SUBMITTED,
                frozenset({CONVENOR}),
                _("送出"),
                guard="application_complete",
                notify=CONVENOR_AND_SCHOOL,
                stamp="submitted_at",
            )
        },
    ),
    SUBMITTED: State(
        label=_("已送出待學校審核"),
        counted=True,
        actions={
            "school_accept": Action(SCHOOL_ACCEPTED, frozenset({SCHOOL_ADMIN}), _("審核通過")),
            "school_return": Action(
                RETURNED,
                frozenset({SCHOOL_ADMIN}),
                _("退回修正"),
                comment_field="school_comment",
                comment_required=True,
            ),
        },
    ),
    RETURNED: State(
        label=_("學校退回修正"),
        editable_by=frozenset({CONVENOR}),
        actions={
            "submit": Action(
                SUBMITTED,
                frozenset({CONVENOR}),
                _("送出"),
                guard="application_complete",
                notify=CONVENOR_AND_SCHOOL,
                stamp="submitted_at",
            )
        },
    ),
    SCHOOL_ACCEPTED: State(
        label=_("學校已審核待彙整"),
        counted=True,
        actions={
            "school_return": Action(
                RETURNED,
                frozenset({SCHOOL_ADMIN}),
                _("退回修正"),
                comment_field="school_comment",
                comment_required=True,
            ),
            "school_send": Action(
                SENT_TO_CENTER, frozenset({SCHOOL_ADMIN}), _("送中心"), guard="package_ready"
            ),
        },
    ),
    SENT_TO_CENTER: State(
        label=_("學校已彙整送中心"),
        counted=True,
        assignable=True,
        actions={
            "start_review": Action(
                UNDER_REVIEW, frozenset({CENTER}), _("指定審查"), guard="has_reviewers"
            )
        },
    ),
    UNDER_REVIEW: State(
        label=_("審查中"),
        counted=True,
        assignable=True,
        review_stage=FIRST_REVIEW,
        actions={
            "first_pass": Action(
                FIRST_PASSED,
                frozenset({CENTER}),
                _("初審通過"),
                guard="stage_reviewed",
                decides=FIRST_REVIEW,
                **REVIEW_DECISION,
            ),
            "first_return": Action(
                FIRST_RETURNED,
                frozenset({CENTER}),
                _("初審退回修正"),
                guard="stage_reviewed",
                decides=FIRST_REVIEW,
                comment_required=True,
                **REVIEW_DECISION,
            ),
            "reject": Action(
                REJECTED,
                frozenset({CENTER}),
                _("不通過"),
                guard="stage_reviewed",
                decides=FIRST_REVIEW,
                comment_required=True,
                **REVIEW_DECISION,
            ),
        },
    ),
    FIRST_PASSED: State(
        label=_("初審通過俟複審通過後執行並填寫成果報告書"),
        counted=True,
        assignable=True,
        review_stage=SECOND_REVIEW,
        actions={
            "approve": Action(
                APPROVED,
                frozenset({CENTER}),
                _("複審通過(核定)"),
                guard="approvable",
                decides=SECOND_REVIEW,
                fields=("approved_amount",),
                **REVIEW_DECISION,
            ),
            "reject": Action(
                REJECTED,
                frozenset({CENTER}),
                _("不通過"),
                guard="stage_reviewed",
                decides=SECOND_REVIEW,
                comment_required=True,
                **REVIEW_DECISION,
            ),
        },
    ),
    FIRST_RETURNED: State(
        label=_("初審退回修正"),
        editable_by=frozenset({CONVENOR}),
        counted=True,
        actions={
            "resubmit": Action(
                UNDER_REVIEW,
                frozenset({CONVENOR}),
                _("送出"),
                guard="application_complete",
                notify=frozenset({CONVENOR, CENTER, REVIEWER}),
                stamp="submitted_at",
            )
        },
    ),
    REJECTED: State(label=_("不通過")),
    APPROVED: State(
        label=_("複審通過(核定)"),
        counted=True,
        funded=True,
        report_editable_by=frozenset({CONVENOR}),
        actions={"report_submit": REPORT_SUBMIT},
    ),
    REPORT_REVIEW: State(
        label=_("成果報告審核中"),
        counted=True,
        funded=True,
        report_filed=True,
        actions={
            "report_forward": Action(
                REPORT_FORWARDED,
                frozenset({SCHOOL_ADMIN}),
                _("成果報告送中心"),
                notify=frozenset({CONVENOR, SCHOOL_ADMIN, CENTER}),
            ),
            "report_school_return": Action(
                REPORT_RETURNED,
                frozenset({SCHOOL_ADMIN}),
                _("退回成果報告"),
                notify=CONVENOR_AND_SCHOOL,
                comment_required=True,
            ),
        },
    ),
    REPORT_FORWARDED: State(
        label=_("成果報告學校已審核送中心"),
        counted=True,
        funded=True,
        report_filed=True,
        actions={
            "close": Action(CLOSED, frozenset({CENTER}), _("結案"), notify=CONVENOR_AND_SCHOOL),
            "report_return": Action(
                REPORT_RETURNED,
                frozenset({CENTER}),
                _("退回成果報告"),
                notify=CONVENOR_AND_SCHOOL,
                comment_required=True,
            ),
        },
    ),
    REPORT_RETURNED: State(
        label=_("成果報告退回修正"),
        counted=True,
        funded=True,
        report_editable_by=frozenset({CONVENOR}),
        actions={"report_submit": REPORT_SUBMIT},
    ),
    CLOSED: State(
        label=_("結案_可彙整"),
        counted=True,
        funded=True,
        read_only=True,
        continuable=True,
        report_filed=True,
    ),
}

STATUS_CHOICES = [(key, state.label) for key, state in WORKFLOW.items()]


def status_labels() -> dict[str, str]:
    """Each state's label in the active language: translated once for a list's rows, not once a
    row."""
    return {key: str(state.label) for key, state in WORKFLOW.items()}


def states_where(**flags) -> frozenset[str]:
    """The state keys whose flags have these values: ``states_where(counted=True)``."""
    return frozenset(
        key
        for key, state in WORKFLOW.items()
        if all(getattr(state, name) == value for name, value in flags.items())
    )


def editable_by(role: str) -> frozenset[str]:
    """The states in which ``role`` may edit the application's forms."""
    return frozenset(key for key, state in WORKFLOW.items() if role in state.editable_by)


def report_editable_by(role: str) -> frozenset[str]:
    """The states in which ``role`` may fill in the 成果報告書."""
    return frozenset(
        key
        for key, state in WORKFLOW.items()
        if role in state.report_editable_by and not state.read_only
    )


def actions_of(status: str, *, roles=None, decides: bool | None = None) -> dict[str, Action]:
    """The actions leaving ``status``: those one of ``roles`` may take, and, with ``decides``,
    only the review decisions (or only the others)."""
    return {
        key: step
        for key, step in WORKFLOW[status].actions.items()
        if (roles is None or step.roles & set(roles))
        and (decides is None or bool(step.decides) is decides)
    }


def action_label(action: str) -> str:
    """The button's words for an action, whichever state it leaves (送出, 退回修正 …)."""
    for state in WORKFLOW.values():
        if action in state.actions:
            return str(state.actions[action].label)
    return action


def is_action(action: str) -> bool:
    return any(action in state.actions for state in WORKFLOW.values())


def is_decision(action: str) -> bool:
    return any(
        action in state.actions and state.actions[action].decides for state in WORKFLOW.values()
    )


# Guards ----------------------------------------------------------------------------------------
#
# A guard checks an action's own rules and returns its problems, keyed like a form's errors
# (``{}`` when the action may go ahead). The app that owns the rule registers it under the name
# the table above declares, so this module imports nothing above it; a declared guard that was
# never registered refuses the action instead of letting it through.

Guard = Callable[..., dict[str, list[str]]]
_GUARDS: dict[str, Guard] = {}


def guard(name: str):
    """Register the function as the guard called ``name``."""

    def register(function: Guard) -> Guard:
        _GUARDS[name] = function
        return function

    return register


def run_guard(step: Action, *, application, by, data: dict) -> dict[str, list[str]]:
    if not step.guard:
        return {}
    try:
        check = _GUARDS[step.guard]
    except KeyError:
        raise ImproperlyConfigured(f"workflow guard {step.guard!r} is not registered") from None
    return check(application=application, by=by, data=data)


class ActionUnavailable(PermissionDenied):
    """The action does not leave the application's current state: most often someone (or the
    same person, in another tab or by a double click) has already taken it. Views say so and
    show the status instead of refusing the page."""

    def __init__(self, *, application, action: str):
        self.application = application
        self.action = action
        self.status_label = str(WORKFLOW[application.status].label)
        self.action_label = action_label(action)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        last = application_last_transition(self.application)
        if last is not None and last.action == self.action:
            return _(
                "「%(action)s」已於 %(at)s 由 %(by)s 完成，目前狀態為「%(status)s」，不需再次執行。"
            ) % {
                "action": self.action_label,
                "at": _local_minute(last.at),
                "by": last.by,
                "status": self.status_label,
            }
        return _("此申請目前狀態為「%(status)s」，不能再執行「%(action)s」。") % {
            "status": self.status_label,
            "action": self.action_label,
        }


def application_last_transition(application):
    return application.transitions.select_related("by").order_by("-at", "-id").first()


def _local_minute(moment) -> str:
    from django.utils import timezone

    from core.roc import roc_date

    local = timezone.localtime(moment)
    return f"{roc_date(local)} {local:%H:%M}"
