"""Article 3 stockpile destruction: who owes what, and which letter each State gets."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from verbale.convention.directory import ISO_CODES, State
from verbale.tables import Problems, parse_date, parse_enum, read_rows

STOCKPILE_COLUMNS = ("iso2", "obligation", "status", "completed_on", "last_update")


class Obligation(StrEnum):
    """Whether a State Party has stockpiles to destroy under Article 3."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Progress(StrEnum):
    """Where destruction stands as the data records it (empty when there is no obligation)."""

    COMPLETED = "completed"
    IN_PROGRESS = "in-progress"
    UNKNOWN = "unknown"
    NONE = ""


class Article3Letter(StrEnum):
    """The category a State Party falls in for the Article 3 letters."""

    PROGRESS_REQUEST = "article3-progress-request"
    GOOD_PRACTICES_REQUEST = "article3-good-practices-request"
    UNKNOWN = "unknown"
    NONE = "none"


@dataclass(frozen=True)
class Stockpile:
    """One State's Article 3 status."""

    iso2: str
    obligation: Obligation
    progress: Progress
    completed_on: date | None
    last_update: date | None

    def completed_by(self, day: date) -> bool:
        """Whether destruction was complete on a day (an unknown date counts as before)."""
        if self.progress is not Progress.COMPLETED:
            return False
        return self.completed_on is None or self.completed_on <= day


@dataclass(frozen=True)
class Article3Decision:
    """The letter a State gets, and why."""

    letter: Article3Letter
    reason: str


def load_stockpiles(path: Path, states: Collection[str] | None = None) -> dict[str, Stockpile]:
    """Every row of stockpiles.csv; DataError lists every bad row. Given the directory's
    States, a row of any other State is an error too."""
    problems = Problems()
    found: dict[str, Stockpile] = {}
    lines: dict[str, int] = {}
    for row in read_rows(path, STOCKPILE_COLUMNS, problems):
        iso2 = row.get("iso2")
        if iso2 not in ISO_CODES:
            problems.add(row, "iso2", f"{iso2!r} is not an ISO 3166 alpha-2 country code")
        elif states is not None and iso2 not in states:
            problems.add(row, "iso2", f"{iso2} is not a State of the directory (states.csv)")
        elif iso2 in lines:
            problems.add(row, "iso2", f"duplicate State {iso2} (first on line {lines[iso2]})")
        lines.setdefault(iso2, row.line)
        obligation = parse_enum(row, "obligation", Obligation, problems)
        progress = parse_enum(row, "status", Progress, problems)
        completed = parse_date(row, "completed_on", problems)
        update = parse_date(row, "last_update", problems)
        if obligation is not None and progress is not None:
            found[iso2] = Stockpile(iso2, obligation, progress, completed, update)
    problems.raise_if_errors()
    return found


def article3_letter(stockpile: Stockpile | None, as_of: date, update_days: int) -> Article3Decision:
    """The letter for one State Party as of a date; unknown status is never guessed."""
    if stockpile is None or Obligation.UNKNOWN in (stockpile.obligation,):
        return Article3Decision(Article3Letter.UNKNOWN, "stockpile status unknown")
    if stockpile.obligation is Obligation.NO:
        return Article3Decision(Article3Letter.NONE, "no Article 3 obligation")
    if stockpile.completed_by(as_of):
        return Article3Decision(Article3Letter.GOOD_PRACTICES_REQUEST, "destruction completed")
    if stockpile.progress in (Progress.UNKNOWN, Progress.NONE):
        return Article3Decision(Article3Letter.UNKNOWN, "destruction status unknown")
    cutoff = as_of - timedelta(days=update_days)
    update = stockpile.last_update
    if update is not None and cutoff <= update <= as_of:
        return Article3Decision(Article3Letter.NONE, f"progress update of {update}")
    return Article3Decision(Article3Letter.PROGRESS_REQUEST, f"no progress update since {cutoff}")


def article3_letters(
    parties: Iterable[State], stockpiles: Mapping[str, Stockpile], as_of: date, update_days: int
) -> dict[str, Article3Decision]:
    """The Article 3 category of every State Party as of a date (Art. 3(2), Art. 7(1)(e))."""
    return {s.iso2: article3_letter(stockpiles.get(s.iso2), as_of, update_days) for s in parties}
