"""The Celery task that makes a file asked for in the background (documents.generated)."""

from celery import shared_task


@shared_task(name="plc.make_generated_file", ignore_result=True, acks_late=True)
def make_generated_file(pk: int) -> str:
    from .generated import generated_file_make

    row = generated_file_make(pk)
    return "skipped: made by another run" if row is None else row.state


@shared_task(name="plc.make_queued_generated_files", ignore_result=True)
def make_queued_generated_files() -> int:
    from .generated import generated_files_make_queued

    return generated_files_make_queued()
