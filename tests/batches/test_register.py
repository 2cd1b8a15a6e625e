"""The register of outgoing correspondence: numbers in sequence, states, nothing reused."""

from __future__ import annotations

from datetime import date

from conftest import docx_text
from drafts import draft, drafting, record, thanks

from verbale.batches.ledger import (
    Delivery,
    DeliveryStatus,
    Ledger,
    ReferenceRecord,
    ReferenceUse,
    ReviewState,
)
from verbale.batches.manifest import DocumentEntry, SkipReason
from verbale.batches.register import BatchView, EntryStatus, read_register, register_entry
from verbale.batches.review import approve, load_batch, reject
from verbale.settings import Settings
from verbale.workspace import Workspace

DAY = date(2016, 3, 3)


def workspace() -> Workspace:
    """The work directory of the test."""
    return Settings().workspace


def docs(ledger: Ledger, year: int | None = None, prefix: str | None = None) -> list[str]:
    """The documents of the register's lines, in its order."""
    return [e.doc for e in read_register(workspace(), year, prefix)]


def document(doc_id: str, encloses: tuple[str, ...]) -> DocumentEntry:
    """A manifest entry with only what the register reads filled in."""
    return DocumentEntry(
        id=doc_id,
        path=f"{doc_id}.docx",
        kind="",
        lang="en",
        fallback=False,
        state="",
        channel="",
        to=(),
        cc=(),
        subject=doc_id,
        body="",
        encloses=encloses,
        sha256="",
    )


def test_two_batches_number_on_from_each_other(ledger: Ledger) -> None:
    """A second batch continues the sender's sequence of the year."""
    first = drafting("circular", DAY)
    record(first, thanks(first, ["FR", "ZM"])[0])
    second = drafting("circular", DAY)
    record(second, thanks(second, ["PY"])[0])
    entries = read_register(workspace())
    assert [(e.reference, e.state, e.batch) for e in entries] == [
        ("CCM/ISU/2016/0001", "FR", first.batch_id),
        ("CCM/ISU/2016/0002", "ZM", first.batch_id),
        ("CCM/ISU/2016/0003", "PY", second.batch_id),
    ]
    assert entries[0].subject.startswith("Contribution financière pour l’année 2016")
    assert {e.status for e in entries} == {EntryStatus.DRAFTED}


def test_every_letter_prints_its_reference(ledger: Ledger) -> None:
    """The rendered letter carries the number the register gives it."""
    plan = drafting("circular", DAY)
    folder = record(plan, thanks(plan, ["FR", "ZM"])[0])
    for entry in read_register(workspace()):
        assert entry.reference in docx_text(folder / f"{entry.doc}.docx")


def test_excluded_document_and_rejected_batch_keep_their_numbers_cancelled(
    ledger: Ledger,
) -> None:
    """Exclusion and rejection cancel a number; the next batch never reuses it."""
    kept = drafting("circular", DAY)
    record(kept, thanks(kept, ["FR", "ZM"])[0])
    batch = load_batch(workspace(), kept.batch_id)
    approve(batch, ledger, "A. Reviewer", "", ["ZM-mission-contribution-thanks"])
    dropped = drafting("circular", DAY)
    record(dropped, thanks(dropped, ["PY"])[0])
    reject(load_batch(workspace(), dropped.batch_id), ledger, "A. Reviewer", "redo")
    after = drafting("circular", DAY)
    record(after, thanks(after, ["PY"])[0])
    entries = read_register(workspace())
    assert [(e.reference, e.batch, e.status) for e in entries] == [
        ("CCM/ISU/2016/0001", kept.batch_id, EntryStatus.APPROVED),
        ("CCM/ISU/2016/0002", kept.batch_id, EntryStatus.CANCELLED),
        ("CCM/ISU/2016/0003", dropped.batch_id, EntryStatus.CANCELLED),
        ("CCM/ISU/2016/0004", after.batch_id, EntryStatus.DRAFTED),
    ]


def test_numbers_of_a_batch_that_never_completed_are_cancelled(ledger: Ledger) -> None:
    """A drafting run that stopped before its batch was recorded leaves its numbers cancelled."""
    crashed = drafting("circular", DAY)
    thanks(crashed, ["FR"])  # planned, never rendered nor recorded
    later = drafting("circular", DAY)
    record(later, thanks(later, ["FR"])[0])
    entries = read_register(workspace())
    assert [(e.reference, e.status, e.subject) for e in entries] == [
        ("CCM/ISU/2016/0001", EntryStatus.CANCELLED, ""),
        ("CCM/ISU/2016/0002", EntryStatus.DRAFTED, entries[1].subject),
    ]
    assert entries[0].kind == "contribution-thanks" and entries[0].state == "FR"


