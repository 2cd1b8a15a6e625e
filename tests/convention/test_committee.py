"""The Coordination Committee's file: loading, and every class of bad row, each on its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from verbale.convention.committee import COMMITTEE_COLUMNS, Role, load_committee
from verbale.convention.directory import check_directory, load_directory
from verbale.errors import DirectoryError

RECIPIENTS = Path(__file__).resolve().parents[2] / "recipients"
HEADER = ",".join(COMMITTEE_COLUMNS)
PRESIDENT = "FR,president,,Claire Exemple,president@fr.example.org,fr"
COORDINATOR = "NZ,coordinator,reporting,Sam Example,reporting@nz.example.org,en"
ISU = ",isu,,Implementation Support Unit,isu@isu.example.org,en"
STATES = (
    "iso2,name_en,status,deposit_date,entry_into_force,withdrawal_effective,language",
    "FR,France,party,2009-09-25,2010-08-01,,fr",
    "NZ,New Zealand,party,2009-12-22,2010-08-01,,en",
    "AO,Angola,signatory,,,,en",
)
CONTACTS = (
    "iso2,channel,organisation,city,addressee_name,addressee_title,addressee_gender,"
    "to,cc,postal_address,language",
    "FR,mission,Permanent Mission of France,Geneva,,,,mission@fr.example.org,,,",
    "NZ,mission,Permanent Mission of New Zealand,Geneva,,,,mission@nz.example.org,,,",
)


def write_csv(path: Path, header: str, rows: list[str]) -> None:
    """A CSV file, one row a line."""
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8", newline="")


def write_directory(folder: Path) -> Path:
    """A small valid directory: France, New Zealand (parties), Angola (signatory)."""
    folder.mkdir(parents=True)
    write_csv(folder / "states.csv", STATES[0], list(STATES[1:]))
    write_csv(folder / "contacts.csv", CONTACTS[0], list(CONTACTS[1:]))
    return folder


def problems_of(tmp_path: Path, *rows: str) -> list[str]:
    """The committee's problems as printed, for a directory of France, New Zealand, Angola."""
    folder = write_directory(tmp_path / "recipients")
    write_csv(folder / "committee.csv", HEADER, list(rows))
    return [str(p) for p in check_directory(folder) if p.path.name == "committee.csv"]


def test_committed_committee_loads_with_its_roles() -> None:
    """The sample Committee has one president, the troika's past president, coordinators and
    the ISU, and the directory check passes."""
    states = frozenset(load_directory(RECIPIENTS).states)
    committee = load_committee(RECIPIENTS, states)
    assert committee.president.key == "NL"
    assert committee.members["HR"].role is Role.IMMEDIATE_PAST_PRESIDENT
    assert committee.members["ISU"].role is Role.ISU
    assert committee.members["FR"].theme == "stockpile destruction and retention"
    assert all(m.email.endswith("example.org") for m in committee.members.values())
    assert not [p for p in check_directory(RECIPIENTS) if not p.warning]


def test_a_good_file_has_no_problem(tmp_path: Path) -> None:
    """A president, a coordinator with its theme and the ISU: no problem."""
    assert problems_of(tmp_path, PRESIDENT, COORDINATOR, ISU) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("BR,coordinator,reporting,A B,a@br.example.org,en", ":3: iso2: BR is not in states.csv"),
        ("NZ,chair,,A B,a@nz.example.org,en", ":3: role: 'chair' is not one of: president"),
        ("NZ,coordinator,,A B,a@nz.example.org,en", ":3: theme: a coordinator needs the theme"),
        ("NZ,president-designate,x,A B,a@nz.example.org,en", ":3: theme: only coordinators"),
        ("NZ,coordinator,reporting,A B,a@nz@example,en", ":3: email: 'a@nz@example' is not a"),
        ("NZ,coordinator,reporting,A B,,en", ":3: email: an e-mail address is required"),
        ("NZ,coordinator,reporting,,a@nz.example.org,en", ":3: name: the name of the contact"),
        ("NZ,coordinator,reporting,A B,a@nz.example.org,de", ":3: language: 'de' is not one of"),
        ("FR,coordinator,reporting,A B,a@fr.example.org,fr", ":3: iso2: FR is already a member"),
        ("NZ,president,,A B,a@nz.example.org,en", ":3: role: a second president (FR is one)"),
        ("NZ,coordinator,reporting,A B,president@fr.example.org,en", ":3: email: duplicate"),
        ("NZ,isu,,A B,a@nz.example.org,en", ":3: iso2: the ISU is not a State"),
        (",coordinator,reporting,A B,a@nz.example.org,en", ":3: iso2: the member State's ISO"),
    ],
)
def test_bad_rows_are_reported_on_their_line(tmp_path: Path, row: str, expected: str) -> None:
    """Unknown State or role, a coordinator without theme, a bad e-mail...: one line each."""
    found = problems_of(tmp_path, PRESIDENT, row)
    assert len(found) == 1, found
    assert f"committee.csv{expected}" in found[0]


def test_no_president_is_an_error(tmp_path: Path) -> None:
    """The Committee needs exactly one president."""
    found = problems_of(tmp_path, COORDINATOR)
    assert found == [f"{tmp_path}/recipients/committee.csv:1: role: the Committee needs exactly "
                     "one president; none listed"]  # fmt: skip


def test_loading_a_bad_committee_raises_every_problem(tmp_path: Path) -> None:
    """load_committee refuses a file with problems, listing them."""
    folder = write_directory(tmp_path / "recipients")
    write_csv(folder / "committee.csv", HEADER, [COORDINATOR, "NZ,x,,A,b@nz.example.org,en"])
    with pytest.raises(DirectoryError) as caught:
        load_committee(folder, frozenset({"FR", "NZ", "AO"}))
    assert [p.line for p in caught.value.problems] == [3, 1]


def test_circulating_needs_the_committee_file(tmp_path: Path) -> None:
    """Without committee.csv nothing can be circulated: the error says which file is missing."""
    folder = write_directory(tmp_path / "recipients")
    with pytest.raises(DirectoryError, match=r"committee\.csv:0: file: missing"):
        load_committee(folder, frozenset({"FR"}))
