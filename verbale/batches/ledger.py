"""The ledger: review state and history of every batch, behind the `Ledger` protocol.

Two implementations share one SQL text (verbale.batches.ledger_sql): SQLite in the work
directory (ledger_sqlite, the embedded default) and PostgreSQL when VERBALE_LEDGER_URL is
set (ledger_postgres), for workers on several machines.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class ReviewState(StrEnum):
    """Where a batch stands in review."""

    AWAITING = "awaiting-review"
    APPROVED = "approved"
    REJECTED = "rejected"


class Action(StrEnum):
    """What an event of a batch's history records."""

    CREATED = "created"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVIEW_WAIT_EXPIRED = "review wait expired"
    SEND_STARTED = "send started"
    SEND_FINISHED = "send finished"
    EXCLUDED = "excluded from sending"
    DELIVERY_CONFIRMED = "delivery confirmed"
    RESEND_IN_DOUBT = "resend in doubt"
    FIRST_APPROVAL = "first approval"
    EDITED = "edited"
    PUBLISHED = "published"
    CIRCULATED = "circulated"
    NO_OBJECTION = "no objection"
    OBJECTION = "objection"
    COMMENTED = "comment"
    SILENCE_KEPT = "silence kept"
    REVISED = "draft revised"
    WITHDRAWN = "withdrawn"


class DeliveryStatus(StrEnum):
    """Where one (document, address) delivery stands.

    STARTED: handed to the transport; found so after a crash, it is in doubt. IN_DOUBT: the
    end of data was sent and no reply came. Both wait for a person; FAILED may be retried."""

    STARTED = "started"
    IN_DOUBT = "in-doubt"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Delivery:
    """One (document, address) delivery as the ledger records it."""

    doc: str
    address: str
    status: DeliveryStatus
    message_id: str
    updated: str
    reply: str


@dataclass(frozen=True)
class Attempt:
    """One attempt at a delivery, with the outcome and the server's (or outbox's) reply."""

    at: str
    doc: str
    address: str
    status: DeliveryStatus
    reply: str


@dataclass(frozen=True)
class Lease:
    """Who sends a batch now: one send per batch at a time; `expires` frees a crashed run's."""

    batch_id: str
    holder: str
    started: str
    expires: float


@dataclass(frozen=True)
class BatchRecord:
    """A batch as the ledger knows it."""

    batch_id: str
    flow: str
    created: str
    state: ReviewState


@dataclass(frozen=True)
class Event:
    """One entry of a batch's history."""

    at: str
    action: Action
    actor: str
    note: str


@dataclass(frozen=True)
class ReferenceUse:
    """What a reference number is given to: one document of one batch, dated."""

    batch: str
    doc: str
    kind: str
    state: str  # ISO code; empty for a public statement
    channel: str
    day: date


@dataclass(frozen=True)
class ReferenceRecord:
    """A reference number as the ledger allocated it: `<prefix>/<year>/<nnnn>`."""

    reference: str
    prefix: str
    year: int
    number: int
    use: ReferenceUse
    allocated: str


def format_reference(prefix: str, year: int, number: int) -> str:
    """A reference number as documents print it: 'CCM/ISU/2016/0023'."""
    return f"{prefix}/{year}/{number:04d}"


class Ledger(Protocol):
    """What verbale needs from a ledger, whatever stores it."""

    def register(self, batch_id: str, flow: str) -> None: ...
    def batch(self, batch_id: str) -> BatchRecord | None: ...
    def batches(self) -> list[BatchRecord]: ...
    def approve(
        self,
        batch_id: str,
        actor: str,
        note: str,
        files: Sequence[tuple[str, str, str]],
        excluded: Sequence[str],
        plan: Mapping[str, str],
    ) -> None: ...
    def reject(self, batch_id: str, actor: str, note: str) -> None: ...
    def approved_files(self, batch_id: str) -> dict[str, str]: ...
    def approved_plan(self, batch_id: str) -> dict[str, str]: ...
    def excluded(self, batch_id: str) -> set[str]: ...
    def log(self, batch_id: str, action: Action, actor: str = "", note: str = "") -> None: ...
    def events(self, batch_id: str) -> list[Event]: ...
    def deliveries(self, batch_id: str) -> dict[tuple[str, str], Delivery]: ...
    def mark(
        self,
        batch_id: str,
        doc: str,
        address: str,
        status: DeliveryStatus,
        message_id: str,
        reply: str = "",
    ) -> None: ...
    def attempts(self, batch_id: str) -> list[Attempt]: ...
    def forget(self, batch_id: str, doc: str, address: str) -> None: ...
    def claim(self, batch_id: str, doc: str, address: str, message_id: str) -> bool: ...
    def edited(self, batch_id: str, actor: str, note: str) -> None: ...
    def take_lease(self, batch_id: str, holder: str, seconds: float) -> Lease | None: ...
    def renew_lease(self, batch_id: str, holder: str, seconds: float) -> None: ...
    def release_lease(self, batch_id: str, holder: str) -> None: ...
    def lease(self, batch_id: str) -> Lease | None: ...
    def record_identities(self, batch_id: str, identities: Mapping[str, str]) -> None: ...
    def identities(self, batch_id: str) -> dict[str, str]: ...
    def identity_holders(self, identities: Sequence[str]) -> dict[str, list[tuple[str, str]]]: ...
    def held_identities(self) -> dict[str, list[tuple[str, str]]]: ...
    def wait_for_review(self, batch_id: str, flow_run: str) -> None: ...
    def waiting_run(self, batch_id: str) -> str | None: ...
    def waiting_batch(self, flow_run: str) -> str | None: ...
    def allocate_reference(self, prefix: str, use: ReferenceUse) -> ReferenceRecord: ...
    def references(self) -> list[ReferenceRecord]: ...


def lease_holder() -> str:
    """Who this run is, as a lease names it: host and process id."""
    return f"{socket.gethostname()} pid {os.getpid()}"


def holder_gone(holder: str) -> bool:
    """Whether a lease's holder is a process of this host that no longer runs (killed)."""
    host, _, pid = holder.partition(" pid ")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's run: its lease expires on its own
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def live_lease(ledger: Ledger, batch_id: str) -> Lease | None:
    """The batch's send lease if its holder may still be running; a dead run's is dropped."""
    held = ledger.lease(batch_id)
    if held is not None and holder_gone(held.holder):
        ledger.release_lease(batch_id, held.holder)
        return None
    return held


def now() -> str:
    """The time of an event, to the second, local time with offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")
