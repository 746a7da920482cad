"""One archive holds the whole site: the database and every private file (signed PDFs, the
public pages' attachments), and restores it into a fresh database and storage.

The archive (.tar.gz) holds ``manifest.json`` (when, which database engine, how many files and
their sizes), the database (``database.sqlite3`` made with SQLite's online backup API, so a
running site is copied consistently; or ``database.pgdump``, pg_dump's custom format) and the
files under ``files/`` with their storage names. Files are read and written through Django's
default storage, so the same commands serve the local private folder and any other storage.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    engine: str
    files: int
    bytes: int


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def storage_names(storage=default_storage, folder: str = "") -> list[str]:
    """Every file's name in the storage, folders walked."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a fresh private folder not made yet
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += storage_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _dump_database(folder: Path) -> Path:
    if _engine() == "sqlite":
        target = folder / SQLITE_NAME
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    if _engine() == "postgresql":
        target = folder / PG_NAME
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
            + args,
            env=env,
            check=True,
        )
        return target
    raise BackupError(f"no backup for the {_engine()} database")


def backup_create(*, output: Path, storage=default_storage) -> Summary:
    """Write the archive to ``output`` (written beside it first, then renamed: a half-written
    archive never has the final name)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    names = storage_names(storage)
    total = 0
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        database = _dump_database(Path(work))
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            sizes = {}
            for name in names:
                with storage.open(name, "rb") as stored:
                    data = stored.read()
                sizes[name] = len(data)
                total += len(data)
                info = tarfile.TarInfo(f"files/{name}")
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "created": timezone.now().isoformat(),
                    "engine": _engine(),
                    "database": database.name,
                    "files": sizes,
                },
                ensure_ascii=False,
                indent=1,
            ).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            archive.addfile(info, io.BytesIO(manifest))
    partial.replace(output)
    return Summary(engine=_engine(), files=len(names), bytes=total)


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except KeyError:
        raise BackupError("not a backup of this platform: manifest.json is missing") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(archive: tarfile.TarFile, manifest: dict, work: Path, *, force: bool) -> None:
    engine = manifest["engine"]
    if engine != _engine():
        raise BackupError(f"the backup is of a {engine} database; this site uses {_engine()}")
    member = archive.getmember(manifest["database"])
    archive.extract(member, work, filter="data")
    dumped = work / member.name
    if engine == "sqlite":
        source = sqlite3.connect(dumped)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    clean = ["--clean", "--if-exists"] if force else []
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean, *args]
        + [str(dumped)],
        env=env,
        check=True,
    )


def backup_restore(*, archive_path: Path, storage=default_storage, force: bool = False) -> Summary:
    """Restore the archive into the configured database and storage, which must be empty
    (``force``: overwrite what is there)."""
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        if not force:
            if not _database_is_empty():
                raise BackupError("the database is not empty (restore into a fresh one, or force)")
            if storage_names(storage):
                raise BackupError("the storage is not empty (restore into a fresh one, or force)")
        work = Path(tempfile.mkdtemp())
        try:
            _restore_database(archive, manifest, work, force=force)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        total = 0
        for name, size in manifest["files"].items():
            data = archive.extractfile(f"files/{name}").read()
            if len(data) != size:
                raise BackupError(f"{name}: {len(data)} bytes in the archive, {size} expected")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")
            total += size
    return Summary(engine=manifest["engine"], files=len(manifest["files"]), bytes=total)
