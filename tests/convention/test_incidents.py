"""Incident files: loading, validation at path:line: field, and the verified-only rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verbale.convention.directory import load_directory
from verbale.convention.incidents import (
    Verification,
    incident_path,
    load_incident,
    require_known_co_signers,
)
from verbale.errors import DataError, Problem, SelectionError
from verbale.languages import Language
from verbale.settings import SenderKey

REPOSITORY = Path(__file__).resolve().parents[2]
INCIDENTS = REPOSITORY / "data" / "incidents"

VALID = (
    "id: 2016-02-sy",
    "state: SY",
    "place: northern Aleppo governorate",
    "start_date: 2016-02-18",
    "end_date: 2016-02-19",
    "populated_area: true",
    "description: Remnants of cluster munitions found in residential areas.",
    "sources:",
    "  - title: Field report on cluster munition remnants",
    "    publisher: Example Monitoring Network",
    "    date: 2016-02-20",
    "    url: https://monitor.example.org/reports/2016-02-aleppo",
    "verification:",
    "  status: verified",
    "  by: Implementation Support Unit",
    "  date: 2016-02-24",
    "decision:",
    "  issuer: presidency",
    "  date: 2016-02-25",
)


def line_of(start: str, lines: tuple[str, ...] = VALID) -> int:
    """The 1-based line of the first line starting with a text (indentation ignored)."""
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(start))


def replaced(start: str, new: str, lines: tuple[str, ...] = VALID) -> tuple[str, ...]:
    """The lines with the one starting with a text replaced."""
    index = line_of(start, lines) - 1
    return (*lines[:index], new, *lines[index + 1 :])


def write_incident(path: Path, lines: tuple[str, ...] = VALID) -> Path:
    """An incident YAML file made of the lines given."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(path: Path) -> tuple[Problem, ...]:
    """The problems of an incident file that does not load."""
    with pytest.raises(DataError) as caught:
        load_incident(path)
    return caught.value.problems


def only(problems: tuple[Problem, ...], field: str) -> Problem:
    """The one problem of a field."""
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


# The committed samples


def test_committed_verified_incident_loads() -> None:
    """The committed 2016-02-sy incident loads, verified on 24 February 2016."""
    incident = load_incident(INCIDENTS / "2016-02-sy.yaml")
    assert incident.id == "2016-02-sy"
    assert incident.state == "SY"
    assert incident.verification.status is Verification.VERIFIED
    assert incident.verification.date == date(2016, 2, 24)
    incident.require_verified()


def test_committed_unverified_incident_is_refused() -> None:
    """The unverified sample loads, but require_verified refuses it naming id and status."""
    incident = load_incident(INCIDENTS / "2026-10-xx-unverified.yaml")
    with pytest.raises(SelectionError) as caught:
        incident.require_verified()
    message = str(caught.value)
    assert "2026-10-xx-unverified" in message
    assert "'unverified'" in message


# A minimal valid incident


def test_minimal_incident_loads(tmp_path: Path) -> None:
    """The minimal incident loads with its dates, sources and issuer parsed."""
    incident = load_incident(write_incident(tmp_path / "incident.yaml"))
    assert (incident.start_date, incident.end_date) == (date(2016, 2, 18), date(2016, 2, 19))
    assert incident.decision.issuer is SenderKey.PRESIDENCY
    assert incident.sources[0].date == date(2016, 2, 20)
    assert incident.verification.date == date(2016, 2, 24)
    incident.require_verified()


def test_disputed_incident_is_refused(tmp_path: Path) -> None:
    """A disputed report is refused like an unverified one."""
    path = write_incident(tmp_path / "incident.yaml", replaced("status:", "  status: disputed"))
    with pytest.raises(SelectionError, match="'disputed'"):
        load_incident(path).require_verified()


