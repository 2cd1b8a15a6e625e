"""Dates the Convention sets (design brief, section 2)."""

from __future__ import annotations

from datetime import date

import pytest

from verbale.convention.rules import (
    CONVENTION_ENTRY_INTO_FORCE,
    annual_report_due,
    entry_into_force_for_deposit,
    first_annual_year,
    initial_report_due,
    stockpile_destruction_deadline,
)


def test_entry_into_force_first_day_of_sixth_month() -> None:
    """Art. 17(2): a deposit on 28 February 2023 gives entry into force on 1 August 2023."""
    assert entry_into_force_for_deposit(date(2023, 2, 28)) == date(2023, 8, 1)


@pytest.mark.parametrize(
    "deposit",
    [date(2008, 12, 3), date(2009, 4, 2), date(2010, 2, 16)],
)
def test_entry_into_force_first_thirty(deposit: date) -> None:
    """Art. 17(1): the first thirty deposits (up to 16 February 2010) give 1 August 2010."""
    assert entry_into_force_for_deposit(deposit) == date(2010, 8, 1)
    assert entry_into_force_for_deposit(deposit) == CONVENTION_ENTRY_INTO_FORCE


def test_entry_into_force_after_the_thirtieth() -> None:
    """A deposit on 15 March 2010 gives 1 September 2010, after the Convention's own."""
    assert entry_into_force_for_deposit(date(2010, 3, 15)) == date(2010, 9, 1)


@pytest.mark.parametrize("day", [1, 15, 31])
def test_entry_into_force_across_the_year_end(day: int) -> None:
    """A deposit in August gives entry into force on 1 February of the next year."""
    assert entry_into_force_for_deposit(date(2023, 8, day)) == date(2024, 2, 1)


def test_entry_into_force_deposit_in_december() -> None:
    """A deposit in December gives 1 June of the next year."""
    assert entry_into_force_for_deposit(date(2019, 12, 31)) == date(2020, 6, 1)


def test_entry_into_force_deposit_in_july() -> None:
    """A deposit in July gives 1 January of the next year (month 12 wraps to 1)."""
    assert entry_into_force_for_deposit(date(2011, 7, 1)) == date(2012, 1, 1)


def test_initial_report_due_2010() -> None:
    """Art. 7(1): entry into force on 1 August 2010 gives an initial report due 28 January 2011."""
    assert initial_report_due(date(2010, 8, 1)) == date(2011, 1, 28)


def test_initial_report_due_leap_year() -> None:
    """Art. 7(1): entry into force on 1 February 2024 gives 30 July 2024 (a leap year)."""
    assert initial_report_due(date(2024, 2, 1)) == date(2024, 7, 30)


def test_annual_report_due() -> None:
    """Art. 7(2): the update covering 2025 is due 30 April 2026."""
    assert annual_report_due(2025) == date(2026, 4, 30)


def test_first_annual_year_is_year_of_entry_into_force() -> None:
    """The first annual update covers the calendar year of entry into force."""
    assert first_annual_year(date(2024, 2, 1)) == 2024


def test_stockpile_destruction_deadline() -> None:
    """Art. 3(2): entry into force on 1 August 2010 gives a deadline of 1 August 2018."""
    assert stockpile_destruction_deadline(date(2010, 8, 1)) == date(2018, 8, 1)
