"""The ledger in PostgreSQL: chosen by VERBALE_LEDGER_URL, its errors one line without the
password, its tables created once however many processes start at once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from postgres import Cluster

from verbale.batches.ledger_postgres import PostgresLedger
from verbale.batches.ledger_sqlite import SqliteLedger
from verbale.database_url import DatabaseUrl, masked
from verbale.errors import ConfigurationError, LedgerError
from verbale.settings import Settings, read_settings

VERBALE = str(Path(sys.executable).with_name("verbale"))
PASSWORD = "right-horse-battery"


def verbale(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line."""
    return subprocess.run(
        [VERBALE, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_url_chooses_postgresql_and_its_absence_sqlite(
    postgres: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No URL: SQLite in the work directory; a postgresql:// URL: the PostgreSQL ledger."""
    assert isinstance(Settings().workspace.ledger, SqliteLedger)
    monkeypatch.setenv("VERBALE_LEDGER_URL", postgres.url(postgres.create_database()))
    assert isinstance(Settings().workspace.ledger, PostgresLedger)


def test_the_password_is_masked_wherever_the_url_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """repr and str of the settings and of the URL show `***` for the password."""
    url = f"postgresql://verbale:{PASSWORD}@db.example.org:5432/verbale"
    monkeypatch.setenv("VERBALE_LEDGER_URL", url)
    settings = Settings()
    assert settings.ledger_url.get_secret_value() == url
    for shown in (repr(settings), str(settings.ledger_url), repr(settings.workspace)):
        assert PASSWORD not in shown
    assert str(settings.ledger_url) == "postgresql://verbale:***@db.example.org:5432/verbale"
    assert masked("postgresql://verbale@db/verbale") == "postgresql://verbale@db/verbale"


def test_a_url_of_another_database_is_refused_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only postgresql:// is taken; the error names the variable, never the password."""
    monkeypatch.setenv("VERBALE_LEDGER_URL", f"mysql://verbale:{PASSWORD}@db/verbale")
    with pytest.raises(ConfigurationError) as raised:
        read_settings()
    assert str(raised.value).startswith("VERBALE_LEDGER_URL: ")
    assert PASSWORD not in str(raised.value)


@pytest.mark.slow
def test_an_unreachable_server_is_one_line_naming_host_and_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing listens: `review list` says so in one line with host and database, exit 1."""
    monkeypatch.setenv("VERBALE_LEDGER_URL", f"postgresql://verbale:{PASSWORD}@127.0.0.1:1/ccm")
    result = verbale("review", "list")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ledger postgresql://verbale:***@127.0.0.1:1/ccm: ")
    assert "refused" in line and PASSWORD not in result.stderr + result.stdout


def password_user(cluster: Cluster) -> str:
    """A role that must give its password (scram-sha-256), the others trusted as before."""
    name = f"clerk_{cluster.create_database('pw')}"
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
        hba = Path(admin.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        hba.write_text(f"host all {name} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        admin.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)  # the server reads pg_hba.conf again
    return name


@pytest.mark.slow
def test_a_wrong_password_is_one_line_without_the_password(
    postgres: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused password: one error line naming the server and database, exit 1; with the
    right one, the same user opens the ledger."""
    user = password_user(postgres)
    database = postgres.create_database()
    wrong = f"postgresql://{user}:not-{PASSWORD}@127.0.0.1:{postgres.port}/{database}"
    monkeypatch.setenv("VERBALE_LEDGER_URL", wrong)
    result = verbale("review", "list")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: ledger postgresql://{user}:***@127.0.0.1:{postgres.port}/")
    assert "password authentication failed" in line and PASSWORD not in line
    right = DatabaseUrl(wrong.replace(f"not-{PASSWORD}", PASSWORD))
    with pytest.raises(LedgerError, match=f"ledger postgresql://{user}:\\*\\*\\*@"):
        PostgresLedger(DatabaseUrl(wrong))
    with psycopg.connect(postgres.url(database), autocommit=True) as admin:
        admin.execute(f"GRANT ALL ON SCHEMA public TO {user}")
    assert PostgresLedger(right).batches() == []


# Opens the ledger of a new database once the start file appears.
OPENING_RUN = """
import sys, time
from pathlib import Path
from verbale.batches.ledger_postgres import PostgresLedger
from verbale.database_url import DatabaseUrl
start = Path(sys.argv[1])
while not start.exists():
    time.sleep(0.005)
PostgresLedger(DatabaseUrl(sys.argv[2])).register("b-" + sys.argv[3], "circular")
"""


@pytest.mark.slow
def test_processes_starting_at_once_create_the_tables_once(
    postgres: Cluster, tmp_path: Path
) -> None:
    """Four processes open a new database's ledger at the same moment: none fails."""
    url, start = postgres.url(postgres.create_database()), tmp_path / "start"
    runs = [
        subprocess.Popen([sys.executable, "-c", OPENING_RUN, str(start), url, str(n)])
        for n in range(4)
    ]
    time.sleep(1.5)
    start.touch()
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    batches = PostgresLedger(DatabaseUrl(url)).batches()
    assert sorted(b.batch_id for b in batches) == ["b-0", "b-1", "b-2", "b-3"]


def test_a_lost_connection_is_opened_again(postgres: Cluster) -> None:
    """The server closed the ledger's connection (a restart): the next call reconnects."""
    url = postgres.url(postgres.create_database())
    ledger = PostgresLedger(DatabaseUrl(url))
    ledger.register("b1", "circular")
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.rsplit("/", 1)[1],),
        )
    with pytest.raises(LedgerError):
        ledger.batches()  # the call that finds the connection gone fails, in one line
    assert [b.batch_id for b in ledger.batches()] == ["b1"]
