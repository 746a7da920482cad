#!/usr/bin/env bash
# An archive of scripts/backup.sh into a fresh (empty) database and private folder, as the
# environment names them (DATABASE_URL, PRIVATE_STORAGE_ROOT). Refuses a database or folder that
# holds data unless --force is given.
#   scripts/restore.sh ARCHIVE [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py restore_site "$@"
