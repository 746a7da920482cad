"""Functions that change applications. Views call these; they never take a request."""

from datetime import date, time

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db.rows import keep_as_prefetched
from core.roc import roc_date
from notifications.services import notify
from people.models import Role, User
from programs.models import CommunityType, ContentItem, Option, ProgramYear, Stage

from . import workflow
from .budget import budget_problems
from .documents import document_forms, stored_documents
from .models import UNNAMED, Application, Member, Session, Transition
from .permissions import can_edit, roles_of
from .selectors import application_of_convenor_for, variant_items

# Row fields of the 社群申請書 are reported as "<prefix>-<index>-<field>", the names the form's
# formsets give them, so each problem lands next to its input.
MEMBERS_PREFIX = "members"
SESSIONS_PREFIX = "sessions"

# The plan's checkbox lists of options, by the form's field name.
OPTION_LISTS = {
    "competencies": Option.Kind.COMPETENCY,
    "goals": Option.Kind.GOAL,
    "methods": Option.Kind.METHOD,
}
# The plan's lists of schools and content items (many-to-many fields of Application).
PLAN_LISTS = ["partner_schools", "content_items"]

# The 社群申請書 in the order of the paper form. application_problems keys its messages by these
# names (rows by "<prefix>-<index>-<field>"), and the form lists its problems in this order.
FORM_ORDER = [
    "name",
    "community_type",
    "is_cross_school",
    "partner_schools",
    "is_continuation",
    "continuation_year",
    "previous",
    "domain",
    "stage",
    "requests_budget",
    "invites_experts",
    "content_items",
    "content_other_text",
    "convenor_position",
    "convenor_subject",
    "convenor_trained",
    "convenor_email",
    "convenor_phone",
    MEMBERS_PREFIX,
    "competencies",
    "goals",
    "goal_other_text",
    "methods",
    "method_other_text",
    SESSIONS_PREFIX,
]
# The plan's own fields; application_save_draft writes these.
PLAN_FIELDS = [
    name
    for name in FORM_ORDER
    if name not in {MEMBERS_PREFIX, SESSIONS_PREFIX, *OPTION_LISTS, *PLAN_LISTS}
]
# The plan's free-text fields: saved without surrounding blanks, carried over by 續辦 when empty.
PLAN_TEXT_FIELDS = [
    "name",
    "content_other_text",
    "convenor_position",
    "convenor_subject",
    "convenor_email",
    "convenor_phone",
    "goal_other_text",
    "method_other_text",
]
MEMBER_FIELDS = ["name", "school", "position", "subject"]
SESSION_FIELDS = [
    "date",
    "start_time",
    "end_time",
    "content",
    "method",
    "host",
    "location",
    "is_public_lesson",
]


def people_in_roles(application: Application, roles) -> list[User]:
    """The active accounts holding these workflow roles on the application."""
    people: list[User] = []
    if workflow.CONVENOR in roles:
        people.append(application.convenor)
    if workflow.SCHOOL_ADMIN in roles:
        people += User.objects.filter(
            role=Role.SCHOOL_ADMIN, school_id=application.school_id, is_active=True
        )
    if workflow.CENTER in roles:
        people += User.objects.filter(role=Role.CENTER, is_active=True)
    if workflow.REVIEWER in roles:
        people += User.objects.filter(
            review_assignments__application=application, is_active=True
        ).distinct()
    return people


RELATIONS = [f.name for f in Application._meta.concrete_fields if f.is_relation]


