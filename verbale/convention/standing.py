"""A State's standing under the Convention on a date: status, reports owed and received."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from verbale.convention.directory import State, StateStatus
from verbale.convention.reports import Received, ReportKey, owed_reports


class Standing(StrEnum):
    """What a State is towards the Convention on a given day."""

    PARTY = "party"
    # Art. 17(2): bound from the first day of the sixth month after the month of deposit.
    AWAITING_ENTRY_INTO_FORCE = "awaiting-entry-into-force"
    SIGNATORY = "signatory"
    WITHDRAWN = "withdrawn"
    NOT_PARTY = "not-party"


@dataclass(frozen=True)
class ReportDue:
    """A report due before the as-of date, with when it came in, or how late it is."""

    key: ReportKey
    due: date
    received_on: date | None
    days_overdue: int | None  # None once received


def standing_on(state: State, day: date) -> Standing:
    """Art. 17 and 20: a party from entry into force until its withdrawal takes effect."""
    if state.is_party_on(day):
        return Standing.PARTY
    if state.withdrawal_effective is not None and day >= state.withdrawal_effective:
        return Standing.WITHDRAWN
    if state.deposit_date is not None and state.deposit_date <= day:
        return Standing.AWAITING_ENTRY_INTO_FORCE
    if state.status is StateStatus.SIGNATORY:
        return Standing.SIGNATORY
    return Standing.NOT_PARTY


def reports_due(state: State, received: Iterable[Received], as_of: date) -> list[ReportDue]:
    """Art. 7(1) and 7(2): every report due before the as-of date, received or overdue.

    Only while the State is a party: a withdrawn State owes no further report."""
    if standing_on(state, as_of) is not Standing.PARTY:
        return []
    # A report received after the as-of date was not received as of then (reproducible runs).
    have = {r.key: r.received_on for r in received if r.received_on <= as_of}
    return [
        ReportDue(
            owed.key,
            owed.due,
            have.get(owed.key),
            None if owed.key in have else owed.days_overdue,
        )
        for owed in owed_reports(state, as_of)
    ]
