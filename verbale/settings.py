"""The one settings object: environment variables `VERBALE_*`, or a `.env` file."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from verbale.database_url import SCHEMES, DatabaseUrl
from verbale.errors import ConfigurationError
from verbale.languages import Fallback, Language
from verbale.workspace import Workspace

REPOSITORY = Path(__file__).resolve().parents[1]


class Transport(StrEnum):
    """How approved documents leave."""

    OUTBOX = "outbox"
    SMTP = "smtp"


class SmtpSecurity(StrEnum):
    """How the SMTP connection is protected."""

    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


class Format(StrEnum):
    """A file format a document is attached in."""

    DOCX = "docx"
    PDF = "pdf"


class SenderKey(StrEnum):
    """The bodies that send verbale's documents."""

    ISU = "isu"
    PRESIDENCY = "presidency"
    COORDINATION_COMMITTEE = "coordination-committee"


Localised = dict[Language, str]


class SenderProfile(BaseModel):
    """Who signs or issues a document, in every language in use."""

    model_config = ConfigDict(frozen=True)

    letterhead: Localised = Field(description="Name under the Convention's, no article.")
    name: Localised = Field(description="Full name with its article, as in mid-sentence.")
    short_name: Localised = Field(description="Short name used mid-sentence ('the Unit').")
    signatory: Localised = Field(description="Name of the person who signs or initials.")
    signatory_title: Localised = Field(description="Title under the signature.")
    place: Localised = Field(description="Place of issue ('Geneva', 'Genève', 'Ginebra').")
    reference_prefix: str = Field(description="Prefix of reference numbers ('CCM/ISU').")
    email: str = Field(description="Address to which States reply and submit reports.")

    def localised(self, lang: Language) -> dict[str, str]:
        """The profile's values in one language, as templates see them."""
        fields = {name: getattr(self, name) for name in LOCALISED_FIELDS}
        missing = [key for key, values in fields.items() if lang not in values]
        if missing:
            raise ConfigurationError(
                f"sender profile has no {lang.value!r} text for: {', '.join(missing)}"
            )
        values = {key: texts[lang] for key, texts in fields.items()}
        return values | {"email": self.email, "reference_prefix": self.reference_prefix}


LOCALISED_FIELDS = ("letterhead", "name", "short_name", "signatory", "signatory_title", "place")
# The built-in profiles' texts: one file per language, edited by the secretariat.
SENDER_TEXTS = REPOSITORY / "templates" / "senders"
_ADDRESSES = {
    SenderKey.ISU: ("CCM/ISU", "isu@ccm-isu.example.org"),
    SenderKey.PRESIDENCY: ("CCM/PRES", "presidency@ccm-isu.example.org"),
    SenderKey.COORDINATION_COMMITTEE: ("CCM/CC", "coordination@ccm-isu.example.org"),
}


def sender_texts(folder: Path) -> dict[Language, dict[str, dict[str, str]]]:
    """The texts of every sender in every language that has a file (`<lang>.yaml`)."""
    texts: dict[Language, dict[str, dict[str, str]]] = {}
    for lang in Language:
        path = folder / f"{lang.value}.yaml"
        if not path.is_file():
            continue
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigurationError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(raw, dict):
            raise ConfigurationError(f"{path}: expected one mapping per sender")
        texts[lang] = {str(k): {str(f): str(v) for f, v in (raw[k] or {}).items()} for k in raw}
    return texts


def _default_senders() -> dict[SenderKey, SenderProfile]:
    texts = sender_texts(SENDER_TEXTS)
    profiles = {}
    for key, (prefix, email) in _ADDRESSES.items():
        fields = {
            name: {lang: by_key[key.value][name] for lang, by_key in texts.items()}
            for name in LOCALISED_FIELDS
        }
        profiles[key] = SenderProfile(**fields, reference_prefix=prefix, email=email)
    return profiles


