"""Article 3 stockpile destruction: loading stockpiles.csv and the letter each State gets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verbale.convention.directory import State, StateStatus
from verbale.convention.stockpiles import (
    Article3Letter,
    Obligation,
    Progress,
    Stockpile,
    article3_letter,
    article3_letters,
    load_stockpiles,
)
from verbale.errors import DataError
from verbale.languages import Language

REPOSITORY = Path(__file__).resolve().parents[2]
HEADER = "iso2,obligation,status,completed_on,last_update"
AS_OF = date(2025, 6, 1)
UPDATE_DAYS = 365


def write_stockpiles(path: Path, rows: list[str]) -> Path:
    """A stockpiles.csv with the rows given, one a line after the header."""
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def stockpile(
    obligation: Obligation = Obligation.YES,
    progress: Progress = Progress.IN_PROGRESS,
    completed_on: date | None = None,
    last_update: date | None = None,
) -> Stockpile:
    """One State's stockpile status, in progress with no update unless told otherwise."""
    return Stockpile("PE", obligation, progress, completed_on, last_update)


# Loading


def test_committed_stockpiles_load() -> None:
    """The committed data/stockpiles.csv loads with Norway's completed destruction."""
    found = load_stockpiles(REPOSITORY / "data" / "stockpiles.csv")
    assert found["NO"] == Stockpile(
        "NO", Obligation.YES, Progress.COMPLETED, date(2013, 2, 28), None
    )
    assert found["AL"].obligation is Obligation.NO


def test_load_stockpiles_rows(tmp_path: Path) -> None:
    """Each row becomes a Stockpile keyed by ISO code, empty dates read as None."""
    path = write_stockpiles(
        tmp_path / "stockpiles.csv",
        ["PE,yes,in-progress,,2024-11-30", "ES,yes,completed,2009-03-18,", "IE,no,,,"],
    )
    found = load_stockpiles(path)
    assert found["PE"] == Stockpile(
        "PE", Obligation.YES, Progress.IN_PROGRESS, None, date(2024, 11, 30)
    )
    assert found["ES"].completed_on == date(2009, 3, 18)
    assert found["IE"].progress is Progress.NONE


def test_load_stockpiles_bad_rows(tmp_path: Path) -> None:
    """Every bad row is reported at path:line: field, and DataError is raised."""
    rows = [
        "XX,no,,,",
        "PE,maybe,in-progress,,",
        "ES,yes,completed,18/03/2009,",
        "IE,no,,,",
        "IE,no,,,",
        "BE,yes,done,,",
    ]
    path = write_stockpiles(tmp_path / "stockpiles.csv", rows)
    with pytest.raises(DataError) as caught:
        load_stockpiles(path)
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [
        (2, "iso2"),
        (3, "obligation"),
        (4, "completed_on"),
        (6, "iso2"),
        (7, "status"),
    ]
    assert str(problems[0]) == f"{path}:2: iso2: 'XX' is not an ISO 3166 alpha-2 country code"
    assert str(problems[2]) == f"{path}:4: completed_on: '18/03/2009' is not a date (YYYY-MM-DD)"
    assert str(problems[3]) == f"{path}:6: iso2: duplicate State IE (first on line 5)"


def test_load_stockpiles_missing_column(tmp_path: Path) -> None:
    """A header without last_update is reported on line 1."""
    path = tmp_path / "stockpiles.csv"
    path.write_text("iso2,obligation,status,completed_on\nIE,no,,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_stockpiles(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: last_update: column missing from the header"
    ]


# The letter of each category


def test_completed_gets_good_practices_request() -> None:
    """An obligation with destruction completed before the as-of date asks for good practices."""
    decision = article3_letter(
        stockpile(progress=Progress.COMPLETED, completed_on=date(2013, 2, 28)), AS_OF, UPDATE_DAYS
    )
    assert decision.letter is Article3Letter.GOOD_PRACTICES_REQUEST


