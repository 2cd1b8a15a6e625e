"""Article 7 transparency reports: what was received, what is overdue, which reminder is due."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from verbale.convention.directory import ISO_CODES, State
from verbale.convention.rules import annual_report_due, first_annual_year, initial_report_due
from verbale.tables import Problems, parse_date, parse_enum, read_rows

REPORT_COLUMNS = ("iso2", "kind", "year", "received_on")


class ReportKind(StrEnum):
    """The two reports of Article 7."""

    INITIAL = "initial"
    ANNUAL = "annual"


class Level(StrEnum):
    """How far a reminder has escalated."""

    FIRST = "first"
    SECOND = "second"


# A reminder lists several reports: their keys (and levels) joined in its details.
REMINDER_SEPARATOR = " "


@dataclass(frozen=True, order=True)
class ReportKey:
    """One report a State owes: its initial report, or the annual update for a year."""

    iso2: str
    kind: ReportKind
    year: int = 0  # the calendar year covered; 0 for the initial report

    def __str__(self) -> str:
        return f"{self.iso2}:{self.kind.value}" + (f":{self.year}" if self.year else "")

    @classmethod
    def parse(cls, text: str) -> ReportKey:
        """The key written by `str()`: 'FR:initial' or 'FR:annual:2025'."""
        iso2, kind, *year = text.split(":")
        return cls(iso2, ReportKind(kind), int(year[0]) if year else 0)


@dataclass(frozen=True)
class Received:
    """A report the ISU has received."""

    key: ReportKey
    received_on: date


@dataclass(frozen=True)
class Overdue:
    """A report due before the as-of date and not received by then."""

    key: ReportKey
    due: date
    period_start: date
    period_end: date
    days_overdue: int


@dataclass(frozen=True)
class IssuedReminder:
    """A reminder that was approved for sending, from the record of batches."""

    key: ReportKey
    level: Level
    issued_on: date


@dataclass(frozen=True)
class Escalation:
    """What to do about one overdue report: a reminder at a level, or why not."""

    level: Level | None
    reason: str = ""
    previous: date | None = None


def load_received(path: Path, states: Collection[str] | None = None) -> list[Received]:
    """Every received report of reports.csv; DataError lists every bad row. Given the
    directory's States, a row of any other State is an error too."""
    problems = Problems()
    received: list[Received] = []
    lines: dict[ReportKey, int] = {}
    for row in read_rows(path, REPORT_COLUMNS, problems):
        iso2 = row.get("iso2")
        if iso2 not in ISO_CODES:
            problems.add(row, "iso2", f"{iso2!r} is not an ISO 3166 alpha-2 country code")
        elif states is not None and iso2 not in states:
            problems.add(row, "iso2", f"{iso2} is not a State of the directory (states.csv)")
        kind = parse_enum(row, "kind", ReportKind, problems)
        year = _year(row.get("year"), kind)
        if year is None:
            problems.add(row, "year", "an annual report needs the year it covers (YYYY)")
        elif kind is ReportKind.INITIAL and row.get("year"):
            problems.add(row, "year", "an initial report covers no year: leave it empty")
        on = parse_date(row, "received_on", problems, required=True)
        if kind is None or year is None or on is None:
            continue
        key = ReportKey(iso2, kind, year)
        if key in lines:
            problems.add(row, "iso2", f"{key} received twice (first on line {lines[key]})")
        else:
            lines[key] = row.line
            received.append(Received(key, on))
    problems.raise_if_errors()
    return received


def _year(text: str, kind: ReportKind | None) -> int | None:
    if kind is not ReportKind.ANNUAL:
        return 0
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else None


def owed_reports(state: State, as_of: date) -> list[Overdue]:
    """Art. 7(1) and 7(2): every report of a State due before the as-of date."""
    eif = state.entry_into_force
    if eif is None:
        return []
    owed = [
        _overdue(
            ReportKey(state.iso2, ReportKind.INITIAL),
            initial_report_due(eif),
            eif,
            initial_report_due(eif),
            as_of,
        )
    ]
    for year in range(first_annual_year(eif), as_of.year):
        start = max(date(year, 1, 1), eif)
        owed.append(
            _overdue(
                ReportKey(state.iso2, ReportKind.ANNUAL, year),
                annual_report_due(year),
                start,
                date(year, 12, 31),
                as_of,
            )
        )
    return [o for o in owed if o.due < as_of]


def _overdue(key: ReportKey, due: date, start: date, end: date, as_of: date) -> Overdue:
    return Overdue(key, due, start, end, (as_of - due).days)


def overdue_reports(
    parties: Iterable[State], received: Iterable[Received], as_of: date
) -> list[Overdue]:
    """Every (State, report) due before the as-of date and not received by then."""
    # A report received after the as-of date was not received as of then (reproducible runs).
    have = {r.key for r in received if r.received_on <= as_of}
    return [o for s in parties for o in owed_reports(s, as_of) if o.key not in have]


def escalation(
    key: ReportKey, history: Iterable[IssuedReminder], as_of: date, interval_days: int
) -> Escalation:
    """First reminder, then a second once the first is `interval_days` old, then no more."""
    issued = sorted(
        (h for h in history if h.key == key and h.issued_on <= as_of), key=lambda h: h.issued_on
    )
    if not issued:
        return Escalation(Level.FIRST)
    last = issued[-1]
    if any(h.level is Level.SECOND for h in issued):
        return Escalation(None, f"escalation exhausted: second reminder of {last.issued_on}")
    ready = last.issued_on + timedelta(days=interval_days)
    if as_of < ready:
        return Escalation(None, f"first reminder of {last.issued_on}; second not before {ready}")
    return Escalation(Level.SECOND, previous=last.issued_on)
