"""The ledger's SQL, written once for SQLite and PostgreSQL.

Both engines take the same statements: `?` marks a parameter (the PostgreSQL connection
rewrites it), upserts are `INSERT ... ON CONFLICT`, times are ISO text and lease expiries
seconds since the epoch. Only the schema's counter and floating-point types differ, and how
a write transaction is made exclusive: SQLite's BEGIN IMMEDIATE, a PostgreSQL advisory lock.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, Protocol

from verbale.batches.ledger import (
    Action,
    Attempt,
    BatchRecord,
    Delivery,
    DeliveryStatus,
    Event,
    Lease,
    ReferenceRecord,
    ReferenceUse,
    ReviewState,
    format_reference,
    now,
)


class Rows(Protocol):
    """What a statement returns: its rows, and how many it changed."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Statements(Protocol):
    """A connection as the queries use it (sqlite3's, or psycopg's behind a thin adapter)."""

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Rows: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> object: ...


def schema(serial: str, real: str) -> list[str]:
    """The CREATE statements, with the engine's auto-increment key and float type."""
    text = SCHEMA.replace("{serial}", serial).replace("{real}", real)
    return [s.strip() for s in text.split(";") if s.strip()]


SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY, flow TEXT NOT NULL, created TEXT NOT NULL, state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq {serial}, batch TEXT NOT NULL, at TEXT NOT NULL,
    action TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS approved_files (
    batch TEXT NOT NULL, doc TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
    PRIMARY KEY (batch, path)
);
CREATE TABLE IF NOT EXISTS exclusions (
    batch TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch, doc)
);
CREATE TABLE IF NOT EXISTS waiting_runs (
    batch TEXT PRIMARY KEY, flow_run TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS approved_documents (
    batch TEXT NOT NULL, doc TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (batch, doc)
);
CREATE TABLE IF NOT EXISTS attempts (
    seq {serial}, batch TEXT NOT NULL, doc TEXT NOT NULL,
    address TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL, reply TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS send_leases (
    batch TEXT PRIMARY KEY, holder TEXT NOT NULL, started TEXT NOT NULL, expires {real} NOT NULL
);
CREATE TABLE IF NOT EXISTS identities (
    batch TEXT NOT NULL, doc TEXT NOT NULL, identity TEXT NOT NULL, PRIMARY KEY (batch, doc)
);
CREATE INDEX IF NOT EXISTS identities_by_identity ON identities (identity);
CREATE TABLE IF NOT EXISTS deliveries (
    batch TEXT NOT NULL, doc TEXT NOT NULL, address TEXT NOT NULL, status TEXT NOT NULL,
    message_id TEXT NOT NULL, updated TEXT NOT NULL, reply TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (batch, doc, address)
);
CREATE TABLE IF NOT EXISTS reference_numbers (
    prefix TEXT NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL,
    reference TEXT NOT NULL UNIQUE, batch TEXT NOT NULL, doc TEXT NOT NULL,
    kind TEXT NOT NULL, state TEXT NOT NULL, channel TEXT NOT NULL, day TEXT NOT NULL,
    allocated TEXT NOT NULL, PRIMARY KEY (prefix, year, number)
);
"""


class SqlLedger(ABC):
    """The ledger's queries, in the SQL that SQLite and PostgreSQL both speak (`?` marks a
    parameter). A subclass opens the connection, translates the driver's errors, and makes
    every write transaction exclusive, so that a claim, a lease or a reference number is
    read and written by one run at a time."""

    @abstractmethod
    def _connect(self) -> AbstractContextManager[Statements]:
        """The connection, each statement committed on its own; driver errors -> LedgerError."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Statements]:
        """One exclusive write transaction, rolled back on error."""

    @abstractmethod
    def create_tables(self, statements: Sequence[str]) -> None:
        """Run CREATE ... IF NOT EXISTS statements, safely when processes start at once."""

    def connection(self) -> AbstractContextManager[Statements]:
        """The ledger's connection, for the tables kept beside it (reviewer accounts)."""
        return self._connect()

    def register(self, batch_id: str, flow: str) -> None:
        """Record a new batch awaiting review."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?)",
                (batch_id, flow, now(), ReviewState.AWAITING.value),
            )
            _event(db, batch_id, Action.CREATED)

    def batch(self, batch_id: str) -> BatchRecord | None:
        """The batch's record, if the ledger has it."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return _record(row) if row else None

    def batches(self) -> list[BatchRecord]:
        """Every batch, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM batches ORDER BY created, id").fetchall()
        return [_record(r) for r in rows]

    def approve(
        self,
        batch_id: str,
        actor: str,
        note: str,
        files: Sequence[tuple[str, str, str]],
        excluded: Sequence[str],
        plan: Mapping[str, str],
    ) -> None:
        """Record an approval: the hash of every file (doc, path, sha256) as it is now, the
        exclusions, and the send plan (each document's entry as JSON, by id)."""
        with self._transaction() as db:
            db.execute("DELETE FROM approved_files WHERE batch = ?", (batch_id,))
            db.execute("DELETE FROM exclusions WHERE batch = ?", (batch_id,))
            db.execute("DELETE FROM approved_documents WHERE batch = ?", (batch_id,))
            db.executemany(
                "INSERT INTO approved_documents VALUES (?, ?, ?)",
                [(batch_id, doc, entry) for doc, entry in plan.items()],
            )
            db.executemany(
                "INSERT INTO approved_files VALUES (?, ?, ?, ?)", [(batch_id, *f) for f in files]
            )
            db.executemany(
                "INSERT INTO exclusions VALUES (?, ?)", [(batch_id, d) for d in excluded]
            )
            _set_state(db, batch_id, ReviewState.APPROVED)
            _event(db, batch_id, Action.APPROVED, actor, note)
            if excluded:
                _event(db, batch_id, Action.EXCLUDED, actor, ", ".join(sorted(excluded)))

    def reject(self, batch_id: str, actor: str, note: str) -> None:
        """Record a final rejection."""
        with self._transaction() as db:
            _set_state(db, batch_id, ReviewState.REJECTED)
            _event(db, batch_id, Action.REJECTED, actor, note)

    def edited(self, batch_id: str, actor: str, note: str) -> None:
        """Record a reviewer's edit of a draft: any earlier approval of the batch lapses."""
        with self._transaction() as db:
            db.execute("DELETE FROM approved_files WHERE batch = ?", (batch_id,))
            db.execute("DELETE FROM exclusions WHERE batch = ?", (batch_id,))
            _set_state(db, batch_id, ReviewState.AWAITING)
            _event(db, batch_id, Action.EDITED, actor, note)

    def approved_files(self, batch_id: str) -> dict[str, str]:
        """The approved hash of every file of a batch, by path."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT path, sha256 FROM approved_files WHERE batch = ?", (batch_id,)
            ).fetchall()
        return dict(rows)

    def approved_plan(self, batch_id: str) -> dict[str, str]:
        """The approved entry (JSON) of every document of a batch, by document id."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT doc, entry FROM approved_documents WHERE batch = ?", (batch_id,)
            ).fetchall()
        return dict(rows)

    def excluded(self, batch_id: str) -> set[str]:
        """The documents a reviewer excluded from sending."""
        with self._connect() as db:
            rows = db.execute("SELECT doc FROM exclusions WHERE batch = ?", (batch_id,))
            return {r[0] for r in rows.fetchall()}

    def log(self, batch_id: str, action: Action, actor: str = "", note: str = "") -> None:
        """Add an entry to a batch's history."""
        with self._connect() as db:
            _event(db, batch_id, action, actor, note)

    def events(self, batch_id: str) -> list[Event]:
        """A batch's history, in order."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT at, action, actor, note FROM events WHERE batch = ? ORDER BY seq",
                (batch_id,),
            ).fetchall()
        return [Event(at, Action(action), actor, note) for at, action, actor, note in rows]

    def deliveries(self, batch_id: str) -> dict[tuple[str, str], Delivery]:
        """Every recorded delivery of a batch, by (document, address)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT doc, address, status, message_id, updated, reply "
                "FROM deliveries WHERE batch = ?",
                (batch_id,),
            ).fetchall()
        return {(r[0], r[1]): Delivery(r[0], r[1], DeliveryStatus(r[2]), *r[3:]) for r in rows}

    def mark(
        self,
        batch_id: str,
        doc: str,
        address: str,
        status: DeliveryStatus,
        message_id: str,
        reply: str = "",
    ) -> None:
        """Record a delivery's status and keep the attempt, with its reply, in the history."""
        at = now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                "(batch, doc, address) DO UPDATE SET status = excluded.status, "
                "updated = excluded.updated, reply = excluded.reply",
                (batch_id, doc, address, status.value, message_id, at, reply),
            )
            db.execute(
                "INSERT INTO attempts (batch, doc, address, at, status, reply) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (batch_id, doc, address, at, status.value, reply),
            )

    def attempts(self, batch_id: str) -> list[Attempt]:
        """Every recorded attempt of a batch's deliveries, in order."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT at, doc, address, status, reply FROM attempts WHERE batch = ? ORDER BY seq",
                (batch_id,),
            ).fetchall()
        return [Attempt(r[0], r[1], r[2], DeliveryStatus(r[3]), r[4]) for r in rows]

    def claim(self, batch_id: str, doc: str, address: str, message_id: str) -> bool:
        """Mark a delivery STARTED if nobody has (or it failed before); False if it is done,
        in doubt or being sent by another run. One transaction: two runs cannot both win."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT status FROM deliveries WHERE batch = ? AND doc = ? AND address = ?",
                (batch_id, doc, address),
            ).fetchone()
            if row is not None and row[0] != DeliveryStatus.FAILED.value:
                return False
            db.execute(
                "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, '') ON CONFLICT "
                "(batch, doc, address) DO UPDATE SET status = excluded.status, "
                "message_id = excluded.message_id, updated = excluded.updated, reply = ''",
                (batch_id, doc, address, DeliveryStatus.STARTED.value, message_id, now()),
            )
            return True

    def forget(self, batch_id: str, doc: str, address: str) -> None:
        """Drop a delivery record (a delivery in doubt that a person chose to resend)."""
        with self._connect() as db:
            db.execute(
                "DELETE FROM deliveries WHERE batch = ? AND doc = ? AND address = ?",
                (batch_id, doc, address),
            )

    def take_lease(self, batch_id: str, holder: str, seconds: float) -> Lease | None:
        """Take the batch's send lease; None if taken, else the lease another run holds."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT batch, holder, started, expires FROM send_leases WHERE batch = ?",
                (batch_id,),
            ).fetchone()
            if row is not None and row[1] != holder and row[3] > time.time():
                return Lease(*row)
            db.execute(
                "INSERT INTO send_leases VALUES (?, ?, ?, ?) ON CONFLICT (batch) DO UPDATE "
                "SET holder = excluded.holder, started = excluded.started, "
                "expires = excluded.expires",
                (batch_id, holder, now(), time.time() + seconds),
            )
            return None

    def renew_lease(self, batch_id: str, holder: str, seconds: float) -> None:
        """Push the expiry of a lease this run holds."""
        with self._connect() as db:
            db.execute(
                "UPDATE send_leases SET expires = ? WHERE batch = ? AND holder = ?",
                (time.time() + seconds, batch_id, holder),
            )

    def release_lease(self, batch_id: str, holder: str) -> None:
        """Give the lease up (the run ended, or its holder is known to be dead)."""
        with self._connect() as db:
            db.execute("DELETE FROM send_leases WHERE batch = ? AND holder = ?", (batch_id, holder))

    def lease(self, batch_id: str) -> Lease | None:
        """The batch's unexpired send lease, if a run holds one."""
        with self._connect() as db:
            row = db.execute(
                "SELECT batch, holder, started, expires FROM send_leases "
                "WHERE batch = ? AND expires > ?",
                (batch_id, time.time()),
            ).fetchone()
        return Lease(*row) if row else None

    def record_identities(self, batch_id: str, identities: Mapping[str, str]) -> None:
        """Record what each document of a batch is (its identity), by document id."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO identities VALUES (?, ?, ?) ON CONFLICT (batch, doc) "
                "DO UPDATE SET identity = excluded.identity",
                [(batch_id, doc, identity) for doc, identity in identities.items()],
            )

    def identities(self, batch_id: str) -> dict[str, str]:
        """The identity of each document of a batch, by document id."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT doc, identity FROM identities WHERE batch = ?", (batch_id,)
            ).fetchall()
        return dict(rows)

    def identity_holders(self, identities: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """For each identity, the (batch, document) pairs of batches not rejected holding it."""
        found: dict[str, list[tuple[str, str]]] = {}
        with self._connect() as db:
            for start in range(0, len(identities), 500):
                chunk = list(identities[start : start + 500])
                marks = ", ".join("?" * len(chunk))
                rows = db.execute(
                    "SELECT i.identity, i.batch, i.doc FROM identities i JOIN batches b "
                    f"ON b.id = i.batch WHERE b.state != ? AND i.identity IN ({marks}) "
                    "ORDER BY i.batch",
                    (ReviewState.REJECTED.value, *chunk),
                ).fetchall()
                for identity, batch, doc in rows:
                    found.setdefault(identity, []).append((batch, doc))
        return found

    def held_identities(self) -> dict[str, list[tuple[str, str]]]:
        """Every identity of a batch not rejected, with the (batch, document) pairs holding it."""
        found: dict[str, list[tuple[str, str]]] = {}
        with self._connect() as db:
            rows = db.execute(
                "SELECT i.identity, i.batch, i.doc FROM identities i JOIN batches b "
                "ON b.id = i.batch WHERE b.state != ? ORDER BY i.batch",
                (ReviewState.REJECTED.value,),
            ).fetchall()
        for identity, batch, doc in rows:
            found.setdefault(identity, []).append((batch, doc))
        return found

    def wait_for_review(self, batch_id: str, flow_run: str) -> None:
        """Record the flow run that waits for this batch's review (served mode)."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO waiting_runs VALUES (?, ?) ON CONFLICT (batch) "
                "DO UPDATE SET flow_run = excluded.flow_run",
                (batch_id, flow_run),
            )

    def waiting_run(self, batch_id: str) -> str | None:
        """The flow run waiting for this batch's review, if any."""
        with self._connect() as db:
            row = db.execute(
                "SELECT flow_run FROM waiting_runs WHERE batch = ?", (batch_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def waiting_batch(self, flow_run: str) -> str | None:
        """The batch a flow run drafted and waits (or waited) for, if any: a suspended run
        started again from the top finds its batch here instead of drafting another."""
        with self._connect() as db:
            row = db.execute(
                "SELECT batch FROM waiting_runs WHERE flow_run = ?", (flow_run,)
            ).fetchone()
        return str(row[0]) if row else None

    def allocate_reference(self, prefix: str, use: ReferenceUse) -> ReferenceRecord:
        """The next number of a sender's year, recorded with its use; never given twice.

        One immediate transaction: two runs drafting at the same moment wait for each other
        and get consecutive numbers. A number is kept even if its batch never completes."""
        year = use.day.year
        with self._transaction() as db:
            (last,) = db.execute(
                "SELECT COALESCE(MAX(number), 0) FROM reference_numbers "
                "WHERE prefix = ? AND year = ?",
                (prefix, year),
            ).fetchone()
            record = ReferenceRecord(
                format_reference(prefix, year, last + 1), prefix, year, last + 1, use, now()
            )
            db.execute(
                "INSERT INTO reference_numbers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _reference_row(record),
            )
        return record

    def references(self) -> list[ReferenceRecord]:
        """Every reference number allocated, by sender prefix, year and number."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT prefix, year, number, reference, batch, doc, kind, state, channel, day, "
                "allocated FROM reference_numbers ORDER BY prefix, year, number"
            ).fetchall()
        return [
            ReferenceRecord(
                r[3],
                r[0],
                r[1],
                r[2],
                ReferenceUse(r[4], r[5], r[6], r[7], r[8], date.fromisoformat(r[9])),
                r[10],
            )
            for r in rows
        ]


def _reference_row(record: ReferenceRecord) -> tuple[str | int, ...]:
    use = record.use
    return (
        record.prefix,
        record.year,
        record.number,
        record.reference,
        use.batch,
        use.doc,
        use.kind,
        use.state,
        use.channel,
        use.day.isoformat(),
        record.allocated,
    )


def _event(db: Statements, batch_id: str, action: Action, actor: str = "", note: str = "") -> None:
    db.execute(
        "INSERT INTO events (batch, at, action, actor, note) VALUES (?, ?, ?, ?, ?)",
        (batch_id, now(), action.value, actor, note),
    )


def _set_state(db: Statements, batch_id: str, state: ReviewState) -> None:
    db.execute("UPDATE batches SET state = ? WHERE id = ?", (state.value, batch_id))


def _record(row: Mapping[int, str] | tuple[str, ...]) -> BatchRecord:
    return BatchRecord(row[0], row[1], row[2], ReviewState(row[3]))
