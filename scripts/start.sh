#!/usr/bin/env bash
# The whole platform on SQLite with the 109 rules and demo data, at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings.local
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py seed_demo
# The worker: queued mail sent (failures retried with growing waits) every minute, deadline
# reminders every hour; never inside a web request.
.venv/bin/python manage.py run_worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
.venv/bin/python manage.py runserver 127.0.0.1:8000
