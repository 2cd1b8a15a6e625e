"""The overdue list: every overdue report, its reminders and next step, nothing drafted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import REPOSITORY
from drafts import drafting, record

from verbale.batches.overdue import NextStep, load_overdue_list, overdue_list
from verbale.batches.planning import plan_reminders
from verbale.batches.review import approve, load_batch
from verbale.convention.directory import Directory, load_directory
from verbale.convention.reports import (
    IssuedReminder,
    Level,
    Received,
    ReportKey,
    ReportKind,
    load_received,
)
from verbale.documents.kinds import load_kind
from verbale.settings import Settings

DAY = date(2016, 3, 3)
PARAGUAY = ReportKey("PY", ReportKind.INITIAL)


@pytest.fixture(scope="module")
def directory() -> Directory:
    """The committed directory."""
    return load_directory(REPOSITORY / "recipients")


@pytest.fixture(scope="module")
def received() -> list[Received]:
    """The committed reports received."""
    return load_received(REPOSITORY / "data" / "reports.csv")


def paraguay(
    directory: Directory, received: list[Received], history: list[IssuedReminder], day: date
) -> tuple[NextStep, date | None, Level | None]:
    """Paraguay's initial report in the overdue list: next step, when, level reached."""
    entries = overdue_list(directory, received, history, day, 30)
    entry = next(e for e in entries if e.key == PARAGUAY)
    return entry.next_step, entry.next_on, entry.level


def test_every_overdue_report_most_overdue_first(
    directory: Directory, received: list[Received]
) -> None:
    """Paraguay's initial report is listed 4 days overdue; the list runs longest delay first."""
    entries = overdue_list(directory, received, [], DAY, 30)
    entry = next(e for e in entries if e.key == PARAGUAY)
    assert (entry.name, entry.due, entry.days_overdue) == ("Paraguay", date(2016, 2, 28), 4)
    assert (entry.reminders, entry.next_step) == ((), NextStep.FIRST_REMINDER)
    delays = [e.days_overdue for e in entries]
    assert delays == sorted(delays, reverse=True)


def test_reminders_escalate_first_then_second_then_no_more(
    directory: Directory, received: list[Received]
) -> None:
    """The next step follows the reminders issued by the as-of date."""
    first = IssuedReminder(PARAGUAY, Level.FIRST, DAY)
    second = IssuedReminder(PARAGUAY, Level.SECOND, DAY + timedelta(days=40))
    assert paraguay(directory, received, [first], DAY + timedelta(days=10)) == (
        NextStep.SECOND_NOT_YET_DUE,
        DAY + timedelta(days=30),
        Level.FIRST,
    )
    assert paraguay(directory, received, [first], DAY + timedelta(days=30)) == (
        NextStep.SECOND_REMINDER,
        None,
        Level.FIRST,
    )
    assert paraguay(directory, received, [first, second], DAY + timedelta(days=41)) == (
        NextStep.ESCALATION_EXHAUSTED,
        None,
        Level.SECOND,
    )


def test_reminders_issued_after_the_as_of_date_are_not_seen(
    directory: Directory, received: list[Received]
) -> None:
    """A run as of a past date sees the reminders of the past only."""
    later = IssuedReminder(PARAGUAY, Level.FIRST, DAY + timedelta(days=5))
    assert paraguay(directory, received, [later], DAY) == (NextStep.FIRST_REMINDER, None, None)


def test_the_list_names_the_states_the_reminders_flow_would_write_to(
    directory: Directory, received: list[Received]
) -> None:
    """The States with a reminder due are those the reminders flow drafts for."""
    plan = drafting("reminders", DAY)
    kind = load_kind(plan.settings.templates_dir, "reporting-reminder")
    jobs, _ = plan_reminders(plan, kind, received, [])
    due = {
        e.iso2
        for e in overdue_list(directory, received, [], DAY, 30)
        if e.next_step in (NextStep.FIRST_REMINDER, NextStep.SECOND_REMINDER)
    }
    assert {job.state for job in jobs} == due


def test_the_list_counts_the_reminders_of_approved_batches(received: list[Received]) -> None:
    """load_overdue_list reads the reminder history from the work directory's batches."""
    plan = drafting("reminders", DAY)
    kind = load_kind(plan.settings.templates_dir, "reporting-reminder")
    jobs, skipped = plan_reminders(plan, kind, received, [])
    record(plan, [j for j in jobs if j.state in ("PY", "CV")], skipped)
    approve(load_batch(plan.settings.workspace, plan.batch_id), plan.ledger, "A", "", [])
    entries = load_overdue_list(Settings(), DAY + timedelta(days=10))
    entry = next(e for e in entries if e.key == PARAGUAY)
    assert entry.reminders == (IssuedReminder(PARAGUAY, Level.FIRST, DAY),)
    assert entry.next_step is NextStep.SECOND_NOT_YET_DUE
