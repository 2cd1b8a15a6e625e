"""Article 7 reports: received, overdue as of a date, and the escalation of reminders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verbale.convention.directory import State, StateStatus, load_directory
from verbale.convention.reports import (
    IssuedReminder,
    Level,
    Overdue,
    Received,
    ReportKey,
    ReportKind,
    escalation,
    load_received,
    overdue_reports,
    owed_reports,
)
from verbale.errors import DataError
from verbale.languages import Language

REPOSITORY = Path(__file__).resolve().parents[2]
REPORTS_HEADER = "iso2,kind,year,received_on"

STATE_HEADER = "iso2,name_en,status,deposit_date,entry_into_force,withdrawal_effective,language"
CONTACT_HEADER = (
    "iso2,channel,organisation,city,addressee_name,addressee_title,addressee_gender,"
    "to,cc,postal_address,language"
)


def party(iso2: str, entry_into_force: date, withdrawal: date | None = None) -> State:
    """A State Party with the entry into force given."""
    status = StateStatus.PARTY if withdrawal is None else StateStatus.WITHDRAWN
    return State(iso2, iso2, status, None, entry_into_force, withdrawal, Language.EN)


def write_reports(path: Path, rows: list[str]) -> Path:
    """A reports.csv with the rows given, one a line after the header."""
    path.write_text("\n".join([REPORTS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def write_directory(folder: Path, states: list[str], contacts: list[str]) -> Path:
    """A directory folder with states.csv and contacts.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "states.csv").write_text("\n".join([STATE_HEADER, *states]) + "\n", "utf-8")
    (folder / "contacts.csv").write_text("\n".join([CONTACT_HEADER, *contacts]) + "\n", "utf-8")
    return folder


def all_reports(iso2: str, entry_into_force: date, last_year: int) -> list[Received]:
    """The initial report and every annual update up to a year, each received on time."""
    found = [Received(ReportKey(iso2, ReportKind.INITIAL), entry_into_force)]
    for year in range(entry_into_force.year, last_year + 1):
        found.append(Received(ReportKey(iso2, ReportKind.ANNUAL, year), date(year + 1, 3, 1)))
    return found


def keys(overdue: list[Overdue]) -> list[str]:
    """The report keys of overdue entries, as text."""
    return [str(o.key) for o in overdue]


# Loading reports.csv


def test_committed_reports_load() -> None:
    """The committed data/reports.csv loads, with initial and annual reports."""
    received = load_received(REPOSITORY / "data" / "reports.csv")
    assert len(received) > 100
    assert Received(ReportKey("AD", ReportKind.INITIAL), date(2014, 7, 20)) in received
    assert Received(ReportKey("AD", ReportKind.ANNUAL, 2013), date(2014, 8, 27)) in received


def test_load_received_rows(tmp_path: Path) -> None:
    """Each row becomes a received report keyed by State, kind and year."""
    path = write_reports(
        tmp_path / "reports.csv", ["FR,initial,,2011-01-20", "FR,annual,2010,2011-04-29"]
    )
    assert load_received(path) == [
        Received(ReportKey("FR", ReportKind.INITIAL, 0), date(2011, 1, 20)),
        Received(ReportKey("FR", ReportKind.ANNUAL, 2010), date(2011, 4, 29)),
    ]


def test_load_received_bad_kind(tmp_path: Path) -> None:
    """A kind other than initial or annual is reported at path:line: kind."""
    path = write_reports(
        tmp_path / "reports.csv", ["FR,initial,,2011-01-20", "FR,final,,2011-04-29"]
    )
    with pytest.raises(DataError) as caught:
        load_received(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: kind: 'final' is not one of: initial, annual"
    ]


def test_load_received_annual_without_year(tmp_path: Path) -> None:
    """An annual report without the year it covers is reported at path:line: year."""
    path = write_reports(tmp_path / "reports.csv", ["FR,annual,,2011-04-29"])
    with pytest.raises(DataError) as caught:
        load_received(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: year: an annual report needs the year it covers (YYYY)"
    ]


def test_load_received_bad_date(tmp_path: Path) -> None:
    """A received date that is not YYYY-MM-DD is reported at path:line: received_on."""
    path = write_reports(tmp_path / "reports.csv", ["FR,initial,,20 January 2011"])
    with pytest.raises(DataError) as caught:
        load_received(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: received_on: '20 January 2011' is not a date (YYYY-MM-DD)"
    ]


def test_load_received_reports_every_bad_row(tmp_path: Path) -> None:
    """Every bad row is reported, each at its own line, not only the first."""
    rows = [
        "FR,final,,2011-01-20",
        "FR,initial,,2011-01-20",
        "FR,annual,10,2011-04-29",
        "UK,initial,,2011-01-20",
        "FR,annual,2011,",
    ]
    path = write_reports(tmp_path / "reports.csv", rows)
    with pytest.raises(DataError) as caught:
        load_received(path)
    places = [(p.line, p.field) for p in caught.value.problems]
    assert places == [(2, "kind"), (4, "year"), (5, "iso2"), (6, "received_on")]
    assert all(str(p).startswith(f"{path}:{p.line}: {p.field}:") for p in caught.value.problems)


