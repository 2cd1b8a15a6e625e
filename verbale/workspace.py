"""The work directory's layout, in one place: drafts, batch folders, outbox and ledger.

```
<work_dir>/
  ledger.sqlite           review state, approvals, deliveries, reviewer accounts (unless
                          the ledger is in PostgreSQL: VERBALE_LEDGER_URL); review sessions
  drafts/<batch-id>/      a batch: its .docx and .pdf files and manifest.json
  outbox/<batch-id>/      the .eml files of the outbox transport
  previews/<batch-id>/    page images of the review room, made once from each PDF
  published/<incident>/   the website's copy of each sent statement: HTML page, Atom entry
  circulation.key         signs the links Committee members answer a circulated draft by
```
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from verbale.database_url import DatabaseUrl

NO_URL = DatabaseUrl("")  # the ledger in the work directory's SQLite file

if TYPE_CHECKING:
    from verbale.batches.ledger_sql import SqlLedger
    from verbale.batches.reviewers import Reviewers


@dataclass(frozen=True)
class Workspace:
    """A work directory; no other module spells its paths."""

    root: Path
    ledger_url: DatabaseUrl = NO_URL

    @property
    def drafts(self) -> Path:
        """The folder of every batch."""
        return self.root / "drafts"

    def batch_folder(self, batch_id: str) -> Path:
        """The folder of one batch."""
        return self.drafts / batch_id

    def outbox(self, batch_id: str) -> Path:
        """Where the outbox transport writes a batch's messages."""
        return self.root / "outbox" / batch_id

    def previews(self, batch_id: str) -> Path:
        """Where the review room keeps a batch's page images."""
        return self.root / "previews" / batch_id

    def published(self, name: str) -> Path:
        """Where the website's files of one statement (named by its incident) are copied
        when its batch is sent."""
        return self.root / "published" / name

    @property
    def circulation_key(self) -> Path:
        """The secret that signs Committee members' links to answer a circulated draft."""
        return self.root / "circulation.key"

    @property
    def ledger_file(self) -> Path:
        """The SQLite ledger."""
        return self.root / "ledger.sqlite"

    def has_batches(self) -> bool:
        """Whether any batch folder exists (then the ledger must exist too)."""
        return self.drafts.is_dir() and any(
            p.is_dir() and not p.name.startswith(".") for p in self.drafts.iterdir()
        )

    def staging_folder(self, batch_id: str) -> Path:
        """Where a batch is written before it is complete; renamed to its folder when done."""
        return self.drafts / f".{batch_id}.partial"

    @cached_property
    def ledger(self) -> SqlLedger:
        """The ledger, opened once: in PostgreSQL when a URL is set, else the work directory's
        SQLite file, never silently re-created empty while batches exist."""
        if self.ledger_url.is_set:
            from verbale.batches.ledger_postgres import PostgresLedger

            return PostgresLedger(self.ledger_url)
        from verbale.batches.ledger_sqlite import SqliteLedger

        return SqliteLedger(self.ledger_file, must_exist=self.has_batches())

    @cached_property
    def reviewers(self) -> Reviewers:
        """The reviewer accounts, in the ledger."""
        from verbale.batches.reviewers import Reviewers

        return Reviewers(self.ledger)