def test_variables_name_the_state(tmp_path: Path) -> None:
    """The template variables carry the State's name and the sources' URLs as text."""
    incident = load_incident(write_incident(tmp_path / "incident.yaml"))
    state = {"name": "Syrian Arab Republic", "in": "in the Syrian Arab Republic", "of": "-"}
    variables = incident.variables(Language.EN, state)
    assert variables["state_name"] == "Syrian Arab Republic"
    assert variables["state_in"] == "in the Syrian Arab Republic"
    assert variables["sources"][0]["url"] == "https://monitor.example.org/reports/2016-02-aleppo"


def test_a_text_given_once_is_english_and_missing_elsewhere(tmp_path: Path) -> None:
    """A place given as one text is English; asked in French, the incident names the gap."""
    incident = load_incident(write_incident(tmp_path / "incident.yaml"))
    assert incident.languages == {Language.EN}
    state = {"name": "République arabe syrienne", "in": "en République", "of": "de"}
    with pytest.raises(SelectionError, match="has no place or description in fr"):
        incident.variables(Language.FR, state)


def test_committed_incident_tells_its_facts_in_six_languages() -> None:
    """The committed 2016-02-sy incident gives its place and description in every language."""
    incident = load_incident(INCIDENTS / "2016-02-sy.yaml")
    assert incident.languages == set(Language)
    assert incident.place[Language.FR] == "dans le nord du gouvernorat d’Alep"


def test_incident_in_norway(tmp_path: Path) -> None:
    """The ISO code of Norway, NO, is a State code, not a YAML boolean."""
    path = write_incident(tmp_path / "incident.yaml", replaced("state:", "state: NO"))
    assert load_incident(path).state == "NO"


# Bad fields, at their lines


def test_bad_date_text(tmp_path: Path) -> None:
    """A date written in words is reported in its field at its line."""
    lines = replaced("start_date:", "start_date: 18 February 2016")
    path = write_incident(tmp_path / "incident.yaml", lines)
    problem = only(problems_of(path), "start_date")
    assert problem.line == line_of("start_date:")
    assert str(problem).startswith(f"{path}:4: start_date:")


def test_impossible_calendar_date(tmp_path: Path) -> None:
    """A date that does not exist (30 February) is a DataError at its line, not a crash."""
    path = write_incident(
        tmp_path / "incident.yaml", replaced("start_date:", "start_date: 2016-02-30")
    )
    with pytest.raises(DataError) as caught:
        load_incident(path)
    assert [p.line for p in caught.value.problems] == [line_of("start_date:")]


def test_unknown_issuer(tmp_path: Path) -> None:
    """An issuer that is not a sender is reported at decision.issuer's line."""
    path = write_incident(tmp_path / "incident.yaml", replaced("issuer:", "  issuer: secretariat"))
    problem = only(problems_of(path), "decision.issuer")
    assert problem.line == line_of("issuer:") == 18
    assert "presidency" in problem.message


def test_end_before_start(tmp_path: Path) -> None:
    """An end date before the start date is reported at end_date's line."""
    path = write_incident(tmp_path / "incident.yaml", replaced("end_date:", "end_date: 2016-02-17"))
    [problem] = problems_of(path)
    assert "is before start_date" in problem.message
    assert problem.field == "end_date"
    assert problem.line == line_of("end_date:")


def test_missing_sources(tmp_path: Path) -> None:
    """An incident without sources is reported as a missing sources field."""
    lines = VALID[:7] + VALID[12:]
    path = write_incident(tmp_path / "incident.yaml", lines)
    problem = only(problems_of(path), "sources")
    assert "required" in problem.message.lower()
    assert problem.line == 1


def test_empty_sources(tmp_path: Path) -> None:
    """An empty list of sources is reported at the sources line."""
    lines = (*VALID[:7], "sources: []", *VALID[12:])
    path = write_incident(tmp_path / "incident.yaml", lines)
    problem = only(problems_of(path), "sources")
    assert problem.line == 8


def test_bad_source_url(tmp_path: Path) -> None:
    """A source URL that is not http(s) is reported at the source's url line."""
    path = write_incident(tmp_path / "incident.yaml", replaced("url:", "    url: monitor report"))
    problem = only(problems_of(path), "sources.0.url")
    assert problem.line == line_of("url:") == 12


