"""The ledger, the same in SQLite and in PostgreSQL: batches, approvals, deliveries, leases,
identities, reference numbers; claims and leases won by one process only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from verbale.batches.ledger import (
    Action,
    DeliveryStatus,
    Ledger,
    ReferenceUse,
    ReviewState,
    format_reference,
)
from verbale.settings import Settings

TESTS = Path(__file__).resolve().parents[1]


def reopened() -> Ledger:
    """The test's ledger opened afresh, as another process would."""
    return Settings().workspace.ledger


def use(doc: str, day: date = date(2016, 3, 3), batch: str = "b1") -> ReferenceUse:
    """A reference's use: a document of a batch, on a day."""
    return ReferenceUse(batch, doc, "reporting-reminder", "PY", "mission", day)


def test_reference_numbers_run_in_sequence_per_sender_and_year(ledger: Ledger) -> None:
    """Each sender prefix and year has its own sequence, from 0001."""
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


def test_references_are_read_back_with_their_use(ledger: Ledger) -> None:
    """The ledger lists every number with the document, batch and date it was given to."""
    ledger.allocate_reference("CCM/ISU", use("PY-mission-reporting-reminder-initial"))
    (record,) = reopened().references()
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
def test_concurrent_drafting_runs_never_share_a_number(tmp_path: Path, ledger: Ledger) -> None:
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
    allocated = reopened().references()
    assert [r.reference for r in allocated] == sorted(found)


# --- batches, review, history ---------------------------------------------------------------


def test_a_registered_batch_awaits_review_with_its_creation_logged(ledger: Ledger) -> None:
    """A new batch is listed, awaiting review, its history starting with 'created'."""
    ledger.register("b1", "circular")
    ledger.register("b2", "reminders")
    record = reopened().batch("b1")
    assert record is not None
    assert (record.flow, record.state) == ("circular", ReviewState.AWAITING)
    assert [b.batch_id for b in reopened().batches()] == ["b1", "b2"]
    assert [e.action for e in ledger.events("b1")] == [Action.CREATED]
    assert ledger.batch("nope") is None


def test_approval_keeps_hashes_plan_exclusions_and_the_reviewer(ledger: Ledger) -> None:
    """Approval records every file's hash, the plan, the exclusions and who approved."""
    ledger.register("b1", "circular")
    files = [("FR", "FR.docx", "aa"), ("FR", "FR.pdf", "bb"), ("ZM", "ZM.docx", "cc")]
    ledger.approve("b1", "Ana", "fine", files, ["ZM"], {"FR": '{"id": "FR"}', "ZM": "{}"})
    again = reopened()
    assert again.approved_files("b1") == {"FR.docx": "aa", "FR.pdf": "bb", "ZM.docx": "cc"}
    assert again.approved_plan("b1") == {"FR": '{"id": "FR"}', "ZM": "{}"}
    assert again.excluded("b1") == {"ZM"}
    assert again.batch("b1").state is ReviewState.APPROVED  # type: ignore[union-attr]
    events = [(e.action, e.actor, e.note) for e in again.events("b1")]
    assert events[1:] == [(Action.APPROVED, "Ana", "fine"), (Action.EXCLUDED, "Ana", "ZM")]


def test_an_edit_lapses_the_approval_and_a_rejection_is_recorded(ledger: Ledger) -> None:
    """An edited draft sends the batch back to review without hashes; rejection is kept."""
    ledger.register("b1", "circular")
    ledger.approve("b1", "Ana", "", [("FR", "FR.docx", "aa")], ["FR"], {"FR": "{}"})
    ledger.edited("b1", "Ben", "typo")
    assert ledger.approved_files("b1") == {} and ledger.excluded("b1") == set()
    assert ledger.batch("b1").state is ReviewState.AWAITING  # type: ignore[union-attr]
    ledger.reject("b1", "Ana", "wrong list")
    assert ledger.batch("b1").state is ReviewState.REJECTED  # type: ignore[union-attr]
    ledger.log("b1", Action.REVIEW_WAIT_EXPIRED)
    actions = [e.action for e in reopened().events("b1")]
    assert actions[-3:] == [Action.EDITED, Action.REJECTED, Action.REVIEW_WAIT_EXPIRED]


def test_the_waiting_flow_run_is_recorded_and_replaced(ledger: Ledger) -> None:
    """The flow run waiting for a batch's review is kept, the latest one only."""
    assert ledger.waiting_run("b1") is None
    ledger.wait_for_review("b1", "run-1")
    ledger.wait_for_review("b1", "run-2")
    assert reopened().waiting_run("b1") == "run-2"


def test_a_flow_run_finds_the_batch_it_waits_for(ledger: Ledger) -> None:
    """A suspended run started again finds its batch by its own id; another run finds none."""
    ledger.wait_for_review("b1", "run-1")
    ledger.wait_for_review("b2", "run-2")
    assert reopened().waiting_batch("run-1") == "b1"
    assert reopened().waiting_batch("run-3") is None


# --- deliveries -------------------------------------------------------------------------------

ADDRESS = "mission@geneva.fr.example.org"


