"""Who changed what: the audit trail of rules, schools and accounts (django-auditlog rows)."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.roc import roc_date

# The apps whose rows the center keeps and may trace.
AUDITED_APPS = ["programs", "people", "portal"]

ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit action", "新增"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit action", "修改"),
    LogEntry.Action.DELETE: pgettext_lazy("audit action", "刪除"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit action", "讀取"),
}

EMPTY = "None"
BLANK = "—"


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute the audit rows written inside the block to `user` (also outside a request)."""
    if user is None:
        yield
        return
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    with set_actor(user):
        yield
    if outer is not None:
        # auditlog's context does not restore the request's own actor after a nested one.
        auditlog_value.set(outer)


def current_actor():
    """The user a `set_actor` block names while that block is open; None outside one.

    auditlog keeps the last block's value in its context after the block ends (it only
    disconnects the receiver it connected), so the value counts only while that receiver is
    still connected."""
    from django.db.models.signals import pre_save

    try:
        value = auditlog_value.get()
    except LookupError:
        return None
    uid = value.get("signal_duid")
    if uid is None or not any(key[0] == uid for key, _, _ in pre_save.receivers):
        return None
    return value.get("actor")


def audited_models() -> list[type[Model]]:
    from auditlog.registry import auditlog

    return [
        model
        for app_label in AUDITED_APPS
        for model in apps.get_app_config(app_label).get_models()
        if auditlog.contains(model)
    ]


def audit_model_choices() -> list[tuple[str, str]]:
    """(content type id, Chinese model name) for the model filter."""
    types = ContentType.objects.get_for_models(*audited_models())
    return sorted(
        ((str(ct.pk), str(model._meta.verbose_name)) for model, ct in types.items()),
        key=lambda choice: choice[1],
    )


def audit_entries(*, content_type_id: int | None = None) -> QuerySet[LogEntry]:
    types = ContentType.objects.get_for_models(*audited_models()).values()
    entries = LogEntry.objects.filter(content_type__in=list(types))
    if content_type_id is not None:
        entries = entries.filter(content_type_id=content_type_id)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    actor: str
    action: str
    model: str
    changes: list[FieldChange]


def audit_rows(entries: list[LogEntry]) -> list[AuditRow]:
    """Entries for display: field names, choice labels and related rows in Chinese.

    Related rows are looked up in one query per related model for the whole page.
    """
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.many_to_one and isinstance(values, list):
                wanted[field.related_model].update(v for v in values if v not in (None, EMPTY))
    related: dict[tuple[type[Model], str], str] = {}
    for model, pks in wanted.items():
        valid = []
        for pk in pks:
            try:
                valid.append(model._meta.pk.to_python(pk))
            except Exception:  # a value stored by an older version of the row
                continue
        for obj in model._default_manager.filter(pk__in=valid):
            related[(model, str(obj.pk))] = str(obj)

    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if _is_reverse(field) or (field is not None and field.primary_key):
                continue
            label = str(field.verbose_name) if field is not None else name
            if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
                verb = _("加入") if values.get("operation") == "add" else _("移除")
                objects = "、".join(str(o) for o in values.get("objects", []))
                changes.append(FieldChange(label, "", f"{verb} {objects}"))
                continue
            old, new = (list(values) + ["", ""])[:2]
            new = _display(field, new, related)
            if entry.action == LogEntry.Action.CREATE:
                # A new row has no old values; its empty fields say nothing.
                if new not in ("", BLANK):
                    changes.append(FieldChange(label, "", new))
                continue
            changes.append(FieldChange(label, _display(field, old, related), new))
        rows.append(
            AuditRow(
                entry=entry,
                actor=(str(entry.actor) if entry.actor else entry.actor_email or _("系統")),
                action=ACTION_LABELS.get(entry.action, str(entry.action)),
                model=str(model._meta.verbose_name) if model else entry.content_type.model,
                changes=changes,
            )
        )
    return rows


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_reverse(field) -> bool:
    """auditlog also lists other rows' links to a new row (users, messages…): not its data."""
    return field is not None and field.auto_created and not field.concrete


def _display(field, value, related: dict) -> str:
    if value is None or value == EMPTY:
        return BLANK
    value = str(value)
    if field is None or value == "":
        return value
    if field.many_to_one:
        return related.get((field.related_model, value), value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return _("是") if value == "True" else _("否") if value == "False" else value
    if kind in ("DateTimeField", "DateField"):
        return _roc(value, with_time=kind == "DateTimeField")
    return value


def _roc(value: str, *, with_time: bool) -> str:
    """auditlog stores dates as ISO text, date-times in UTC: show them as the forms do."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if not with_time:
        return roc_date(moment)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    moment = timezone.localtime(moment)
    return f"{roc_date(moment)} {moment:%H:%M}"
