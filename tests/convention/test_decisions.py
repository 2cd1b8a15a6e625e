"""Decision files of circulars: required variables, per-State variables, bad documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verbale.convention.decisions import load_decision, read_variables
from verbale.errors import DataError

REPOSITORY = Path(__file__).resolve().parents[2]
REQUIRED = frozenset({"contribution"})

DECISION = """\
contribution:
  amount: 10000
  currency: CHF
  received_on: 2016-02-15
  year: 2016
meeting: Sixth Meeting of States Parties
per_state:
  ZM:
    contribution:
      amount: 5400
      currency: CHF
      received_on: 2016-02-10
      year: 2016
"""


def write_yaml(path: Path, text: str) -> Path:
    """A YAML file with the text given."""
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, required: frozenset[str] = REQUIRED) -> list[str]:
    """The problems, as text, of a decision file that does not load."""
    with pytest.raises(DataError) as caught:
        load_decision(path, required)
    return [str(p) for p in caught.value.problems]


def test_committed_decision_loads() -> None:
    """The committed contribution-thanks decision loads with Zambia's own contribution."""
    decision = load_decision(
        REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml", REQUIRED
    )
    assert decision.variables_for("FR")["contribution"]["amount"] == 10000
    assert decision.variables_for("ZM")["contribution"]["amount"] == 5400


def test_decision_reads_dates_and_numbers(tmp_path: Path) -> None:
    """Shared variables keep their YAML types: numbers and dates."""
    decision = load_decision(write_yaml(tmp_path / "d.yaml", DECISION), REQUIRED)
    assert decision.variables["contribution"]["received_on"] == date(2016, 2, 15)
    assert decision.variables["contribution"]["amount"] == 10000


def test_missing_required_variable(tmp_path: Path) -> None:
    """A variable the kind requires and the file lacks is a DataError naming it."""
    path = write_yaml(tmp_path / "d.yaml", DECISION)
    problems = problems_of(path, REQUIRED | {"deadline"})
    assert problems == [f"{path}:1: deadline: missing: the document kind requires this variable"]


def test_every_missing_variable_is_named(tmp_path: Path) -> None:
    """Every missing variable is named, in order, not only the first."""
    path = write_yaml(tmp_path / "d.yaml", "meeting: Sixth Meeting of States Parties\n")
    problems = problems_of(path, frozenset({"deadline", "contribution"}))
    assert [p.split(": ")[1] for p in problems] == ["contribution", "deadline"]


def test_per_state_replaces_shared_for_that_state_only(tmp_path: Path) -> None:
    """A per_state variable replaces the shared one for its State and no other."""
    decision = load_decision(write_yaml(tmp_path / "d.yaml", DECISION), REQUIRED)
    zambia = decision.variables_for("ZM")
    france = decision.variables_for("FR")
    assert zambia["contribution"]["amount"] == 5400
    assert zambia["contribution"]["received_on"] == date(2016, 2, 10)
    assert france["contribution"]["amount"] == 10000
    assert zambia["meeting"] == france["meeting"] == "Sixth Meeting of States Parties"
    assert "per_state" not in france


def test_per_state_codes_are_upper_case(tmp_path: Path) -> None:
    """A per_state code written in lower case applies to the State's upper-case code."""
    path = write_yaml(tmp_path / "d.yaml", DECISION.replace("  ZM:", "  zm:"))
    decision = load_decision(path, REQUIRED)
    assert decision.variables_for("ZM")["contribution"]["amount"] == 5400


def test_per_state_for_norway(tmp_path: Path) -> None:
    """Norway's code NO in per_state applies to Norway (not read as a YAML boolean)."""
    path = write_yaml(tmp_path / "d.yaml", DECISION.replace("  ZM:", "  NO:"))
    decision = load_decision(path, REQUIRED)
    assert decision.variables_for("NO")["contribution"]["amount"] == 5400


def test_per_state_must_be_a_mapping(tmp_path: Path) -> None:
    """A per_state that is not a mapping of mappings is a DataError at its line."""
    text = "contribution: 10000\nper_state:\n  - ZM\n"
    path = write_yaml(tmp_path / "d.yaml", text)
    assert problems_of(path) == [
        f"{path}:2: per_state: expected a mapping of ISO codes to mappings of variables"
    ]


@pytest.mark.parametrize("text", ["- contribution\n- meeting\n", "just a sentence\n", "1: x\n"])
def test_non_mapping_document(tmp_path: Path, text: str) -> None:
    """A document that is not a mapping of variable names is a DataError."""
    path = write_yaml(tmp_path / "d.yaml", text)
    assert problems_of(path) == [f"{path}:1: document: expected a mapping of variable names"]


def test_read_variables_of_non_mapping(tmp_path: Path) -> None:
    """read_variables refuses a list as well."""
    path = write_yaml(tmp_path / "v.yaml", "- a\n- b\n")
    with pytest.raises(DataError, match="expected a mapping of variable names"):
        read_variables(path)


def test_empty_document_has_no_variables(tmp_path: Path) -> None:
    """An empty file has no variables, so a required one is reported missing."""
    path = write_yaml(tmp_path / "d.yaml", "# nothing decided yet\n")
    assert read_variables(path) == {}
    assert problems_of(path) == [
        f"{path}:1: contribution: missing: the document kind requires this variable"
    ]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    """A YAML syntax error (a key indented under a scalar) is a DataError at its line."""
    path = write_yaml(tmp_path / "d.yaml", "year: 2016\nmeeting: Sixth\n  date: 2016-09-05\n")
    assert problems_of(path) == [f"{path}:3: yaml: mapping values are not allowed here"]


def test_per_state_of_a_code_that_is_no_country_is_named(tmp_path: Path) -> None:
    """A per_state key that is not an ISO code (a typo) is an error at its line, not ignored."""
    path = write_yaml(tmp_path / "d.yaml", DECISION.replace("  ZM:", "  ZX:"))
    line = DECISION.splitlines().index("  ZM:") + 1
    assert problems_of(path) == [
        f"{path}:{line}: per_state.ZX: 'ZX' is not an ISO 3166 alpha-2 country code"
    ]
