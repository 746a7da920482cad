from django.db import transaction

from communities.models import Application
from people.models import School, User
from programs.models import ProgramYear

from .models import PrintRecord
from .selectors import Printout


@transaction.atomic
def print_record_create(
    *,
    printout: Printout,
    by: User,
    application: Application | None = None,
    school: School | None = None,
    program: ProgramYear | None = None,
) -> PrintRecord:
    """Remember that ``by`` printed this version, so an uploaded signed copy can be matched."""
    if application is not None:
        program = application.program
    record = PrintRecord(
        application=application,
        school=school,
        program=program,
        form=printout.form,
        code=printout.code,
        content_hash=printout.digest,
        printed_by=by,
    )
    # The related rows were just read by the caller: no query to check that each one exists.
    record.full_clean(exclude=["application", "school", "program", "printed_by"])
    record.save()
    return record
