"""The Coordination Committee: who it is, and who answers for each member.

File (UTF-8 CSV, one header row), in the recipients folder, optional:
    committee.csv  iso2,role,theme,name,email,language

One row per member: a State with its role in the Committee (the Presidency's troika of
president, immediate past president and president-designate, or a coordinator of a theme)
or the Implementation Support Unit (role `isu`, no State). `name`, `email` and `language`
are the contact that answers for the member, and receives what is circulated to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from verbale.errors import DirectoryError, Problem
from verbale.languages import Language
from verbale.tables import Problems, Row, check_controls, parse_emails, parse_enum, read_rows

COMMITTEE_FILE = "committee.csv"
COMMITTEE_COLUMNS = ("iso2", "role", "theme", "name", "email", "language")
ISU_MEMBER = "ISU"


class Role(StrEnum):
    """A member's place in the Coordination Committee."""

    PRESIDENT = "president"
    IMMEDIATE_PAST_PRESIDENT = "immediate-past-president"
    PRESIDENT_DESIGNATE = "president-designate"
    COORDINATOR = "coordinator"
    ISU = "isu"


_AT_MOST_ONE = (Role.PRESIDENT, Role.IMMEDIATE_PAST_PRESIDENT, Role.PRESIDENT_DESIGNATE, Role.ISU)


@dataclass(frozen=True)
class Member:
    """One member of the Committee and the contact that answers for it."""

    key: str  # the State's ISO code, or ISU
    role: Role
    theme: str
    name: str
    email: str
    language: Language


@dataclass(frozen=True)
class Committee:
    """The Committee's members, by key (ISO code, or ISU), in the file's order."""

    members: Mapping[str, Member]

    def member(self, key: str) -> Member | None:
        """The member of a key (ISO code or ISU, any case), if it sits on the Committee."""
        return self.members.get(key.strip().upper())

    @property
    def president(self) -> Member:
        """The President (the file has exactly one)."""
        return next(m for m in self.members.values() if m.role is Role.PRESIDENT)


def read_committee(folder: Path, states: frozenset[str] | None, problems: Problems) -> Committee:
    """The committee file of a directory folder, its problems added; empty if there is none.
    `states` are the ISO codes of states.csv (None: not readable, not checked)."""
    path = folder / COMMITTEE_FILE
    members: dict[str, Member] = {}
    if not path.exists():
        return Committee(members)
    lines: dict[str, int] = {}
    emails: dict[str, int] = {}
    for row in read_rows(path, COMMITTEE_COLUMNS, problems):
        check_controls(row, problems)
        member = _member(row, states, problems)
        if member is None:
            continue
        if member.email.lower() in emails:
            first = emails[member.email.lower()]
            problems.add(row, "email", f"duplicate e-mail {member.email} (first on line {first})")
        emails.setdefault(member.email.lower(), row.line)
        if member.key in members:
            problems.add(
                row, "iso2", f"{member.key} is already a member (line {lines[member.key]})"
            )
            continue
        lines[member.key] = row.line
        members[member.key] = member
    _check_roles(path, members, lines, problems)
    return Committee(members)


def load_committee(folder: Path, states: frozenset[str]) -> Committee:
    """The Committee of a directory folder; DirectoryError lists every problem of the file."""
    problems = Problems()
    committee = read_committee(folder, states, problems)
    problems.raise_if_errors(DirectoryError)
    if not committee.members:
        message = "missing or empty: the Coordination Committee's members are needed"
        raise DirectoryError([problems_at(folder / COMMITTEE_FILE, message)])
    return committee


def problems_at(path: Path, message: str) -> Problem:
    """A problem of the whole file (line 0)."""
    return Problem(path, 0, "file", message)


def _member(row: Row, states: frozenset[str] | None, problems: Problems) -> Member | None:
    role = parse_enum(row, "role", Role, problems)
    language = parse_enum(row, "language", Language, problems)
    before = len(problems.items)
    emails = parse_emails(row, "email", problems)
    malformed = len(problems.items) > before
    iso2 = row.get("iso2").upper()
    theme = row.get("theme")
    if not row.get("name"):
        problems.add(row, "name", "the name of the contact that answers for the member is required")
    if not emails:
        problems.add(row, "email", "an e-mail address is required")
    elif len(emails) > 1:
        problems.add(row, "email", "one e-mail address: the contact's own")
    valid = len(emails) == 1 and not malformed
    if role is Role.ISU:
        if iso2:
            problems.add(row, "iso2", "the ISU is not a State: leave iso2 empty")
        iso2 = ISU_MEMBER
    elif not iso2:
        problems.add(row, "iso2", "the member State's ISO code is required")
    elif states is not None and iso2 not in states:
        problems.add(row, "iso2", f"{iso2} is not in states.csv")
    if role is Role.COORDINATOR and not theme:
        problems.add(row, "theme", "a coordinator needs the theme it coordinates")
    elif role is not None and role is not Role.COORDINATOR and theme:
        problems.add(row, "theme", f"only coordinators have a theme, not a {role.value}")
    if role is None or language is None or not valid or not row.get("name"):
        return None
    return Member(iso2, role, theme, row.get("name"), emails[0], language)


def _check_roles(
    path: Path, members: Mapping[str, Member], lines: Mapping[str, int], problems: Problems
) -> None:
    for role in _AT_MOST_ONE:
        holders = [m.key for m in members.values() if m.role is role]
        for extra in holders[1:]:
            problems.add_at(
                path, lines[extra], "role", f"a second {role.value} ({holders[0]} is one)"
            )
    if members and not any(m.role is Role.PRESIDENT for m in members.values()):
        problems.add_at(path, 1, "role", "the Committee needs exactly one president; none listed")
