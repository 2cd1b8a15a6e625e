"""Each State's file: standing, contacts, reports, Article 3 and the documents written to it."""

from __future__ import annotations

from datetime import date

import pytest
from drafts import drafting, record, thanks

from verbale.batches.overdue import NextStep
from verbale.batches.register import EntryStatus
from verbale.batches.state_file import Records, load_records, load_state_file, state_file
from verbale.convention.directory import Channel
from verbale.convention.reports import ReportKey, ReportKind
from verbale.convention.standing import Standing
from verbale.convention.stockpiles import Article3Letter, Obligation
from verbale.errors import NotFoundError
from verbale.settings import Settings

DAY = date(2016, 3, 3)


@pytest.fixture
def records() -> Records:
    """Everything on file in the committed data and an empty work directory."""
    return load_records(Settings())


def test_paraguay_owes_its_initial_report_on_3_march_2016(records: Records) -> None:
    """Paraguay: a party since 1 September 2015, its initial report 4 days overdue."""
    found = state_file(records, "PY", DAY, 30, 365)
    assert (found.standing, found.state.entry_into_force) == (Standing.PARTY, date(2015, 9, 1))
    assert [c.channel for c in found.contacts] == [Channel.MISSION, Channel.CAPITAL]
    initial = ReportKey("PY", ReportKind.INITIAL)
    assert [(r.key, r.days_overdue) for r in found.reports] == [(initial, 4)]
    assert [(e.key, e.next_step) for e in found.overdue] == [(initial, NextStep.FIRST_REMINDER)]
    assert found.documents == ()


def test_article3_status_of_a_state_party(records: Records) -> None:
    """France: destruction completed by 2017, deadline eight years after entry into force."""
    found = state_file(records, "FR", date(2017, 3, 1), 30, 365)
    assert found.article3 is not None
    assert (found.article3.obligation, found.article3.deadline) == (
        Obligation.YES,
        date(2018, 8, 1),
    )
    assert found.article3.letter is Article3Letter.GOOD_PRACTICES_REQUEST
    assert all(r.received_on for r in found.reports)


def test_a_signatory_has_no_reports_nor_article3_status(records: Records) -> None:
    """Angola signed and has not ratified: nothing owed under Articles 3 and 7."""
    found = state_file(records, "AO", DAY, 30, 365)
    assert (found.standing, found.reports, found.article3) == (Standing.SIGNATORY, (), None)


def test_an_unknown_state_is_an_error(records: Records) -> None:
    """A code the directory lacks is refused by name."""
    with pytest.raises(NotFoundError, match="XK: no such State in the directory"):
        state_file(records, "XK", DAY, 30, 365)


def test_the_file_lists_the_documents_written_to_the_state_by_the_as_of_date() -> None:
    """Only the State's own documents, and none dated after the as-of date."""
    earlier = drafting("circular", DAY)
    record(earlier, thanks(earlier, ["PY", "FR"])[0])
    later = drafting("circular", date(2016, 9, 1))
    record(later, thanks(later, ["PY"])[0])
    found = load_state_file(Settings(), "PY", date(2016, 6, 1))
    assert [(d.reference, d.kind, d.batch, d.status) for d in found.documents] == [
        ("CCM/ISU/2016/0001", "contribution-thanks", earlier.batch_id, EntryStatus.DRAFTED)
    ]
    everything = load_state_file(Settings(), "PY", date(2016, 9, 1))
    assert [d.reference for d in everything.documents] == [
        "CCM/ISU/2016/0001",
        "CCM/ISU/2016/0003",
    ]