@transaction.atomic
def application_transition(
    *,
    application: Application,
    action: str,
    by: User,
    comment: str = "",
    data: dict | None = None,
) -> Application:
    """Move an application along the workflow, as its table declares the action: the role, the
    comment when one is required, the action's guard (its own rules, e.g. 送出's problem list),
    the fields and time stamp it records; then the history row, the audit row, and after commit
    the messages to the people it concerns.

    ``data`` holds the values of the fields the action sets (e.g. 核定金額 for 複審通過(核定)) and
    whatever the guard reads. Raises ActionUnavailable when the action does not leave the
    current state, PermissionDenied without the role, ValidationError with the guard's problems.
    """
    data = data or {}
    application = Application.objects.select_for_update().get(pk=application.pk)
    step = workflow.WORKFLOW[application.status].actions.get(action)
    if step is None:
        raise workflow.ActionUnavailable(application=application, action=action)
    if not (roles_of(by, application) & step.roles):
        raise PermissionDenied(_("您沒有執行「%(action)s」的權限。") % {"action": step.label})
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise ValidationError(
            {"comment": _("「%(action)s」請填寫意見，說明原因。") % {"action": step.label}}
        )
    problems = workflow.run_guard(step, application=application, by=by, data=data)
    if problems:
        raise ValidationError(problems)

    from_status = application.status
    application.status = step.target
    for name in step.fields:
        setattr(application, name, data.get(name))
    if step.stamp:
        setattr(application, step.stamp, timezone.now())
    if step.comment_field:
        setattr(application, step.comment_field, comment)
    # The foreign keys it does not set were checked when they were saved, and the database
    # refuses any other: full_clean would read each of them again (a query each).
    application.full_clean(
        exclude=[name for name in RELATIONS if name not in step.fields],
        validate_unique=False,
        validate_constraints=False,
    )
    with set_actor(by):
        application.save()
    Transition.objects.create(
        application=application,
        action=action,
        from_status=from_status,
        to_status=step.target,
        by=by,
        comment=comment,
    )

    new_label = workflow.WORKFLOW[step.target].label

    def body() -> str:  # in each recipient's language
        text = _("社群「%(name)s」狀態變更為「%(status)s」。") % {
            "name": application.display_name,
            "status": new_label,
        }
        if comment:
            text += "\n" + _("意見：%(comment)s") % {"comment": comment}
        return text

    notify(
        event=f"application.{action}",
        recipients=people_in_roles(application, step.notify),
        title=lambda: _("社群申請狀態通知：%(status)s") % {"status": new_label},
        body=body,
        url=reverse("communities:progress", args=[application.pk]),
    )
    return application


def application_transition_problems(
    *, application: Application, action: str, by: User, comment: str = "", data=None
) -> dict[str, list[str]]:
    """What application_transition would refuse (the comment it requires, the action's guard),
    keyed like a form's errors, so a confirmation is only asked for what can be done. Raises
    ActionUnavailable as the transition does."""
    step = workflow.WORKFLOW[application.status].actions.get(action)
    if step is None:
        raise workflow.ActionUnavailable(application=application, action=action)
    if step.comment_required and not (comment or "").strip():
        return {"comment": [_("「%(action)s」請填寫意見，說明原因。") % {"action": step.label}]}
    return workflow.run_guard(step, application=application, by=by, data=data or {})


def _window_text(program: ProgramYear) -> str:
    opens = timezone.localtime(program.application_opens_at)
    closes = timezone.localtime(program.application_closes_at)
    return _("%(opens)s %(open_time)s 至 %(closes)s %(close_time)s") % {
        "opens": roc_date(opens),
        "open_time": opens.strftime("%H:%M"),
        "closes": roc_date(closes),
        "close_time": closes.strftime("%H:%M"),
    }


def _second_application_message(program: ProgramYear, existing: Application | None) -> str:
    return _("您在%(year)s學年度已申請社群「%(name)s」，每人每學年度可申請1個社群。") % {
        "year": program.academic_year,
        "name": existing.display_name if existing else str(UNNAMED),
    }


