"""Beyond the missions: the media list and the civil society partners a statement reaches.

Files (UTF-8 CSV, one header row), in the recipients folder, both optional:
    media.csv     outlet,language,email,countries  (countries: ISO codes the outlet covers,
                  separated by `;`)
    partners.csv  partner,language,email

Each outlet gets the press release, and each partner the statement, in its own language.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from verbale.convention.directory import ISO_CODES
from verbale.errors import DirectoryError
from verbale.languages import Language
from verbale.tables import Problems, Row, check_controls, parse_emails, parse_enum, read_rows

MEDIA = "media.csv"
PARTNERS = "partners.csv"
MEDIA_COLUMNS = ("outlet", "language", "email", "countries")
PARTNER_COLUMNS = ("partner", "language", "email")


class Audience(StrEnum):
    """Who, beyond the missions and capitals, receives a statement (the channel of its
    documents)."""

    MEDIA = "media"
    PARTNERS = "partners"


@dataclass(frozen=True)
class Addressee:
    """A media outlet or a partner: its name, language and e-mail address."""

    audience: Audience
    name: str
    language: Language
    email: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outreach:
    """The media list and the partners, loaded and valid."""

    media: tuple[Addressee, ...] = ()
    partners: tuple[Addressee, ...] = ()

    def of(self, audience: Audience) -> tuple[Addressee, ...]:
        """The addressees of one audience."""
        return self.media if audience is Audience.MEDIA else self.partners


def check_outreach(folder: Path, states: Collection[str] | None = None) -> Problems:
    """Every problem of media.csv and partners.csv (a file left out is no problem)."""
    problems = Problems()
    _read(folder, states, problems)
    return problems


def load_outreach(folder: Path) -> Outreach:
    """The media list and the partners; DirectoryError lists every problem."""
    problems = Problems()
    outreach = _read(folder, None, problems)
    problems.raise_if_errors(DirectoryError)
    return outreach


def _read(folder: Path, states: Collection[str] | None, problems: Problems) -> Outreach:
    seen: dict[str, tuple[Path, int]] = {}
    media = _rows(folder / MEDIA, MEDIA_COLUMNS, Audience.MEDIA, states, seen, problems)
    partners = _rows(folder / PARTNERS, PARTNER_COLUMNS, Audience.PARTNERS, None, seen, problems)
    return Outreach(media, partners)


def _rows(
    path: Path,
    columns: tuple[str, ...],
    audience: Audience,
    states: Collection[str] | None,
    seen: dict[str, tuple[Path, int]],
    problems: Problems,
) -> tuple[Addressee, ...]:
    if not path.exists():
        return ()
    found = []
    for row in read_rows(path, columns, problems):
        check_controls(row, problems)
        addressee = _addressee(row, columns[0], audience, states, problems)
        if addressee is None:
            continue
        key = addressee.email.lower()
        if key in seen:
            first, line = seen[key]
            problems.add(row, "email", f"duplicate e-mail {key} (first at {first.name}:{line})")
            continue
        seen[key] = (path, row.line)
        found.append(addressee)
    return tuple(found)


def _addressee(
    row: Row, name_field: str, audience: Audience, states: Collection[str] | None, p: Problems
) -> Addressee | None:
    name = row.get(name_field)
    if not name:
        p.add(row, name_field, "a name is required")
    language = parse_enum(row, "language", Language, p)
    emails = parse_emails(row, "email", p)
    if len(emails) != 1:
        p.add(row, "email", "exactly one e-mail address is required")
    countries = _countries(row, states, p) if audience is Audience.MEDIA else ()
    if not name or language is None or len(emails) != 1 or countries is None:
        return None
    return Addressee(audience, name, language, emails[0], countries)


def _countries(row: Row, states: Collection[str] | None, p: Problems) -> tuple[str, ...] | None:
    codes = tuple(c.strip() for c in row.get("countries").split(";") if c.strip())
    if not codes:
        p.add(row, "countries", "list the ISO codes of the countries the outlet covers")
        return None
    bad = [c for c in codes if c not in ISO_CODES]
    if bad:
        p.add(row, "countries", f"not ISO 3166 alpha-2 country codes: {', '.join(bad)}")
        return None
    if states is not None:
        unknown = [c for c in codes if c not in states]
        if unknown:
            message = f"not in states.csv: {', '.join(unknown)}"
            p.add(row, "countries", message, warning=True)
    return codes
