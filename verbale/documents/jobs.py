"""A document job: one document to render, with its values and where it goes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentJob:
    """One document to render: which template, which values, where it goes."""

    doc_id: str
    kind: str
    lang: str
    fallback: bool
    state: str
    channel: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str
    context: Mapping[str, Any]
    encloses: tuple[str, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)
    reference: str = ""

    @property
    def filename(self) -> str:
        """The draft's file name inside the batch folder."""
        return f"{self.doc_id}.docx"
