"""Reading spreadsheet-friendly CSV files, collecting every problem with its line."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TypeVar

from verbale.errors import DataError, Problem

E = TypeVar("E", bound=Enum)

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Row:
    """One record of a CSV file with the line on which it ends."""

    path: Path
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        """The field's value, stripped; an absent column reads as empty."""
        return (self.values.get(name) or "").strip()


@dataclass
class Problems:
    """Collects problems so a check can report all of them, not just the first."""

    items: list[Problem] = field(default_factory=list)

    def add(self, row: Row, name: str, message: str, *, warning: bool = False) -> None:
        """Record a problem in a field of a row."""
        self.items.append(Problem(row.path, row.line, name, message, warning))

    def add_at(self, path: Path, line: int, name: str, message: str) -> None:
        """Record a problem at a place that is not a row (a missing file, a header)."""
        self.items.append(Problem(path, line, name, message))

    @property
    def errors(self) -> list[Problem]:
        """The problems that are not mere warnings."""
        return [p for p in self.items if not p.warning]

    def raise_if_errors(self, error: type[DataError] = DataError) -> None:
        """Raise the given error with every problem if any is an error."""
        if self.errors:
            raise error(self.items)


def read_rows(path: Path, columns: Sequence[str], problems: Problems) -> list[Row]:
    """Every record of a CSV file; a missing file or column is recorded as a problem."""
    if not path.is_file():
        problems.add_at(path, 0, "file", "file not found")
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        for name in missing:
            problems.add_at(path, 1, name, "column missing from the header")
        return list(_rows(path, reader)) if not missing else []


def _rows(path: Path, reader: csv.DictReader[str]) -> Iterator[Row]:
    for values in reader:
        if any((v or "").strip() for v in values.values() if isinstance(v, str)):
            yield Row(path, reader.line_num, {k: v or "" for k, v in values.items() if k})


def control_characters(text: str) -> bool:
    """Whether text holds a CR, LF, other control character, or a Unicode line or paragraph
    separator (U+2028, U+2029): each breaks a header or a line (header injection)."""
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def check_controls(row: Row, problems: Problems) -> None:
    """Record every field of a row that holds a control character."""
    for name, value in row.values.items():
        if control_characters(value):
            problems.add(row, name, "contains a line break or control character")


def parse_date(row: Row, name: str, problems: Problems, *, required: bool = False) -> date | None:
    """An ISO date (YYYY-MM-DD) from a field, or None; bad or missing values recorded."""
    text = row.get(name)
    if not text:
        if required:
            problems.add(row, name, "a date is required (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(row, name, f"{text!r} is not a date (YYYY-MM-DD)")
        return None


def parse_enum(row: Row, name: str, kind: type[E], problems: Problems) -> E | None:
    """A member of an enum from a field, or None with the problem recorded."""
    text = row.get(name)
    try:
        return kind(text)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        problems.add(row, name, f"{text!r} is not one of: {allowed}")
        return None


def parse_emails(row: Row, name: str, problems: Problems) -> tuple[str, ...]:
    """The `;`-separated e-mail addresses of a field; malformed ones recorded."""
    addresses = tuple(a.strip() for a in row.get(name).split(";") if a.strip())
    for address in addresses:
        if not _EMAIL.match(address):
            problems.add(row, name, f"{address!r} is not a valid e-mail address")
    return addresses
