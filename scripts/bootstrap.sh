#!/usr/bin/env bash
# Installs what the platform needs on a Debian machine: system packages, a virtualenv, the
# Python dependencies. Safe to run again; it only does what is missing.
#   scripts/bootstrap.sh         the app (PDF fonts)
#   scripts/bootstrap.sh --dev   also the test tools (Chromium for browser tests, pdftoppm)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

need=()
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
ldconfig -p | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "$dev" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  # xgettext: `make messages` and the test that no msgid is missing from the catalogue.
  command -v xgettext >/dev/null || need+=(gettext)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "Please run as root, or install them first: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.installed-$([ "$dev" = 1 ] && echo dev || echo app)
# The dependencies at the versions CI passed with (constraints.txt): a new release upstream does
# not change what a fresh checkout installs.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  if [ "$dev" = 1 ]; then extra="[dev]"; else extra=""; fi
  .venv/bin/pip install -q -c constraints.txt ".$extra"
  touch "$stamp"
fi
mkdir -p var
# The translations (locale/*/LC_MESSAGES/*.mo) from their .po, with polib: no gettext needed.
.venv/bin/python manage.py compile_translations -v0 >/dev/null
