"""The directory of recipients: States, their missions and capitals, country-name overrides.

Files (UTF-8 CSV, one header row), in the recipients folder:
    states.csv    iso2,name_en,status,deposit_date,entry_into_force,withdrawal_effective,language
    contacts.csv  iso2,channel,organisation,city,addressee_name,addressee_title,
                  addressee_gender,to,cc,postal_address,language
    names.csv     iso2,lang,name,in,of,source  (optional; in, of and source may be empty)

names.csv gives a State's United Nations name in a language ("Syrian Arab Republic"), with
the preposition and article the language needs before it ("in": "en République arabe
syrienne") and its form after "of" ("of": "de la République arabe syrienne", Russian
genitive "Сирийской Арабской Республики"), and where the name comes from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from babel import Locale

from verbale.convention.committee import read_committee
from verbale.convention.rules import entry_into_force_for_deposit
from verbale.errors import DirectoryError, Problem
from verbale.languages import Language
from verbale.tables import (
    Problems,
    Row,
    check_controls,
    parse_date,
    parse_emails,
    parse_enum,
    read_rows,
)

STATE_COLUMNS = (
    "iso2",
    "name_en",
    "status",
    "deposit_date",
    "entry_into_force",
    "withdrawal_effective",
    "language",
)
CONTACT_COLUMNS = (
    "iso2",
    "channel",
    "organisation",
    "city",
    "addressee_name",
    "addressee_title",
    "addressee_gender",
    "to",
    "cc",
    "postal_address",
    "language",
)
NAME_COLUMNS = ("iso2", "lang", "name")
NAME_FORM_COLUMNS = ("in", "of", "source")
ADDRESS_SEPARATOR = " | "
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
ISO_CODES = frozenset(
    str(code)
    for code in Locale.parse("en").territories
    if len(str(code)) == 2 and str(code).isalpha() and code not in _NOT_COUNTRIES
)


class StateStatus(StrEnum):
    """A State's status towards the Convention as the directory records it."""

    PARTY = "party"
    SIGNATORY = "signatory"
    WITHDRAWN = "withdrawn"


class Channel(StrEnum):
    """Where a document goes: the Geneva (or other) mission, or the capital."""

    MISSION = "mission"
    CAPITAL = "capital"


class Gender(StrEnum):
    """The addressee's gender where known; it chooses gendered forms of address."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = ""


@dataclass(frozen=True)
class State:
    """A State with its dates under the Convention and its correspondence language."""

    iso2: str
    name_en: str
    status: StateStatus
    deposit_date: date | None
    entry_into_force: date | None
    withdrawal_effective: date | None
    language: Language

    def is_party_on(self, day: date) -> bool:
        """Art. 17 and 20: a party from entry into force until withdrawal takes effect."""
        if self.entry_into_force is None or self.entry_into_force > day:
            return False
        return self.withdrawal_effective is None or day < self.withdrawal_effective


@dataclass(frozen=True)
class Contact:
    """One office of a State that verbale writes to."""

    iso2: str
    channel: Channel
    organisation: str
    city: str
    addressee_name: str
    addressee_title: str
    gender: Gender
    to: tuple[str, ...]
    cc: tuple[str, ...]
    address_lines: tuple[str, ...]
    language: Language | None


@dataclass(frozen=True)
class NameForms:
    """A State's name in one language, as names.csv gives it."""

    name: str
    in_form: str
    of_form: str
    source: str


@dataclass(frozen=True)
class Directory:
    """The whole directory, loaded and valid."""

    states: Mapping[str, State]
    contacts: Mapping[str, tuple[Contact, ...]]
    names: Mapping[tuple[str, Language], str]
    forms: Mapping[tuple[str, Language], NameForms] = field(default_factory=dict)

    def contact(self, iso2: str, channel: Channel) -> Contact | None:
        """The State's contact on one channel, if the directory has it."""
        return next((c for c in self.contacts.get(iso2, ()) if c.channel is channel), None)

    def language_of(self, contact: Contact) -> Language:
        """The contact's own language, else its State's."""
        return contact.language or self.states[contact.iso2].language

    def parties_on(self, day: date) -> list[State]:
        """The States Parties on a day, in ISO code order."""
        return [s for s in sorted(self.states.values(), key=lambda s: s.iso2) if s.is_party_on(day)]


