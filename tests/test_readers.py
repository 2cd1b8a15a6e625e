"""Every reader of a user's file, given generated good and bad files: a valid result, or
errors each on one line as `path:line: field: message`; never a traceback."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPOSITORY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbale.convention.decisions import load_decision, read_variables
from verbale.convention.directory import (
    CONTACT_COLUMNS,
    NAME_COLUMNS,
    STATE_COLUMNS,
    check_directory,
    load_directory,
)
from verbale.convention.incidents import load_incident
from verbale.convention.reports import REPORT_COLUMNS, load_received
from verbale.convention.stockpiles import STOCKPILE_COLUMNS, load_stockpiles
from verbale.documents.kinds import load_kind
from verbale.errors import DataError, TemplateError

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Good rows of each file, for the generated files to start from.
STATES = [
    ["FR", "France", "party", "2009-09-25", "2010-08-01", "", "fr"],
    ["NZ", "New Zealand", "party", "2009-12-22", "2010-08-01", "", "en"],
    ["AO", "Angola", "signatory", "", "", "", "en"],
]
CONTACTS = [
    [
        "FR",
        "mission",
        "Mission of France",
        "Geneva",
        "C. Exemple",
        "Ambassador",
        "female",
        "mission@fr.example.org",
        "",
        "Rue 1 | Geneva",
        "",
    ],
    ["NZ", "capital", "Ministry", "Wellington", "", "", "", "mfa@nz.example.org", "", "", "fr"],
]
NAMES = [["FR", "en", "France"], ["NZ", "fr", "Nouvelle-Zélande"]]
REPORTS = [["FR", "initial", "", "2011-01-20"], ["NZ", "annual", "2012", "2013-04-30"]]
STOCKPILES = [["FR", "yes", "completed", "2015-01-01", ""], ["NZ", "no", "", "", ""]]

# Text as it comes out of spreadsheets and hands: separators, quotes, line breaks, NUL,
# accents, dates in words, stray spaces.
AWKWARD = st.sampled_from(
    [",", '"', "\n", "\r\n", "\r", "\x00", "\t", "é", "\ufeff", " ", ";", "|", "@", "-", ":"]
)
FIELD = st.one_of(
    st.text(max_size=10),
    st.lists(st.one_of(AWKWARD, st.text(max_size=3)), max_size=6).map("".join),
    st.sampled_from(
        [
            "",
            "party",
            "mission",
            "capital",
            "fr",
            "en",
            "2016-02-30",
            "15 April 2016",
            "2016",
            "²⁰¹⁶",
            "XX",
            "yes",
            "completed",
            "a@b",
            "x@example.org",
        ]
    ),
)


@st.composite
def csv_files(draw: st.DrawFn, columns: tuple[str, ...], good: list[list[str]]) -> bytes:
    """A CSV file: the good rows, some with fields replaced, dropped or added, under a header
    that may lose or rename a column, in UTF-8 (with or without BOM), cp1252 or with stray
    bytes."""
    header = list(columns)
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        header[draw(st.integers(0, len(header) - 1))] = draw(FIELD)
    rows = [list(row) for row in draw(st.lists(st.sampled_from(good), max_size=5))]
    for row in rows:
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(FIELD)
        if draw(st.integers(0, 5)) == 0:
            del row[draw(st.integers(0, len(row) - 1))]
        if draw(st.integers(0, 5)) == 0:
            row.append(draw(FIELD))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [header, *rows]
    )
    text = buffer.getvalue()
    if draw(st.integers(0, 4)) == 0:  # hand-edited: a raw line with any text
        text += draw(FIELD) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "bytes"]))
    if encoding == "bytes":
        return text.encode() + draw(st.binary(min_size=1, max_size=8))
    return text.encode(encoding, errors="replace")


def one_line_problems(error: DataError, paths: list[Path]) -> None:
    """Every problem of an error is one line starting with one of the files and a line."""
    assert error.problems
    for problem in error.problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text, text
        assert any(
            re.fullmatch(rf"{re.escape(str(path))}:\d+: [^\n]+: [^\n]+", text) for path in paths
        ), text


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder for one generated example."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@EXAMPLES
@given(
    states=csv_files(STATE_COLUMNS, STATES),
    contacts=csv_files(CONTACT_COLUMNS, CONTACTS),
    names=st.none() | csv_files(NAME_COLUMNS, NAMES),
)
@pytest.mark.slow
def test_directory_reader(states: bytes, contacts: bytes, names: bytes | None) -> None:
    """states.csv, contacts.csv and names.csv: a directory, or one-line problems."""
    with folder() as root:
        (root / "states.csv").write_bytes(states)
        (root / "contacts.csv").write_bytes(contacts)
        if names is not None:
            (root / "names.csv").write_bytes(names)
        paths = [root / "states.csv", root / "contacts.csv", root / "names.csv"]
        problems = check_directory(root)
        try:
            directory = load_directory(root)
        except DataError as error:
            one_line_problems(error, paths)
            assert [str(p) for p in error.problems] == [str(p) for p in problems]
        else:
            assert set(directory.contacts) <= set(directory.states)
            assert all(not str(p).count("\n") for p in problems)


@EXAMPLES
@given(content=csv_files(REPORT_COLUMNS, REPORTS))
def test_reports_reader(content: bytes) -> None:
    """reports.csv: the received reports, or one-line problems."""
    with folder() as root:
        path = root / "reports.csv"
        path.write_bytes(content)
        try:
            received = load_received(path)
        except DataError as error:
            one_line_problems(error, [path])
        else:
            assert all(r.key.year == 0 or 1000 <= r.key.year <= 9999 for r in received)


@EXAMPLES
@given(content=csv_files(STOCKPILE_COLUMNS, STOCKPILES))
def test_stockpiles_reader(content: bytes) -> None:
    """stockpiles.csv: the Article 3 status of each State, or one-line problems."""
    with folder() as root:
        path = root / "stockpiles.csv"
        path.write_bytes(content)
        try:
            stockpiles = load_stockpiles(path)
        except DataError as error:
            one_line_problems(error, [path])
        else:
            assert all(iso2 == s.iso2 for iso2, s in stockpiles.items())


# YAML: a committed good file with values replaced, lines dropped or added, or any YAML.
SCALARS = st.one_of(
    FIELD,
    st.sampled_from(
        [
            "~",
            "NO",
            "yes",
            "[1",
            "{a: 1",
            "&a [*a]",
            "!!python/object:os.system x",
            "- x",
            "2016-02-30",
            "15 April 2016",
            "''",
            "'a: b'",
            "*undefined",
            "%TAG",
            "---",
        ]
    ),
)
ANY_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def yaml_files(draw: st.DrawFn, good: str) -> bytes:
    """A YAML file made from a good one by hand-like edits, or any data dumped as YAML."""
    if draw(st.integers(0, 5)) == 0:
        return yaml.safe_dump(draw(ANY_DATA), allow_unicode=True).encode()
    lines = good.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "drop", "insert"]))
        if action == "value" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {draw(SCALARS)}"
        elif action == "drop":
            del lines[index]
        else:
            lines.insert(index, draw(SCALARS))
        if not lines:
            lines = [""]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252"]))
    return "\n".join(lines).encode(encoding, errors="replace")


INCIDENT = (REPOSITORY / "data" / "incidents" / "2016-02-sy.yaml").read_text(encoding="utf-8")
DECISION = (REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml").read_text(
    encoding="utf-8"
)
KIND = (REPOSITORY / "templates" / "contribution-thanks" / "kind.yaml").read_text(encoding="utf-8")


def yaml_outcome(content: bytes, name: str, read: Callable[[Path], Any]) -> None:
    """Write the file, read it: a result, or one-line problems naming the file."""
    with folder() as root:
        path = root / name
        path.write_bytes(content)
        try:
            read(path)
        except DataError as error:
            one_line_problems(error, [path])


@pytest.mark.slow
@EXAMPLES
@given(content=yaml_files(INCIDENT))
def test_incident_reader(content: bytes) -> None:
    """An incident file: a valid incident, or one-line problems."""
    yaml_outcome(content, "incident.yaml", load_incident)


@EXAMPLES
@given(content=yaml_files(DECISION))
def test_decision_reader(content: bytes) -> None:
    """A decision file: the variables of every State, or one-line problems."""
    yaml_outcome(content, "decision.yaml", lambda p: load_decision(p, frozenset({"contribution"})))
    yaml_outcome(content, "context.yaml", read_variables)


@EXAMPLES
@given(content=yaml_files(KIND))
def test_kind_reader(content: bytes) -> None:
    """A kind.yaml: a kind, or one line `path:line: field: message`."""
    with folder() as root:
        shutil.copytree(REPOSITORY / "templates" / "contribution-thanks", root / "k")
        path = root / "k" / "kind.yaml"
        path.write_bytes(content)
        try:
            kind = load_kind(root, "k")
        except TemplateError as error:
            text = str(error)
            assert "\n" not in text, text
            assert re.fullmatch(rf"{re.escape(str(path))}:\d+: [^\n]+: [^\n]+", text), text
        else:
            assert kind.name == "k"


def test_a_key_with_line_breaks_is_reported_on_one_line() -> None:
    """A YAML key holding line breaks is named with them escaped: the problem stays one line."""
    yaml_outcome(b"? '\n\n  '\n: null\n", "incident.yaml", load_incident)
