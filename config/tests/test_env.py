"""What config/env.py reads: DATABASE_URL (PostgreSQL or SQLite; without it the project's SQLite
file) and whole numbers such as EMAIL_TIMEOUT."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend

from config.env import BASE_DIR, database_from_env, env_int

DEFAULT = BASE_DIR / "var" / "db.sqlite3"


def test_without_database_url_the_project_sqlite_file_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert database_from_env(DEFAULT) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DEFAULT),
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }


def test_a_postgres_url_gives_its_parts_and_keeps_connections_a_minute(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://plc:p%40ss@db.example.tw:6543/plc_109")

    config = database_from_env(DEFAULT)

    assert config["ENGINE"] == "core.db.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("plc_109", "plc", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.example.tw", 6543)
    assert config["CONN_MAX_AGE"] == 60


def test_postgresql_is_accepted_as_the_scheme_too(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/plc")

    config = database_from_env(DEFAULT)

    assert config["ENGINE"] == "core.db.postgresql"
    assert config["NAME"] == "plc"
    assert config["CONN_MAX_AGE"] == 60
    assert config["OPTIONS"] == {
        "options": "-c jit=off",
        "server_side_binding": True,
        "prepare_threshold": 2,
        "prepared_max": 500,
    }


def test_a_prepare_threshold_that_is_not_a_number_is_named(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/plc")
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "often")

    with pytest.raises(ValueError, match="DATABASE_PREPARE_THRESHOLD must be a whole number"):
        database_from_env(DEFAULT)


def test_how_many_statements_a_connection_keeps_prepared_can_be_set(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/plc")
    monkeypatch.setenv("DATABASE_PREPARED_MAX", "800")

    assert database_from_env(DEFAULT)["OPTIONS"]["prepared_max"] == 800


def test_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/plc")
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "off")

    assert database_from_env(DEFAULT)["OPTIONS"] == {"options": "-c jit=off"}


def test_postgresql_options_in_the_url_win_over_the_defaults(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/plc?options=-c%20jit%3Don"
    )

    assert database_from_env(DEFAULT)["OPTIONS"]["options"] == "-c jit=on"


def test_an_absolute_sqlite_url_names_that_file_with_the_sqlite_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/plc.sqlite3")

    config = database_from_env(DEFAULT)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "plc.sqlite3")
    assert config["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def test_a_relative_sqlite_url_is_taken_from_the_project_directory(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/other.sqlite3")

    assert database_from_env(DEFAULT)["NAME"] == str(BASE_DIR / "var" / "other.sqlite3")


def test_options_in_a_sqlite_url_override_the_defaults(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/plc/db.sqlite3?timeout=5")

    config = database_from_env(DEFAULT)

    assert config["NAME"] == "/srv/plc/db.sqlite3"
    assert config["OPTIONS"] == {"timeout": 5, "transaction_mode": "IMMEDIATE"}


def test_an_unsupported_database_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/plc")

    with pytest.raises(ValueError, match="'mysql' is not supported"):
        database_from_env(DEFAULT)


def test_a_sqlite_url_really_opens_and_writes_that_file(tmp_path):
    """The parsed settings are usable by Django: IMMEDIATE transactions on a real file."""
    path = tmp_path / "plc.sqlite3"
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="config.settings.test"
    )
    script = (
        "import django; django.setup()\n"
        "from django.db import connection, transaction\n"
        "with transaction.atomic():\n"
        "    connection.cursor().execute('CREATE TABLE t (x int)')\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "IMMEDIATE"
    assert path.exists()


def test_whole_numbers_are_read_and_nonsense_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("EMAIL_TIMEOUT", " 30 ")
    assert env_int("EMAIL_TIMEOUT", 10) == 30

    monkeypatch.setenv("EMAIL_TIMEOUT", "")
    assert env_int("EMAIL_TIMEOUT", 10) == 10

    monkeypatch.setenv("EMAIL_TIMEOUT", "ten")
    with pytest.raises(ValueError, match="EMAIL_TIMEOUT must be a whole number"):
        env_int("EMAIL_TIMEOUT", 10)


def test_the_mail_server_timeout_defaults_to_ten_seconds():
    assert settings.EMAIL_TIMEOUT == 10
    assert EmailBackend().timeout == 10