def check_directory(folder: Path, languages: Iterable[Language] | None = None) -> list[Problem]:
    """Every problem of the directory in a folder, warnings included; given the languages in
    use, also each State without a United Nations name in one of them or in its own."""
    directory, problems = _read(folder)
    known = None if folder / "states.csv" in problems.unreadable else frozenset(directory.states)
    read_committee(folder, known, problems)
    names = folder / "names.csv"
    for message in missing_un_names(directory, languages) if languages is not None else []:
        problems.items.append(Problem(names, 0, "name", message, warning=True))
    return problems.items


def load_directory(folder: Path) -> Directory:
    """The directory in a folder; DirectoryError lists every problem if any is an error."""
    directory, problems = _read(folder)
    problems.raise_if_errors(DirectoryError)
    return directory


def _read(folder: Path) -> tuple[Directory, Problems]:
    problems = Problems()
    if not folder.is_dir():  # one line, not one per file it would hold
        problems.add_unreadable(folder, 0, "folder", "directory folder not found")
        return Directory({}, {}, {}), problems
    states, lines = _read_states(folder / "states.csv", problems)
    # Checks across files need both files read whole; else they only add follow-on lines.
    known = None if folder / "states.csv" in problems.unreadable else states
    contacts = _read_contacts(folder / "contacts.csv", known, problems)
    forms = _read_names(folder / "names.csv", known, problems)
    names = {key: found.name for key, found in forms.items()}
    if folder / "contacts.csv" in problems.unreadable:
        return Directory(states, contacts, names), problems
    for state in states.values():
        if state.status is StateStatus.PARTY and not contacts.get(state.iso2):
            problems.add_at(
                folder / "states.csv",
                lines[state.iso2],
                "iso2",
                f"State Party {state.iso2} has no contact in contacts.csv",
            )
    return Directory(states, contacts, names, forms), problems


def _read_states(path: Path, problems: Problems) -> tuple[dict[str, State], dict[str, int]]:
    states: dict[str, State] = {}
    lines: dict[str, int] = {}
    for row in read_rows(path, STATE_COLUMNS, problems):
        check_controls(row, problems)
        state = _state(row, problems)
        if state is None:
            continue
        if state.iso2 in states:
            problems.add(
                row, "iso2", f"duplicate State {state.iso2} (first on line {lines[state.iso2]})"
            )
            continue
        lines[state.iso2] = row.line
        states[state.iso2] = state
    return states, lines


def _state(row: Row, problems: Problems) -> State | None:
    iso2 = _iso_code(row, problems)
    status = parse_enum(row, "status", StateStatus, problems)
    language = parse_enum(row, "language", Language, problems)
    deposit = parse_date(row, "deposit_date", problems)
    eif = parse_date(row, "entry_into_force", problems, required=status is StateStatus.PARTY)
    withdrawal = parse_date(
        row, "withdrawal_effective", problems, required=status is StateStatus.WITHDRAWN
    )
    if not row.get("name_en"):
        problems.add(row, "name_en", "a name is required")
    if deposit and eif and entry_into_force_for_deposit(deposit) != eif:
        expected = entry_into_force_for_deposit(deposit).isoformat()
        problems.add(
            row,
            "entry_into_force",
            f"{eif.isoformat()} contradicts Art. 17 "
            f"(deposit {deposit.isoformat()} gives {expected})",
            warning=True,
        )
    if iso2 is None or status is None or language is None:
        return None
    return State(iso2, row.get("name_en"), status, deposit, eif, withdrawal, language)


def _iso_code(row: Row, problems: Problems) -> str | None:
    iso2 = row.get("iso2")
    if iso2 not in ISO_CODES:
        problems.add(row, "iso2", f"{iso2!r} is not an ISO 3166 alpha-2 country code")
        return None
    return iso2