class Settings(BaseSettings):
    """Everything an operator may configure; read once, at the entry point."""

    model_config = SettingsConfigDict(
        env_prefix="VERBALE_",
        env_file=".env",
        env_nested_delimiter="__",
        extra="ignore",
        frozen=True,
    )

    templates_dir: Path = Field(
        default=REPOSITORY / "templates",
        description="Folder of document kinds: one sub-folder per kind with kind.yaml and "
        "one <lang>.docx per language.",
    )
    recipients_dir: Path = Field(
        default=REPOSITORY / "recipients",
        description="The directory of recipients: states.csv, contacts.csv, names.csv, "
        "committee.csv.",
    )
    data_dir: Path = Field(
        default=REPOSITORY / "data",
        description="Decision data: incidents/, reports.csv, stockpiles.csv, decisions/.",
    )
    work_dir: Path = Field(
        default=REPOSITORY / "work",
        description="Where verbale writes: drafts/<batch-id>/, the outbox and the ledger "
        "(unless VERBALE_LEDGER_URL is set); with several workers, a volume they all mount.",
    )
    ledger_url: DatabaseUrl = Field(
        default=DatabaseUrl(""),
        description="The ledger (review state, deliveries, reviewer accounts) in PostgreSQL, "
        "shared by every worker: "
        "postgresql://user:password@host:5432/database (tables created on first use); empty: "
        "SQLite in <work_dir>/ledger.sqlite. The password is never printed (shown as ***).",
    )
    languages: list[Language] = Field(
        default=[Language.EN, Language.FR, Language.ES],
        description="Languages in use (JSON list of codes); statements are issued in each.",
    )
    fallback: Fallback = Field(
        default=Fallback.ENGLISH,
        description="When a recipient's language has no template: 'english' (write in "
        "English and flag it in the batch) or 'refuse' (skip the State, by name).",
    )
    senders: dict[SenderKey, SenderProfile] = Field(
        default_factory=_default_senders,
        description="Sender profiles (isu, presidency, coordination-committee): names, "
        "titles, signatory, place, reference prefix, e-mail. A JSON object that replaces "
        "the built-in profiles (texts in templates/senders/<lang>.yaml); each profile "
        "needs every field, texts keyed by language.",
    )
    reminder_interval_days: int = Field(
        default=30,
        ge=1,
        description="Days the first reminder must be old before a second reminder is due.",
    )
    article3_update_days: int = Field(
        default=365,
        ge=1,
        description="An Article 3 progress update older than this many days (before the "
        "as-of date) counts as no update.",
    )
    reply_days: int = Field(
        default=60,
        ge=1,
        description="Days after the document date by which a reply is requested.",
    )

    pdf: bool = Field(
        default=True,
        description="Convert every draft to PDF with LibreOffice when it is installed "
        "(false: never); a batch says plainly when it has no PDFs.",
    )
    soffice: str = Field(
        default="soffice", description="The LibreOffice command (a name on PATH or a path)."
    )
    pdf_timeout: float = Field(
        default=600.0, gt=0, description="Seconds a batch's PDF conversion may take."
    )
    page_images: bool = Field(
        default=True,
        description="Make the review room's page images (pdftoppm) while drafting, right after "
        "the PDFs, so that a reviewer's first look costs no conversion (false: the room makes "
        "each on first view).",
    )
    attach: list[Format] = Field(
        default=[Format.DOCX, Format.PDF],
        description="Formats attached to each e-mail (JSON list of docx, pdf); a format a "
        "document does not have is left out.",
    )
    reminders_cron: list[str] = Field(
        default=["0 7 1 4 *", "0 7 15 5 *"],
        description="Cron schedules of the served reminders flow (JSON list); each run uses "
        "its run date as the as-of date. Default: 1 April, ahead of the 30 April deadline "
        "(Art. 7(2)), and 15 May, after it.",
    )
    article3_cron: list[str] = Field(
        default=["0 7 1 3 *"],
        description="Cron schedules of the served Article 3 flow (JSON list).",
    )
    review_timeout: int = Field(
        default=7 * 24 * 3600,
        ge=1,
        description="Seconds a served batch flow waits for a reviewer's decision; after that "
        "the batch stays unapproved (it can still be approved and sent from the CLI).",
    )
    review_host: str = Field(
        default="127.0.0.1",
        description="Address the review room (`verbale review web`, `verbale serve`) listens "
        "on; the default serves this machine only.",
    )
    review_port: int = Field(default=8765, ge=1, le=65535, description="Port of the review room.")
    review_url: str = Field(
        default="",
        description="The review room's address as reviewers reach it, for links in the Prefect "
        "UI; empty: http://<review_host>:<review_port>.",
    )
    session_minutes: int = Field(
        default=60, ge=1, description="Minutes a review room login lasts; then log in again."
    )
    login_delay: float = Field(
        default=1.0,
        ge=0,
        description="Seconds a failed login waits before its answer (slows password guessing).",
    )
    two_reviewers_for_statements: bool = Field(
        default=False,
        description="A statement needs the approval of two different reviewers (same files, "
        "same exclusions) before it can be sent.",
    )
    silence_procedure: bool = Field(
        default=True,
        description="A statement is circulated to the Coordination Committee "
        "(recipients/committee.csv) under a silence procedure before it can be approved "
        "(false: approval needs no circulation).",
    )
    silence_hours: int = Field(
        default=72,
        ge=1,
        description="Hours a circulated draft statement waits for objections; silence until "
        "then counts as consent (`verbale circulation start --deadline` sets one batch's).",
    )
    review_token: SecretStr = Field(
        default=SecretStr(""),
        description="A reviewer's personal token (`verbale reviewer token NAME`) for scripts: "
        "`review approve|reject` then ask for no password. Never printed or logged.",
    )
    website_url: str = Field(
        default="https://www.ccm-isu.example.org/statements",
        description="Address under which the website publishes statements: a statement's "
        "page is <website_url>/<incident>/<document>.html (copied from <work_dir>/published/); "
        "press releases link to it and Atom entries take their ids from it.",
    )
    transport: Transport = Field(
        default=Transport.OUTBOX,
        description="'outbox' writes .eml files into <work_dir>/outbox/<batch-id>/; 'smtp' "
        "sends through the SMTP server below.",
    )
    mail_from: str = Field(
        default="CCM Implementation Support Unit <isu@ccm-isu.example.org>",
        description="The From of every message; its domain also ends every Message-ID.",
    )
    smtp_host: str = Field(default="localhost", description="SMTP server host name.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP server port.")
    smtp_security: SmtpSecurity = Field(
        default=SmtpSecurity.STARTTLS,
        description="'starttls' (upgrade a plain connection), 'tls' (implicit TLS, usually "
        "port 465) or 'none' (a trusted local relay only).",
    )
    smtp_user: str = Field(default="", description="SMTP user name; empty: no login.")
    smtp_password: SecretStr = Field(
        default=SecretStr(""), description="SMTP password; never printed or logged."
    )
    smtp_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds before an SMTP call "
        "is abandoned: retried as a temporary failure before the end of data, in doubt after.",
    )
    send_retries: int = Field(
        default=3,
        ge=0,
        description="Retries of the connection, and passes over the addresses "
        "refused temporarily (4xx), before the run stops or records them failed.",
    )
    send_retry_delay: float = Field(
        default=2.0, ge=0, description="Seconds before the first retry; doubled for each next."
    )
    send_lease_seconds: float = Field(
        default=600.0,
        gt=0,
        description="Seconds a send run's hold on its batch lasts without renewal (a run renews "
        "it as it goes); a crashed run's hold on another machine ends after this.",
    )

    @field_validator("ledger_url")
    @classmethod
    def _postgresql_only(cls, url: DatabaseUrl) -> DatabaseUrl:
        scheme = url.get_secret_value().partition("://")[0]
        if url.is_set and scheme not in SCHEMES:
            raise ValueError(f"{url}: a postgresql:// URL is expected")
        return url

    def sender(self, key: SenderKey) -> SenderProfile:
        """The profile of one sending body, or a clear error if it is not configured."""
        try:
            return self.senders[key]
        except KeyError:
            raise ConfigurationError(f"VERBALE_SENDERS: no profile {key.value!r}") from None

    @property
    def review_link(self) -> str:
        """The review room's base address for links."""
        return (self.review_url or f"http://{self.review_host}:{self.review_port}").rstrip("/")

    @property
    def workspace(self) -> Workspace:
        """The work directory's layout: drafts, batch folders, outbox, ledger."""
        return Workspace(self.work_dir, self.ledger_url)


def read_settings() -> Settings:
    """The settings from the environment; an invalid one is a ConfigurationError naming the
    variable, one line each, never its value (it may be a password)."""
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"VERBALE_{'__'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        ]
        raise ConfigurationError("\n".join(lines)) from None
    except SettingsError as exc:  # a list or mapping setting whose value is not JSON
        found = re.search(r'field "(\w+)"', str(exc))
        name = f"VERBALE_{found.group(1).upper()}" if found else "settings"
        message = 'not valid JSON (a list is written ["en","fr"], the sender profiles as an object)'
        raise ConfigurationError(f"{name}: {message}") from None
