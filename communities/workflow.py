"""The application's status flow, declared as data (SPEC §5).

Each state has the users' label, who may edit the forms in it, and the actions that leave it:
action → (target state, roles that may take it, button label). Only the state key is stored on the
application; ``communities.services.application_transition`` is the one way to move it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

CONVENOR = "convenor"  # the application's own convenor (a teacher)
SCHOOL_ADMIN = "school_admin"  # an admin of the application's lead school
CENTER = "center"
REVIEWER = "reviewer"  # a reviewer assigned to the application


@dataclass(frozen=True)
class Action:
    target: str
    roles: frozenset[str]
    label: str


@dataclass(frozen=True)
class State:
    label: str
    editable_by: frozenset[str] = field(default_factory=frozenset)
    actions: dict[str, Action] = field(default_factory=dict)


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
CLOSED = "closed"

WORKFLOW: dict[str, State] = {
    DRAFT: State(
        label=_("申請社群"),
        editable_by=frozenset({CONVENOR}),
        actions={"submit": Action(SUBMITTED, frozenset({CONVENOR}), _("送出"))},
    ),
    SUBMITTED: State(
        label=_("已送出待學校審核"),
        actions={
            "school_accept": Action(SCHOOL_ACCEPTED, frozenset({SCHOOL_ADMIN}), _("審核通過")),
            "school_return": Action(RETURNED, frozenset({SCHOOL_ADMIN}), _("退回修正")),
        },
    ),
    RETURNED: State(
        label=_("學校退回修正"),
        editable_by=frozenset({CONVENOR}),
        actions={"submit": Action(SUBMITTED, frozenset({CONVENOR}), _("送出"))},
    ),
    SCHOOL_ACCEPTED: State(
        label=_("學校已審核待彙整"),
        actions={
            "school_return": Action(RETURNED, frozenset({SCHOOL_ADMIN}), _("退回修正")),
            "school_send": Action(SENT_TO_CENTER, frozenset({SCHOOL_ADMIN}), _("送中心")),
        },
    ),
    SENT_TO_CENTER: State(
        label=_("學校已彙整送中心"),
        actions={"start_review": Action(UNDER_REVIEW, frozenset({CENTER}), _("指定審查"))},
    ),
    UNDER_REVIEW: State(
        label=_("審查中"),
        actions={
            "first_pass": Action(FIRST_PASSED, frozenset({REVIEWER, CENTER}), _("初審通過")),
            "first_return": Action(
                FIRST_RETURNED, frozenset({REVIEWER, CENTER}), _("初審退回修正")
            ),
            "reject": Action(REJECTED, frozenset({REVIEWER, CENTER}), _("不通過")),
        },
    ),
    FIRST_PASSED: State(
        label=_("初審通過俟複審通過後執行並填寫成果報告書"),
        actions={
            "approve": Action(APPROVED, frozenset({REVIEWER, CENTER}), _("複審通過(核定)")),
            "reject": Action(REJECTED, frozenset({REVIEWER, CENTER}), _("不通過")),
        },
    ),
    FIRST_RETURNED: State(
        label=_("初審退回修正"),
        editable_by=frozenset({CONVENOR}),
        actions={"resubmit": Action(UNDER_REVIEW, frozenset({CONVENOR}), _("送出"))},
    ),
    REJECTED: State(label=_("不通過")),
    APPROVED: State(
        label=_("複審通過(核定)"),
        actions={"report_submit": Action(REPORT_REVIEW, frozenset({CONVENOR}), _("送出成果報告"))},
    ),
    REPORT_REVIEW: State(
        label=_("成果報告審核中"),
        actions={
            "close": Action(CLOSED, frozenset({CENTER}), _("結案")),
            "report_return": Action(APPROVED, frozenset({CENTER}), _("退回成果報告")),
        },
    ),
    CLOSED: State(label=_("結案_可彙整")),
}

STATUS_CHOICES = [(key, state.label) for key, state in WORKFLOW.items()]
EDITABLE_BY_CONVENOR = frozenset(k for k, s in WORKFLOW.items() if CONVENOR in s.editable_by)


def action_label(action: str) -> str:
    """The button's words for an action, whichever state it leaves (送出, 退回修正 …)."""
    for state in WORKFLOW.values():
        if action in state.actions:
            return str(state.actions[action].label)
    return action


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