def test_a_delivery_is_claimed_once_until_it_fails(ledger: Ledger) -> None:
    """A claim wins once; a started, done or in-doubt delivery is never claimed again, a
    failed one is."""
    assert ledger.claim("b1", "FR", ADDRESS, "<1@x>") is True
    assert reopened().claim("b1", "FR", ADDRESS, "<1@x>") is False
    ledger.mark("b1", "FR", ADDRESS, DeliveryStatus.FAILED, "<1@x>", "550 no such user")
    assert ledger.claim("b1", "FR", ADDRESS, "<2@x>") is True
    delivery = ledger.deliveries("b1")[("FR", ADDRESS)]
    assert (delivery.status, delivery.message_id, delivery.reply) == (
        DeliveryStatus.STARTED,
        "<2@x>",
        "",
    )
    for status in (DeliveryStatus.DONE, DeliveryStatus.IN_DOUBT):
        ledger.mark("b1", "FR", ADDRESS, status, "<2@x>", "250 ok")
        assert ledger.claim("b1", "FR", ADDRESS, "<3@x>") is False


def test_every_attempt_is_kept_with_its_reply(ledger: Ledger) -> None:
    """mark() updates the delivery and appends an attempt; forget() drops only the delivery."""
    ledger.claim("b1", "FR", ADDRESS, "<1@x>")
    ledger.mark("b1", "FR", ADDRESS, DeliveryStatus.FAILED, "<1@x>", "451 later")
    ledger.mark("b1", "FR", ADDRESS, DeliveryStatus.DONE, "<1@x>", "250 queued")
    attempts = reopened().attempts("b1")
    assert [(a.status, a.reply) for a in attempts] == [
        (DeliveryStatus.FAILED, "451 later"),
        (DeliveryStatus.DONE, "250 queued"),
    ]
    assert ledger.deliveries("b1")[("FR", ADDRESS)].status is DeliveryStatus.DONE
    ledger.forget("b1", "FR", ADDRESS)
    assert ledger.deliveries("b1") == {} and len(ledger.attempts("b1")) == 2


# --- the send lease -----------------------------------------------------------------------------


def test_a_send_lease_is_held_by_one_run_until_released_or_expired(ledger: Ledger) -> None:
    """A second holder is refused (and told who holds it) until the lease ends."""
    assert ledger.take_lease("b1", "host-a pid 1", 600) is None
    held = reopened().take_lease("b1", "host-b pid 2", 600)
    assert held is not None and held.holder == "host-a pid 1"
    assert ledger.take_lease("b1", "host-a pid 1", 600) is None  # its holder may take it again
    ledger.release_lease("b1", "host-b pid 2")  # not the holder's: nothing changes
    assert ledger.lease("b1").holder == "host-a pid 1"  # type: ignore[union-attr]
    ledger.release_lease("b1", "host-a pid 1")
    assert ledger.lease("b1") is None
    assert ledger.take_lease("b1", "host-b pid 2", -1) is None  # taken, already expired
    assert ledger.lease("b1") is None
    assert ledger.take_lease("b1", "host-a pid 1", 600) is None


def test_a_renewed_lease_expires_later(ledger: Ledger) -> None:
    """Renewal by the holder pushes the expiry; by anyone else it does nothing."""
    ledger.take_lease("b1", "host-a pid 1", 10)
    first = ledger.lease("b1")
    ledger.renew_lease("b1", "host-a pid 1", 1000)
    ledger.renew_lease("b1", "host-b pid 2", 1)
    renewed = reopened().lease("b1")
    assert first is not None and renewed is not None
    assert renewed.expires - first.expires > 900


# --- identities -----------------------------------------------------------------------------------


def test_identities_are_found_in_batches_not_rejected(ledger: Ledger) -> None:
    """Which live batches hold a letter: a rejected batch holds none."""
    for batch in ("b1", "b2", "b3"):
        ledger.register(batch, "circular")
        ledger.record_identities(batch, {"FR": "thanks-FR", "ZM": f"thanks-ZM-{batch}"})
    ledger.reject("b3", "Ana", "duplicate")
    ledger.record_identities("b1", {"FR": "thanks-FR-2016"})
    assert reopened().identities("b1") == {"FR": "thanks-FR-2016", "ZM": "thanks-ZM-b1"}
    holders = ledger.identity_holders(["thanks-FR", "thanks-FR-2016", "thanks-ZM-b3", "none"])
    assert holders == {"thanks-FR": [("b2", "FR")], "thanks-FR-2016": [("b1", "FR")]}


# --- several processes at once ---------------------------------------------------------------

# A sending run of its own: once the start file appears, tries to take the lease of batch
# b-race and to claim every delivery, then prints what it won.
RACING_RUN = """
import json, sys, time
from pathlib import Path
from verbale.settings import Settings
start, holder, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ledger = Settings().workspace.ledger
while not start.exists():
    time.sleep(0.005)
lease = ledger.take_lease("b-race", holder, 600) is None
won = [n for n in range(count) if ledger.claim("b-race", f"doc-{n}", "a@x.example.org", "<m>")]
print(json.dumps({"lease": lease, "claims": won}))
"""


@pytest.mark.slow
def test_racing_processes_win_each_claim_and_the_lease_once(tmp_path: Path, ledger: Ledger) -> None:
    """Four processes claim the same 200 deliveries and take the same lease at once: each
    delivery has exactly one winner, and so has the lease."""
    start, count = tmp_path / "start", 200
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_RUN, str(start), f"worker-{n} pid {n}", str(count)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    time.sleep(2.0)  # every process imported, its ledger open, waiting
    start.touch()
    results = []
    for run in runs:
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0
        results.append(json.loads(output))
    claims = sorted(n for result in results for n in result["claims"])
    assert claims == list(range(count))
    assert [result["lease"] for result in results].count(True) == 1
    assert len(ledger.deliveries("b-race")) == count
