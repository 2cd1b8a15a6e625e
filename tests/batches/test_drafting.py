"""Drafting: which letters are already in a live batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import REPOSITORY
from drafts import draft, drafting, thanks
from letters import directory, kind
from statementbatch import sample_incident

from verbale.batches.drafting import Fresh, drafted_elsewhere, fresh_letters, new_drafting
from verbale.batches.ledger import Ledger
from verbale.batches.ledger_sqlite import SqliteLedger
from verbale.batches.manifest import SkipReason
from verbale.batches.planning import plan_statement
from verbale.batches.review import approve, load_batch
from verbale.convention.outreach import load_outreach
from verbale.settings import Settings

DAY = date(2016, 3, 3)


def test_a_letter_excluded_from_its_batch_may_be_drafted_again(tmp_path: Path) -> None:
    """An approved batch holds its letters, except those the reviewer excluded from sending."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")
    ledger.register("b1", "reminders")
    ledger.record_identities("b1", {"LT-mission": "lt-first", "PY-mission": "py-first"})
    ledger.approve("b1", "A. Reviewer", "checked", [], ["LT-mission"], {})
    assert drafted_elsewhere(ledger, ["lt-first", "py-first"]) == {
        "py-first": [("b1", "PY-mission")]
    }


def test_a_rejected_batch_holds_no_letter(tmp_path: Path) -> None:
    """A rejected batch is never sent: its letters are free for the next run."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")
    ledger.register("b1", "reminders")
    ledger.record_identities("b1", {"PY-mission": "py-first"})
    ledger.reject("b1", "A. Reviewer", "wrong date")
    assert drafted_elsewhere(ledger, ["py-first"]) == {}


def test_a_re_run_gives_no_number_to_a_letter_a_live_batch_holds(ledger: Ledger) -> None:
    """The second run of a circular on the same decision and date, the first batch awaiting
    review, plans its letters without a number and the ledger numbers nothing more."""
    first = drafting("circular", DAY)
    draft(first, thanks(first, ["FR", "ZM"]))
    again = drafting("circular", DAY)
    jobs, _ = thanks(again, ["FR", "ZM"])
    assert [job.reference for job in jobs] == ["", ""]
    assert [r.use.batch for r in ledger.references()] == [first.batch_id] * 2


def test_a_letter_the_reviewer_excluded_is_numbered_again(ledger: Ledger) -> None:
    """An excluded letter is free for the next run, which gives it the next number."""
    first = drafting("circular", DAY)
    draft(first, thanks(first, ["FR", "ZM"]))
    batch = load_batch(Settings().workspace, first.batch_id)
    approve(batch, ledger, "A. Reviewer", "checked", ["FR-mission-contribution-thanks"])
    again = drafting("circular", DAY)
    fresh = draft(again, thanks(again, ["FR", "ZM"]))
    assert [(job.state, job.reference) for job in fresh.jobs] == [("FR", "CCM/ISU/2016/0003")]


@pytest.mark.slow
def test_a_statement_re_run_numbers_no_document_again(tmp_path: Path) -> None:
    """A second statement run on the same incident, the first batch live: its statements,
    transmittals, press releases and partners' copies all get no number."""
    settings = Settings(work_dir=tmp_path / "work")
    incident = sample_incident()
    day = incident.decision.date
    parameters = {"incident": incident.id, "as_of": day.isoformat()}
    outreach = load_outreach(REPOSITORY / "recipients")

    def run() -> Fresh:
        plan = new_drafting(settings, directory(), day, "statement", parameters)
        statement, transmittal = kind("condemnation-statement"), kind("statement-transmittal")
        release = kind("statement-press-release")
        outcome = plan_statement(plan, statement, transmittal, incident, release, outreach)
        fresh = fresh_letters(plan, outcome)
        plan.ledger.register(plan.batch_id, plan.flow)
        plan.ledger.record_identities(plan.batch_id, fresh.identities)
        return fresh

    first = run()
    assert {"", "mission", "capital", "media", "partners"} <= {j.channel for j in first.jobs}
    assert len(settings.workspace.ledger.references()) == len(first.jobs)
    second = run()
    already = [s for s in second.skipped if s.reason is SkipReason.ALREADY_DRAFTED]
    assert second.jobs == [] and len(already) == len(first.jobs)
    assert len(settings.workspace.ledger.references()) == len(first.jobs)
