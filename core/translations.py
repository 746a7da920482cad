"""The English catalogue's checks: every msgid translated (not fuzzy, no empty plural form) and
with the same placeholders as its source. `make messages` prints them; a test asserts none."""

import re
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# %(name)s, %s, %d, %.1f, and {name} / {0} as str.format and the tutorials' {上傳限制} use them.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[^{}\s]*\}"
)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def catalogue_problems(path: Path = CATALOGUE) -> list[str]:
    """One line per msgid that is untranslated, fuzzy, or whose placeholders differ."""
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        where = entry.msgid.replace("\n", "\\n")[:80]
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
            if not all(forms):
                problems.append(f"untranslated: {where}")
                continue
            for form in forms:
                if not placeholders(form) <= placeholders(entry.msgid_plural) | placeholders(
                    entry.msgid
                ):
                    problems.append(f"placeholders differ: {where}")
                    break
            continue
        if not entry.msgstr:
            problems.append(f"untranslated: {where}")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(f"placeholders differ: {where}")
    return problems


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
