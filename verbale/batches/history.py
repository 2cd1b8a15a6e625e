"""What was issued before: the reminders of approved batches, read from their manifests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from verbale.batches.ledger import ReviewState, open_ledger
from verbale.batches.manifest import read_manifest
from verbale.convention.reports import REMINDER_SEPARATOR, IssuedReminder, Level, ReportKey


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


def reminder_history(
    documents: Iterable[Mapping[str, Any]], issued_on: date
) -> list[IssuedReminder]:
    """The reminders of an approved batch, from its manifest's documents."""
    found = []
    for doc in documents:
        details = doc.get("details") or {}
        if "report" in details and "level" in details:
            keys = details["report"].split(REMINDER_SEPARATOR)
            levels = details["level"].split(REMINDER_SEPARATOR)
            for key, level in zip(keys, levels, strict=True):
                found.append(IssuedReminder(ReportKey.parse(key), Level(level), issued_on))
    return found
