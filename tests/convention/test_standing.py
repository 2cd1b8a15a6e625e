"""A State's standing on a date and the reports it owed, received or overdue."""

from __future__ import annotations

from datetime import date

from verbale.convention.directory import State, StateStatus
from verbale.convention.reports import Received, ReportKey, ReportKind
from verbale.convention.standing import ReportDue, Standing, reports_due, standing_on
from verbale.languages import Language

PARAGUAY = State(
    "PY", "Paraguay", StateStatus.PARTY, date(2015, 3, 12), date(2015, 9, 1), None, Language.ES
)
LITHUANIA = State(
    "LT",
    "Lithuania",
    StateStatus.WITHDRAWN,
    date(2011, 3, 24),
    date(2011, 9, 1),
    date(2025, 3, 6),
    Language.EN,
)
ANGOLA = State("AO", "Angola", StateStatus.SIGNATORY, None, None, None, Language.EN)
INITIAL = ReportKey("PY", ReportKind.INITIAL)


def test_standing_follows_the_dates_of_articles_17_and_20() -> None:
    """Before deposit, between deposit and entry into force, a party, withdrawn."""
    assert standing_on(PARAGUAY, date(2015, 1, 1)) is Standing.NOT_PARTY
    assert standing_on(PARAGUAY, date(2015, 8, 31)) is Standing.AWAITING_ENTRY_INTO_FORCE
    assert standing_on(PARAGUAY, date(2015, 9, 1)) is Standing.PARTY
    assert standing_on(LITHUANIA, date(2025, 3, 5)) is Standing.PARTY
    assert standing_on(LITHUANIA, date(2025, 3, 6)) is Standing.WITHDRAWN
    assert standing_on(ANGOLA, date(2016, 3, 3)) is Standing.SIGNATORY


def test_an_unreceived_report_is_overdue_by_days_since_its_due_date() -> None:
    """Paraguay's initial report, due 28 February 2016, is 4 days overdue on 3 March."""
    assert reports_due(PARAGUAY, [], date(2016, 3, 3)) == [
        ReportDue(INITIAL, date(2016, 2, 28), None, 4)
    ]


def test_a_received_report_shows_its_date_and_no_delay() -> None:
    """A report received by the as-of date is received, not overdue."""
    received = [Received(INITIAL, date(2016, 3, 1))]
    assert reports_due(PARAGUAY, received, date(2016, 3, 3)) == [
        ReportDue(INITIAL, date(2016, 2, 28), date(2016, 3, 1), None)
    ]


def test_a_report_received_after_the_as_of_date_was_still_overdue_then() -> None:
    """A run as of a past date sees the past."""
    received = [Received(INITIAL, date(2016, 5, 1))]
    (report,) = reports_due(PARAGUAY, received, date(2016, 3, 3))
    assert (report.received_on, report.days_overdue) == (None, 4)


def test_a_state_that_is_not_a_party_owes_no_report() -> None:
    """A signatory or a withdrawn State has no reports due."""
    assert reports_due(ANGOLA, [], date(2016, 3, 3)) == []
    assert reports_due(LITHUANIA, [], date(2025, 6, 1)) == []
