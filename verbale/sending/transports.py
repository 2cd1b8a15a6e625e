"""Delivery: building each message and handing it to a transport (outbox or SMTP).

smtplib is the boundary: its errors become TemporaryDeliveryError (4xx, connection refused
or dropped: retried) or PermanentDeliveryError (5xx: recorded with the server's reply).
"""

from __future__ import annotations

import email.policy
import hashlib
import mimetypes
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Protocol

from verbale.errors import DeliveryError, PermanentDeliveryError, TemporaryDeliveryError
from verbale.settings import Settings, SmtpSecurity, Transport
from verbale.tables import control_characters


@dataclass(frozen=True)
class Outgoing:
    """One message: a document of a batch to one address."""

    batch_id: str
    doc_id: str
    address: str
    subject: str
    body: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    attachments: tuple[Path, ...]
    reference: str = ""


def message_id(batch_id: str, doc_id: str, address: str, mail_from: str) -> str:
    """A Message-ID derived from batch, document and address: a duplicate is recognisable."""
    digest = hashlib.sha256(f"{batch_id}\n{doc_id}\n{address.lower()}".encode()).hexdigest()
    address = parseaddr(mail_from)[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    domain = domain or "verbale.invalid"
    return f"<{digest[:40]}@{domain}>"


def build_message(outgoing: Outgoing, mail_from: str) -> EmailMessage:
    """The e-mail; refuses any header value with a line break (header injection)."""
    headers = {
        "From": mail_from,
        "To": ", ".join(outgoing.to),
        "Subject": outgoing.subject,
        "Message-ID": message_id(outgoing.batch_id, outgoing.doc_id, outgoing.address, mail_from),
    }
    if outgoing.cc:
        headers["Cc"] = ", ".join(outgoing.cc)
    for name, value in (*headers.items(), ("envelope recipient", outgoing.address)):
        if control_characters(value):
            raise DeliveryError(f"{outgoing.doc_id}: {name} contains a line break; refused")
    # Fold headers only past SMTP's line limit: Python 3.11's folding at 78 characters can
    # leave a doubled space before an encoded word, changing an approved subject.
    message = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    for name, value in headers.items():
        message[name] = value
    message["Date"] = formatdate(localtime=True)
    message["X-Verbale-Batch"] = outgoing.batch_id
    message["X-Verbale-Document"] = outgoing.doc_id
    if outgoing.reference:
        message["X-Verbale-Reference"] = outgoing.reference
    message.set_content(outgoing.body)
    for path in outgoing.attachments:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return message


class Sender(Protocol):
    """A transport: hands one message to one recipient address."""

    def deliver(self, message: EmailMessage, recipient: str) -> None: ...


class Outbox:
    """Writes each message as a standard .eml file: the default, needs no mail server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        """Write `<document>--<address>.eml` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{_safe(str(message['X-Verbale-Document']))}--{_safe(recipient)}.eml"
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(bytes(message))
        partial.replace(self.folder / name)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in str(text))


class Smtp:
    """Sends through an SMTP server, one transaction per (document, address)."""

    def __init__(self, settings: Settings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.security = settings.smtp_security
        self.user = settings.smtp_user
        self._password = settings.smtp_password
        self.timeout = settings.smtp_timeout
        self.mail_from = parseaddr(settings.mail_from)[1]

    def deliver(self, message: EmailMessage, recipient: str) -> None:
        """One SMTP transaction; smtplib's errors translated here."""
        try:
            with self._connect() as server:
                if self.user:
                    server.login(self.user, self._password.get_secret_value())
                server.send_message(message, from_addr=self.mail_from, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _by_code(code, reply, recipient) from None
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, exc.smtp_error, recipient) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            # The password is never part of these messages: they come from the socket.
            raise TemporaryDeliveryError(f"{recipient}: {type(exc).__name__}: {exc}") from None

    def _connect(self) -> smtplib.SMTP:
        if self.security is SmtpSecurity.TLS:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security is SmtpSecurity.STARTTLS:
            server.starttls(context=ssl.create_default_context())
        return server


def _by_code(code: int, reply: bytes | str, recipient: str) -> DeliveryError:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    message = f"{recipient}: {code} {text}"
    return TemporaryDeliveryError(message) if 400 <= code < 500 else PermanentDeliveryError(message)


def make_sender(settings: Settings, outbox: Path) -> Sender:
    """The transport the settings choose."""
    if settings.transport is Transport.SMTP:
        return Smtp(settings)
    return Outbox(outbox)
