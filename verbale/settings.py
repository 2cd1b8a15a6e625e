"""The one settings object: environment variables `VERBALE_*`, or a `.env` file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    name: Localised = Field(description="Full name with its article, as it opens a sentence.")
    short_name: Localised = Field(description="Short name used mid-sentence ('the Unit').")
    signatory: str = Field(description="Name of the person who signs or initials.")
    signatory_title: Localised = Field(description="Title under the signature.")
    place: Localised = Field(description="Place of issue ('Geneva', 'Genève', 'Ginebra').")
    reference_prefix: str = Field(description="Prefix of reference numbers ('CCM/ISU').")
    email: str = Field(description="Address to which States reply and submit reports.")

    def localised(self, lang: Language) -> dict[str, str]:
        """The profile's values in one language, as templates see them."""
        fields = {"name": self.name, "short_name": self.short_name}
        fields |= {"signatory_title": self.signatory_title, "place": self.place}
        missing = [key for key, values in fields.items() if lang not in values]
        if missing:
            raise ConfigurationError(
                f"sender profile has no {lang.value!r} text for: {', '.join(missing)}"
            )
        values = {key: texts[lang] for key, texts in fields.items()}
        return values | {
            "signatory": self.signatory,
            "email": self.email,
            "reference_prefix": self.reference_prefix,
        }


_GENEVA = {
    Language.AR: "جنيف",
    Language.ZH: "日内瓦",
    Language.EN: "Geneva",
    Language.FR: "Genève",
    Language.RU: "Женева",
    Language.ES: "Ginebra",
}


def _texts(ar: str, zh: str, en: str, fr: str, ru: str, es: str) -> Localised:
    return {
        Language.AR: ar,
        Language.ZH: zh,
        Language.EN: en,
        Language.FR: fr,
        Language.RU: ru,
        Language.ES: es,
    }


def _isu() -> SenderProfile:
    return SenderProfile(
        name=_texts(
            "وحدة دعم تنفيذ اتفاقية الذخائر العنقودية",
            "《集束弹药公约》执行支助股",
            "The Implementation Support Unit of the Convention on Cluster Munitions",
            "L'Unité d'appui à l'application de la Convention sur les armes à sous-munitions",
            "Группа имплементационной поддержки Конвенции по кассетным боеприпасам",
            "La Dependencia de Apoyo a la Aplicación de la Convención sobre Municiones en Racimo",
        ),
        short_name=_texts(
            "الوحدة", "执行支助股", "the Unit", "l'Unité", "Группа", "la Dependencia"
        ),
        signatory="Dana Example",
        signatory_title=_texts(
            "مديرة وحدة دعم التنفيذ",
            "执行支助股主任",
            "Director, Implementation Support Unit",
            "Directrice, Unité d'appui à l'application",
            "Директор Группы имплементационной поддержки",
            "Directora, Dependencia de Apoyo a la Aplicación",
        ),
        place=_GENEVA,
        reference_prefix="CCM/ISU",
        email="isu@ccm-isu.example.org",
    )


def _presidency() -> SenderProfile:
    return SenderProfile(
        name=_texts(
            "رئاسة اجتماع الدول الأطراف في اتفاقية الذخائر العنقودية",
            "《集束弹药公约》缔约国会议主席",
            "The Presidency of the Meeting of States Parties to the Convention on Cluster "
            "Munitions",
            "La Présidence de l'Assemblée des États parties à la Convention sur les armes à "
            "sous-munitions",
            "Председательство Совещания государств — участников Конвенции по кассетным боеприпасам",
            "La Presidencia de la Reunión de los Estados Partes en la Convención sobre "
            "Municiones en Racimo",
        ),
        short_name=_texts(
            "الرئاسة",
            "主席",
            "the Presidency",
            "la Présidence",
            "Председательство",
            "la Presidencia",
        ),
        signatory="Ambassador Robin Example",
        signatory_title=_texts(
            "رئيس اجتماع الدول الأطراف",
            "缔约国会议主席",
            "President of the Meeting of States Parties",
            "Président de l'Assemblée des États parties",
            "Председатель Совещания государств-участников",
            "Presidente de la Reunión de los Estados Partes",
        ),
        place=_GENEVA,
        reference_prefix="CCM/PRES",
        email="presidency@ccm-isu.example.org",
    )


def _coordination_committee() -> SenderProfile:
    return SenderProfile(
        name=_texts(
            "لجنة التنسيق لاتفاقية الذخائر العنقودية",
            "《集束弹药公约》协调委员会",
            "The Coordination Committee of the Convention on Cluster Munitions",
            "Le Comité de coordination de la Convention sur les armes à sous-munitions",
            "Координационный комитет Конвенции по кассетным боеприпасам",
            "El Comité de Coordinación de la Convención sobre Municiones en Racimo",
        ),
        short_name=_texts(
            "اللجنة", "协调委员会", "the Committee", "le Comité", "Комитет", "el Comité"
        ),
        signatory="Sam Example",
        signatory_title=_texts(
            "منسق تدمير المخزونات والاحتفاظ بها",
            "销毁和保留库存问题协调员",
            "Coordinator on Stockpile Destruction and Retention",
            "Coordonnateur pour la destruction et la conservation des stocks",
            "Координатор по уничтожению и сохранению запасов",
            "Coordinador sobre Destrucción y Retención de Existencias",
        ),
        place=_GENEVA,
        reference_prefix="CCM/CC",
        email="coordination@ccm-isu.example.org",
    )


def _default_senders() -> dict[SenderKey, SenderProfile]:
    return {
        SenderKey.ISU: _isu(),
        SenderKey.PRESIDENCY: _presidency(),
        SenderKey.COORDINATION_COMMITTEE: _coordination_committee(),
    }


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
        description="The directory of recipients: states.csv, contacts.csv, names.csv.",
    )
    data_dir: Path = Field(
        default=REPOSITORY / "data",
        description="Decision data: incidents/, reports.csv, stockpiles.csv, decisions/.",
    )
    work_dir: Path = Field(
        default=REPOSITORY / "work",
        description="Where verbale writes: drafts/<batch-id>/, the outbox and the ledger.",
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
        "the built-in profiles; each profile needs every field, texts keyed by language.",
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

    def sender(self, key: SenderKey) -> SenderProfile:
        """The profile of one sending body, or a clear error if it is not configured."""
        try:
            return self.senders[key]
        except KeyError:
            raise ConfigurationError(f"VERBALE_SENDERS: no profile {key.value!r}") from None

    @property
    def workspace(self) -> Workspace:
        """The work directory's layout: drafts, batch folders, outbox, ledger."""
        return Workspace(self.work_dir)
