#!/usr/bin/env bash
# Every test: unit, page, permission and browser tests. Uses DATABASE_URL when set (PostgreSQL),
# SQLite otherwise. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run -v0
exec .venv/bin/python -m pytest -n 2 "$@"