def _read_contacts(
    path: Path, states: Mapping[str, State] | None, problems: Problems
) -> dict[str, tuple[Contact, ...]]:
    contacts: dict[str, list[Contact]] = defaultdict(list)
    seen_addresses: dict[str, int] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    for row in read_rows(path, CONTACT_COLUMNS, problems):
        # A row pasted twice is one problem, not one per address and channel it repeats.
        values = tuple(row.get(column) for column in CONTACT_COLUMNS)
        if values in seen_rows:
            problems.add(row, "row", f"the same as line {seen_rows[values]}")
            continue
        seen_rows[values] = row.line
        check_controls(row, problems)
        contact = _contact(row, problems)
        _check_unique_addresses(row, seen_addresses, problems)
        if contact is None:
            continue
        if states is not None and contact.iso2 not in states:
            problems.add(row, "iso2", f"{contact.iso2} is not in states.csv")
        elif any(c.channel is contact.channel for c in contacts[contact.iso2]):
            problems.add(row, "channel", f"{contact.iso2} has a second {contact.channel} contact")
        else:
            contacts[contact.iso2].append(contact)
    return {iso2: tuple(found) for iso2, found in contacts.items()}


def _contact(row: Row, problems: Problems) -> Contact | None:
    iso2 = _iso_code(row, problems)
    channel = parse_enum(row, "channel", Channel, problems)
    gender = parse_enum(row, "addressee_gender", Gender, problems)
    language = parse_enum(row, "language", Language, problems) if row.get("language") else None
    to = parse_emails(row, "to", problems)
    cc = parse_emails(row, "cc", problems)
    if not to:
        problems.add(row, "to", "at least one e-mail address is required")
    if not row.get("organisation"):
        problems.add(row, "organisation", "an organisation title is required")
    if iso2 is None or channel is None or gender is None:
        return None
    lines = tuple(p.strip() for p in row.get("postal_address").split("|") if p.strip())
    return Contact(
        iso2,
        channel,
        row.get("organisation"),
        row.get("city"),
        row.get("addressee_name"),
        row.get("addressee_title"),
        gender,
        to,
        cc,
        lines,
        language,
    )


def _check_unique_addresses(row: Row, seen: dict[str, int], problems: Problems) -> None:
    for name in ("to", "cc"):
        for address in (a.strip().lower() for a in row.get(name).split(";") if a.strip()):
            if address in seen:
                problems.add(
                    row, name, f"duplicate e-mail {address} (first on line {seen[address]})"
                )
            else:
                seen[address] = row.line


def _read_names(
    path: Path, states: Mapping[str, State] | None, problems: Problems
) -> dict[tuple[str, Language], NameForms]:
    names: dict[tuple[str, Language], NameForms] = {}
    first: dict[tuple[str, Language], int] = {}
    if not path.exists():
        return names
    for row in read_rows(path, NAME_COLUMNS, problems):
        check_controls(row, problems)
        iso2 = _iso_code(row, problems)
        lang = parse_enum(row, "lang", Language, problems)
        # A State outside states.csv may be named too: where a reported use took place.
        if not row.get("name"):
            problems.add(row, "name", "a name is required")
        if iso2 is not None and lang is not None and (iso2, lang) in first:
            where = f"first on line {first[(iso2, lang)]}"
            problems.add(row, "lang", f"second name of {iso2} in {lang.value} ({where})")
        elif iso2 is not None and lang is not None:
            first[(iso2, lang)] = row.line
            in_form, of_form, source = (row.get(c) for c in NAME_FORM_COLUMNS)
            names[(iso2, lang)] = NameForms(row.get("name"), in_form, of_form, source)
    return names


def missing_un_names(directory: Directory, languages: Iterable[Language]) -> list[str]:
    """The States (parties and signatories) without a full United Nations name (name, "in"
    and "of" forms) in a language in use or in one of their own correspondence languages."""
    missing = []
    for state in sorted(directory.states.values(), key=lambda s: s.iso2):
        if state.status is StateStatus.WITHDRAWN:
            continue
        own = {directory.language_of(c) for c in directory.contacts.get(state.iso2, ())}
        for lang in sorted(set(languages) | own | {state.language}):
            forms = directory.forms.get((state.iso2, lang))
            if forms is None or not (forms.name and forms.in_form and forms.of_form):
                missing.append(f"{state.iso2} ({state.name_en}): no UN name in {lang.value}")
    return missing