# What is owed and overdue


def test_state_that_reported_is_never_listed() -> None:
    """A State that sent every report by the as-of date owes nothing."""
    france = party("FR", date(2010, 8, 1))
    received = all_reports("FR", date(2010, 8, 1), 2024)
    assert overdue_reports([france], received, date(2025, 6, 1)) == []


def test_only_missing_report_is_listed() -> None:
    """Of a State's reports, only the one not received is overdue."""
    france = party("FR", date(2010, 8, 1))
    received = [r for r in all_reports("FR", date(2010, 8, 1), 2024) if r.key.year != 2017]
    assert keys(overdue_reports([france], received, date(2025, 6, 1))) == ["FR:annual:2017"]


def test_report_received_after_as_of_counts_as_not_received() -> None:
    """A report received after the as-of date was not received as of then."""
    france = party("FR", date(2010, 8, 1))
    late = [Received(ReportKey("FR", ReportKind.INITIAL), date(2011, 3, 1))]
    before = overdue_reports([france], late, date(2011, 2, 28))
    assert keys(before) == ["FR:initial"]
    assert overdue_reports([france], late, date(2011, 3, 1)) == []


def test_run_as_of_past_date_sees_parties_of_that_date(tmp_path: Path) -> None:
    """As of a past date, a State whose entry into force came later owes nothing."""
    folder = write_directory(
        tmp_path / "recipients",
        [
            "FR,France,party,2009-09-25,2010-08-01,,fr",
            "CL,Chile,party,2010-12-16,2011-06-01,,es",
        ],
        [
            "FR,mission,Permanent Mission of France,Geneva,,,,mission@fr.example.org,,,",
            "CL,mission,Misión Permanente de Chile,Ginebra,,,,mision@cl.example.org,,,",
        ],
    )
    directory = load_directory(folder)
    as_of = date(2011, 5, 1)
    overdue = overdue_reports(directory.parties_on(as_of), [], as_of)
    assert keys(overdue) == ["FR:initial", "FR:annual:2010"]
    assert owed_reports(directory.states["CL"], as_of) == []


def test_withdrawn_state_owes_nothing_after_withdrawal() -> None:
    """Lithuania, withdrawn on 6 March 2025, is not among the parties whose reports are due."""
    directory = load_directory(REPOSITORY / "recipients")
    as_of = date(2025, 5, 1)
    overdue = overdue_reports(directory.parties_on(as_of), [], as_of)
    assert not any(o.key.iso2 == "LT" for o in overdue)
    assert any(o.key.iso2 == "FR" for o in overdue)


def test_initial_report_due_and_days_overdue() -> None:
    """The initial report is due 180 days after EIF and overdue by the days since then."""
    chile = party("CL", date(2024, 2, 1))
    [overdue] = overdue_reports([chile], [], date(2024, 8, 9))
    assert overdue.key == ReportKey("CL", ReportKind.INITIAL)
    assert overdue.due == date(2024, 7, 30)
    assert overdue.days_overdue == 10
    assert (overdue.period_start, overdue.period_end) == (date(2024, 2, 1), date(2024, 7, 30))


def test_initial_report_not_overdue_on_its_due_date() -> None:
    """On the due date itself the initial report is not yet overdue."""
    chile = party("CL", date(2024, 2, 1))
    assert overdue_reports([chile], [], date(2024, 7, 30)) == []


def test_annual_report_not_overdue_on_30_april() -> None:
    """The annual update covering 2010 is not overdue on 30 April 2011."""
    france = party("FR", date(2010, 8, 1))
    received = [Received(ReportKey("FR", ReportKind.INITIAL), date(2011, 1, 10))]
    assert overdue_reports([france], received, date(2011, 4, 30)) == []


def test_annual_report_overdue_on_1_may() -> None:
    """On 1 May 2011 the update covering 2010 is one day overdue, its period from EIF."""
    france = party("FR", date(2010, 8, 1))
    received = [Received(ReportKey("FR", ReportKind.INITIAL), date(2011, 1, 10))]
    [overdue] = overdue_reports([france], received, date(2011, 5, 1))
    assert overdue.key == ReportKey("FR", ReportKind.ANNUAL, 2010)
    assert overdue.due == date(2011, 4, 30)
    assert overdue.days_overdue == 1
    assert overdue.period_start == date(2010, 8, 1)
    assert overdue.period_end == date(2010, 12, 31)


