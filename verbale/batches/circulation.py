"""Circulation of a draft statement to the Coordination Committee, under a silence procedure.

The President circulates the draft statement to the Committee's members with a deadline.
Each member may record no objection, an objection (with its reason) or a comment. An
objection breaks the silence: the draft goes back to the President, who revises it (a new
version, circulated again with a new deadline, every response reset) or withdraws it (final,
like a rejection). Silence until the deadline counts as consent; the statement then still
needs the President's approval (the ordinary review) before it goes out.

Nothing here is kept apart from the ledger's history: every step is an event of the batch
(`Action.CIRCULATED`, `NO_OBJECTION`, ...), with who and when, and the circulation is read
back from those events. The e-mails to the members are deliveries of the batch's circulation
key (`<batch>/circulation`), so that they never count as deliveries of the batch itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from verbale.batches.ledger import Action, Event, Ledger, ReviewState
from verbale.batches.manifest import DocumentEntry, sha256_of
from verbale.batches.review import Batch
from verbale.convention.committee import Committee
from verbale.errors import ReviewError
from verbale.tables import control_characters
from verbale.workspace import Workspace

STATEMENT_FLOW = "statement"
_SEP = "; "
_RESPONSES = (Action.NO_OBJECTION, Action.OBJECTION, Action.COMMENTED)


class Response(StrEnum):
    """What a member answers to a circulated draft."""

    NO_OBJECTION = "no objection"
    OBJECTION = "objection"
    COMMENT = "comment"


_ACTION = {
    Response.NO_OBJECTION: Action.NO_OBJECTION,
    Response.OBJECTION: Action.OBJECTION,
    Response.COMMENT: Action.COMMENTED,
}


class Standing(StrEnum):
    """Where a batch's circulation stands."""

    NOT_CIRCULATED = "not circulated"
    OPEN = "open"
    OBJECTED = "objected"
    CONSENTED = "consented"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Answer:
    """One member's response to one version, and who recorded it when."""

    version: int
    member: str
    response: Response
    text: str
    by: str
    at: str


@dataclass(frozen=True)
class Round:
    """One version of the draft as circulated: deadline, members, files and answers."""

    version: int
    deadline: datetime
    members: tuple[str, ...]
    files: str  # a digest of the statement's files as circulated
    by: str
    at: str
    answers: tuple[Answer, ...] = ()
    kept: bool = False  # the silence was recorded as kept (consent)

    @property
    def objections(self) -> tuple[Answer, ...]:
        """The objections recorded against this version."""
        return tuple(a for a in self.answers if a.response is Response.OBJECTION)

    def answer_of(self, member: str) -> Answer | None:
        """The member's last no objection or objection to this version, if any."""
        found = [
            a for a in self.answers if a.member == member and a.response is not Response.COMMENT
        ]
        return found[-1] if found else None


@dataclass(frozen=True)
class Circulation:
    """A batch's circulation: every version circulated, and whether it was withdrawn."""

    batch_id: str
    rounds: tuple[Round, ...]
    withdrawn: bool

    @property
    def current(self) -> Round | None:
        """The version circulated last."""
        return self.rounds[-1] if self.rounds else None

    def standing(self, now: datetime) -> Standing:
        """Where it stands at a moment: silence until the deadline is consent."""
        current = self.current
        if self.withdrawn:
            return Standing.WITHDRAWN
        if current is None:
            return Standing.NOT_CIRCULATED
        if current.objections:
            return Standing.OBJECTED
        if current.kept or now >= current.deadline:
            return Standing.CONSENTED
        return Standing.OPEN


def current_time() -> datetime:
    """Now, with the local offset: every deadline is compared with it."""
    return datetime.now().astimezone()


def delivery_key(batch_id: str) -> str:
    """The ledger key of a batch's circulation e-mails (apart from the batch's deliveries)."""
    return f"{batch_id}/circulation"


def delivery_doc(version: int) -> str:
    """The 'document' a circulation e-mail delivers: one per version."""
    return f"circulation-v{version}"


def statement_documents(batch: Batch) -> list[DocumentEntry]:
    """The draft statement in each of its languages: the batch's public documents."""
    return [d for d in batch.documents if not d.state and not d.to]


def files_digest(batch: Batch) -> str:
    """A short digest of the statement's files as they are now."""
    digest = hashlib.sha256()
    for doc in statement_documents(batch):
        for path in doc.files():
            file = batch.folder / path
            digest.update(f"{path}={sha256_of(file) if file.is_file() else '-'}\n".encode())
    return digest.hexdigest()[:16]


