"""Sending with the ledger in PostgreSQL (VERBALE_LEDGER_URL): the whole `verbale send`
against a real SMTP server, and a worker whose work directory does not hold the batch."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import psycopg
import pytest
from mailserver import ScriptedHandler, smtp_server
from postgres import Cluster
from samplebatch import FRANCE, ZAMBIA, make_batch

from verbale.batches.manifest import read_manifest
from verbale.batches.review import approve, load_batch
from verbale.batches.shared import SHARED_VOLUME
from verbale.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

VERBALE = str(Path(sys.executable).with_name("verbale"))
BATCH = "20160303-100000-statement-a1b2"
EXPECTED = {
    (ZAMBIA, "chancery@geneva.zm.example.org"),
    (ZAMBIA, "desk@mfa.zm.example.org"),
    (FRANCE, "mission@geneva.fr.example.org"),
}


@pytest.fixture
def ledger_url(postgres: Cluster, monkeypatch: pytest.MonkeyPatch) -> str:
    """A PostgreSQL database of the test's own, as VERBALE_LEDGER_URL."""
    url = postgres.url(postgres.create_database())
    monkeypatch.setenv("VERBALE_LEDGER_URL", url)
    return url


@pytest.fixture
def handler() -> ScriptedHandler:
    """What the test's SMTP server received."""
    return ScriptedHandler()


@pytest.fixture
def smtp_port(handler: ScriptedHandler) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1."""
    with smtp_server(handler) as port:
        yield port


def approved_batch() -> Path:
    """The sample statement batch, drafted and approved with the ledger in PostgreSQL."""
    workspace = Settings().workspace
    folder = make_batch(workspace, BATCH)
    approve(load_batch(workspace, BATCH), workspace.ledger, "Ana Reviewer", "", [])
    return folder


def verbale(
    tmp_path: Path, port: int, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line, sending through the test server, on the session's Prefect API."""
    from prefect.settings import PREFECT_API_URL

    environment = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "VERBALE_TRANSPORT": "smtp",
        "VERBALE_SMTP_HOST": "127.0.0.1",
        "VERBALE_SMTP_PORT": str(port),
        "VERBALE_SMTP_SECURITY": "none",
        **(env or {}),
    }
    return subprocess.run(
        [VERBALE, *args], capture_output=True, text=True, env=environment, timeout=300, check=False
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The `error:` lines a command printed (Prefect logs its own lines besides)."""
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def deliveries_in_postgres(url: str) -> dict[tuple[str, str], str]:
    """The deliveries table of the PostgreSQL ledger, read with psycopg itself."""
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT doc, address, status FROM deliveries").fetchall()
    return {(doc, address): status for doc, address, status in rows}


def test_a_batch_is_sent_once_to_each_address_with_the_ledger_in_postgresql(
    ledger_url: str, handler: ScriptedHandler, smtp_port: int, tmp_path: Path
) -> None:
    """`verbale send` of an approved batch: each address one message, every delivery done in
    PostgreSQL, no SQLite ledger in the work directory; a second send sends nothing."""
    approved_batch()
    result = verbale(tmp_path, smtp_port, "send", BATCH)
    assert result.returncode == 0, result.stderr
    assert handler.per_delivery() == Counter(dict.fromkeys(EXPECTED, 1))
    assert deliveries_in_postgres(ledger_url) == dict.fromkeys(EXPECTED, "done")
    assert not (Settings().work_dir / "ledger.sqlite").exists()
    again = verbale(tmp_path, smtp_port, "send", BATCH)
    assert again.returncode == 0, again.stderr
    assert handler.per_delivery() == Counter(dict.fromkeys(EXPECTED, 1))


def test_a_worker_without_the_batch_folder_says_so_and_sends_nothing(
    ledger_url: str, handler: ScriptedHandler, smtp_port: int, tmp_path: Path
) -> None:
    """The shared ledger knows the batch, this work directory lacks its folder: `send` and
    `review list` say so in one line naming the folder, exit 1, nothing sent."""
    approved_batch()
    elsewhere = tmp_path / "not-shared"
    folder = elsewhere / "drafts" / BATCH
    line = f"error: batch {BATCH}: its folder {folder} is not on this machine: {SHARED_VOLUME}"
    env = {"VERBALE_WORK_DIR": str(elsewhere)}
    sent = verbale(tmp_path, smtp_port, "send", BATCH, env=env)
    assert sent.returncode == 1
    assert error_lines(sent) == [line]
    listed = verbale(tmp_path, smtp_port, "review", "list", env=env)
    assert listed.returncode == 1
    assert listed.stderr.splitlines() == [line]
    assert handler.received == []
    assert deliveries_in_postgres(ledger_url) == {}


def test_a_reminders_run_drafts_into_the_postgresql_ledger(ledger_url: str) -> None:
    """The reminders flow registers its batch, each letter's identity and reference number in
    PostgreSQL; a second run the same day drafts none of those letters again."""
    from flows.reminders import reminders

    first = Path(reminders(as_of=date(2016, 3, 3)))
    with psycopg.connect(ledger_url) as db:
        states = db.execute("SELECT state FROM batches WHERE id = %s", (first.name,)).fetchall()
        references = db.execute("SELECT doc FROM reference_numbers").fetchall()
        identities = db.execute("SELECT doc FROM identities").fetchall()
    documents = {d.id for d in read_manifest(first).documents}
    assert states == [("awaiting-review",)]
    assert {doc for (doc,) in references} == documents == {doc for (doc,) in identities}
    assert reminders(as_of=date(2016, 3, 3)) == ""  # every letter is in the live batch