def test_annual_reports_of_several_years() -> None:
    """Every missing update is listed with its own due date and days overdue."""
    france = party("FR", date(2010, 8, 1))
    received = [Received(ReportKey("FR", ReportKind.INITIAL), date(2011, 1, 10))]
    overdue = overdue_reports([france], received, date(2013, 1, 15))
    assert [(str(o.key), o.due, o.days_overdue) for o in overdue] == [
        ("FR:annual:2010", date(2011, 4, 30), 626),
        ("FR:annual:2011", date(2012, 4, 30), 260),
    ]
    assert overdue[1].period_start == date(2011, 1, 1)


def test_state_without_entry_into_force_owes_nothing() -> None:
    """A State with no entry into force (a signatory) owes no report."""
    angola = State("AO", "Angola", StateStatus.SIGNATORY, None, None, None, Language.EN)
    assert owed_reports(angola, date(2025, 6, 1)) == []


# Escalation of reminders

KEY = ReportKey("FR", ReportKind.ANNUAL, 2024)


def test_escalation_without_history_is_first() -> None:
    """With no reminder issued, the first reminder is due."""
    result = escalation(KEY, [], date(2025, 6, 1), 60)
    assert result.level is Level.FIRST
    assert result.previous is None


def test_escalation_first_too_recent() -> None:
    """A first reminder younger than the interval gives no reminder, saying when the next is."""
    history = [IssuedReminder(KEY, Level.FIRST, date(2025, 5, 10))]
    result = escalation(KEY, history, date(2025, 6, 1), 60)
    assert result.level is None
    assert "second not before 2025-07-09" in result.reason


def test_escalation_second_once_first_is_old_enough() -> None:
    """A first reminder exactly the interval old gives the second, naming the first's date."""
    history = [IssuedReminder(KEY, Level.FIRST, date(2025, 5, 10))]
    result = escalation(KEY, history, date(2025, 7, 9), 60)
    assert result.level is Level.SECOND
    assert result.previous == date(2025, 5, 10)


def test_escalation_exhausted_after_second() -> None:
    """After a second reminder no further reminder is sent."""
    history = [
        IssuedReminder(KEY, Level.FIRST, date(2025, 5, 10)),
        IssuedReminder(KEY, Level.SECOND, date(2025, 7, 9)),
    ]
    result = escalation(KEY, history, date(2026, 1, 15), 60)
    assert result.level is None
    assert "escalation exhausted" in result.reason
    assert "2025-07-09" in result.reason


def test_escalation_ignores_history_after_as_of() -> None:
    """Reminders issued after the as-of date are not seen by a run as of then."""
    history = [
        IssuedReminder(KEY, Level.FIRST, date(2025, 5, 10)),
        IssuedReminder(KEY, Level.SECOND, date(2025, 7, 9)),
    ]
    assert escalation(KEY, history, date(2025, 5, 9), 60).level is Level.FIRST
    assert escalation(KEY, history, date(2025, 7, 8), 60).level is None
    assert escalation(KEY, history, date(2025, 7, 8), 30).level is Level.SECOND


def test_escalation_ignores_other_reports() -> None:
    """Reminders about another report do not count towards this one."""
    other = ReportKey("FR", ReportKind.ANNUAL, 2023)
    history = [IssuedReminder(other, Level.SECOND, date(2025, 5, 10))]
    assert escalation(KEY, history, date(2025, 6, 1), 60).level is Level.FIRST


# ReportKey text


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (ReportKey("FR", ReportKind.INITIAL), "FR:initial"),
        (ReportKey("FR", ReportKind.ANNUAL, 2025), "FR:annual:2025"),
    ],
)
def test_report_key_round_trip(key: ReportKey, text: str) -> None:
    """A report key is written as text and parsed back to the same key."""
    assert str(key) == text
    assert ReportKey.parse(text) == key
    assert ReportKey.parse(str(key)) == key


def test_a_report_received_twice_is_an_error(tmp_path: Path) -> None:
    """A duplicated row of reports.csv is named with the line of the first."""
    rows = ["FR,annual,2010,2011-04-29", "FR,initial,,2011-01-20", "FR,annual,2010,2011-04-29"]
    path = write_reports(tmp_path / "reports.csv", rows)
    with pytest.raises(DataError) as caught:
        load_received(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4: iso2: FR:annual:2010 received twice (first on line 2)"
    ]


def test_an_initial_report_with_a_year_is_an_error(tmp_path: Path) -> None:
    """An initial report covers no calendar year: a year given for one is reported."""
    path = write_reports(tmp_path / "reports.csv", ["FR,initial,2011,2011-01-20"])
    with pytest.raises(DataError) as caught:
        load_received(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: year: an initial report covers no year: leave it empty"
    ]


def test_a_report_of_a_state_outside_the_directory_is_an_error(tmp_path: Path) -> None:
    """Given the directory's States, a report of another State (a typo of a code) is named."""
    path = write_reports(
        tmp_path / "reports.csv", ["FR,initial,,2011-01-20", "ZM,initial,,2011-01-20"]
    )
    with pytest.raises(DataError) as caught:
        load_received(path, {"FR", "NZ"})
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: iso2: ZM is not a State of the directory (states.csv)"
    ]