def parse_deadline(text: str) -> datetime:
    """A deadline given as ISO 8601 (`2016-03-10T12:00`, `2016-03-10T12:00+01:00`); without
    an offset, local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ReviewError(
            f"--deadline: {text!r} is not a date and time (e.g. 2016-03-10T12:00)"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def default_deadline(now: datetime, hours: int) -> datetime:
    """The deadline of VERBALE_SILENCE_HOURS after now, to the second."""
    return (now + timedelta(hours=hours)).replace(microsecond=0)


def read_circulation(ledger: Ledger, batch_id: str) -> Circulation:
    """The batch's circulation, read back from its history."""
    rounds: list[Round] = []
    withdrawn = False
    for event in ledger.events(batch_id):
        if event.action is Action.CIRCULATED:
            rounds.append(_round(event))
        elif event.action in _RESPONSES and rounds:
            rounds[-1] = _with_answer(rounds[-1], _answer(event))
        elif event.action is Action.SILENCE_KEPT and rounds:
            rounds[-1] = replace(rounds[-1], kept=True)
        elif event.action is Action.WITHDRAWN:
            withdrawn = True
    return Circulation(batch_id, tuple(rounds), withdrawn)


def start(
    ledger: Ledger,
    batch: Batch,
    committee: Committee,
    by: str,
    deadline: datetime,
    now: datetime,
) -> Round:
    """Circulate the draft statement (version 1) to every member; returns the round."""
    found = read_circulation(ledger, batch.record.batch_id)
    _require_statement(batch)
    if found.withdrawn:
        raise ReviewError(f"{batch.record.batch_id}: withdrawn; a withdrawal is final")
    if found.current is not None:
        raise ReviewError(
            f"{batch.record.batch_id}: version {found.current.version} is already circulated "
            "(`verbale circulation revise` circulates a new version)"
        )
    return _circulate(ledger, batch, committee, by, 1, deadline, now)


def revise(
    ledger: Ledger,
    batch: Batch,
    committee: Committee,
    by: str,
    note: str,
    deadline: datetime,
    now: datetime,
) -> Round:
    """The President revises the draft: a new version, circulated again, responses reset."""
    batch_id = batch.record.batch_id
    found = read_circulation(ledger, batch_id)
    current = _require_open_or_objected(found, now, "revised")
    if not note.strip() or control_characters(note):
        raise ReviewError("--note: say what the revision changes (one line)")
    ledger.log(batch_id, Action.REVISED, by, f"version {current.version + 1}{_SEP}{note}")
    return _circulate(ledger, batch, committee, by, current.version + 1, deadline, now)


def withdraw(ledger: Ledger, batch: Batch, by: str, note: str, now: datetime) -> None:
    """The President withdraws the draft: final, like a rejection; nothing is ever sent."""
    batch_id = batch.record.batch_id
    found = read_circulation(ledger, batch_id)
    if found.withdrawn:
        raise ReviewError(f"{batch_id}: already withdrawn")
    if batch.record.state is not ReviewState.AWAITING:
        raise ReviewError(
            f"{batch_id}: {batch.record.state.value}; only a draft awaiting review can be withdrawn"
        )
    if not note.strip() or control_characters(note):
        raise ReviewError("--note: why the draft is withdrawn (one line)")
    version = found.current.version if found.current else 0
    ledger.log(batch_id, Action.WITHDRAWN, by, f"version {version}{_SEP}{note}")
    ledger.reject(batch_id, by, f"withdrawn: {note}")


def respond(
    ledger: Ledger,
    batch_id: str,
    committee: Committee,
    member: str,
    response: Response,
    text: str,
    by: str,
    now: datetime,
) -> Answer:
    """Record a member's response to the current version (by the member, or the ISU on its
    behalf: `by` says who). Refused after the deadline, after an objection or a withdrawal."""
    found = committee.member(member)
    if found is None:
        raise ReviewError(f"{member!r} is not a member of the Coordination Committee")
    if control_characters(text):
        raise ReviewError("the reason or comment must be one line")
    if response is not Response.NO_OBJECTION and not text.strip():
        what = "an objection needs its reason" if response is Response.OBJECTION else "empty"
        raise ReviewError(f"{batch_id}: {found.key}: {what}")
    current = _require_open(read_circulation(ledger, batch_id), now)
    if found.key not in current.members:
        raise ReviewError(
            f"{batch_id}: version {current.version} was not circulated to {found.key}"
        )
    note = _SEP.join(p for p in (f"version {current.version}", found.key, text.strip()) if p)
    ledger.log(batch_id, _ACTION[response], by, note)
    return Answer(current.version, found.key, response, text.strip(), by, now.isoformat())


def conclude(ledger: Ledger, batch_id: str, now: datetime) -> Circulation:
    """At or after the deadline: record once that the silence was kept (consent)."""
    found = read_circulation(ledger, batch_id)
    current = found.current
    if current is not None and not current.kept and found.standing(now) is Standing.CONSENTED:
        note = f"version {current.version}{_SEP}no objection by {current.deadline.isoformat()}"
        ledger.log(batch_id, Action.SILENCE_KEPT, "", note)
        return read_circulation(ledger, batch_id)
    return found


