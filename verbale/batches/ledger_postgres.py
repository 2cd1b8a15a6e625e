"""The ledger in PostgreSQL (VERBALE_LEDGER_URL), shared by workers on several machines.

Same tables and queries as SQLite (verbale.batches.ledger_sql). Every write transaction
first takes one transaction-level advisory lock, the counterpart of SQLite's BEGIN
IMMEDIATE: a claim, a lease or a reference number is read and written by one run at a time,
whichever machine it runs on. psycopg's errors become LedgerError here, naming the server
and database, never the password.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from verbale.batches.ledger_sql import SqlLedger, schema
from verbale.database_url import DatabaseUrl, hide_password
from verbale.errors import LedgerError

# Advisory lock keys (any fixed numbers, the same in every process): one for creating the
# schema, one for the write transactions.
SCHEMA_LOCK = 0x766572626C01
WRITE_LOCK = 0x766572626C02
CONNECT_TIMEOUT = 10  # seconds: an unreachable server is an error, not a hang
_READY: set[str] = set()  # URLs whose schema this process has made sure of


class _Session:
    """A psycopg connection that takes the ledger's `?` parameters."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        return self.connection.execute(_placeholders(sql), parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(_placeholders(sql), list(rows))


def _placeholders(sql: str) -> str:
    """psycopg marks parameters %s; the ledger's SQL has no other `?` nor `%`."""
    return sql.replace("?", "%s")


class PostgresLedger(SqlLedger):
    """The ledger in a PostgreSQL database; tables created on first use."""

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self._session: _Session | None = None
        self._pid = 0
        self._lock = threading.RLock()
        if url.get_secret_value() not in _READY:
            self._create_schema()
            _READY.add(url.get_secret_value())

    def _create_schema(self) -> None:
        """CREATE TABLE IF NOT EXISTS, under a lock: two processes starting at once would
        otherwise both try to create the same table and one would fail."""
        with self._connect() as db, db.connection.transaction():
            db.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            for statement in schema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "FLOAT8"):
                db.execute(statement)

    @contextmanager
    def _connect(self) -> Iterator[_Session]:
        """The ledger's one connection (a new one after a fork or a lost connection), for one
        caller at a time; psycopg's errors become LedgerError here, the one boundary."""
        with self._lock:
            try:
                yield self._open()
            except psycopg.Error as exc:
                raise self._error(exc) from exc

    def _open(self) -> _Session:
        session = self._session
        if session is None or session.connection.closed or self._pid != os.getpid():
            connection = psycopg.connect(
                self.url.get_secret_value(), autocommit=True, connect_timeout=CONNECT_TIMEOUT
            )
            session = self._session = _Session(connection)
            self._pid = os.getpid()
        return session

    def _error(self, exc: psycopg.Error) -> LedgerError:
        """One line naming the server and database (the password masked)."""
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        detail = hide_password(
            lines[0] if lines else type(exc).__name__, self.url.get_secret_value()
        )
        return LedgerError(f"ledger {self.url}: {detail}")

    @contextmanager
    def _transaction(self) -> Iterator[_Session]:
        """One write transaction, holding the ledger's write lock until it ends."""
        with self._connect() as db, db.connection.transaction():
            db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield db

    def close(self) -> None:
        """Close the connection (a new one is opened if the ledger is used again)."""
        with self._lock:
            if self._session is not None and self._pid == os.getpid():
                self._session.connection.close()
            self._session = None