@transaction.atomic
def application_start(*, program: ProgramYear, convenor: User) -> Application:
    """Open a draft 社群申請書 for the teacher: school and stage from the account, the convenor
    as the first member row. One per convenor per year (SPEC §1)."""
    if convenor.role != Role.TEACHER:
        raise ValidationError(_("只有教師個人帳號可以申請社群。"), code="not_teacher")
    if not convenor.school_id:
        raise ValidationError(
            _("您的帳號尚未設定學校，請洽學校承辦人或教專中心。"), code="no_school"
        )
    if not program.window_opened:
        raise ValidationError(
            _("%(year)s學年度社群申請尚未開放，教專中心開放後才能申請。")
            % {"year": program.academic_year},
            code="window_closed",
        )
    if not program.window_is_open():
        raise ValidationError(
            _("%(year)s學年度社群申請期間為 %(window)s，目前無法申請。")
            % {"year": program.academic_year, "window": _window_text(program)},
            code="window_closed",
        )
    existing = application_of_convenor_for(program=program, user=convenor)
    if existing is not None:
        raise ValidationError(
            _second_application_message(program, existing), code="second_application"
        )
    school = convenor.school
    application = Application(
        program=program,
        convenor=convenor,
        school=school,
        stage_id=school.stage_id,
        convenor_email=convenor.email,
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two clicks racing past the check above: the database constraint decides.
        raise ValidationError(
            _second_application_message(program, None), code="second_application"
        ) from None
    member = Member(
        application=application,
        order=0,
        name=convenor.name or convenor.username,
        school=school,
    )
    member.full_clean()
    member.save()
    return application


def _may_follow(*, application: Application, previous: Application) -> bool:
    """A continuing community follows one of its own convenor's communities of an earlier year."""
    return (
        previous.convenor_id == application.convenor_id
        and previous.program.academic_year < application.program.academic_year
    )


def _check_choices(*, application: Application, data: dict) -> None:
    """Values must belong to this application's year and convenor, whatever the form offered."""
    errors: dict[str, str] = {}
    community_type: CommunityType | None = data.get("community_type")
    if community_type is not None and community_type.program_id != application.program_id:
        errors["community_type"] = _("社群類型不屬於本學年度。")
    previous: Application | None = data.get("previous")
    if previous is not None and not _may_follow(application=application, previous=previous):
        errors["previous"] = _("只能選擇您自己前一年度的社群。")
    for option in data.get("options") or []:
        if option.program_id != application.program_id:
            errors["options"] = _("選項不屬於本學年度。")
    if errors:
        raise ValidationError(errors)


# The Application fields that are foreign keys (school, convenor, type, domain …).
def _save_rows(
    *, model, application: Application, rows: list[dict], fields: list[str], order, known=None
):
    """Update the rows that came with an id and changed, create the new ones, delete the ones
    left out, in a fixed number of queries whatever the number of rows. ``order`` names the
    field that keeps each row's place and gives its value from the index (("order", index) or
    ("number", n+1)).

    Each row is checked with full_clean except its foreign keys, whose existence full_clean would
    read one query a row: the form offered only existing rows and the database refuses others."""
    order_name, order_value = order
    if known is None:
        known = model.objects.filter(application=application)
    existing = {obj.pk: obj for obj in known}
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    columns = [model._meta.get_field(name).attname for name in [*fields, order_name]]
    to_update, to_create, changed = [], [], []
    for index, row in enumerate(rows):
        pk = row.get("id")
        obj = existing.get(getattr(pk, "pk", pk)) if pk else None
        if obj is None:
            obj = model(application=application)
            to_create.append(obj)
            before = None
        else:
            to_update.append(obj)
            before = [getattr(obj, column) for column in columns]
        for name in fields:
            if name in row:
                setattr(obj, name, row[name])
        setattr(obj, order_name, order_value(index))
        if before is not None and before != [getattr(obj, column) for column in columns]:
            changed.append(obj)
        obj.full_clean(exclude=relations)
        for name in relations:
            field = model._meta.get_field(name)
            if name != "application" and not field.null and getattr(obj, field.attname) is None:
                raise ValidationError({name: field.error_messages["null"]}, code="null")
    if set(existing) - {obj.pk for obj in to_update}:
        model.objects.filter(application=application).exclude(
            pk__in=[obj.pk for obj in to_update]
        ).delete()
    # Only the rows whose values changed are written (a 儲存 mostly changes one or two).
    if changed:
        model.objects.bulk_update(changed, [*fields, order_name])
    if to_create:
        model.objects.bulk_create(to_create)
    return sorted([*to_update, *to_create], key=lambda obj: getattr(obj, order_name))


def _known_rows(loaded: Application, locked: Application) -> dict[str, list]:
    """The rows ``loaded`` read before ``locked`` was locked (form_rows_prefetched), by relation
    name, when they are still the stored ones: no save came between (each raises plan_version).
    A relation not in it is read again."""
    if loaded.pk != locked.pk or loaded.plan_version != locked.plan_version:
        return {}
    cache = getattr(loaded, "_prefetched_objects_cache", {})
    return {name: list(rows) for name, rows in cache.items()}


def _set_related(application: Application, name: str, objects, known) -> None:
    """``application.<name>.set(objects)``; with the ``known`` stored rows, only the rows that
    changed are written (nothing is read)."""
    manager = getattr(application, name)
    if known is None:
        manager.set(objects)
        return
    wanted = {obj.pk: obj for obj in objects}
    stored = {obj.pk for obj in known}
    if stored - set(wanted):
        manager.remove(*(stored - set(wanted)))
    if set(wanted) - stored:
        manager.add(*(obj for pk, obj in wanted.items() if pk not in stored))


@transaction.atomic
def application_save_draft(
    *,
    application: Application,
    data: dict,
    members: list[dict],
    sessions: list[dict],
    by: User,
) -> Application:
    """儲存: keep what was typed, complete or not. 送出's rules are not checked here.

    ``data`` holds the plan fields (PLAN_FIELDS) plus ``partner_schools``, ``content_items`` and
    ``options`` (lists of rows); ``members`` and ``sessions`` are the rows in their order, each
    with the ``id`` of the row it updates (none for a new row). Rows left out are deleted.
    """
    loaded = application
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not can_edit(by, application):
        raise PermissionDenied(_("此申請目前的狀態不能修改，或您不是本社群的召集人。"))
    _check_choices(application=application, data=data)
    known = _known_rows(loaded, application)
    # The year, school and convenor cannot change here: keep the ones the caller loaded.
    for name in ("program", "school", "convenor"):
        if name in loaded._state.fields_cache:
            setattr(application, name, getattr(loaded, name))

    for name in PLAN_FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if not application.is_continuation:
        application.continuation_year = None
        application.previous = None
    application.plan_version += 1
    # Its foreign keys are rows the caller chose among existing ones (the form's choices, checked
    # for the year above) and the database refuses any other: full_clean would read each again.
    # Its one constraint (one application per convenor and year) is on fields a save never
    # changes.
    application.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    application.save()

    community_type = application.community_type
    if "partner_schools" in data:
        partners = [s for s in data["partner_schools"] if s.pk != application.school_id]
        partners = partners if application.is_cross_school else []
        _set_related(
            application,
            "partner_schools",
            partners,
            known.get("partner_schools"),
        )
        keep_as_prefetched(application, "partner_schools", sorted(partners, key=lambda s: s.code))
    elif not application.is_cross_school:
        application.partner_schools.clear()
        keep_as_prefetched(application, "partner_schools", [])
    if "content_items" in data:
        variant_id = community_type.content_variant_id if community_type else None
        items = [item for item in data["content_items"] if item.variant_id == variant_id]
        _set_related(application, "content_items", items, known.get("content_items"))
        keep_as_prefetched(
            application, "content_items", sorted(items, key=lambda i: (i.order, i.pk))
        )
    if "options" in data:
        _set_related(application, "options", data["options"], known.get("options"))
        keep_as_prefetched(
            application, "options", sorted(data["options"], key=lambda o: (o.kind, o.order, o.pk))
        )

    saved_members = _save_rows(
        model=Member,
        application=application,
        rows=members,
        fields=MEMBER_FIELDS,
        order=("order", lambda index: index),
        known=known.get("members"),
    )
    saved_sessions = _save_rows(
        model=Session,
        application=application,
        rows=sessions,
        fields=SESSION_FIELDS,
        order=("number", lambda index: index + 1),
        known=known.get("sessions"),
    )
    keep_as_prefetched(application, "members", saved_members)
    keep_as_prefetched(application, "sessions", saved_sessions)
    return application


def application_problems(*, application: Application) -> dict[str, list[str]]:
    """Every rule 送出 checks, as messages keyed by the form field they concern (in form order).

    Keys are the 社群申請書's field names, "<prefix>-<index>-<field>" for a member or session row,
    "members"/"sessions" for the lists, "budget" for the 經費概算表, "documents" for the signed
    PDFs and "__all__" for the application as a whole. Empty when it may be sent.
    """
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    program = application.program
    community_type = application.community_type

    if application.status == workflow.DRAFT and not program.window_opened:
        add(
            "__all__",
            _("%(year)s學年度社群申請尚未開放，教專中心開放後才能送出。")
            % {"year": program.academic_year},
        )
    elif application.status == workflow.DRAFT and not program.window_is_open():
        add(
            "__all__",
            _("%(year)s學年度社群申請期間為 %(window)s，目前不在申請期間，無法送出。")
            % {"year": program.academic_year, "window": _window_text(program)},
        )
    # A second application of the convenor in the year is never there to check: the database
    # refuses it (one_application_per_convenor_per_year) and application_start says why.

    if not application.name.strip():
        add("name", _("請填寫社群名稱。"))
    if community_type is None:
        add("community_type", _("請選擇社群類型。"))

    # A same-school community's partner schools are never asked about (saving it clears them).
    partners = list(application.partner_schools.all()) if application.is_cross_school else []
    members = list(application.members.all())
    if application.is_cross_school is None:
        add("is_cross_school", _("請選擇同校或跨校。"))
    elif application.is_cross_school:
        if not partners:
            add("partner_schools", _("跨校社群請勾選至少一所合作學校。"))
        member_school_ids = {member.school_id for member in members}
        without_members = [s.name for s in partners if s.pk not in member_school_ids]
        if without_members:
            add(
                "partner_schools",
                _("合作學校「%(schools)s」尚無社群成員，請在成員名單加入該校教師。")
                % {"schools": "、".join(without_members)},
            )

    if application.is_continuation is None:
        add("is_continuation", _("請選擇續辦或非續辦。"))
    elif application.is_continuation:
        if not application.continuation_year:
            add("continuation_year", _("續辦社群請填寫續辦第幾年。"))
        elif application.continuation_year < 2:
            add("continuation_year", _("續辦社群請填第2年以上；第1年請選「非續辦」。"))

    if application.domain is None:
        add("domain", _("請選擇學年/學科/領域。"))
    if application.stage is None:
        add("stage", _("請選擇學習階段。"))
    elif application.domain is not None and application.stage_id not in {
        # .all(): the form's catalog has read each domain's stages already.
        stage.pk
        for stage in application.domain.stages.all()
    }:
        add(
            "domain",
            _("「%(domain)s」不適用於%(stage)s，請重新選擇。")
            % {"domain": application.domain.name, "stage": application.stage.name},
        )
    if application.requests_budget is None:
        add("requests_budget", _("請選擇是否申請經費。"))
    if application.invites_experts is None:
        add("invites_experts", _("請選擇是否邀請專家諮詢。"))

    chosen_items = list(application.content_items.all())
    missing_required: list[str] = []
    if community_type is not None:
        chosen_ids = {item.pk for item in chosen_items}
        missing_required = [
            item.label
            for item in variant_items(program, community_type.content_variant_id)
            if item.required and item.pk not in chosen_ids
        ]
        if missing_required:
            add(
                "content_items",
                _("「%(type)s」必須勾選必要內容：%(items)s。")
                % {"type": community_type.name, "items": "、".join(missing_required)},
            )
    if not chosen_items and not missing_required:
        add("content_items", _("請至少勾選一項補助社群實施之內容。"))
    if (
        any(item.allows_text for item in chosen_items)
        and not application.content_other_text.strip()
    ):
        add("content_other_text", _("勾選「其他」時請說明內容。"))

    for name, message in (
        ("convenor_position", _("請填寫召集人職任。")),
        ("convenor_subject", _("請填寫召集人教授科目。")),
    ):
        if not getattr(application, name).strip():
            add(name, message)
    if application.convenor_trained is None:
        add("convenor_trained", _("請選擇是否曾參與召集人培訓。"))
    if not application.convenor_email.strip():
        add("convenor_email", _("請填寫召集人 e-mail。"))
    if not application.convenor_phone.strip():
        add("convenor_phone", _("請填寫召集人聯絡電話。"))

    if community_type is not None and len(members) < community_type.min_members:
        add(
            "members",
            _("社群成員至少 %(min)d 人（含召集人），目前 %(count)d 人，請新增成員。")
            % {"min": community_type.min_members, "count": len(members)},
        )
    allowed_school_ids = {application.school_id}
    if application.is_cross_school:
        allowed_school_ids |= {school.pk for school in partners}
    for index, member in enumerate(members):
        key = f"{MEMBERS_PREFIX}-{index}-"
        if not member.name.strip():
            add(key + "name", _("請填寫成員姓名。"))
        if member.school_id not in allowed_school_ids:
            if application.is_cross_school:
                add(key + "school", _("成員的學校須為本校或勾選的合作學校。"))
            else:
                add(key + "school", _("同校社群的成員須為本校教師；有他校成員請選「跨校」。"))

    options = list(application.options.all())
    for key, message in (
        ("competencies", _("請至少勾選一項社群欲培養學生之核心素養。")),
        ("goals", _("請至少勾選一項社群運作目標。")),
        ("methods", _("請至少勾選一項社群進行方式。")),
    ):
        if not any(option.kind == OPTION_LISTS[key] for option in options):
            add(key, message)
    for key, list_name in (("goal_other_text", "goals"), ("method_other_text", "methods")):
        kind = OPTION_LISTS[list_name]
        chose_other = any(o.kind == kind and o.allows_text for o in options)
        if chose_other and not getattr(application, key).strip():
            add(key, _("勾選「其他」時請說明內容。"))

    sessions = list(application.sessions.all())
    if community_type is not None:
        if len(sessions) < community_type.min_sessions:
            add(
                "sessions",
                _("「%(type)s」每學年至少運作 %(min)d 次，目前規劃 %(count)d 次，請新增場次。")
                % {
                    "type": community_type.name,
                    "min": community_type.min_sessions,
                    "count": len(sessions),
                },
            )
        public = sum(1 for s in sessions if s.is_public_lesson)
        if public < community_type.min_public_lessons:
            add(
                "sessions",
                _(
                    "至少須規劃 %(min)d 次公開授課（內容須與社群主題相關），請在該場次勾選「公開授課」。"
                )
                % {"min": community_type.min_public_lessons},
            )
    for index, session in enumerate(sessions):
        for name, messages in problems_of_session(session=session, program=program).items():
            for message in messages:
                add(f"{SESSIONS_PREFIX}-{index}-{name}", message)

    if application.requests_budget:
        for messages in budget_problems(application=application).values():
            for message in messages:
                add("budget", str(message))

    uploaded = {document.form for document in stored_documents(application)}
    for form in document_forms(application=application):
        if form not in uploaded:
            add(
                "documents",
                _("請上傳「%(form)s」的核章完成文件（PDF）。") % {"form": form.label},
            )
    return problems


def problems_of_session(*, session: Session, program: ProgramYear) -> dict[str, list[str]]:
    """A 進度規劃 row's own rules: a full date and time span inside the academic year."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    day: date | None = session.date
    start: time | None = session.start_time
    end: time | None = session.end_time
    if day is None:
        add("date", _("請填寫日期。"))
    elif not program.contains(day):
        add(
            "date",
            _("日期須在%(year)s學年度內（%(start)s 至 %(end)s）。")
            % {
                "year": program.academic_year,
                "start": roc_date(program.start_date),
                "end": roc_date(program.end_date),
            },
        )
    if start is None:
        add("start_time", _("請填寫開始時間。"))
    if end is None:
        add("end_time", _("請填寫結束時間。"))
    if start is not None and end is not None and end <= start:
        add("end_time", _("結束時間須晚於開始時間。"))
    if not session.content.strip():
        add("content", _("請填寫實施內容。"))
    if not session.method.strip():
        add("method", _("請填寫實施方式。"))
    return problems


@workflow.guard("application_complete")
def _application_complete(*, application: Application, by: User, data: dict) -> dict:
    """送出's guard: every rule of the 社群申請書 and 經費概算表 (application_problems)."""
    return application_problems(application=application)


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """送出 (or 送出 again after a return): the workflow's submit or resubmit action, whose
    guard checks every rule."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if workflow.CONVENOR not in roles_of(by, application):
        raise PermissionDenied(_("只有本社群的召集人可以送出申請。"))
    actions = workflow.actions_of(application.status, roles={workflow.CONVENOR})
    submit = next(
        (key for key, step in actions.items() if step.guard == "application_complete"), None
    )
    if submit is None:
        raise workflow.ActionUnavailable(application=application, action="submit")
    return application_transition(application=application, action=submit, by=by)


@transaction.atomic
def application_prefill_from(*, application: Application, previous: Application) -> Application:
    """續辦: fill what is still empty from last year's community of the same convenor.

    Types, content items and options are matched by number or label in this year's rules; the
    schedule is copied without dates and times, which belong to the new year.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not _may_follow(application=application, previous=previous):
        raise ValidationError({"previous": _("只能選擇您自己前一年度的社群。")})
    application.previous = previous
    application.is_continuation = True
    if not application.continuation_year:
        application.continuation_year = (previous.continuation_year or 1) + 1
    for name in PLAN_TEXT_FIELDS:
        if not getattr(application, name):
            setattr(application, name, getattr(previous, name))
    for name in ("is_cross_school", "requests_budget", "invites_experts", "convenor_trained"):
        if getattr(application, name) is None:
            setattr(application, name, getattr(previous, name))
    if application.domain_id is None:
        application.domain_id = previous.domain_id
    if application.stage_id is None and previous.stage_id:
        application.stage = Stage.objects.get(pk=previous.stage_id)
    if application.community_type_id is None and previous.community_type_id:
        application.community_type = CommunityType.objects.filter(
            program=application.program, number=previous.community_type.number
        ).first()
    application.plan_version += 1
    application.full_clean()
    application.save()

    if application.is_cross_school and not application.partner_schools.exists():
        application.partner_schools.set(previous.partner_schools.exclude(pk=application.school_id))
    community_type = application.community_type
    if community_type is not None and not application.content_items.exists():
        labels = set(previous.content_items.values_list("label", flat=True))
        application.content_items.set(
            ContentItem.objects.filter(variant=community_type.content_variant_id, label__in=labels)
        )
    if not application.options.exists():
        wanted = set(previous.options.values_list("kind", "label"))
        application.options.set(
            [
                option
                for option in Option.objects.filter(program=application.program)
                if (option.kind, option.label) in wanted
            ]
        )
    own_rows = list(application.members.all())
    only_convenor = len(own_rows) <= 1
    if only_convenor and previous.members.count() > len(own_rows):
        application.members.all().delete()
        for index, member in enumerate(previous.members.all()):
            Member.objects.create(
                application=application,
                order=index,
                name=member.name,
                school_id=member.school_id,
                position=member.position,
                subject=member.subject,
            )
    if not application.sessions.exists():
        for session in previous.sessions.all():
            Session.objects.create(
                application=application,
                number=session.number,
                content=session.content,
                method=session.method,
                host=session.host,
                location=session.location,
                is_public_lesson=session.is_public_lesson,
            )
    return application
