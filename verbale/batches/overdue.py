"""The overdue list: every overdue report of every State Party, with the reminders already
issued and the next step, without drafting anything.

`overdue_list` is what `verbale overdue` prints and what a page of the review room shows;
`load_overdue_list` reads everything it needs from the configured folders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from verbale.batches.history import issued_reminders
from verbale.convention.directory import Directory, load_directory
from verbale.convention.reports import (
    IssuedReminder,
    Level,
    Received,
    ReportKey,
    escalation,
    load_received,
    overdue_reports,
)
from verbale.settings import Settings


class NextStep(StrEnum):
    """What the reminders flow would do about an overdue report on the as-of date."""

    FIRST_REMINDER = "first-reminder"
    SECOND_REMINDER = "second-reminder"
    SECOND_NOT_YET_DUE = "second-reminder-not-yet-due"
    ESCALATION_EXHAUSTED = "escalation-exhausted"


@dataclass(frozen=True)
class OverdueEntry:
    """One overdue report of one State Party, and the reminders it has had."""

    iso2: str
    name: str
    key: ReportKey
    due: date
    days_overdue: int
    reminders: tuple[IssuedReminder, ...]  # issued by the as-of date, oldest first
    next_step: NextStep
    next_on: date | None  # when the second reminder becomes due, if it is not yet

    @property
    def level(self) -> Level | None:
        """The escalation level reached: the last reminder issued, if any."""
        return self.reminders[-1].level if self.reminders else None


def overdue_list(
    directory: Directory,
    received: Iterable[Received],
    history: Iterable[IssuedReminder],
    as_of: date,
    interval_days: int,
) -> list[OverdueEntry]:
    """Every report due before the as-of date and not received by then, for every State
    Party on that date (Art. 7), most overdue first, with its escalation (as the reminders
    flow reckons it: a first reminder, a second once the first is `interval_days` old)."""
    issued = sorted((h for h in history if h.issued_on <= as_of), key=lambda h: h.issued_on)
    entries = []
    for overdue in overdue_reports(directory.parties_on(as_of), received, as_of):
        reminders = tuple(h for h in issued if h.key == overdue.key)
        step, on = next_step(overdue.key, reminders, as_of, interval_days)
        entries.append(
            OverdueEntry(
                overdue.key.iso2,
                directory.states[overdue.key.iso2].name_en,
                overdue.key,
                overdue.due,
                overdue.days_overdue,
                reminders,
                step,
                on,
            )
        )
    return sorted(entries, key=lambda e: (-e.days_overdue, e.key))


def next_step(
    key: ReportKey, reminders: Sequence[IssuedReminder], as_of: date, interval_days: int
) -> tuple[NextStep, date | None]:
    """The next reminder of one report, as the reminders flow decides it, and the day it
    becomes due if that is later."""
    step = escalation(key, reminders, as_of, interval_days)
    if step.level is Level.FIRST:
        return NextStep.FIRST_REMINDER, None
    if step.level is Level.SECOND:
        return NextStep.SECOND_REMINDER, None
    if any(r.level is Level.SECOND for r in reminders):
        return NextStep.ESCALATION_EXHAUSTED, None
    return NextStep.SECOND_NOT_YET_DUE, reminders[-1].issued_on + timedelta(days=interval_days)


def load_overdue_list(settings: Settings, as_of: date) -> list[OverdueEntry]:
    """The overdue list from the configured directory, reports.csv and the ledger."""
    directory = load_directory(settings.recipients_dir)
    received = load_received(settings.data_dir / "reports.csv", directory.states)
    history = issued_reminders(settings.workspace)
    return overdue_list(directory, received, history, as_of, settings.reminder_interval_days)
