"""Login sessions of the review room, kept server-side in the ledger's SQLite file.

The browser holds only a random session id (an HttpOnly cookie); the table keeps its
SHA-256, the reviewer, the CSRF token every POST must carry, and when the session expires.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS web_sessions (
    id TEXT PRIMARY KEY, reviewer TEXT NOT NULL, csrf TEXT NOT NULL, expires REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Session:
    """A logged-in reviewer and the CSRF token of the session."""

    reviewer: str
    csrf: str


class Sessions:
    """Server-side sessions that expire after a fixed lifetime."""

    def __init__(self, path: Path, lifetime: float) -> None:
        self.path = path
        self.lifetime = lifetime
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def open(self, reviewer: str) -> str:
        """Start a session for a reviewer who just logged in; returns the cookie's value."""
        session_id = secrets.token_urlsafe(32)
        expires = time.time() + self.lifetime
        with self._connect() as db:
            db.execute("DELETE FROM web_sessions WHERE expires < ?", (time.time(),))
            db.execute(
                "INSERT INTO web_sessions VALUES (?, ?, ?, ?)",
                (_digest(session_id), reviewer, secrets.token_urlsafe(32), expires),
            )
        return session_id

    def get(self, session_id: str) -> Session | None:
        """The session of a cookie's value, unless unknown or expired."""
        if not session_id:
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT reviewer, csrf, expires FROM web_sessions WHERE id = ?",
                (_digest(session_id),),
            ).fetchone()
        if row is None or row[2] < time.time():
            return None
        return Session(row[0], row[1])

    def close(self, session_id: str) -> None:
        """End a session (log out)."""
        with self._connect() as db:
            db.execute("DELETE FROM web_sessions WHERE id = ?", (_digest(session_id),))


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