def test_unknown_state_code(tmp_path: Path) -> None:
    """A state that is not an ISO 3166 code is reported at the state line."""
    path = write_incident(tmp_path / "incident.yaml", replaced("state:", "state: XX"))
    problem = only(problems_of(path), "state")
    assert str(problem).startswith(f"{path}:2: state:")
    assert "'XX' is not an ISO 3166 alpha-2 country code" in problem.message


def test_control_character_in_place(tmp_path: Path) -> None:
    """A control character in the place is refused at its line."""
    path = write_incident(tmp_path / "incident.yaml", replaced("place:", 'place: "Aleppo\\x07"'))
    problem = only(problems_of(path), "place")
    assert problem.line == 3


def test_unknown_field(tmp_path: Path) -> None:
    """A field the model does not know is reported at its line."""
    path = write_incident(tmp_path / "incident.yaml", (*VALID, "casualties: 12"))
    problem = only(problems_of(path), "casualties")
    assert problem.line == len(VALID) + 1 == 20


def test_every_bad_field_is_reported(tmp_path: Path) -> None:
    """Two bad fields give two problems, each at its own line."""
    lines = replaced("state:", "state: XX", replaced("issuer:", "  issuer: secretariat"))
    problems = problems_of(write_incident(tmp_path / "incident.yaml", lines))
    assert sorted((p.line, p.field) for p in problems) == [(2, "state"), (18, "decision.issuer")]


def test_yaml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    """A YAML syntax error is a DataError at the line of the error."""
    lines = replaced("place:", "  place: northern Aleppo governorate")
    path = write_incident(tmp_path / "incident.yaml", lines)
    [problem] = problems_of(path)
    assert problem.field == "yaml"
    assert problem.line == 3
    assert str(problem).startswith(f"{path}:3: yaml:")


def test_missing_file(tmp_path: Path) -> None:
    """A missing incident file is a DataError naming the file at line 0."""
    path = tmp_path / "absent.yaml"
    assert [str(p) for p in problems_of(path)] == [f"{path}:0: file: file not found"]


def test_incident_path() -> None:
    """An id is looked up in data/incidents/; a .yaml path is taken as it is."""
    data = Path("/srv/data")
    assert incident_path(data, "2016-02-sy") == data / "incidents" / "2016-02-sy.yaml"
    assert incident_path(data, "elsewhere/x.yml") == Path("elsewhere/x.yml")


def co_signed(tmp_path: Path, codes: str) -> Path:
    """The valid incident, co-signed by the States of a YAML list."""
    lines = replaced("issuer:", f"  co_signers: {codes}")
    return write_incident(tmp_path / "incident.yaml", lines)


def test_co_signers_are_read_in_order_and_the_presidency_issues_by_default(
    tmp_path: Path,
) -> None:
    """`co_signers` lists the issuing States in the decision's order; no issuer: Presidency."""
    decision = load_incident(co_signed(tmp_path, "[NZ, AT, ZM]")).decision
    assert decision.co_signers == ("NZ", "AT", "ZM")
    assert decision.issuer is SenderKey.PRESIDENCY


def test_a_co_signer_not_in_the_directory_is_one_line_naming_file_and_field(
    tmp_path: Path,
) -> None:
    """A valid ISO code that the directory lacks (Tuvalu) is refused when the batch is planned."""
    path = co_signed(tmp_path, "[AT, TV]")
    incident = load_incident(path)
    known = load_directory(REPOSITORY / "recipients").states
    with pytest.raises(DataError) as caught:
        require_known_co_signers(incident, path, known)
    assert str(caught.value) == (
        f"{path}:{line_of('issuer:')}: decision.co_signers: not in the directory: TV"
    )


def test_a_co_signer_that_is_no_country_code_is_refused_at_its_line(tmp_path: Path) -> None:
    """`XX` among the co-signers is refused when the file is loaded, at its line."""
    problem = only(problems_of(co_signed(tmp_path, "[AT, XX]")), "decision.co_signers")
    assert problem.line == line_of("issuer:")
    assert "XX" in problem.message
