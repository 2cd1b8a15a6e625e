"""What was issued before: the reminders of approved batches, read from their manifests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from verbale.batches.ledger import ReviewState
from verbale.batches.manifest import DocumentEntry, read_manifest
from verbale.batches.shared import visible_folder
from verbale.convention.reports import REMINDER_SEPARATOR, IssuedReminder, Level, ReportKey
from verbale.workspace import Workspace


def issued_reminders(workspace: Workspace) -> list[IssuedReminder]:
    """Every reminder of an approved reminders batch, dated by the batch's as-of date."""
    ledger = workspace.ledger
    issued: list[IssuedReminder] = []
    for record in ledger.batches():
        if record.flow != "reminders" or record.state is not ReviewState.APPROVED:
            continue
        manifest = read_manifest(visible_folder(workspace, record.batch_id))
        excluded = ledger.excluded(record.batch_id)
        documents = [d for d in manifest.documents if d.id not in excluded]
        issued_on = date.fromisoformat(manifest.parameters["as_of"])
        issued.extend(reminder_history(documents, issued_on))
    return issued


def reminder_history(documents: Iterable[DocumentEntry], issued_on: date) -> list[IssuedReminder]:
    """The reminders of an approved batch, from its manifest's documents."""
    found = []
    for doc in documents:
        details = doc.details
        if "report" in details and "level" in details:
            keys = details["report"].split(REMINDER_SEPARATOR)
            levels = details["level"].split(REMINDER_SEPARATOR)
            for key, level in zip(keys, levels, strict=True):
                found.append(IssuedReminder(ReportKey.parse(key), Level(level), issued_on))
    return found
