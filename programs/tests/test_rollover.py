"""複製為下一學年度: a year's rules copied into the next year in one action, complete and
independent of the year they came from; the two years side by side."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from people.tests.factories import UserFactory
from programs.compare import ADDED, CHANGED, REMOVED, program_year_diff, show
from programs.models import (
    BudgetItem,
    CommunityType,
    ContentItem,
    LecturerFeeRate,
    Option,
    ProgramYear,
    ReviewCriterion,
)
from programs.services import one_year_later, program_year_copy, program_year_window
from programs.yeardata import (
    CASE_DATA,
    YEAR_RULES,
    YEAR_SHIFTED_FIELDS,
    year_rule_labels,
)

pytestmark = pytest.mark.django_db

TAIPEI = ZoneInfo("Asia/Taipei")


def _points_at(model, targets) -> bool:
    return any(
        f.is_relation and f.related_model in targets and (f.concrete or f.many_to_many)
        for f in model._meta.get_fields()
    )


def test_every_model_holding_a_year_or_its_rules_is_copied_or_named_as_case_data():
    """A model added later with a foreign key to ProgramYear (or to one of its rules) fails here
    until it is declared a rule of the year (copied) or a case of the year (not copied)."""
    rules = {apps.get_model(label) for label in year_rule_labels()}
    targets = {ProgramYear, *rules}
    holding = {m._meta.label for m in apps.get_models() if _points_at(m, targets)}
    known = year_rule_labels() | set(CASE_DATA)
    assert holding - known == set(), "declare these in programs/yeardata.py"
    installed = {label for label in known if apps.is_installed(label.split(".")[0])}
    assert installed - holding == set(), "stale names in yeardata"


def test_a_rule_is_copied_after_the_rules_it_points_at():
    copied: set[str] = set()
    for rule in YEAR_RULES:
        for f in rule.model._meta.concrete_fields:
            target = getattr(f, "related_model", None)
            if target is not None and target._meta.label in year_rule_labels():
                assert target._meta.label in copied, (rule.label, f.name)
        copied.add(rule.label)


def test_every_field_the_copy_moves_one_year_is_a_field_of_the_year():
    names = {f.name for f in ProgramYear._meta.concrete_fields} - {"id"}
    assert set(YEAR_SHIFTED_FIELDS) <= names


@pytest.fixture
def center():
    return UserFactory(center=True)


@pytest.fixture
def y109():
    return ProgramYear.objects.get(academic_year=109)


@pytest.fixture
def y110(y109, center):
    return program_year_copy(source=y109, by=center)


def _snapshot(program: ProgramYear) -> dict[str, list[tuple]]:
    """Every rule row of the year as the words the pages show (ids left out)."""
    return {
        rule.label: sorted(
            tuple(show(obj, name) for name in rule.fields)
            for obj in rule.model.objects.filter(**{rule.year_path: program})
        )
        for rule in YEAR_RULES
    }


def test_the_copy_has_every_rule_row_of_the_year(y109, y110):
    for rule in YEAR_RULES:
        before = rule.model.objects.filter(**{rule.year_path: y109}).count()
        assert before > 0, rule.label
        assert rule.model.objects.filter(**{rule.year_path: y110}).count() == before, rule.label
    assert _snapshot(y110) == _snapshot(y109)
    diff = program_year_diff(new=y110)
    assert diff.old == y109
    assert [s.differences for s in diff.sections] == [0] * len(YEAR_RULES)
    kept = {f.name for f in ProgramYear._meta.concrete_fields} - {
        "id",
        "window_opened",
        "rules_changed_at",
    }
    for name in kept - set(YEAR_SHIFTED_FIELDS):
        assert getattr(y110, name) == getattr(y109, name), name
    assert diff.settings.differences == 0
    assert diff.differences == 0


def test_the_copys_rows_point_only_at_the_new_year_and_its_own_rules(y109, y110):
    labels = year_rule_labels()
    for rule in YEAR_RULES:
        for obj in rule.model.objects.filter(**{rule.year_path: y110}):
            for f in obj._meta.concrete_fields:
                target = getattr(f, "related_model", None)
                if target is ProgramYear:
                    assert getattr(obj, f.attname) == y110.pk
                elif target is not None and target._meta.label in labels:
                    parent_rule = next(r for r in YEAR_RULES if r.label == target._meta.label)
                    parent = getattr(obj, f.name)
                    assert _key_year(parent, parent_rule.year_path) == y110.pk, (rule.label, f)


def _key_year(obj, path: str) -> int:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj.pk


def test_dates_and_deadlines_move_one_year_and_the_window_stays_closed(y109, y110):
    assert y110.academic_year == 110
    assert (y110.start_date, y110.end_date) == (date(2021, 8, 1), date(2022, 7, 31))
    assert timezone.localtime(y110.application_opens_at) == datetime(
        2021, 9, 1, 8, 0, tzinfo=TAIPEI
    )
    assert (y110.exam_weak_year_from, y110.exam_weak_year_to) == (
        y109.exam_weak_year_from + 1,
        y109.exam_weak_year_to + 1,
    )
    assert y110.window_opened is False
    # Even with its dates around today, a year the center has not opened takes no application.
    y110 = program_year_window(
        program=y110,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
        opened=False,
        by=UserFactory(center=True),
    )
    assert not y110.window_is_open()
    assert ProgramYear.objects.current() == y109


def test_opening_the_window_makes_the_year_current(y110, center):
    opened = program_year_window(
        program=y110,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
        opened=True,
        by=center,
    )
    assert opened.window_is_open()
    assert ProgramYear.objects.current() == opened


def test_a_window_that_closes_before_it_opens_is_refused(y110, center):
    with pytest.raises(ValidationError) as error:
        program_year_window(
            program=y110,
            opens_at=timezone.now(),
            closes_at=timezone.now() - timedelta(days=1),
            opened=True,
            by=center,
        )
    assert "申請截止時間必須晚於開始時間" in str(error.value.message_dict["application_closes_at"])
    y110.refresh_from_db()
    assert y110.window_opened is False


def test_editing_110_leaves_109_untouched(y109, y110):
    before = _snapshot(y109)
    type1 = CommunityType.objects.get(program=y110, number=1)
    type1.base_amount = 4000
    type1.save()
    item = ContentItem.objects.filter(variant__program=y110).first()
    item.label = "110年新增的實施內容"
    item.save()
    rate = LecturerFeeRate.objects.filter(budget_item__program=y110).first()
    rate.lecturer_fee = 2000
    rate.save()
    Option.objects.filter(program=y110, kind=Option.Kind.GOAL).first().delete()
    ReviewCriterion.objects.create(program=y110, name="創新性", weight=10, max_score=10)
    BudgetItem.objects.filter(program=y110, number=7).update(cap_per_unit=500)

    assert _snapshot(y109) == before
    assert CommunityType.objects.get(program=y109, number=1).base_amount == 3000

    diff = program_year_diff(new=y110)
    states = {s.rule.label: {r.state for r in s.rows} - {"same"} for s in diff.sections}
    assert states["programs.CommunityType"] == {CHANGED}
    assert states["programs.ContentItem"] == {ADDED, REMOVED}  # a new label: a row of its own
    assert states["programs.LecturerFeeRate"] == {CHANGED}
    assert states["programs.Option"] == {REMOVED}
    assert states["programs.ReviewCriterion"] == {ADDED}
    assert states["programs.BudgetItem"] == {CHANGED}
    type_row = next(
        r for s in diff.sections if s.rule.label == "programs.CommunityType" for r in s.rows
    )
    amount = type_row.cells[s_index("programs.CommunityType", "base_amount")]
    assert (amount.old, amount.new, amount.changed) == ("3,000", "4,000", True)


def s_index(label: str, name: str) -> int:
    return next(r for r in YEAR_RULES if r.label == label).fields.index(name)


def test_editing_109_leaves_110_untouched(y109, y110):
    before = _snapshot(y110)
    CommunityType.objects.filter(program=y109).update(base_amount=1)
    ContentItem.objects.filter(variant__program=y109).update(label="改")
    assert _snapshot(y110) == before


def test_a_year_is_copied_once(y109, y110, center):
    with pytest.raises(ValidationError) as error:
        program_year_copy(source=y109, by=center)
    assert "110學年度的年度計畫已存在" in error.value.messages[0]
    assert ProgramYear.objects.filter(academic_year=110).count() == 1


@pytest.mark.audit
def test_the_copy_is_recorded_in_the_audit_log_as_the_centers(y110, center):
    entries = LogEntry.objects.filter(actor=center, action=LogEntry.Action.CREATE)
    assert entries.filter(object_repr="110學年度").exists()
    assert entries.count() > 50


def test_29_february_moves_to_28_february():
    assert one_year_later(date(2024, 2, 29)) == date(2025, 2, 28)
    assert one_year_later(date(2020, 8, 1)) == date(2021, 8, 1)
    assert one_year_later(108) == 109
    assert one_year_later(None) is None
