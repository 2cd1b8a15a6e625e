"""Every error verbale raises on purpose.

    VerbaleError                  base: catch this one at the edge, print it, exit 1
    +-- ConfigurationError        a setting or a folder that cannot be used
    |   +-- NotSharedError            the ledger knows a batch whose files this machine lacks
    +-- DataError                 a file of the directory or of decision data is invalid
    |   +-- DirectoryError        the directory of recipients has problems (all of them listed)
    +-- TemplateError             a template cannot be loaded, or fails the lint
    +-- RenderError               a document cannot be rendered (names kind, language, variable)
    +-- SelectionError            a flow was asked for something the rules refuse
    +-- ReviewError               a batch is in the wrong review state for the action asked
    |   +-- SendBusyError             another send of the batch holds its lease
    +-- AuthenticationError       a reviewer could not be identified (password, token, session)
    +-- LedgerError               the ledger cannot be opened, read or written
    +-- RunError                  the workflow engine could not run or resume a flow
    +-- NotFoundError             a State asked for is not in the directory
    +-- DeliveryError             a message could not be handed to its transport
        +-- TemporaryDeliveryError    the server or network said "try again later"
        +-- PermanentDeliveryError    the server refused for good (5xx)
        +-- UncertainDeliveryError    the end of data was sent, the reply never came: in doubt
        +-- TransportUnavailableError login refused or server unreachable: the run stops

Third-party errors are translated into these at one boundary each (pydantic and csv/yaml
in loading, jinja2/docxtpl in rendering, smtplib in delivery, Prefect in flows/runner.py)
with `raise ... from exc`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class VerbaleError(Exception):
    """Base class of every error verbale raises on purpose."""


class ConfigurationError(VerbaleError):
    """A setting or a configured folder cannot be used."""


class NotSharedError(ConfigurationError):
    """A batch the ledger knows has a folder or files this machine cannot see: the work
    directory is not the volume every worker shares."""


@dataclass(frozen=True)
class Problem:
    """One problem in one place of a data file, printed as `path:line: field: message`."""

    path: Path
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {one_line(self.field)}: {prefix}{one_line(self.message)}"


def one_line(text: str) -> str:
    """Text with its line breaks and other control characters escaped (a key or value taken
    from a file may hold them), so that each problem stays one line."""
    return "".join(
        c.encode("unicode_escape").decode() if unicodedata.category(c) in _BREAKS else c
        for c in text
    )


_BREAKS = {"Cc", "Zl", "Zp"}


class DataError(VerbaleError):
    """A file of decision data or of the directory is invalid."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[DataError], tuple[tuple[Problem, ...]]]:
        # Rebuilt from its problems when it crosses a process boundary (pickle).
        return type(self), (self.problems,)


class DirectoryError(DataError):
    """The directory of recipients has problems; every one of them is listed."""


class TemplateError(VerbaleError):
    """A template cannot be loaded, or breaks a rule of the template lint."""


class RenderError(VerbaleError):
    """A document cannot be rendered; the message names kind, language and variable."""

    def __init__(self, kind: str, lang: str, detail: str) -> None:
        self.kind = kind
        self.lang = lang
        self.detail = detail
        super().__init__(f"{kind}/{lang}: {detail}")

    def __reduce__(self) -> tuple[type[RenderError], tuple[str, str, str]]:
        # A worker process's error reaches the parent by pickle, rebuilt from its parts.
        return type(self), (self.kind, self.lang, self.detail)


class SelectionError(VerbaleError):
    """A flow was asked for something the rules refuse (e.g. an unverified incident)."""


class ReviewError(VerbaleError):
    """A batch is not in the review state the action needs."""


class AuthenticationError(VerbaleError):
    """A reviewer could not be identified: unknown name, wrong password or token."""


class SendBusyError(ReviewError):
    """Another send of the batch holds its lease; the message names the holder."""


class LedgerError(VerbaleError):
    """The ledger cannot be opened, read or written (missing, corrupt, read-only)."""


class RunError(VerbaleError):
    """The workflow engine (Prefect) could not run or resume a flow."""


class DeliveryError(VerbaleError):
    """A message could not be handed to its transport."""


class TemporaryDeliveryError(DeliveryError):
    """The server or the network said 'try again later'."""


class PermanentDeliveryError(DeliveryError):
    """The server refused for good (5xx); the reply is kept."""


class NotFoundError(VerbaleError):
    """A State asked for (by its ISO code) is not in the directory."""


class UncertainDeliveryError(DeliveryError):
    """The end-of-data dot was sent but no reply came: the server may hold the message.

    Never retried on its own (RFC 1047's duplicate-message problem): a person decides."""


class TransportUnavailableError(DeliveryError):
    """The transport cannot be used at all (login refused, server unreachable): the run stops."""
