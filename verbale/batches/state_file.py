"""Each State's file: where it stands on a date, what it owes, what was written to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from verbale.batches.history import issued_reminders
from verbale.batches.overdue import OverdueEntry, overdue_list
from verbale.batches.register import RegisterEntry, read_register
from verbale.convention.directory import Contact, Directory, State, load_directory
from verbale.convention.reports import IssuedReminder, Received, load_received
from verbale.convention.rules import stockpile_destruction_deadline
from verbale.convention.standing import ReportDue, Standing, reports_due, standing_on
from verbale.convention.stockpiles import (
    Article3Letter,
    Obligation,
    Progress,
    Stockpile,
    article3_letter,
    load_stockpiles,
)
from verbale.errors import NotFoundError
from verbale.settings import Settings


@dataclass(frozen=True)
class Records:
    """Everything on file that a State's file is drawn from, read once."""

    directory: Directory
    received: Sequence[Received]
    stockpiles: Mapping[str, Stockpile]
    history: Sequence[IssuedReminder]
    register: Sequence[RegisterEntry]


@dataclass(frozen=True)
class Article3Status:
    """A State Party's stockpile destruction (Art. 3) on the as-of date."""

    obligation: Obligation  # UNKNOWN also when stockpiles.csv has no row for the State
    progress: Progress
    deadline: date
    completed_on: date | None
    last_update: date | None
    letter: Article3Letter
    reason: str


@dataclass(frozen=True)
class StateFile:
    """One State's file as of a date."""

    state: State
    as_of: date
    standing: Standing
    contacts: tuple[Contact, ...]
    reports: tuple[ReportDue, ...]
    overdue: tuple[OverdueEntry, ...]  # with the reminders issued and the next step
    article3: Article3Status | None  # None unless a State Party on the as-of date
    documents: tuple[RegisterEntry, ...]  # every numbered document to it, dated by then


def state_file(
    records: Records, iso2: str, as_of: date, interval_days: int, update_days: int
) -> StateFile:
    """The file of the State with this ISO code; NotFoundError if the directory lacks it."""
    state = records.directory.states.get(iso2)
    if state is None:
        raise NotFoundError(f"{iso2}: no such State in the directory")
    overdue = overdue_list(
        records.directory, records.received, records.history, as_of, interval_days
    )
    return StateFile(
        state=state,
        as_of=as_of,
        standing=standing_on(state, as_of),
        contacts=records.directory.contacts.get(iso2, ()),
        reports=tuple(reports_due(state, records.received, as_of)),
        overdue=tuple(e for e in overdue if e.iso2 == iso2),
        article3=article3_status(state, records.stockpiles.get(iso2), as_of, update_days),
        documents=tuple(e for e in records.register if e.state == iso2 and e.date <= as_of),
    )


def article3_status(
    state: State, stockpile: Stockpile | None, as_of: date, update_days: int
) -> Article3Status | None:
    """Art. 3(2): the deadline, what the data records and which letter is due, if a party."""
    if not state.is_party_on(as_of) or state.entry_into_force is None:
        return None
    decision = article3_letter(stockpile, as_of, update_days)
    return Article3Status(
        obligation=stockpile.obligation if stockpile else Obligation.UNKNOWN,
        progress=stockpile.progress if stockpile else Progress.UNKNOWN,
        deadline=stockpile_destruction_deadline(state.entry_into_force),
        completed_on=stockpile.completed_on if stockpile else None,
        last_update=stockpile.last_update if stockpile else None,
        letter=decision.letter,
        reason=decision.reason,
    )


def load_records(settings: Settings) -> Records:
    """Read the directory, the decision data, the reminder history and the register."""
    directory = load_directory(settings.recipients_dir)
    return Records(
        directory=directory,
        received=load_received(settings.data_dir / "reports.csv", directory.states),
        stockpiles=load_stockpiles(settings.data_dir / "stockpiles.csv", directory.states),
        history=issued_reminders(settings.workspace),
        register=read_register(settings.workspace),
    )


def load_state_file(settings: Settings, iso2: str, as_of: date) -> StateFile:
    """One State's file from the configured folders."""
    return state_file(
        load_records(settings),
        iso2,
        as_of,
        settings.reminder_interval_days,
        settings.article3_update_days,
    )
