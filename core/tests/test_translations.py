"""The English catalogue (locale/en/LC_MESSAGES/django.po) is complete and in step with the code.

When one of these fails, run `make messages`: it re-extracts the strings, compiles the catalogue
and lists each msgid still to translate; translate those msgstr in the .po (keeping every
placeholder), then run it again until it says every msgid is translated."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from core.management.commands.makemessages import IGNORED
from core.translations import CATALOGUE, ROOT, catalogue_problems, placeholders

pytestmark = pytest.mark.translations

# What makemessages skips too (core/management/commands/makemessages.py), and the catalogue.
SKIPPED = {".git", "locale", *IGNORED}


def entries(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_every_msgid_has_an_english_msgstr_with_the_same_placeholders():
    assert catalogue_problems() == [], "run `make messages` and translate what it lists"


def test_plural_entries_have_both_english_forms():
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural:
            assert entry.msgstr_plural.get(0) and entry.msgstr_plural.get(1), entry.msgid


def test_the_placeholder_check_sees_what_would_break_a_format():
    assert placeholders("%(name)s 於 %(at)s") == placeholders("%(at)s by %(name)s")
    assert placeholders("第%(n)d場") != placeholders("Session %(n)s")
    assert placeholders("{上傳限制} 100%%") == placeholders("{上傳限制} 100%%")
    assert placeholders("%s 件") != placeholders("items")


def test_the_header_names_english_and_its_plural_forms():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Language"] == "en"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalogue.metadata_is_fuzzy


def test_the_compiled_catalogue_is_read():
    with translation.override("en"):
        assert translation.gettext("首頁") == "Home"
        assert translation.ngettext("%(n)s 人", "%(n)s 人", 2) == "%(n)s people"
    with translation.override("zh-hant"):
        assert translation.gettext("首頁") == "首頁"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="xgettext (Debian's gettext) is not installed"
)
def test_makemessages_finds_no_msgid_missing_from_the_catalogue(tmp_path, monkeypatch):
    """Every translatable string of the code and templates is in the .po (and none is left that
    the code no longer has). Fails after a new string: run `make messages`.

    makemessages writes beside the sources it reads, so it runs over a copy of them (the .py,
    .html and .txt files it would read) and the project's catalogue is left as it is."""
    source = tmp_path / "source"
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        for name in files:
            if Path(name).suffix in {".py", ".html", ".txt"}:
                relative = Path(folder, name).relative_to(ROOT)
                (source / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ROOT / relative, source / relative)
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["en"], verbosity=0)
    extracted = entries(source / "locale" / "en" / "LC_MESSAGES" / "django.po") - {(None, "")}
    known = entries(CATALOGUE) - {(None, "")}
    missing = sorted(msgid for _ctx, msgid in extracted - known)
    gone = sorted(msgid for _ctx, msgid in known - extracted)
    assert missing == [], "new strings not in the catalogue: run `make messages`, translate them"
    assert gone == [], "strings the code no longer has: run `make messages` to drop them"


def test_compile_translations_writes_a_mo_that_gettext_reads(tmp_path):
    import gettext

    from core.management.commands.compile_translations import compile_catalogues

    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copyfile(CATALOGUE, folder / "django.po")
    assert compile_catalogues([tmp_path]) == [folder / "django.mo"]
    assert compile_catalogues([tmp_path]) == []  # up to date: not written again
    with open(folder / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("社群申請書") == "Community application"
    assert catalogue.pgettext("application status", "申請社群") == "Drafting"
