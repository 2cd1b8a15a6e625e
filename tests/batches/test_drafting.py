"""Drafting: which letters are already in a live batch."""

from __future__ import annotations

from pathlib import Path

from verbale.batches.drafting import drafted_elsewhere
from verbale.batches.ledger_sqlite import SqliteLedger


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