def require_consent(batch: Batch, ledger: Ledger, now: datetime) -> None:
    """Refuse to approve a statement whose circulation did not end in consent, or whose
    statement changed since the version the Committee consented to."""
    batch_id = batch.record.batch_id
    if batch.record.flow != STATEMENT_FLOW:
        return
    found = conclude(ledger, batch_id, now)
    standing = found.standing(now)
    current = found.current
    if current is None:
        raise ReviewError(
            f"{batch_id}: not circulated to the Coordination Committee "
            "(`verbale circulation start`); it cannot be approved"
        )
    if standing is Standing.OPEN:
        raise ReviewError(
            f"{batch_id}: version {current.version} is under the silence procedure "
            f"until {current.deadline.isoformat()}; it cannot be approved yet"
        )
    if standing is Standing.OBJECTED:
        who = ", ".join(a.member for a in current.objections)
        raise ReviewError(
            f"{batch_id}: version {current.version} met an objection ({who}); "
            "the President revises or withdraws it"
        )
    if standing is Standing.WITHDRAWN:
        raise ReviewError(f"{batch_id}: withdrawn; it can never be approved")
    if files_digest(batch) != current.files:
        raise ReviewError(
            f"{batch_id}: the statement changed since version {current.version} "
            "was circulated; revise to circulate it again"
        )


def member_token(key: bytes, batch_id: str, version: int, member: str) -> str:
    """The secret of a member's link to answer one version: only that member's e-mail has it."""
    message = f"{batch_id}\n{version}\n{member}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def token_matches(key: bytes, batch_id: str, version: int, member: str, token: str) -> bool:
    """Whether a link's token is the member's for that version (compared in constant time)."""
    return hmac.compare_digest(member_token(key, batch_id, version, member), token)


def link_key(workspace: Workspace) -> bytes:
    """The work directory's key for members' links; made once, readable by its owner only."""
    path = workspace.circulation_key
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        if not path.read_bytes():
            path.write_bytes(secrets.token_bytes(32))
    return path.read_bytes()


def _circulate(
    ledger: Ledger,
    batch: Batch,
    committee: Committee,
    by: str,
    version: int,
    deadline: datetime,
    now: datetime,
) -> Round:
    batch_id = batch.record.batch_id
    if deadline <= now:
        raise ReviewError(f"--deadline: {deadline.isoformat()} is not in the future")
    if not statement_documents(batch):
        raise ReviewError(f"{batch_id}: no statement to circulate")
    members = tuple(committee.members)
    note = _SEP.join(
        [
            f"version {version}",
            f"deadline {deadline.isoformat()}",
            f"files {files_digest(batch)}",
            "members " + " ".join(members),
        ]
    )
    ledger.log(batch_id, Action.CIRCULATED, by, note)
    current = read_circulation(ledger, batch_id).current
    assert current is not None
    return current


def _require_statement(batch: Batch) -> None:
    if batch.record.flow != STATEMENT_FLOW:
        raise ReviewError(
            f"{batch.record.batch_id}: a {batch.record.flow} batch; only "
            "statements are circulated to the Committee"
        )
    if batch.record.state is not ReviewState.AWAITING:
        raise ReviewError(
            f"{batch.record.batch_id}: {batch.record.state.value}; only a draft "
            "awaiting review is circulated"
        )


def _require_open(found: Circulation, now: datetime) -> Round:
    standing = found.standing(now)
    current = found.current
    if current is None:
        raise ReviewError(f"{found.batch_id}: not circulated")
    if standing is Standing.WITHDRAWN:
        raise ReviewError(f"{found.batch_id}: withdrawn; no more responses")
    if standing is Standing.OBJECTED:
        raise ReviewError(
            f"{found.batch_id}: version {current.version} met an objection; "
            "no more responses until the President revises it"
        )
    if standing is Standing.CONSENTED:
        raise ReviewError(
            f"{found.batch_id}: the deadline of version {current.version} passed "
            f"({current.deadline.isoformat()}); silence counted as consent"
        )
    return current


def _require_open_or_objected(found: Circulation, now: datetime, what: str) -> Round:
    current = found.current
    if current is None:
        raise ReviewError(f"{found.batch_id}: not circulated; nothing to be {what}")
    standing = found.standing(now)
    if standing in (Standing.WITHDRAWN, Standing.CONSENTED):
        raise ReviewError(f"{found.batch_id}: {standing.value}; it cannot be {what}")
    return current


def _round(event: Event) -> Round:
    parts = dict(p.split(" ", 1) for p in event.note.split(_SEP))
    return Round(
        int(parts["version"]),
        datetime.fromisoformat(parts["deadline"]),
        tuple(parts["members"].split()),
        parts["files"],
        event.actor,
        event.at,
    )


def _answer(event: Event) -> Answer:
    version, member, text = (*event.note.split(_SEP, 2), "")[:3]
    response = next(r for r, a in _ACTION.items() if a is event.action)
    return Answer(
        int(version.removeprefix("version ")), member, response, text, event.actor, event.at
    )


def _with_answer(current: Round, answer: Answer) -> Round:
    if answer.version != current.version:
        return current
    return replace(current, answers=(*current.answers, answer))
