"""Everything the command line prints, in one place: errors, tables, summaries, JSON."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from verbale.batches.circulation import Circulation
    from verbale.batches.ledger import Attempt, Delivery, Event
    from verbale.batches.manifest import Manifest, PdfReport, SendReport
    from verbale.convention.committee import Committee

# Piped output (scripts, logs) is not cut at 80 columns.
_WIDTH = None if sys.stdout.isatty() else 200


class _LazyConsole:
    """A rich Console made on first use: a command that prints nothing imports no rich."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                stderr=self._stderr, highlight=False, soft_wrap=True, width=_WIDTH
            )
        return getattr(self._console, name)


out = _LazyConsole(stderr=False)
err = _LazyConsole(stderr=True)

PDF_MESSAGES = {
    "converted": "PDF: every draft converted",
    "partly-converted": "PDF: some drafts could not be converted:",
    "disabled": "PDF: conversion turned off (VERBALE_PDF=false); no PDFs in this batch",
    "libreoffice-unavailable": "PDF: LibreOffice not found; no PDFs in this batch",
}


def line(text: str) -> None:
    """One plain line on standard output."""
    out.print(text, markup=False)


def error(text: str) -> None:
    """One `error:` line on standard error."""
    err.print(f"error: {text}", markup=False)


def note(text: str) -> None:
    """One plain line on standard error (not an error)."""
    err.print(text, markup=False)


def json(data: Any) -> None:
    """Data as JSON on standard output."""
    out.print_json(data=data)


def table(*columns: str, rows: Iterable[Sequence[str]], title: str | None = None) -> None:
    """A table on standard output; a narrow terminal wraps ids and paths, never cuts them."""
    from rich.table import Table

    shown = Table(title=title)
    for column in columns:
        shown.add_column(column, overflow="fold")
    for row in rows:
        shown.add_row(*row)
    out.print(shown)


def batch_summary_json(folder: Path, manifest: Manifest) -> dict[str, Any]:
    """What `--json` prints after a batch flow: the folder and the manifest's overview."""
    keys = {"batch", "flow", "created", "parameters", "summary", "skipped"}
    return {"folder": str(folder)} | manifest.model_dump(mode="json", include=keys)


def nothing_drafted_json(flow: str, parameters: dict[str, str]) -> dict[str, Any]:
    """What `--json` prints after a batch flow that drafted nothing: the same keys, no batch."""
    return {
        "folder": None,
        "batch": None,
        "flow": flow,
        "created": None,
        "parameters": parameters,
        "summary": None,
        "skipped": None,
    }


def batch_summary(folder: Path, manifest: Manifest) -> None:
    """A drafted batch for people: documents per language and channel, skipped States, PDF."""
    per = [(key, str(count)) for key, count in manifest.summary.per_language_channel.items()]
    table("language/channel", "documents", rows=per, title=f"batch {manifest.batch}")
    if manifest.skipped:
        skipped = ((s.state, s.reason.value, s.detail) for s in manifest.skipped)
        table("State", "reason", "detail", rows=skipped, title="States without a document")
    fallbacks = manifest.summary.fallbacks
    if fallbacks:
        line(
            f"{fallbacks} document(s) fell back to English (no template, or no text of the "
            "facts, in their language)"
        )
    pdf_status(manifest.pdf)
    line(f"drafts in {folder}; awaiting review")
    batch = manifest.batch
    if manifest.flow == "statement":
        line(
            f"the statement goes to the Coordination Committee for no objection first "
            f"(verbale circulation start {batch} --by NAME), unless VERBALE_SILENCE_PROCEDURE=false"
        )
    line(
        f"next: read them (verbale review show {batch}), then approve (verbale review approve "
        f"{batch} --by NAME) or reject, then send (verbale send {batch})"
    )


def pdf_status(pdf: PdfReport) -> None:
    """How the PDF step went, and each file that failed."""
    line(PDF_MESSAGES[pdf.status])
    for failure in pdf.failed.values():
        line(f"  {failure}")


def deliveries(report: SendReport) -> None:
    """What a send run did."""
    line(f"sent: {len(report.sent)} (already sent before: {report.already_sent})")
    for failure in report.failed:
        line(f"failed: {failure}")
    for doubt in report.in_doubt:
        line(f"in doubt (confirm with --confirm-sent or --resend-in-doubt): {doubt}")


def history(
    events: Iterable[Event],
    attempts: Iterable[Attempt],
    records: Iterable[Delivery],
    excluded: Iterable[str],
) -> None:
    """A batch's history: its events, every delivery attempt with the reply, what is in
    doubt now, and the documents excluded from sending."""
    from verbale.batches.ledger import DeliveryStatus

    for event in events:
        who = f" by {event.actor}" if event.actor else ""
        said = f": {event.note}" if event.note else ""
        line(f"{event.at} {event.action}{who}{said}")
    ids = {(d.doc, d.address): d.message_id for d in records}
    for attempt in attempts:
        reply = f" ({attempt.reply})" if attempt.reply else ""
        mid = ids.get((attempt.doc, attempt.address), "")
        line(
            f"{attempt.at} delivery {attempt.status.value}: {attempt.doc} to "
            f"{attempt.address} {mid}{reply}"
        )
    for delivery in sorted(records, key=lambda d: d.updated):
        if delivery.status in (DeliveryStatus.STARTED, DeliveryStatus.IN_DOUBT):
            line(
                f"in doubt now: {delivery.doc} to {delivery.address} {delivery.message_id} "
                "(confirm with --confirm-sent or --resend-in-doubt)"
            )
    shut = sorted(excluded)
    if shut:
        line(f"excluded from sending: {', '.join(shut)}")


def csv_rows(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """CSV on standard output: a header row, then the rows."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def circulation(found: Circulation, now: datetime, committee: Committee) -> None:
    """Where a circulation stands: its version, deadline, and every member's response."""
    current = found.current
    line(f"{found.batch_id}: {found.standing(now).value}")
    if current is None:
        return
    line(f"version {current.version}, circulated by {current.by} at {current.at}, "
         f"deadline {current.deadline.isoformat()}")  # fmt: skip
    for key in current.members:
        answer = current.answer_of(key)
        member = committee.member(key)
        role = f"{member.role.value}{', ' + member.theme if member.theme else ''}" if member else ""
        said = "silent" if answer is None else f"{answer.response.value} ({answer.by}, {answer.at})"
        reason = f": {answer.text}" if answer is not None and answer.text else ""
        line(f"  {key} ({role}): {said}{reason}")
    for answer in current.answers:
        if answer.response.value == "comment":
            line(f"  comment from {answer.member} ({answer.by}, {answer.at}): {answer.text}")
