"""The reminders flow: a letter for every overdue transparency report (Art. 7)."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.tasks import (
    drafting_for,
    finish_batch,
    load_kinds,
    load_recipients,
    load_settings,
)
from verbale.batches.history import issued_reminders
from verbale.batches.planning import plan_reminders
from verbale.convention.directory import Directory
from verbale.convention.reports import IssuedReminder, Received, load_received
from verbale.settings import Settings

KIND = "reporting-reminder"


@task(cache_policy=NO_CACHE)
def load_reports(settings: Settings, directory: Directory) -> list[Received]:
    """Read the transparency reports received (of the directory's States)."""
    return load_received(settings.data_dir / "reports.csv", directory.states)


@task(cache_policy=NO_CACHE)
def load_history(settings: Settings) -> list[IssuedReminder]:
    """Read the reminders already approved, for escalation."""
    return issued_reminders(settings.workspace)


@flow(name="reminders", log_prints=True)
def reminders(as_of: date | None = None) -> str:
    """Reminder letters for every overdue report, as of a date (default today)."""
    day = as_of or date.today()
    settings = load_settings()
    directory = load_recipients(settings)
    kinds = load_kinds(settings, [KIND])
    received = load_reports(settings, directory)
    history = load_history(settings)
    parameters = {"as_of": day.isoformat()}
    drafting = drafting_for(settings, directory, day, "reminders", parameters)
    outcome = plan_reminders(drafting, kinds[KIND], received, history)
    inputs = [settings.data_dir / "reports.csv"]
    return finish_batch(drafting, parameters, inputs, outcome)
