"""A batch the shared ledger knows but this machine cannot see: one line naming what is
missing and the shared volume, whatever reads it (review, send check, register, history)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from postgres import Cluster
from samplebatch import FRANCE, make_batch

from verbale.batches.history import issued_reminders
from verbale.batches.ledger import ReferenceUse
from verbale.batches.register import read_register
from verbale.batches.review import approve, load_batch, verify_approved
from verbale.batches.shared import SHARED_VOLUME
from verbale.database_url import DatabaseUrl
from verbale.errors import NotSharedError
from verbale.settings import Settings
from verbale.workspace import Workspace

BATCH = "20160303-100000-reminders-a1b2"
VERBALE = str(Path(sys.executable).with_name("verbale"))


@pytest.fixture
def url(postgres: Cluster, monkeypatch: pytest.MonkeyPatch) -> DatabaseUrl:
    """A PostgreSQL ledger of the test's own, shared by the test's two work directories."""
    text = postgres.url(postgres.create_database())
    monkeypatch.setenv("VERBALE_LEDGER_URL", text)
    return DatabaseUrl(text)


def drafted_here() -> Workspace:
    """An approved batch (with a reference number) drafted in the test's work directory."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH, flow="reminders")
    approve(load_batch(workspace, BATCH), workspace.ledger, "Ana Reviewer", "", [])
    return workspace


def test_every_reader_of_a_batch_elsewhere_names_its_folder(
    url: DatabaseUrl, tmp_path: Path
) -> None:
    """Review, the register and the reminders' history all refuse the same way."""
    drafted_here().ledger.allocate_reference("CCM/ISU", _use())
    elsewhere = Workspace(tmp_path / "elsewhere", url)
    folder = elsewhere.batch_folder(BATCH)
    line = f"batch {BATCH}: its folder {folder} is not on this machine: {SHARED_VOLUME}"
    for read in (lambda: load_batch(elsewhere, BATCH), lambda: read_register(elsewhere)):
        with pytest.raises(NotSharedError) as raised:
            read()
        assert str(raised.value) == line
    with pytest.raises(NotSharedError, match="is not on this machine"):
        issued_reminders(elsewhere)


def test_a_folder_without_its_manifest_or_files_is_named(url: DatabaseUrl, tmp_path: Path) -> None:
    """A partial copy: the missing manifest is named; then the missing approved files."""
    here = drafted_here()
    elsewhere = Workspace(tmp_path / "elsewhere", url)
    copy = elsewhere.batch_folder(BATCH)
    shutil.copytree(here.batch_folder(BATCH), copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(NotSharedError) as raised:
        load_batch(elsewhere, BATCH)
    assert str(raised.value) == (
        f"batch {BATCH}: {copy / 'manifest.json'} is not on this machine: {SHARED_VOLUME}"
    )
    shutil.copy(here.batch_folder(BATCH) / "manifest.json", copy)
    (copy / f"{FRANCE}.pdf").unlink()
    with pytest.raises(NotSharedError, match=f"nothing sent: {copy / FRANCE}.pdf "):
        verify_approved(load_batch(elsewhere, BATCH), elsewhere.ledger)


@pytest.mark.slow
def test_the_register_command_on_another_machine_is_one_line(
    url: DatabaseUrl, tmp_path: Path
) -> None:
    """`verbale register` where the batch folder is absent: one error line, exit 1."""
    drafted_here().ledger.allocate_reference("CCM/ISU", _use())
    elsewhere = tmp_path / "elsewhere"
    result = subprocess.run(
        [VERBALE, "register"],
        capture_output=True,
        text=True,
        env={**os.environ, "VERBALE_WORK_DIR": str(elsewhere)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    folder = elsewhere / "drafts" / BATCH
    assert result.stderr.splitlines() == [
        f"error: batch {BATCH}: its folder {folder} is not on this machine: {SHARED_VOLUME}"
    ]


def _use() -> ReferenceUse:
    """A reference number's use: the French letter of the batch."""
    return ReferenceUse(BATCH, FRANCE, "reporting-reminder", "FR", "mission", date(2016, 3, 3))
