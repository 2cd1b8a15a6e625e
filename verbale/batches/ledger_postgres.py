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
_READY: set[tuple[str, ...]] = set()  # (URL, statements) this process has run


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


class _Link:
    """This process's connection to one database, shared by every ledger of that URL (a new
    one after a fork or once the server closed it), used by one thread at a time."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.RLock()
        self._session: _Session | None = None
        self._pid = 0

    def session(self) -> _Session:
        """The open connection, opened now if need be."""
        session = self._session
        if session is None or session.connection.closed or self._pid != os.getpid():
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
            session = self._session = _Session(connection)
            self._pid = os.getpid()
        return session

    def close(self) -> None:
        """Close this process's connection, if open."""
        if self._session is not None and self._pid == os.getpid():
            self._session.connection.close()
        self._session = None


_LINKS: dict[str, _Link] = {}
_LINKS_LOCK = threading.Lock()


def _link(url: str) -> _Link:
    with _LINKS_LOCK:
        return _LINKS.setdefault(url, _Link(url))


class PostgresLedger(SqlLedger):
    """The ledger in a PostgreSQL database; tables created on first use."""

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self._link = _link(url.get_secret_value())
        self.create_tables(schema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "FLOAT8"))

    def create_tables(self, statements: Sequence[str]) -> None:
        """CREATE TABLE IF NOT EXISTS, under a lock: two processes starting at once would
        otherwise both try to create the same table and one would fail. Once per process."""
        key = (self.url.get_secret_value(), *statements)
        if key in _READY:
            return
        with self._connect() as db, db.connection.transaction():
            db.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            for statement in statements:
                db.execute(statement)
        _READY.add(key)

    @contextmanager
    def _connect(self) -> Iterator[_Session]:
        """The process's connection to the database, for one caller at a time; psycopg's
        errors become LedgerError here, the one boundary."""
        with self._link.lock:
            try:
                yield self._link.session()
            except psycopg.Error as exc:
                raise self._error(exc) from exc

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
        """Close the connection (a new one is opened if a ledger of this URL is used again)."""
        with self._link.lock:
            self._link.close()
