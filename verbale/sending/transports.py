"""Delivery: building each message and handing it to a transport (outbox or SMTP).

smtplib is the boundary. Its errors become TemporaryDeliveryError (a 4xx reply, or the
connection lost before the end-of-data dot: retried), PermanentDeliveryError (5xx: recorded
with the server's reply), UncertainDeliveryError (the dot was sent, the reply lost or late:
in doubt, never retried) or TransportUnavailableError (login refused, server unreachable
after the connection's back-off: the run stops).
"""

from __future__ import annotations

import contextlib
import email.policy
import hashlib
import mimetypes
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from verbale.errors import (
    DeliveryError,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    TransportUnavailableError,
    UncertainDeliveryError,
)
from verbale.settings import Settings, SmtpSecurity, Transport
from verbale.tables import control_characters

if TYPE_CHECKING:
    from typing_extensions import Buffer


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
    """A transport: hands one message to one recipient address, returns the reply."""

    def deliver(self, message: EmailMessage, recipient: str) -> str: ...
    def close(self) -> None: ...


class Outbox:
    """Writes each message as a standard .eml file: the default, needs no mail server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def deliver(self, message: EmailMessage, recipient: str) -> str:
        """Write `<document>--<address>.eml` atomically; a file system error is permanent
        (nothing was written under the final name)."""
        name = f"{_safe(str(message['X-Verbale-Document']))}--{_safe(recipient)}.eml"
        partial = self.folder / f".{name}.partial"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(bytes(message))
            partial.replace(self.folder / name)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise PermanentDeliveryError(f"{recipient}: outbox: {exc}") from exc
        return f"written to {self.folder / name}"

    def close(self) -> None:
        """Nothing to close."""


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in str(text))


class _Session(smtplib.SMTP):
    """A plain SMTP connection that knows whether the end-of-data dot of its message left."""

    dot_sent = False
    last_reply = ""

    def send(self, s: Buffer | str) -> None:
        """Send, noting when the data's final `<CRLF>.<CRLF>` has gone out whole."""
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.dot_sent = True

    def data(self, msg: Buffer | str) -> tuple[int, bytes]:
        """DATA, keeping the server's final reply."""
        code, reply = super().data(msg)
        self.last_reply = f"{code} {reply.decode(errors='replace')}"
        return code, reply


class _TlsSession(_Session, smtplib.SMTP_SSL):
    """The same over implicit TLS."""


class Smtp:
    """Sends through one SMTP connection, reused for every message of the run.

    Back-off applies to the connection: it is retried `retries` times (delay doubled each
    time) before the run stops. A refused login stops the run at once: never a second try.
    """

    def __init__(self, settings: Settings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.security = settings.smtp_security
        self.user = settings.smtp_user
        self._password = settings.smtp_password
        self.timeout = settings.smtp_timeout
        self.retries = settings.send_retries
        self.delay = settings.send_retry_delay
        self.mail_from = parseaddr(settings.mail_from)[1]
        self._server: _Session | None = None
        self._refused = ""

    def deliver(self, message: EmailMessage, recipient: str) -> str:
        """One SMTP transaction on the run's connection; smtplib's errors translated here."""
        server = self._session()
        server.dot_sent = False
        try:
            server.send_message(message, from_addr=self.mail_from, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _by_code(code, reply, recipient) from None
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:  # the server closes the connection
                self._drop()
            raise _by_code(exc.smtp_code, exc.smtp_error, recipient) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            # The password is never part of these messages: they come from the socket.
            reason = f"{recipient}: {type(exc).__name__}: {exc}"
            if server.dot_sent:  # the server may have the message: never retry on our own
                raise UncertainDeliveryError(f"{reason} (after the end of data)") from None
            raise TemporaryDeliveryError(reason) from None
        return server.last_reply

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self._server is not None:
            # The messages are sent; a lost QUIT changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._server.quit()
            self._server = None

    def _drop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _session(self) -> _Session:
        """The open connection, or a new one (with back-off), logged in."""
        if self._refused:
            raise TransportUnavailableError(self._refused)
        if self._server is not None:
            return self._server
        server = self._connect_with_backoff()
        if self.user:
            try:
                _login_once(server, self.user, self._password.get_secret_value())
            except smtplib.SMTPException as exc:
                server.close()
                detail = (
                    f"{exc.smtp_code} {_text(exc.smtp_error)}"
                    if isinstance(exc, smtplib.SMTPResponseException)
                    else str(exc)
                )
                self._refused = f"{self.host}:{self.port}: login refused for {self.user}: {detail}"
                raise TransportUnavailableError(self._refused) from None
        self._server = server
        return server

    def _connect_with_backoff(self) -> _Session:
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.delay * 2 ** (attempt - 1))
            try:
                return self._connect()
            except smtplib.SMTPResponseException as exc:
                problem = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            except (smtplib.SMTPException, OSError) as exc:
                problem = f"{type(exc).__name__}: {exc}"
        raise TransportUnavailableError(
            f"{self.host}:{self.port}: SMTP server unreachable after {self.retries + 1} "
            f"attempt(s): {problem}"
        )

    def _connect(self) -> _Session:
        if self.security is SmtpSecurity.TLS:
            return _TlsSession(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        server = _Session(self.host, self.port, timeout=self.timeout)
        if self.security is SmtpSecurity.STARTTLS:
            server.starttls(context=ssl.create_default_context())
        return server


def _login_once(server: _Session, user: str, password: str) -> None:
    """One AUTH exchange with the best mechanism both sides know. smtplib's login() tries
    every mechanism in turn: three refused logins per run can lock a relay's account."""
    server.ehlo_or_helo_if_needed()
    if not server.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("the server offers no AUTH")
    offered = server.esmtp_features["auth"].upper().split()
    mechanism = next((m for m in ("CRAM-MD5", "PLAIN", "LOGIN") if m in offered), None)
    if mechanism is None:
        raise smtplib.SMTPException(f"no AUTH mechanism in common ({' '.join(offered)})")
    server.user, server.password = user, password
    handler = getattr(server, "auth_" + mechanism.lower().replace("-", "_"))
    code, reply = server.auth(mechanism, handler)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _by_code(code: int, reply: bytes | str, recipient: str) -> DeliveryError:
    message = f"{recipient}: {code} {_text(reply)}"
    return TemporaryDeliveryError(message) if 400 <= code < 500 else PermanentDeliveryError(message)


def make_sender(settings: Settings, outbox: Path) -> Sender:
    """The transport the settings choose."""
    if settings.transport is Transport.SMTP:
        return Smtp(settings)
    return Outbox(outbox)
