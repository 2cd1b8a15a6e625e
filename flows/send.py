"""The send flow: an approved, unchanged batch delivered, each (document, address) once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.tasks import load_settings
from verbale.batches.ledger import Action, Delivery, DeliveryStatus
from verbale.batches.manifest import SendReport
from verbale.batches.review import Batch, approved_batch, in_doubt, load_batch, verify_approved
from verbale.sending.dispatch import (
    Outcome,
    Retries,
    deliver_batch,
    refuse_sent_elsewhere,
    release_doubts,
    send_lease,
    sendable,
)
from verbale.sending.publication import publish
from verbale.sending.transports import make_sender
from verbale.settings import Settings


@task(cache_policy=NO_CACHE)
def check_batch(settings: Settings, batch_id: str) -> Batch:
    """Refuse the batch unless approved and unchanged; the documents the ledger holds."""
    ledger = settings.workspace.ledger
    batch = load_batch(settings.workspace, batch_id)
    verify_approved(batch, ledger)
    return approved_batch(batch, ledger)


@task(cache_policy=NO_CACHE)
def settle_doubts(settings: Settings, batch: Batch, resend: bool) -> None:
    """Deliveries in doubt: released for resending only if a person asked."""
    ledger = settings.workspace.ledger
    if resend:
        release_doubts(batch, ledger, in_doubt(ledger.deliveries(batch.record.batch_id)))


@task(cache_policy=NO_CACHE)
def publish_web_files(settings: Settings, batch: Batch) -> list[Path]:
    """The approved web pages and Atom entries copied to the website's folder, before the
    press release that links to them goes out."""
    return publish(batch, settings.workspace.ledger, settings.workspace)


@task(cache_policy=NO_CACHE)
def deliver(settings: Settings, batch: Batch, keep_alive: Callable[[], None]) -> Outcome:
    """Deliver the batch on one connection; temporary refusals retried after a back-off."""
    workspace = settings.workspace
    ledger = workspace.ledger
    documents = sendable(batch, ledger.excluded(batch.record.batch_id))
    refuse_sent_elsewhere(batch, ledger, documents)
    sender = make_sender(settings, workspace.outbox(batch.record.batch_id))
    retries = Retries(settings.send_retries, settings.send_retry_delay)
    try:
        return deliver_batch(
            batch,
            documents,
            ledger,
            sender,
            settings.mail_from,
            settings.attach,
            retries,
            keep_alive,
        )
    finally:
        sender.close()


@flow(name="send", log_prints=True)
def send(batch: str, resend_in_doubt: bool = False) -> SendReport:
    """Send an approved batch; returns what was sent, what failed, what is in doubt."""
    settings = load_settings()
    ledger = settings.workspace.ledger
    with send_lease(ledger, batch, settings.send_lease_seconds) as keep_alive:
        found = check_batch(settings, batch)
        settle_doubts(settings, found, resend_in_doubt)
        ledger.log(batch, Action.SEND_STARTED)
        before = {k for k, d in ledger.deliveries(batch).items() if d.status is DeliveryStatus.DONE}
        try:
            publish_web_files(settings, found)
            deliver(settings, found, keep_alive)
        finally:
            ledger.log(batch, Action.SEND_FINISHED)
    summary = summarise_deliveries(ledger.deliveries(batch), before)
    get_run_logger().info(
        "batch %s: %d sent, %d failed, %d in doubt",
        batch,
        len(summary.sent),
        len(summary.failed),
        len(summary.in_doubt),
    )
    return summary


def summarise_deliveries(
    deliveries: Mapping[tuple[str, str], Delivery], before: set[tuple[str, str]]
) -> SendReport:
    """Sent by this run, sent before, failed (with the reply) and in doubt (all of them)."""
    done = [d for d in deliveries.values() if d.status is DeliveryStatus.DONE]
    failed = [d for d in deliveries.values() if d.status is DeliveryStatus.FAILED]
    return SendReport(
        sent=sorted(f"{d.doc} to {d.address}" for d in done if (d.doc, d.address) not in before),
        already_sent=len(before),
        failed=sorted(f"{d.doc} to {d.address}: {d.reply}" for d in failed),
        in_doubt=sorted(f"{d.doc} to {d.address}" for d in in_doubt(deliveries)),
    )