def test_completed_without_date_gets_good_practices_request() -> None:
    """Destruction recorded as completed with no date counts as completed before any day."""
    decision = article3_letter(stockpile(progress=Progress.COMPLETED), AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.GOOD_PRACTICES_REQUEST


def test_in_progress_without_update_gets_progress_request() -> None:
    """Destruction in progress with no update at all asks for progress."""
    decision = article3_letter(stockpile(), AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.PROGRESS_REQUEST
    assert "2024-06-01" in decision.reason


def test_in_progress_with_old_update_gets_progress_request() -> None:
    """An update older than update_days before the as-of date does not count."""
    decision = article3_letter(stockpile(last_update=date(2024, 5, 31)), AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.PROGRESS_REQUEST


@pytest.mark.parametrize("update", [date(2024, 6, 1), date(2025, 1, 15), date(2025, 6, 1)])
def test_in_progress_with_recent_update_gets_nothing(update: date) -> None:
    """An update within update_days before the as-of date (bounds included) means no letter."""
    decision = article3_letter(stockpile(last_update=update), AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.NONE
    assert str(update) in decision.reason


def test_update_after_as_of_is_ignored() -> None:
    """An update dated after the as-of date is not seen by a run as of then."""
    decision = article3_letter(stockpile(last_update=date(2025, 6, 2)), AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.PROGRESS_REQUEST


def test_completed_after_as_of_is_not_completed() -> None:
    """Destruction completed after the as-of date is still in progress as of then."""
    decision = article3_letter(
        stockpile(progress=Progress.COMPLETED, completed_on=date(2025, 9, 1)), AS_OF, UPDATE_DAYS
    )
    assert decision.letter is Article3Letter.PROGRESS_REQUEST


def test_completed_after_as_of_with_recent_update_gets_nothing() -> None:
    """Completion after the as-of date, with a recent update then, gets no letter."""
    record = stockpile(
        progress=Progress.COMPLETED, completed_on=date(2025, 9, 1), last_update=date(2025, 3, 1)
    )
    assert article3_letter(record, AS_OF, UPDATE_DAYS).letter is Article3Letter.NONE


def test_completed_on_as_of_date_counts() -> None:
    """Destruction completed on the as-of date itself counts as completed."""
    record = stockpile(progress=Progress.COMPLETED, completed_on=AS_OF)
    assert article3_letter(record, AS_OF, UPDATE_DAYS).letter is (
        Article3Letter.GOOD_PRACTICES_REQUEST
    )


def test_unknown_obligation_is_unknown() -> None:
    """An unknown obligation is never guessed: the category is UNKNOWN."""
    record = stockpile(obligation=Obligation.UNKNOWN, progress=Progress.UNKNOWN)
    assert article3_letter(record, AS_OF, UPDATE_DAYS).letter is Article3Letter.UNKNOWN


def test_missing_row_is_unknown() -> None:
    """A State Party with no row in stockpiles.csv is UNKNOWN."""
    decision = article3_letter(None, AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.UNKNOWN
    assert "unknown" in decision.reason


def test_unknown_progress_is_unknown() -> None:
    """An obligation whose destruction status is unknown is UNKNOWN, not a progress request."""
    record = stockpile(progress=Progress.UNKNOWN)
    assert article3_letter(record, AS_OF, UPDATE_DAYS).letter is Article3Letter.UNKNOWN


def test_no_obligation_gets_nothing() -> None:
    """A State with no Article 3 obligation gets no letter."""
    record = stockpile(obligation=Obligation.NO, progress=Progress.NONE)
    decision = article3_letter(record, AS_OF, UPDATE_DAYS)
    assert decision.letter is Article3Letter.NONE
    assert decision.reason == "no Article 3 obligation"


def test_article3_letters_of_every_party() -> None:
    """Every State Party is categorised, a missing row included."""
    parties = [
        State(iso2, iso2, StateStatus.PARTY, None, date(2010, 8, 1), None, Language.EN)
        for iso2 in ("ES", "IE", "PE")
    ]
    stockpiles = {
        "ES": Stockpile("ES", Obligation.YES, Progress.COMPLETED, date(2009, 3, 18), None),
        "IE": Stockpile("IE", Obligation.NO, Progress.NONE, None, None),
    }
    letters = article3_letters(parties, stockpiles, AS_OF, UPDATE_DAYS)
    assert {iso2: d.letter for iso2, d in letters.items()} == {
        "ES": Article3Letter.GOOD_PRACTICES_REQUEST,
        "IE": Article3Letter.NONE,
        "PE": Article3Letter.UNKNOWN,
    }


def test_a_stockpile_of_a_state_outside_the_directory_is_an_error(tmp_path: Path) -> None:
    """Given the directory's States, a row of another State is named at its line."""
    path = write_stockpiles(tmp_path / "stockpiles.csv", ["IE,no,,,", "ZM,no,,,"])
    with pytest.raises(DataError) as caught:
        load_stockpiles(path, {"IE"})
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: iso2: ZM is not a State of the directory (states.csv)"
    ]
