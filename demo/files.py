"""The demo's 背景產製檔案: the center had the 109 年度報告 and the whole year's 申請案件列表
made, as the worker does."""

from documents.generated import generated_file_make, generated_file_request
from documents.models import GeneratedFile
from people.models import User
from programs.models import ProgramYear

KINDS = ("year_report", "applications_xlsx")


def seed_demo_generated_files() -> None:
    program = ProgramYear.objects.get(academic_year=109)
    center = User.objects.get(username="center")
    for kind in KINDS:
        if GeneratedFile.objects.filter(kind=kind, program=program).exists():
            continue
        row, _ = generated_file_request(kind=kind, program=program, by=center)
        generated_file_make(row.pk)
