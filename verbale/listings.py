"""The registry's views as plain values: JSON objects and flat rows for CSV and tables.

One place decides the keys and columns that `verbale register`, `state` and `overdue` print
(and the README documents), so that the JSON, the CSV and the table never drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from verbale.batches.overdue import OverdueEntry
from verbale.batches.register import RegisterEntry
from verbale.batches.state_file import Article3Status, StateFile
from verbale.convention.directory import Contact
from verbale.convention.standing import ReportDue

REGISTER_COLUMNS = (
    "reference",
    "date",
    "kind",
    "state",
    "channel",
    "subject",
    "batch",
    "status",
    "sent_on",
)
OVERDUE_COLUMNS = (
    "state",
    "name",
    "report",
    "due",
    "days_overdue",
    "reminders",
    "level",
    "next_step",
    "next_on",
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def register_json(entry: RegisterEntry) -> dict[str, Any]:
    """A register line as a JSON object (keys: REGISTER_COLUMNS)."""
    return {
        "reference": entry.reference,
        "date": entry.date.isoformat(),
        "kind": entry.kind,
        "state": entry.state,
        "channel": entry.channel,
        "subject": entry.subject,
        "batch": entry.batch,
        "status": entry.status.value,
        "sent_on": _day(entry.sent_on),
    }


def overdue_json(entry: OverdueEntry) -> dict[str, Any]:
    """An overdue report as a JSON object (keys: OVERDUE_COLUMNS)."""
    return {
        "state": entry.iso2,
        "name": entry.name,
        "report": str(entry.key),
        "due": entry.due.isoformat(),
        "days_overdue": entry.days_overdue,
        "reminders": [
            {"level": r.level.value, "issued_on": r.issued_on.isoformat()} for r in entry.reminders
        ],
        "level": entry.level.value if entry.level else None,
        "next_step": entry.next_step.value,
        "next_on": _day(entry.next_on),
    }


def flat(record: dict[str, Any]) -> dict[str, str]:
    """A JSON object as one CSV or table row: null empty, reminders as 'first 2016-03-03'."""
    row = {}
    for key, value in record.items():
        if key == "reminders":
            row[key] = "; ".join(f"{r['level']} {r['issued_on']}" for r in value)
        else:
            row[key] = "" if value is None else str(value)
    return row


def state_file_json(file: StateFile) -> dict[str, Any]:
    """A State's file as one JSON object."""
    state = file.state
    return {
        "state": state.iso2,
        "name": state.name_en,
        "as_of": file.as_of.isoformat(),
        "standing": file.standing.value,
        "directory_status": state.status.value,
        "deposit_date": _day(state.deposit_date),
        "entry_into_force": _day(state.entry_into_force),
        "withdrawal_effective": _day(state.withdrawal_effective),
        "language": state.language.value,
        "contacts": [contact_json(c) for c in file.contacts],
        "reports": [report_json(r) for r in file.reports],
        "overdue": [overdue_json(e) for e in file.overdue],
        "article3": article3_json(file.article3) if file.article3 else None,
        "documents": [register_json(e) for e in file.documents],
    }


def contact_json(contact: Contact) -> dict[str, Any]:
    """A contact as the State's file shows it."""
    return {
        "channel": contact.channel.value,
        "organisation": contact.organisation,
        "city": contact.city,
        "to": list(contact.to),
        "cc": list(contact.cc),
        "language": contact.language.value if contact.language else None,
    }


def report_json(report: ReportDue) -> dict[str, Any]:
    """A report due, with when it was received or how many days it is overdue."""
    return {
        "report": str(report.key),
        "due": report.due.isoformat(),
        "received_on": _day(report.received_on),
        "days_overdue": report.days_overdue,
    }


def article3_json(status: Article3Status) -> dict[str, Any]:
    """The Article 3 status of a State Party."""
    return {
        "obligation": status.obligation.value,
        "progress": status.progress.value,
        "deadline": status.deadline.isoformat(),
        "completed_on": _day(status.completed_on),
        "last_update": _day(status.last_update),
        "letter": status.letter.value,
        "reason": status.reason,
    }


def state_file_lines(file: StateFile) -> list[str]:
    """A State's file as plain lines: standing, contacts, reports, Article 3, documents."""
    state = file.state
    lines = [
        f"{state.iso2} {state.name_en}: {file.standing.value} on {file.as_of}",
        f"  directory: {state.status.value}; deposit {_dash(state.deposit_date)}; entry into "
        f"force {_dash(state.entry_into_force)}; withdrawal effective "
        f"{_dash(state.withdrawal_effective)}; language {state.language.value}",
        "contacts:",
    ]
    for contact in file.contacts:
        language = contact.language or state.language
        lines.append(
            f"  {contact.channel.value}: {contact.organisation}, {contact.city}; to "
            f"{', '.join(contact.to)}; cc {', '.join(contact.cc) or '-'}; "
            f"language {language.value}"
        )
    lines.append("reports due:")
    overdue = {entry.key: entry for entry in file.overdue}
    lines += [_report_line(report, overdue.get(report.key)) for report in file.reports]
    if file.article3:
        a3 = file.article3
        lines.append(
            f"article 3: obligation {a3.obligation.value}, progress {a3.progress.value or '-'}, "
            f"completed {_dash(a3.completed_on)}, last update {_dash(a3.last_update)}, "
            f"deadline {a3.deadline}; letter: {a3.letter.value} ({a3.reason})"
        )
    lines.append("documents:")
    for doc in file.documents:
        sent = f" on {doc.sent_on}" if doc.sent_on else ""
        lines.append(
            f"  {doc.reference} {doc.date} {doc.kind} {doc.channel} batch {doc.batch}: "
            f"{doc.status.value}{sent}"
        )
    return lines


def _report_line(report: ReportDue, overdue: OverdueEntry | None) -> str:
    line = f"  {report.key}: due {report.due}, "
    if report.received_on or overdue is None:
        return line + f"received {_dash(report.received_on)}"
    reminders = "; ".join(f"{r.level.value} {r.issued_on}" for r in overdue.reminders)
    after = f" from {overdue.next_on}" if overdue.next_on else ""
    return (
        line + f"overdue {overdue.days_overdue} days; reminders: {reminders or 'none'}; "
        f"next: {overdue.next_step.value}{after}"
    )


def _dash(value: date | None) -> str:
    return value.isoformat() if value else "-"
