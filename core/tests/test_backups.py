"""backup_site writes the database and every private file into one archive; restore_site puts
it into a fresh database and folder, where every application and file is found again, on SQLite
and (when the suite runs on it) PostgreSQL."""

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from communities import workflow
from communities.models import Application, SignedDocument
from config.env import BASE_DIR
from core.backups import storage_names
from portal.models import Download
from testsupport.flow import application_in


@dataclass
class FreshSite:
    """An empty site beside the test's: its own database (of the test's engine) and folder."""

    env: dict
    private: Path
    query: Callable[[str], list[tuple]]


@pytest.fixture
def fresh_site(tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local", PRIVATE_STORAGE_ROOT=str(folder / "private")
    )
    if connection.vendor == "sqlite":
        path = folder / "db.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"

        def query(sql):
            with closing(sqlite3.connect(path)) as database:
                return database.execute(sql).fetchall()

        yield FreshSite(env, folder / "private", query)
        return
    import psycopg

    own = connection.settings_dict
    name = f"plc_restore_{uuid.uuid4().hex[:12]}"
    server = {
        "host": own["HOST"] or "127.0.0.1",
        "port": own["PORT"] or 5432,
        "user": own["USER"],
        "password": own["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = (
        f"postgres://{server['user']}:{own['PASSWORD'] or ''}@{server['host']}:{server['port']}/{name}"
    )

    def query(sql):
        with psycopg.connect(dbname=name, **server) as database:
            return database.execute(sql).fetchall()

    try:
        yield FreshSite(env, folder / "private", query)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_and_folder(
    seeded_rules, program, tmp_path, fresh_site
):
    submitted = application_in(workflow.SUBMITTED, program, name="備份的數學社群")
    draft = application_in(workflow.DRAFT, program, name="備份的草稿社群")
    download = Download.objects.create(
        title="空白表單",
        file=ContentFile(b"blank form", name="blank.odt"),
        original_name="blank.odt",
    )
    files = {name: default_storage.open(name, "rb").read() for name in storage_names()}
    documents = dict(SignedDocument.objects.values_list("file", "application__name"))
    # The storage may hold other tests' files too: every one is backed up.
    assert len(documents) >= 2
    assert {*documents, download.file.name} <= set(files)
    archive = tmp_path / "plc.tar.gz"

    call_command("backup_site", str(archive), stdout=open("/dev/null", "w"))

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert set(manifest["files"]) == set(files)

    fresh = fresh_site.env
    restored = manage(fresh, "restore_site", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert f"{len(files)} 個檔案" in restored.stdout

    names = dict(fresh_site.query("SELECT id, name FROM communities_application"))
    assert names == dict(Application.objects.values_list("id", "name"))
    assert names[submitted.pk] == "備份的數學社群" and names[draft.pk] == "備份的草稿社群"
    restored_documents = dict(
        fresh_site.query(
            "SELECT d.file, a.name FROM communities_signeddocument d"
            " JOIN communities_application a ON a.id = d.application_id"
        )
    )
    assert restored_documents == documents
    for name, data in files.items():
        assert (fresh_site.private / name).read_bytes() == data
    # The restored site runs: its migrations are all applied.
    pending = manage(fresh, "migrate", "--check")
    assert pending.returncode == 0, pending.stdout + pending.stderr

    # A second restore into the same (now full) site is refused.
    again = manage(fresh, "restore_site", str(archive))
    assert again.returncode != 0
    assert "not empty" in again.stderr


def test_an_archive_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.add(__file__, arcname="notes.txt")

    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore_site", str(other))
