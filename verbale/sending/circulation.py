"""The circulation e-mail: the draft statement to each member of the Coordination Committee.

One message per member and version, with the statement in each of its languages attached and
the member's own link to answer in the review room. Each is a delivery of the batch's
circulation key in the ledger (claimed before it is handed over, then done, failed or in
doubt), so that a member gets a version at most once, whatever reruns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from verbale.batches.circulation import (
    Answer,
    Round,
    delivery_doc,
    delivery_key,
    link_key,
    member_token,
    statement_documents,
)
from verbale.batches.ledger import DeliveryStatus, Ledger
from verbale.batches.review import Batch
from verbale.convention.committee import Committee, Member, load_committee
from verbale.convention.directory import load_directory
from verbale.errors import (
    DeliveryError,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    UncertainDeliveryError,
)
from verbale.languages import Language
from verbale.sending.dispatch import attachment_paths
from verbale.sending.transports import Outgoing, Sender, build_message, make_sender
from verbale.settings import Format, Settings

TEXT_FILE = "{name}.{lang}.txt"


@dataclass
class Circulated:
    """What one pass of circulation e-mails did, by member."""

    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def mail_text(folder: Path, lang: Language, name: str = "circulation") -> tuple[str, str]:
    """An e-mail's subject and body in a language (English where there is none), as the
    secretariat wrote them in `templates/mail/<name>.<lang>.txt`."""
    path = folder / TEXT_FILE.format(name=name, lang=lang.value)
    if not path.is_file():
        path = folder / TEXT_FILE.format(name=name, lang=Language.EN.value)
    subject, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return subject.strip(), body.strip() + "\n"


def outgoing(
    batch: Batch,
    current: Round,
    member: Member,
    text_folder: Path,
    link: str,
    formats: Sequence[Format],
) -> Outgoing:
    """The message of one version to one member, the statement attached in every language."""
    statements = statement_documents(batch)
    title = next((d for d in statements if d.lang == member.language), statements[0]).subject
    subject, body = mail_text(text_folder, member.language)
    values = {
        "title": title,
        "version": current.version,
        "member": member.key,
        "name": member.name,
        "deadline": current.deadline.isoformat(" "),
        "link": link,
    }
    files = [f for doc in statements for f in attachment_paths(batch, doc, formats)]
    return Outgoing(
        delivery_key(batch.record.batch_id),
        delivery_doc(current.version),
        member.email,
        subject.format_map(values),
        body.format_map(values),
        (member.email,),
        (),
        tuple(files),
    )


def circulate_mail(
    batch: Batch,
    current: Round,
    committee: Committee,
    ledger: Ledger,
    sender: Sender,
    mail_from: str,
    text_folder: Path,
    link_of: Callable[[Member], str],
    formats: Sequence[Format],
) -> Circulated:
    """E-mail the version to every member it was circulated to, each at most once."""
    key = delivery_key(batch.record.batch_id)
    doc = delivery_doc(current.version)
    done = Circulated()
    for member in (committee.members[k] for k in current.members if k in committee.members):
        message = build_message(
            outgoing(batch, current, member, text_folder, link_of(member), formats), mail_from
        )
        outcome = deliver_once(ledger, sender, key, doc, member.email, message)
        if outcome is None:
            done.already.append(member.key)
        elif outcome:
            done.failed[member.key] = outcome
        else:
            done.sent.append(member.key)
    return done


def deliver_once(
    ledger: Ledger, sender: Sender, key: str, doc: str, address: str, message: EmailMessage
) -> str | None:
    """Deliver a message unless the ledger has it; '' when delivered, None when it was
    before, else why not (failed, or in doubt). A transport that cannot be used stops."""
    mid = str(message["Message-ID"])
    if not ledger.claim(key, doc, address, mid):
        return None
    try:
        reply = sender.deliver(message, address)
    except (TemporaryDeliveryError, PermanentDeliveryError) as exc:
        ledger.mark(key, doc, address, DeliveryStatus.FAILED, mid, str(exc))
        return str(exc)
    except UncertainDeliveryError as exc:
        ledger.mark(key, doc, address, DeliveryStatus.IN_DOUBT, mid, str(exc))
        return f"in doubt: {exc}"
    except DeliveryError:
        ledger.forget(key, doc, address)  # nothing reached a server: the run stops
        raise
    ledger.mark(key, doc, address, DeliveryStatus.DONE, mid, reply)
    return ""


def notify_president(settings: Settings, batch_id: str, answer: Answer) -> str | None:
    """An objection goes back to the President: one e-mail to the President's contact with
    the objection and its reason (at most once per member and version). Returns as
    `deliver_once` does."""
    president = committee_of(settings).president
    subject, body = mail_text(settings.templates_dir / "mail", president.language, "objection")
    values = {"batch": batch_id, "version": answer.version, "member": answer.member,
              "reason": answer.text, "by": answer.by, "name": president.name,
              "link": f"{settings.review_link}/batches/{batch_id}/circulation"}  # fmt: skip
    key = delivery_key(batch_id)
    doc = f"objection-v{answer.version}-{answer.member}"
    message = build_message(
        Outgoing(
            key,
            doc,
            president.email,
            subject.format_map(values),
            body.format_map(values),
            (president.email,),
            (),
            (),
        ),
        settings.mail_from,
    )
    sender = make_sender(settings, settings.workspace.outbox(key))
    try:
        return deliver_once(settings.workspace.ledger, sender, key, doc, president.email, message)
    finally:
        sender.close()


def member_link(settings: Settings, batch_id: str, version: int, member: str) -> str:
    """The member's own page to answer one version in the review room."""
    token = member_token(link_key(settings.workspace), batch_id, version, member)
    return f"{settings.review_link}/circulation/{batch_id}/{version}/{member}/{token}"


def committee_of(settings: Settings) -> Committee:
    """The Coordination Committee of the configured directory."""
    states = load_directory(settings.recipients_dir).states
    return load_committee(settings.recipients_dir, frozenset(states))


def send_round(settings: Settings, batch: Batch, current: Round) -> Circulated:
    """E-mail a circulated version to the members by the configured transport."""
    key = delivery_key(batch.record.batch_id)
    sender = make_sender(settings, settings.workspace.outbox(key))
    try:
        return circulate_mail(
            batch,
            current,
            committee_of(settings),
            settings.workspace.ledger,
            sender,
            settings.mail_from,
            settings.templates_dir / "mail",
            lambda m: member_link(settings, batch.record.batch_id, current.version, m.key),
            settings.attach,
        )
    finally:
        sender.close()
