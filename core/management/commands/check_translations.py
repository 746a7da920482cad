"""Lists every msgid of the English catalogue that is untranslated, fuzzy or whose placeholders
differ from the source; exits 1 if there is any (`make messages` runs it)."""

from django.core.management.base import BaseCommand, CommandError

from core.translations import CATALOGUE, catalogue_problems


class Command(BaseCommand):
    help = "列出英文翻譯檔中未翻譯、fuzzy 或佔位符不符的字串"

    def handle(self, *args, **options):
        problems = catalogue_problems()
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(f"{len(problems)} msgid(s) to translate in {CATALOGUE}")
        self.stdout.write(f"every msgid of {CATALOGUE} is translated")
