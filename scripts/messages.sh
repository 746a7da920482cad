#!/usr/bin/env bash
# Re-extracts every translatable string into locale/en/LC_MESSAGES/django.po (new msgids come in
# untranslated, gone ones are dropped), compiles it, and lists what is left to translate; exits 1
# while anything is. Translate the listed msgids in the .po (msgstr), then run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xgettext >/dev/null || { echo "xgettext missing: apt-get install -y gettext" >&2; exit 1; }
.venv/bin/python manage.py makemessages -l en --no-obsolete -v0 2>/dev/null
.venv/bin/python manage.py compile_translations -v0
exec .venv/bin/python manage.py check_translations
