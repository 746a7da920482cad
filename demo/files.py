"""The demo's 背景產製檔案: the center had the 109 年度報告 made, as the worker does."""

from documents.generated import generated_file_make, generated_file_request
from documents.models import GeneratedFile
from people.models import User
from programs.models import ProgramYear


def seed_demo_generated_files() -> None:
    program = ProgramYear.objects.get(academic_year=109)
    if GeneratedFile.objects.filter(kind="year_report", program=program).exists():
        return
    center = User.objects.get(username="center")
    row, _ = generated_file_request(kind="year_report", program=program, by=center)
    generated_file_make(row.pk)