def test_re_runs_with_nothing_new_leave_no_gap_in_the_register(ledger: Ledger) -> None:
    """Three re-runs of a circular whose letters a live batch holds allocate no number: the
    next run with a new State numbers on from the first batch, nothing cancelled."""
    first = drafting("circular", DAY)
    draft(first, thanks(first, ["FR", "ZM"]))
    for _ in range(3):
        again = drafting("circular", DAY)
        fresh = draft(again, thanks(again, ["FR", "ZM"]))
        assert fresh.jobs == []
        assert [s.reason for s in fresh.skipped] == [SkipReason.ALREADY_DRAFTED] * 2
    last = drafting("circular", DAY)
    draft(last, thanks(last, ["FR", "PY", "ZM"]))
    entries = read_register(workspace())
    assert [(e.reference, e.state, e.batch, e.status) for e in entries] == [
        ("CCM/ISU/2016/0001", "FR", first.batch_id, EntryStatus.DRAFTED),
        ("CCM/ISU/2016/0002", "ZM", first.batch_id, EntryStatus.DRAFTED),
        ("CCM/ISU/2016/0003", "PY", last.batch_id, EntryStatus.DRAFTED),
    ]


def test_a_delivered_document_is_sent_on_the_day_of_its_first_delivery(
    ledger: Ledger,
) -> None:
    """Sent once any of its deliveries is done; approved until then."""
    plan = drafting("circular", DAY)
    record(plan, thanks(plan, ["FR", "ZM"])[0])
    approve(load_batch(workspace(), plan.batch_id), ledger, "A. Reviewer", "", [])
    doc = "FR-mission-contribution-thanks"
    ledger.mark(plan.batch_id, doc, "a@fr.example.org", DeliveryStatus.DONE, "<1@x>")
    ledger.mark(plan.batch_id, doc, "b@fr.example.org", DeliveryStatus.FAILED, "<2@x>", "550")
    entries = {e.doc: e for e in read_register(workspace())}
    assert entries[doc].status is EntryStatus.SENT
    assert entries[doc].sent_on == date.today()
    zambia = entries["ZM-mission-contribution-thanks"]
    assert (zambia.status, zambia.sent_on) == (EntryStatus.APPROVED, None)


def test_a_statement_is_sent_with_the_first_transmittal_enclosing_it() -> None:
    """A statement has no address: it leaves with a transmittal that encloses it."""
    use = ReferenceUse("b1", "condemnation-statement-en", "condemnation-statement", "", "", DAY)
    number = ReferenceRecord("CCM/PRES/2016/0001", "CCM/PRES", 2016, 1, use, "")
    documents = {
        "condemnation-statement-en": document("condemnation-statement-en", ()),
        "FR-mission-statement-transmittal": document(
            "FR-mission-statement-transmittal", ("condemnation-statement-en",)
        ),
    }

    def view(deliveries: dict[tuple[str, str], Delivery]) -> BatchView:
        return BatchView(ReviewState.APPROVED, documents, frozenset(), deliveries)

    assert register_entry(number, view({})).status is EntryStatus.APPROVED
    done = Delivery(
        "FR-mission-statement-transmittal",
        "a@fr.example.org",
        DeliveryStatus.DONE,
        "<1@x>",
        "2016-03-04T09:00:00+01:00",
        "",
    )
    entry = register_entry(number, view({(done.doc, done.address): done}))
    assert (entry.status, entry.sent_on) == (EntryStatus.SENT, date(2016, 3, 4))


def test_the_register_is_filtered_by_year_and_sender(ledger: Ledger) -> None:
    """--year and --sender keep one year's, one sender's numbers."""
    ledger.allocate_reference("CCM/ISU", ReferenceUse("b", "a", "k", "FR", "mission", DAY))
    ledger.allocate_reference("CCM/PRES", ReferenceUse("b", "b", "k", "", "", DAY))
    ledger.allocate_reference(
        "CCM/ISU", ReferenceUse("b", "c", "k", "FR", "mission", date(2017, 2, 1))
    )
    assert docs(ledger, year=2016) == ["a", "b"]
    assert docs(ledger, prefix="CCM/ISU") == ["a", "c"]
    assert docs(ledger, year=2017, prefix="CCM/PRES") == []
