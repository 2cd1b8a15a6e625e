"""The ledger's reference numbers: in sequence per sender and year, never given twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from verbale.batches.ledger import ReferenceUse, SqliteLedger, format_reference
from verbale.settings import Settings

TESTS = Path(__file__).resolve().parents[1]


def use(doc: str, day: date = date(2016, 3, 3), batch: str = "b1") -> ReferenceUse:
    """A reference's use: a document of a batch, on a day."""
    return ReferenceUse(batch, doc, "reporting-reminder", "PY", "mission", day)


def test_reference_numbers_run_in_sequence_per_sender_and_year(tmp_path: Path) -> None:
    """Each sender prefix and year has its own sequence, from 0001."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")
    allocated = [
        ledger.allocate_reference("CCM/ISU", use("a")).reference,
        ledger.allocate_reference("CCM/ISU", use("b")).reference,
        ledger.allocate_reference("CCM/PRES", use("c")).reference,
        ledger.allocate_reference("CCM/ISU", use("d", date(2017, 1, 2))).reference,
        ledger.allocate_reference("CCM/ISU", use("e")).reference,
    ]
    assert allocated == [
        "CCM/ISU/2016/0001",
        "CCM/ISU/2016/0002",
        "CCM/PRES/2016/0001",
        "CCM/ISU/2017/0001",
        "CCM/ISU/2016/0003",
    ]


def test_references_are_read_back_with_their_use(tmp_path: Path) -> None:
    """The ledger lists every number with the document, batch and date it was given to."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")
    ledger.allocate_reference("CCM/ISU", use("PY-mission-reporting-reminder-initial"))
    (record,) = SqliteLedger(tmp_path / "ledger.sqlite").references()
    assert (record.reference, record.prefix, record.year, record.number) == (
        "CCM/ISU/2016/0001",
        "CCM/ISU",
        2016,
        1,
    )
    assert record.use == use("PY-mission-reporting-reminder-initial")


def test_a_number_past_9999_keeps_every_digit() -> None:
    """Four digits are a minimum, not a limit."""
    assert format_reference("CCM/ISU", 2016, 23) == "CCM/ISU/2016/0023"
    assert format_reference("CCM/ISU", 2016, 12345) == "CCM/ISU/2016/12345"


# A drafting run of its own: plans thank-you letters to every State Party (one reference
# each, from the ledger of VERBALE_WORK_DIR) once the start file appears, then prints them.
DRAFTING_RUN = """
import json, sys, time
from datetime import date
from pathlib import Path
from drafts import drafting, thanks
start = Path(sys.argv[1])
while not start.exists():
    time.sleep(0.01)
plan = drafting("circular", date(2016, 3, 3))
jobs, _ = thanks(plan, [s.iso2 for s in plan.directory.parties_on(plan.day)])
print(json.dumps([job.reference for job in jobs]))
"""


@pytest.mark.slow
def test_concurrent_drafting_runs_never_share_a_number(tmp_path: Path) -> None:
    """Three drafting runs in separate processes at once: every number once, none skipped."""
    start = tmp_path / "start"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", DRAFTING_RUN, str(start)],
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(3)
    ]
    time.sleep(1.0)  # every process imported and waiting
    start.touch()
    found = []
    for run in runs:
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0
        references = json.loads(output)
        numbers = [int(r.rsplit("/", 1)[1]) for r in references]
        assert numbers == sorted(numbers)  # each run's numbers rise
        found += references
    assert len(found) == len(set(found))
    assert sorted(found) == [f"CCM/ISU/2016/{n:04d}" for n in range(1, len(found) + 1)]
    allocated = Settings().workspace.ledger.references()
    assert [r.reference for r in allocated] == sorted(found)
