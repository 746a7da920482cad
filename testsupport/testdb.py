"""The migrated SQLite test database kept between test runs.

Every test process starts with an empty in-memory SQLite database and migrates it: 111
migrations, with the 109 rules seeded, about eight seconds of CPU for each pytest worker. The
first run migrates as always and keeps a copy of the result (SQLite's backup) in
``var/test-db/``; later runs copy it into their in-memory database instead of migrating, as long
as nothing that makes the result has changed: the migration files of every installed app, the
seeding they call (programs/seed_109.py), the settings and the Django and SQLite versions, all
of which name the copy. PostgreSQL, a file database and ``--reuse-db`` are left as they are.
"""

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

from config.env import BASE_DIR

CACHE = BASE_DIR / "var" / "test-db"


def _sources() -> list[Path]:
    from django.apps import apps

    paths = []
    for app in apps.get_app_configs():
        paths += sorted(Path(app.path, "migrations").glob("*.py"))
    paths.append(BASE_DIR / "programs" / "seed_109.py")
    paths += sorted((BASE_DIR / "config" / "settings").glob("*.py"))
    return paths


def _fingerprint() -> str:
    import django

    digest = hashlib.sha256()
    digest.update(f"{django.get_version()} {sqlite3.sqlite_version} {sys.version}".encode())
    for path in _sources():
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _save(connection, path: Path) -> None:
    """A copy of the migrated database at ``path`` (written beside it, then moved there, so that a
    worker never reads another's half-written copy); older copies are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, path)
    for old in path.parent.glob("*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)


def restore(connection) -> bool:
    """Put the kept copy back into an in-memory SQLite test database (after a transactional
    test's flush emptied it): every row the migrations made, as they made them. False where there
    is no such copy or database."""
    if connection.vendor != "sqlite" or not connection.creation.is_in_memory_db(
        connection.settings_dict["NAME"]
    ):
        return False
    kept = CACHE / f"{_fingerprint()}.sqlite3"
    if not kept.exists():
        return False
    connection.ensure_connection()
    source = sqlite3.connect(kept)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return True


def install() -> None:
    """From now on the SQLite backend creates an in-memory test database from the kept copy when
    there is one, and keeps one when there is not."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db.backends.sqlite3.creation import DatabaseCreation

    migrate = DatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        name = self._get_test_db_name()
        if keepdb or not self.is_in_memory_db(name):
            return migrate(self, verbosity, autoclobber, serialize, keepdb)
        kept = CACHE / f"{_fingerprint()}.sqlite3"
        if not kept.exists():
            name = migrate(self, verbosity, autoclobber, serialize, keepdb)
            _save(self.connection, kept)
            return name
        # As Django's create_test_db, with the kept tables copied in where it migrates.
        self._create_test_db(verbosity, autoclobber, keepdb)
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        source = sqlite3.connect(kept)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    DatabaseCreation.create_test_db = create_test_db
