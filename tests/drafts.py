"""Drafting batches without Prefect: a batch flow's steps as plain calls, for the tests of
what comes after drafting (register, State files)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from conftest import REPOSITORY

from verbale.batches.drafting import Drafting, Fresh, fresh_letters, new_drafting
from verbale.batches.manifest import (
    Plan,
    Skip,
    build_manifest,
    write_manifest,
)
from verbale.batches.planning import plan_circular
from verbale.convention.decisions import load_decision
from verbale.convention.directory import load_directory
from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import load_kind
from verbale.documents.parallel import render_jobs
from verbale.documents.pdf import Conversion, PdfStatus
from verbale.settings import Settings

DECISION = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"


def drafting(flow: str, day: date) -> Drafting:
    """What a flow plans with: the committed directory, a new batch id, the test's ledger and
    the letters its live batches hold (a circular's decision is the committed one)."""
    settings = Settings()
    directory = load_directory(settings.recipients_dir)
    parameters = {"as_of": day.isoformat(), "decision": str(DECISION)}
    return new_drafting(settings, directory, day, flow, parameters)


def thanks(plan: Drafting, states: Sequence[str]) -> tuple[list[DocumentJob], list[Skip]]:
    """The thank-you letters of the committed decision to some States, planned."""
    kind = load_kind(plan.settings.templates_dir, "contribution-thanks")
    decision = load_decision(DECISION, kind.variables)
    return plan_circular(plan, kind, decision, states)


def record(plan: Drafting, jobs: Sequence[DocumentJob], skipped: Sequence[Skip] = ()) -> Path:
    """Render, write the manifest and register the batch for review, as a flow ends."""
    settings = plan.settings
    folder = settings.workspace.batch_folder(plan.batch_id)
    batch = Plan(plan.flow, plan.batch_id, {"as_of": plan.day.isoformat()}, [], jobs, skipped)
    render_jobs(batch.jobs, folder, settings.templates_dir, plan.directory.names, 1)
    conversion = Conversion(PdfStatus.DISABLED)
    write_manifest(folder, build_manifest(batch, folder, datetime.now(), conversion))
    plan.ledger.register(plan.batch_id, plan.flow)
    return folder


def draft(plan: Drafting, outcome: tuple[list[DocumentJob], list[Skip]]) -> Fresh:
    """The end of a flow: letters live batches hold left out, the rest recorded as a batch
    with their identities (no batch when nothing is left)."""
    fresh = fresh_letters(plan, outcome)
    if fresh.jobs:
        record(plan, fresh.jobs, fresh.skipped)
        plan.ledger.record_identities(plan.batch_id, fresh.identities)
    return fresh
