"""The send flow: an approved, unchanged batch delivered, each (document, address) once."""

from __future__ import annotations

from collections.abc import Mapping

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.tasks import load_settings
from verbale.batches.ledger import Action, Delivery, DeliveryStatus
from verbale.batches.manifest import DocumentEntry, SendReport
from verbale.batches.review import Batch, in_doubt, load_batch, verify_approved
from verbale.errors import TemporaryDeliveryError
from verbale.sending.dispatch import (
    Outcome,
    deliver_document,
    record_exhausted,
    release_doubts,
    sendable,
)
from verbale.sending.transports import make_sender
from verbale.settings import Settings


@task(cache_policy=NO_CACHE)
def check_batch(settings: Settings, batch_id: str) -> Batch:
    """Load the batch and refuse it unless approved and unchanged since approval."""
    batch = load_batch(settings.workspace, batch_id)
    verify_approved(batch, settings.workspace.ledger)
    return batch


@task(cache_policy=NO_CACHE)
def settle_doubts(settings: Settings, batch: Batch, resend: bool) -> list[str]:
    """Deliveries in doubt from a crash: released for resending only if a person asked."""
    ledger = settings.workspace.ledger
    doubts = in_doubt(ledger.deliveries(batch.record.batch_id))
    if resend:
        release_doubts(batch, ledger, doubts)
        return []
    return [f"{d.doc} to {d.address}" for d in doubts]


@task(cache_policy=NO_CACHE)
def deliver(settings: Settings, batch: Batch, doc: DocumentEntry) -> Outcome:
    """Deliver one document to its addresses; a temporary failure makes Prefect retry it."""
    workspace = settings.workspace
    ledger = workspace.ledger
    sender = make_sender(settings, workspace.outbox(batch.record.batch_id))
    outcome = deliver_document(batch, doc, ledger, sender, settings.mail_from, settings.attach)
    if outcome.temporary:
        raise TemporaryDeliveryError("; ".join(outcome.temporary.values()))
    return outcome


@flow(name="send", log_prints=True)
def send(batch: str, resend_in_doubt: bool = False) -> SendReport:
    """Send an approved batch; returns what was sent, what failed, what is in doubt."""
    settings = load_settings()
    found = check_batch(settings, batch)
    doubts = settle_doubts(settings, found, resend_in_doubt)
    ledger = settings.workspace.ledger
    ledger.log(batch, Action.SEND_STARTED)
    before = {k for k, d in ledger.deliveries(batch).items() if d.status is DeliveryStatus.DONE}
    delays = [settings.send_retry_delay * 2**n for n in range(settings.send_retries)]
    deliver_with_retries = deliver.with_options(
        retries=settings.send_retries, retry_delay_seconds=delays or 0
    )
    for doc in sendable(found, ledger.excluded(batch)):
        state = deliver_with_retries(settings, found, doc, return_state=True)
        if state.is_failed():
            reason = str(state.result(raise_on_failure=False))
            pending = _unfinished(ledger.deliveries(batch), doc, reason)
            record_exhausted(found, ledger, doc.id, pending, settings.mail_from)
    ledger.log(batch, Action.SEND_FINISHED)
    summary = summarise_deliveries(ledger.deliveries(batch), doubts, before)
    get_run_logger().info(
        "batch %s: %d sent, %d failed, %d in doubt",
        batch,
        len(summary.sent),
        len(summary.failed),
        len(summary.in_doubt),
    )
    return summary


def _unfinished(
    deliveries: Mapping[tuple[str, str], Delivery], doc: DocumentEntry, reason: str
) -> dict[str, str]:
    """The addresses of a document left undelivered after its last retry."""
    return {a: reason for a in doc.recipients() if (doc.id, a) not in deliveries}


def summarise_deliveries(
    deliveries: Mapping[tuple[str, str], Delivery], doubts: list[str], before: set[tuple[str, str]]
) -> SendReport:
    """Sent by this run, sent before, failed (with the server's reply) and in doubt."""
    done = [d for d in deliveries.values() if d.status is DeliveryStatus.DONE]
    failed = [d for d in deliveries.values() if d.status is DeliveryStatus.FAILED]
    return SendReport(
        sent=sorted(f"{d.doc} to {d.address}" for d in done if (d.doc, d.address) not in before),
        already_sent=len(before),
        failed=sorted(f"{d.doc} to {d.address}: {d.reply}" for d in failed),
        in_doubt=doubts,
    )
