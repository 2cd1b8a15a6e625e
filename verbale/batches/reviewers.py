"""Reviewer accounts: who may decide on a batch, each a person with a password.

Passwords are kept as argon2 hashes; a reviewer's personal token (for scripts) as its
SHA-256, since it is a long random string. The accounts live in the ledger (its SQLite file,
or its PostgreSQL database), in a table of their own.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from verbale.batches.ledger import now
from verbale.batches.ledger_sql import SqlLedger
from verbale.errors import AuthenticationError, ReviewError
from verbale.tables import control_characters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviewers (
    name TEXT PRIMARY KEY, email TEXT NOT NULL, password TEXT NOT NULL,
    token TEXT NOT NULL DEFAULT '', created TEXT NOT NULL
);
"""
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Compared against when the name is unknown, so that an unknown name costs the same time.
_DUMMY = _HASHER.hash("verbale: no such reviewer")


@dataclass(frozen=True)
class Reviewer:
    """A person who may approve or reject a batch."""

    name: str
    email: str


class Reviewers:
    """The reviewer accounts, in the ledger."""

    def __init__(self, ledger: SqlLedger) -> None:
        ledger.create_tables([_SCHEMA])
        self._connect = ledger.connection

    def add(self, name: str, email: str, password: str) -> Reviewer:
        """Create an account; the name must be new, the password long enough."""
        name, email = name.strip(), email.strip()
        if not name or control_characters(name) or control_characters(email):
            raise ReviewError("reviewer: a name without control characters is required")
        if "@" not in email:
            raise ReviewError(f"--email: {email!r} is not an e-mail address")
        if len(password) < MIN_PASSWORD:
            raise ReviewError(f"password: at least {MIN_PASSWORD} characters")
        if self.get(name) is not None:
            raise ReviewError(f"reviewer {name!r} exists already")
        with self._connect() as db:
            db.execute(
                "INSERT INTO reviewers (name, email, password, created) VALUES (?, ?, ?, ?)",
                (name, email, _HASHER.hash(password), now()),
            )
        return Reviewer(name, email)

    def get(self, name: str) -> Reviewer | None:
        """The account of this name, if any."""
        with self._connect() as db:
            row = db.execute("SELECT name, email FROM reviewers WHERE name = ?", (name,)).fetchone()
        return Reviewer(*row) if row else None

    def all(self) -> list[Reviewer]:
        """Every account, by name."""
        with self._connect() as db:
            rows = db.execute("SELECT name, email FROM reviewers ORDER BY name").fetchall()
        return [Reviewer(*row) for row in rows]

    def authenticate(self, name: str, password: str) -> Reviewer:
        """The reviewer whose password this is; AuthenticationError otherwise."""
        with self._connect() as db:
            row = db.execute(
                "SELECT name, email, password FROM reviewers WHERE name = ?", (name,)
            ).fetchone()
        try:
            _HASHER.verify(row[2] if row else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            raise AuthenticationError("unknown reviewer or wrong password") from None
        if row is None:
            raise AuthenticationError("unknown reviewer or wrong password")
        return Reviewer(row[0], row[1])

    def new_token(self, name: str) -> str:
        """A new personal token for scripts (replacing any earlier one); shown once."""
        token = secrets.token_urlsafe(32)
        with self._connect() as db:
            db.execute("UPDATE reviewers SET token = ? WHERE name = ?", (_digest(token), name))
        return token

    def by_token(self, token: str) -> Reviewer:
        """The reviewer a personal token belongs to; AuthenticationError otherwise."""
        if not token:
            raise AuthenticationError("no reviewer token")
        with self._connect() as db:
            row = db.execute(
                "SELECT name, email FROM reviewers WHERE token = ?", (_digest(token),)
            ).fetchone()
        if row is None:
            raise AuthenticationError("the reviewer token is not valid")
        return Reviewer(*row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
