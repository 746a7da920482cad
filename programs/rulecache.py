"""The year's rules read once per process instead of once per request.

Rule rows change rarely (the center edits them in the admin, a year is copied once) while every
社群申請書 and 經費概算表 reads them. ``year_rules_cached(program, name, load)`` keeps what
``load()`` returned under (name, year, ``program.rules_changed_at``); any save or delete of a rule
row (programs.models.AUDITED_MODELS, and a domain's stages) moves every year's
``rules_changed_at`` in the same transaction, so the next request of every process — each reads
its ProgramYear row anyway — finds a new key once the change commits and reads the rules again. What is kept is
shared between requests: callers treat the rows as read-only.
"""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

T = TypeVar("T")

KEPT = 64  # entries (a few per year)
_kept: OrderedDict = OrderedDict()
_lock = Lock()


def year_rules_cached(program, name: str, load: Callable[[], T]) -> T:
    key = (name, program.pk, program.rules_changed_at)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = load()
    with _lock:
        _kept[key] = value
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def year_rules_forget() -> None:
    """Drop what this process keeps (tests start each from the database)."""
    with _lock:
        _kept.clear()


def _rules_changed(**kwargs) -> None:
    """Within the change's own transaction: other processes see the new key only once the
    change commits, and so read the changed rows under it."""
    from .models import ProgramYear

    if kwargs.get("raw"):  # loaddata
        return
    ProgramYear.objects.update(rules_changed_at=timezone.now())
    year_rules_forget()


def rule_signals_connect() -> None:
    from .models import AUDITED_MODELS, Domain, ProgramYear

    for model in AUDITED_MODELS:
        if model is ProgramYear:
            continue
        uid = f"rulecache-{model._meta.label}"
        post_save.connect(_rules_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_rules_changed, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        _rules_changed, sender=Domain.stages.through, dispatch_uid="rulecache-domain-stages"
    )
