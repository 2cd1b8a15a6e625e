"""The ledger in one SQLite file in the work directory: the embedded default."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from verbale.batches.ledger_sql import SqlLedger, schema
from verbale.errors import LedgerError


class SqliteLedger(SqlLedger):
    """The ledger in one SQLite file; every write its own short transaction."""

    def __init__(self, path: Path, *, must_exist: bool = False) -> None:
        """Open the ledger; with must_exist, a missing or empty file is an error, never a new
        empty ledger (batches in drafts/ would lose their approvals and deliveries)."""
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        if must_exist and (not path.is_file() or path.stat().st_size == 0):
            raise LedgerError(
                f"{path}: the ledger is missing or empty but batches exist in the drafts "
                "folder; restore it from a backup (nothing is sent without it)"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LedgerError(f"{path.parent}: cannot create the work directory: {exc}") from exc
        self.create_tables(schema("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL"))

    def create_tables(self, statements: Sequence[str]) -> None:
        """One immediate transaction: another process creating them waits."""
        with self._transaction() as db:
            for statement in statements:
                db.execute(statement)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The ledger's one connection, for one caller at a time; SQLite's errors become
        LedgerError here, the one boundary. Kept open: closing the last connection to a WAL
        database checkpoints it, which cost more than the writes of a delivery."""
        with self._lock:
            try:
                if self._db is None:
                    db = sqlite3.connect(
                        self.path, timeout=30, isolation_level=None, check_same_thread=False
                    )
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA busy_timeout=30000")
                    self._db = db
                yield self._db
            except sqlite3.Error as exc:
                raise LedgerError(f"{self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE): other processes wait."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
