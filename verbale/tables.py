"""Reading spreadsheet-friendly CSV files, collecting every problem with its line."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TypeVar

from verbale.errors import DataError, Problem

E = TypeVar("E", bound=Enum)
CONTROL = "contains a line break or control character"

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Row:
    """One record of a CSV file with the line on which it starts."""

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
    unreadable: set[Path] = field(default_factory=set)
    controlled: set[tuple[Path, int, str]] = field(default_factory=set)

    def add(self, row: Row, name: str, message: str, *, warning: bool = False) -> None:
        """Record a problem in a field of a row, unless the field holds a control character
        (already reported: its other problems follow from it)."""
        place = (row.path, row.line, name)
        if place in self.controlled:
            return
        if message == CONTROL:
            self.controlled.add(place)
        self.items.append(Problem(row.path, row.line, name, message, warning))

    def add_at(self, path: Path, line: int, name: str, message: str) -> None:
        """Record a problem at a place that is not a row (a missing file, a header)."""
        self.items.append(Problem(path, line, name, message))

    def add_unreadable(self, path: Path, line: int, name: str, message: str) -> None:
        """Record a problem that stops a file from being read record by record."""
        self.add_at(path, line, name, message)
        self.unreadable.add(path)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are not mere warnings."""
        return [p for p in self.items if not p.warning]

    def raise_if_errors(self, error: type[DataError] = DataError) -> None:
        """Raise the given error with every problem if any is an error."""
        if self.errors:
            raise error(self.items)


def read_rows(path: Path, columns: Sequence[str], problems: Problems) -> list[Row]:
    """Every record of a CSV file, each with the line it starts on.

    A file that cannot be read record by record (missing, not UTF-8, empty, a column missing
    from its header, a record with more or fewer fields than the header) is recorded as a
    problem and marked unreadable, so that checks across files do not add follow-on lines.
    """
    if not path.is_file():
        problems.add_unreadable(path, 0, "file", "file not found")
        return []
    text = _decode(path, problems)
    if text is not None and not text.strip():
        expected = ",".join(columns)
        problems.add_unreadable(path, 1, "file", f"empty file: no header row (expected {expected})")
        return []
    return [] if text is None else _records(path, text, columns, problems)


def _decode(path: Path, problems: Problems) -> str | None:
    """The text of a UTF-8 file (a byte-order mark allowed), or None with the problem recorded."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = (
            f"not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8 (in Excel: CSV UTF-8)"
        )
        problems.add_unreadable(path, line, "file", message)
        return None


def _records(path: Path, text: str, columns: Sequence[str], problems: Problems) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in columns if c not in header]
        for name in missing:
            problems.add_unreadable(path, 1, name, "column missing from the header")
        if missing:
            return []
        start = reader.line_num + 1
        for fields in reader:
            line, start = start, reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue
            extra = any(f.strip() for f in fields[len(header) :])
            if len(fields) < len(header) or extra:
                message = f"{len(fields)} fields where the header has {len(header)}"
                problems.add_unreadable(path, line, "row", message)
                continue
            rows.append(Row(path, line, dict(zip(header, fields, strict=False))))
    except csv.Error as exc:
        problems.add_unreadable(path, reader.line_num, "file", f"not a readable CSV file: {exc}")
        return []
    return rows


def control_characters(text: str) -> bool:
    """Whether text holds a CR, LF, other control character, or a Unicode line or paragraph
    separator (U+2028, U+2029): each breaks a header or a line (header injection)."""
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


def check_controls(row: Row, problems: Problems) -> None:
    """Record every field of a row that holds a control character."""
    for name, value in row.values.items():
        if control_characters(value):
            problems.add(row, name, CONTROL)


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
