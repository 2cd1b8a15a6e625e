"""What was issued before: the reminders of approved batches, read from their manifests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flows.core.batches import read_manifest
from flows.core.ledger import ReviewState, open_ledger
from flows.core.plans import reminder_history
from flows.core.reports import IssuedReminder


def issued_reminders(work_dir: Path) -> list[IssuedReminder]:
    """Every reminder of an approved reminders batch, dated by the batch's as-of date."""
    ledger = open_ledger(work_dir)
    issued: list[IssuedReminder] = []
    for record in ledger.batches():
        if record.flow != "reminders" or record.state is not ReviewState.APPROVED:
            continue
        manifest = read_manifest(work_dir / "drafts" / record.batch_id)
        excluded = ledger.excluded(record.batch_id)
        documents = [d for d in manifest["documents"] if d["id"] not in excluded]
        issued_on = date.fromisoformat(manifest["parameters"]["as_of"])
        issued.extend(reminder_history(documents, issued_on))
    return issued
