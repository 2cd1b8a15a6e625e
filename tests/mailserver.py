"""A real SMTP server for tests (aiosmtpd), whose replies and faults a test can script.

Every transaction that reaches DATA is recorded with the reply given, so a test can count
what was accepted per (document, address) and read each message back with `email`.

Faults: a greeting other than 220 (`greet`, e.g. 421 at connect), the connection dropped at
the DATA command before any data (`drop_at_data`), and two DATA replies that are not replies:
DROP (the message is kept, the connection closed before the 250) and LATE (the message is
kept, the 250 comes after `late_seconds`); a refused login with `refuse_login`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

OK = "250 OK"
DROP = "drop"  # a DATA "reply": keep the message, close the connection without answering
LATE = "late"  # a DATA "reply": keep the message, answer 250 after late_seconds


@dataclass(frozen=True)
class Received:
    """One transaction that reached DATA: envelope, raw content and the reply given."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes
    reply: str

    @property
    def accepted(self) -> bool:
        """Whether the server answered 250 (the message was delivered)."""
        return self.reply.startswith("250")

    @property
    def message(self) -> EmailMessage:
        """The message, parsed."""
        return email.message_from_bytes(self.content, policy=email.policy.default)

    @property
    def document(self) -> str:
        """The document id the message carries."""
        return str(self.message["X-Verbale-Document"])


@dataclass
class ScriptedHandler:
    """aiosmtpd handler: scripted replies per address, every DATA recorded.

    `rcpt[address]` and `data[address]` are iterators of replies, used one per attempt;
    once exhausted the server answers 250. `block_at=n` makes the n-th accepted DATA
    record the message, then wait for `release` before answering (a sender mid-transaction).
    `hold=(a, b)` makes the first DATA to address a wait until a RCPT for address b arrives
    (at most `hold_seconds`): one sender held mid-document while another one runs.
    """

    rcpt: dict[str, Iterator[str]] = field(default_factory=dict)
    data: dict[str, Iterator[str]] = field(default_factory=dict)
    block_at: int | None = None
    received: list[Received] = field(default_factory=list)
    rcpt_attempts: list[str] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hold: tuple[str, str] | None = None
    hold_seconds: float = 30.0
    held: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)
    greetings: Iterator[str] = field(default_factory=lambda: iter(()))
    connections: int = 0
    drop_at_data: dict[str, int] = field(default_factory=dict)
    late_seconds: float = 3.0

    def greet(self, replies: Iterable[str]) -> None:
        """The greetings of the next connections instead of 220 (e.g. 421), one each."""
        self.greetings = iter(replies)

    def script_rcpt(self, address: str, replies: Iterable[str]) -> None:
        """The replies to RCPT TO:<address>, one per attempt."""
        self.rcpt[address] = iter(replies)

    def script_data(self, address: str, replies: Iterable[str]) -> None:
        """The replies to DATA of a transaction to address, one per attempt."""
        self.data[address] = iter(replies)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        """Answer the scripted reply, else accept the address."""
        with self.lock:
            self.rcpt_attempts.append(address)
            reply = next(self.rcpt.get(address, iter(())), OK)
        if self.hold and address == self.hold[1]:
            self.opened.set()
        if reply.startswith("250"):
            envelope.rcpt_tos.append(address)
        return reply

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        """Record the transaction with the scripted reply; block on the block_at-th one."""
        rcpt_tos = tuple(envelope.rcpt_tos)
        if self.hold and rcpt_tos == (self.hold[0],) and not self.held.is_set():
            self.held.set()
            waited = 0.0
            while not self.opened.is_set() and waited < self.hold_seconds:
                await asyncio.sleep(0.02)
                waited += 0.02
        with self.lock:
            scripted = next(self.data.get(rcpt_tos[0], iter(())), OK) if rcpt_tos else OK
            reply = {DROP: f"{OK} (reply lost)", LATE: f"{OK} (late)"}.get(scripted, scripted)
            item = Received(str(envelope.mail_from), rcpt_tos, bytes(envelope.content), reply)
            self.received.append(item)
            count = len(self.accepted())
        if item.accepted and count == self.block_at:
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        if scripted == DROP:
            server.transport.close()
        if scripted == LATE:
            await asyncio.sleep(self.late_seconds)
        return OK if scripted in (DROP, LATE) else reply

    def accepted(self) -> list[Received]:
        """The transactions answered 250."""
        return [r for r in self.received if r.accepted]

    def per_delivery(self) -> Counter[tuple[str, str]]:
        """How many messages were accepted per (document, address)."""
        counts: Counter[tuple[str, str]] = Counter()
        for item in self.accepted():
            for address in item.rcpt_tos:
                counts[(item.document, address)] += 1
        return counts

    def refuse_login(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        """An authenticator that records the credentials offered and refuses them."""
        if isinstance(auth_data, LoginPassword):
            with self.lock:
                self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=False, handled=False)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _FaultySMTP(SMTP):
    """aiosmtpd's server with the connection-level faults of a ScriptedHandler."""

    handler: ScriptedHandler
    greeted = False

    async def push(self, status: Any) -> None:
        """The greeting (the first line) may be replaced by a scripted one, then the
        connection closed."""
        if not self.greeted:
            self.greeted = True
            with self.handler.lock:
                self.handler.connections += 1
                greeting = next(self.handler.greetings, None)
            if greeting is not None:
                await super().push(greeting)
                assert self.transport is not None
                self.transport.close()
                return
        await super().push(status)

    async def smtp_DATA(self, arg: str) -> None:  # noqa: N802 (aiosmtpd's hook name)
        """Drop the connection at DATA, before any data, as often as scripted."""
        rcpt_tos = tuple(self.envelope.rcpt_tos) if self.envelope else ()
        with self.handler.lock:
            left = self.handler.drop_at_data.get(rcpt_tos[0], 0) if rcpt_tos else 0
            if left:
                self.handler.drop_at_data[rcpt_tos[0]] = left - 1
        if left:
            assert self.transport is not None
            self.transport.close()
            return
        await super().smtp_DATA(arg)


class _FaultyController(Controller):
    def factory(self) -> SMTP:
        server = _FaultySMTP(self.handler, **self.SMTP_kwargs)
        server.handler = self.handler
        return server


@contextmanager
def smtp_server(handler: ScriptedHandler, **smtp_options: Any) -> Iterator[int]:
    """Run the handler on a real SMTP server on 127.0.0.1; yields its port."""
    port = free_port()
    controller = _FaultyController(handler, hostname="127.0.0.1", port=port, **smtp_options)
    greetings, handler.greetings = handler.greetings, iter(())
    controller.start()  # connects once to see the server is up: not the test's connection
    handler.connections, handler.greetings = 0, greetings
    try:
        yield port
    finally:
        handler.release.set()
        controller.stop()
