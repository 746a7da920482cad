"""Django's makemessages with the project's defaults: the dirs that are not source skipped, file
names without line numbers as locations, no creation date in the header (so branches that add
strings in parallel conflict less), and no fuzzy matching, so a new msgid starts untranslated
rather than with a neighbour's English."""

import re
from pathlib import Path

from django.core.management.commands import makemessages

# Tests are not read: their strings are the code's; their names would only churn locations.
IGNORED = [
    ".venv",
    "venv",
    "build",
    "var",
    "staticfiles",
    "node_modules",
    "test-artifacts",
    "tests",
]
DATES = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
    # The project's own alias too (`gettext_lazy as _lazy` beside `gettext as _`).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = list(options.get("ignore_patterns") or []) + IGNORED
        if options.get("add_location") is None:
            options["add_location"] = "file"
        super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        super().write_po_file(potfile, locale)
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        text = pofile.read_text(encoding="utf-8")
        pofile.write_text(DATES.sub("", text), encoding="utf-8")
