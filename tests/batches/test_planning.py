"""Planning without Prefect: who gets which letter as of a date, escalation, skipped reasons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import REPOSITORY, KindMaker

from verbale.batches.drafting import Drafting
from verbale.batches.manifest import SkipReason
from verbale.batches.planning import (
    plan_article3,
    plan_circular,
    plan_reminders,
    select_states,
)
from verbale.convention.decisions import Decision
from verbale.convention.directory import Channel, Contact, Directory, Gender, State, StateStatus
from verbale.convention.reports import (
    IssuedReminder,
    Level,
    Received,
    ReportKey,
    ReportKind,
)
from verbale.convention.stockpiles import Article3Letter, Obligation, Progress, Stockpile
from verbale.documents.kinds import Kind, load_kind
from verbale.documents.rendering import Renderer
from verbale.errors import SelectionError
from verbale.languages import Language
from verbale.settings import Settings

TEMPLATES = REPOSITORY / "templates"
AS_OF = date(2016, 3, 3)
EIF = date(2015, 6, 1)  # initial report due 28 Nov 2015: overdue on 3 March 2016
LETTERS = (Article3Letter.PROGRESS_REQUEST, Article3Letter.GOOD_PRACTICES_REQUEST)


def state(iso2: str, eif: date | None = EIF, language: Language = Language.EN) -> State:
    """A State Party (or, without entry into force, a signatory)."""
    status = StateStatus.PARTY if eif else StateStatus.SIGNATORY
    return State(iso2, f"State {iso2}", status, eif, eif, None, language)


def contact(iso2: str, channel: Channel, language: Language | None = None) -> Contact:
    """An office of a State with one address."""
    address = f"{channel.value}@{iso2.lower()}.example.org"
    return Contact(
        iso2,
        channel,
        f"{channel.value} of {iso2}",
        "Geneva",
        "",
        "",
        Gender.UNKNOWN,
        (address,),
        (),
        ("Somewhere",),
        language,
    )


def directory(
    *states: State, capital_only: tuple[str, ...] = (), silent: tuple[str, ...] = ()
) -> Directory:
    """A small directory: a mission and a capital per State, unless told otherwise."""
    contacts = {}
    for s in states:
        if s.iso2 in silent:
            continue
        channels = (
            [Channel.CAPITAL] if s.iso2 in capital_only else [Channel.MISSION, Channel.CAPITAL]
        )
        contacts[s.iso2] = tuple(contact(s.iso2, c) for c in channels)
    return Directory({s.iso2: s for s in states}, contacts, {})


def drafting(found: Directory, day: date = AS_OF) -> Drafting:
    """What planning needs, for a small directory on a day."""
    settings = Settings()
    batch_id = "20160303-000000-test-abcd"
    ledger = settings.workspace.ledger
    return Drafting(found, settings, Renderer({}), day, "test", batch_id, ledger)


@pytest.fixture(scope="module")
def reminder() -> Kind:
    """The committed reminder kind."""
    return load_kind(TEMPLATES, "reporting-reminder")


def test_overdue_initial_report_gets_a_first_reminder_to_the_mission(reminder: Kind) -> None:
    """A State Party that owes its initial report is reminded at its mission, capital in copy."""
    jobs, skipped = plan_reminders(drafting(directory(state("AA"))), reminder, [], [])
    assert skipped == []
    (job,) = jobs
    assert (job.state, job.channel, job.details) == (
        "AA",
        "mission",
        {"report": "AA:initial", "level": "first"},
    )
    assert job.to == ("mission@aa.example.org",) and job.cc == ("capital@aa.example.org",)


def test_a_report_received_is_never_reminded(reminder: Kind) -> None:
    """A State that has reported gets no reminder for that report."""
    received = [Received(ReportKey("AA", ReportKind.INITIAL), date(2015, 11, 1))]
    jobs, skipped = plan_reminders(drafting(directory(state("AA"))), reminder, received, [])
    assert jobs == [] and skipped == []


def test_a_state_not_yet_party_on_the_date_owes_nothing(reminder: Kind) -> None:
    """Entry into force after the as-of date: no report due, no letter (Art. 7(1))."""
    later = state("BB", eif=AS_OF + timedelta(days=1))
    jobs, skipped = plan_reminders(drafting(directory(later)), reminder, [], [])
    assert jobs == [] and skipped == []


def test_escalation_waits_then_sends_a_second_then_stops(reminder: Kind) -> None:
    """A first reminder, no second before the interval, a second after it, then no more."""
    key = ReportKey("AA", ReportKind.INITIAL)
    found = directory(state("AA"))
    interval = Settings().reminder_interval_days
    first = [IssuedReminder(key, Level.FIRST, AS_OF)]
    jobs, skipped = plan_reminders(drafting(found, AS_OF + timedelta(days=1)), reminder, [], first)
    assert jobs == [] and [s.reason for s in skipped] == [SkipReason.REMINDER_NOT_DUE]
    later = AS_OF + timedelta(days=interval)
    jobs, _ = plan_reminders(drafting(found, later), reminder, [], first)
    assert [j.details["level"] for j in jobs] == ["second"]
    both = [*first, IssuedReminder(key, Level.SECOND, later)]
    jobs, skipped = plan_reminders(drafting(found, later + timedelta(days=1)), reminder, [], both)
    assert jobs == [] and [s.reason for s in skipped] == [SkipReason.ESCALATION_EXHAUSTED]


def test_a_state_without_a_mission_is_written_to_in_its_capital(reminder: Kind) -> None:
    """No mission in Geneva: the capital gets the letter, never a silent skip."""
    found = directory(state("CK"), capital_only=("CK",))
    (job,), _ = plan_reminders(drafting(found), reminder, [], [])
    assert (job.channel, job.to, job.cc) == ("capital", ("capital@ck.example.org",), ())


def test_a_state_without_any_contact_is_listed_as_skipped(reminder: Kind) -> None:
    """No contact at all: the State is named among the skipped, with the reason."""
    found = directory(state("DD"), silent=("DD",))
    jobs, skipped = plan_reminders(drafting(found), reminder, [], [])
    assert jobs == [] and [(s.state, s.reason) for s in skipped] == [("DD", SkipReason.NO_CONTACT)]


def test_unknown_stockpile_status_is_skipped_for_a_person_to_decide() -> None:
    """Article 3: a State with no known stockpile status gets no letter, and is listed."""
    kinds = {letter: load_kind(TEMPLATES, letter.value) for letter in LETTERS}
    found = directory(state("AA"), state("BB"))
    done = Stockpile("BB", Obligation.YES, Progress.COMPLETED, date(2015, 12, 1), None)
    jobs, skipped = plan_article3(drafting(found), kinds, {"BB": done})
    assert [(s.state, s.reason) for s in skipped] == [("AA", SkipReason.UNKNOWN_STATUS)]
    assert [(j.state, j.kind) for j in jobs] == [("BB", "article3-good-practices-request")]


def test_select_states_refuses_unknown_codes_and_finds_signatories() -> None:
    """A circular's selection: listed codes must exist; signatories are those not yet party."""
    found = drafting(directory(state("AA"), state("SG", eif=None)))
    with pytest.raises(SelectionError, match="XX"):
        select_states(found, ["AA", "XX"], False)
    assert select_states(found, None, True) == ["SG"]
    assert select_states(found, None, False) == ["AA"]


def test_a_circular_goes_to_each_selected_state(make_kind: KindMaker) -> None:
    """A circular plans one letter per selected State with the decision's variables."""
    root = make_kind("notice", {"en": ["{{ meeting }}"]}, variables=["meeting"])
    kind = load_kind(root, "notice")
    found = directory(state("AA"), state("BB"))
    decision = Decision(root / "decision.yaml", {"meeting": "the Meeting"})
    jobs, skipped = plan_circular(drafting(found), kind, decision, ["AA", "BB"])
    assert [j.state for j in jobs] == ["AA", "BB"] and skipped == []
    assert jobs[0].context["meeting"] == "the Meeting"
