"""Files made in the background: a request queues one row (never two of the same file at once),
a run makes it once and keeps the file, a failure keeps a reason, and the worker makes what is
queued."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from documents import generated
from documents.generated import (
    KINDS,
    generated_file_make,
    generated_file_request,
    generated_files_make_queued,
)
from documents.models import GeneratedFile
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(monkeypatch):
    made = []

    def make_ok(program, params):
        made.append((program.academic_year, params))
        return "測試檔.txt", "text/plain", f"{program.academic_year} 的檔案".encode()

    def make_broken(program, params):
        raise RuntimeError("the renderer broke")

    monkeypatch.setitem(KINDS, "ok", generated.GeneratedKind("ok", "測試檔", make_ok))
    monkeypatch.setitem(KINDS, "broken", generated.GeneratedKind("broken", "壞檔", make_broken))
    return made


@pytest.fixture
def center(db):
    return UserFactory(center=True)


def test_a_request_queues_a_row_and_the_same_file_is_not_asked_twice(
    kinds, program, center, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row, queued = generated_file_request(kind="ok", program=program, by=center)
    again, queued_again = generated_file_request(kind="ok", program=program, by=center)

    assert queued and not queued_again
    assert again.pk == row.pk
    assert row.state == GeneratedFile.State.QUEUED
    # Without a broker nothing ran inside the request: the worker makes it.
    assert kinds == []


def test_the_same_kind_of_other_conditions_is_another_file(kinds, program, center):
    whole, _ = generated_file_request(kind="ok", program=program, by=center)
    some, queued = generated_file_request(
        kind="ok", program=program, by=center, params={"status": ["approved"]}, description="核定"
    )
    again, queued_again = generated_file_request(
        kind="ok", program=program, by=center, params={"status": ["approved"]}
    )

    assert queued and not queued_again and again.pk == some.pk != whole.pk
    assert (some.params, some.description) == ({"status": ["approved"]}, "核定")
    generated_files_make_queued()
    assert sorted(kinds, key=str) == sorted([(109, {}), (109, {"status": ["approved"]})], key=str)


def test_a_run_makes_the_file_once(kinds, program, center):
    row, _ = generated_file_request(kind="ok", program=program, by=center)

    made = generated_file_make(row.pk)
    assert generated_file_make(row.pk) is None  # a second run finds it taken

    made.refresh_from_db()
    assert made.state == GeneratedFile.State.DONE
    assert made.filename == "測試檔.txt" and made.content_type == "text/plain"
    assert made.file.read() == "109 的檔案".encode()
    assert made.size == len("109 的檔案".encode())
    assert made.started_at <= made.finished_at
    assert kinds == [(109, {})]
    # Done: the same file may be asked for again (the data may have changed).
    _, queued = generated_file_request(kind="ok", program=program, by=center)
    assert queued


def test_a_failure_is_kept_with_a_reason_and_no_file(kinds, program, center, caplog):
    row, _ = generated_file_request(kind="broken", program=program, by=center)

    generated_file_make(row.pk)

    row.refresh_from_db()
    assert row.state == GeneratedFile.State.FAILED
    assert row.error == "產製時發生錯誤，請稍後再試；若仍失敗，請聯絡系統管理者。"
    assert not row.file
    assert "the renderer broke" in caplog.text


def test_an_unknown_kind_is_refused_at_its_field(program, center):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        generated_file_request(kind="nothing", program=program, by=center)
    assert refused.value.message_dict == {"kind": ["請選擇要產製的檔案。"]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_the_worker_makes_what_is_queued(kinds):
    """A round of run_worker (it closes stale connections, as a long-running process must: so
    the test's rows are committed, not inside a test transaction)."""
    from programs.models import ProgramYear

    program = ProgramYear.objects.get(academic_year=109)
    center = UserFactory(center=True)
    first, _ = generated_file_request(kind="ok", program=program, by=center)
    second, _ = generated_file_request(kind="broken", program=program, by=center)

    out = io.StringIO()
    call_command("run_worker", once=True, stdout=out)

    assert "產製 2 個檔案。" in out.getvalue()
    assert dict(GeneratedFile.objects.values_list("pk", "state")) == {
        first.pk: GeneratedFile.State.DONE,
        second.pk: GeneratedFile.State.FAILED,
    }
    assert generated_files_make_queued() == 0


def test_the_registered_kinds_make_the_year_report_and_the_compendium(program, center):
    assert {"year_report", "compendium"} <= set(KINDS)
    row, _ = generated_file_request(kind="year_report", program=program, by=center)

    generated_file_make(row.pk)

    row.refresh_from_db()
    assert row.state == GeneratedFile.State.DONE, row.error
    assert row.filename == "109學年度教師專業學習社群年度報告.xlsx"
    workbook = load_workbook(io.BytesIO(row.file.read()))
    assert {"各校", "各類型", "各社群", "說明"} <= set(workbook.sheetnames)
