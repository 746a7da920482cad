#!/usr/bin/env bash
# The whole platform on SQLite with the 109 rules and demo data, at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings.local
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py seed_demo
# The e-mail outbox: queued mail is sent, and failures retried with growing waits, every minute.
( while true; do .venv/bin/python manage.py send_outbox >/dev/null 2>&1; sleep 60; done ) &
outbox=$!
trap 'kill $outbox 2>/dev/null' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
