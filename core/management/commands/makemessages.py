"""Django's makemessages with the project's defaults: the dirs that are not source skipped, file
names without line numbers as locations (fewer conflicts between branches), and no fuzzy
matching, so a new msgid starts untranslated rather than with a neighbour's English."""

from django.core.management.commands import makemessages

IGNORED = [".venv", "venv", "build", "var", "staticfiles", "node_modules", "test-artifacts"]


class Command(makemessages.Command):
    msgmerge_options = ["-q", "--previous", "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = list(options.get("ignore_patterns") or []) + IGNORED
        if options.get("add_location") is None:
            options["add_location"] = "file"
        super().handle(*args, **options)
