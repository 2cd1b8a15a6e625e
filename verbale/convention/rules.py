"""Dates the Convention sets, computed, never typed in."""

from __future__ import annotations

from datetime import date, timedelta

# Art. 17(1): the Convention entered into force on 1 August 2010, the first day of the
# sixth month after the month of the thirtieth deposit.
CONVENTION_ENTRY_INTO_FORCE = date(2010, 8, 1)
INITIAL_REPORT_DAYS = 180
STOCKPILE_DESTRUCTION_YEARS = 8


def entry_into_force_for_deposit(deposit: date) -> date:
    """Art. 17(2): the first day of the sixth month after the month of deposit."""
    months = deposit.year * 12 + (deposit.month - 1) + 6
    computed = date(months // 12, months % 12 + 1, 1)
    return max(computed, CONVENTION_ENTRY_INTO_FORCE)


def initial_report_due(entry_into_force: date) -> date:
    """Art. 7(1): the initial report is due 180 days after entry into force."""
    return entry_into_force + timedelta(days=INITIAL_REPORT_DAYS)


def annual_report_due(year_covered: int) -> date:
    """Art. 7(2): the annual update covering a calendar year is due 30 April the year after."""
    return date(year_covered + 1, 4, 30)


def first_annual_year(entry_into_force: date) -> int:
    """Art. 7(2), in practice: the first annual update covers the year of entry into force."""
    return entry_into_force.year


def stockpile_destruction_deadline(entry_into_force: date) -> date:
    """Art. 3(2): stockpiles destroyed no later than eight years after entry into force."""
    return _add_years(entry_into_force, STOCKPILE_DESTRUCTION_YEARS)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
