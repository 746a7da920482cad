"""Compile every locale/<lang>/LC_MESSAGES/*.po into its .mo with polib: no gettext (msgfmt)
needed on the machine. The bootstrap runs it, and so does the test run before the tests."""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_catalogues(paths=None, *, force: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside it when missing or older than the .po; the files
    written. Each is written to a temporary name first, so a reader never sees half a file."""
    written = []
    for root in paths or settings.LOCALE_PATHS:
        for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (
                not force
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            catalogue = polib.pofile(str(po_path))
            handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(handle)
            try:
                catalogue.save_as_mofile(temporary)
                os.chmod(temporary, 0o644)
                os.replace(temporary, mo_path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "編譯翻譯檔（locale/*/LC_MESSAGES/*.po → .mo），不需系統的 gettext"

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed", action="store_true", help="只編譯比 .mo 新的 .po（預設全部重新編譯）"
        )

    def handle(self, *args, **options):
        for path in compile_catalogues(force=not options["changed"]):
            if options["verbosity"] > 0:
                self.stdout.write(f"compiled {path}")
