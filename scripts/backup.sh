#!/usr/bin/env bash
# The whole site into one archive: the database (pg_dump for PostgreSQL, SQLite's online backup
# for SQLite) and every private file. Uses the same environment as the site (DATABASE_URL,
# PRIVATE_STORAGE_ROOT, DJANGO_SETTINGS_MODULE). Run it nightly; copy the archive off the site.
#   scripts/backup.sh [ARCHIVE]      default var/backups/plc-YYYYmmdd-HHMMSS.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py backup_site "$@"
