"""A real statement batch without Prefect: planned, rendered, its web pages made, recorded.

The steps are the statement flow's, called as plain functions; the transmittals are left
out (a few States' would add nothing here), the statement, its pages and the press
releases are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from letters import DATA, drafting, kind

from verbale.batches.manifest import Plan, build_manifest, write_manifest
from verbale.batches.planning import plan_statement
from verbale.convention.incidents import Incident, load_incident
from verbale.convention.outreach import Outreach
from verbale.documents.jobs import DocumentJob
from verbale.documents.pdf import Conversion, PdfStatus
from verbale.documents.webpage import Page, write_pages
from verbale.languages import Language
from verbale.settings import SenderKey, Settings

INCIDENT = DATA / "incidents" / "2016-02-sy.yaml"
BATCH = "20160225-090000-statement-0001"


def sample_incident(
    co_signers: Sequence[str] = (), issuer: SenderKey = SenderKey.PRESIDENCY
) -> Incident:
    """The committed sample incident, co-signed by some States, or issued by another body."""
    incident = load_incident(INCIDENT)
    decision = incident.decision.model_dump() | {"co_signers": tuple(co_signers), "issuer": issuer}
    return Incident.model_validate(incident.model_dump() | {"decision": decision})


def statement_jobs(
    settings: Settings, outreach: Outreach, incident: Incident | None = None
) -> tuple[list[DocumentJob], list[str]]:
    """The statements and press releases of the sample incident, with the skipped lines."""
    found = incident or sample_incident()
    plan = drafting(found.decision.date, settings)
    jobs, skipped = plan_statement(
        plan,
        kind("condemnation-statement"),
        kind("statement-transmittal"),
        found,
        kind("statement-press-release"),
        outreach,
    )
    public = [job for job in jobs if not job.state]
    return public, [f"{s.reason.value}: {s.detail}" for s in skipped]


def write_statement_batch(settings: Settings, outreach: Outreach) -> Path:
    """The batch in the work directory, registered for review as a flow leaves it."""
    workspace = settings.workspace
    jobs, _ = statement_jobs(settings, outreach)
    plan = drafting(sample_incident().decision.date, settings)
    folder = workspace.batch_folder(BATCH)
    folder.mkdir(parents=True)
    for job in jobs:
        plan.renderer.render(kind(job.kind), Language(job.lang), job.context, folder / job.filename)
        page = Page.from_details(job.lang, job.subject, job.details)
        if page is not None:
            write_pages(folder / job.filename, page)
    parameters = {"incident": "2016-02-sy"}
    recorded = Plan("statement", BATCH, parameters, [], jobs, [])
    manifest = build_manifest(
        recorded, folder, datetime(2016, 2, 25, 9), Conversion(PdfStatus.DISABLED)
    )
    write_manifest(folder, manifest)
    workspace.ledger.register(BATCH, "statement")
    return folder
