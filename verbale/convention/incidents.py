"""Reported uses of cluster munitions: one YAML file per incident in data/incidents/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator

from verbale.convention.directory import ISO_CODES
from verbale.errors import DataError, Problem, SelectionError
from verbale.languages import Language
from verbale.settings import SenderKey
from verbale.tables import control_characters
from verbale.yamldoc import load_model, read_yaml


class Verification(StrEnum):
    """Where the verification of the facts stands."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    DISPUTED = "disputed"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """A published source of the report."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: dt.date
    url: HttpUrl


class VerificationRecord(_Frozen):
    """Who verified the facts, when, and how it ended."""

    status: Verification
    by: str = ""
    date: dt.date | None = None
    note: str = ""


class DecisionRecord(_Frozen):
    """Who issues the statement, and on which date it was decided.

    `issuer` is the sending body: the Presidency alone (the default) or the Coordination
    Committee jointly. `co_signers` makes it a joint statement of States (ISO codes, each
    in the directory): they issue and sign it; the `issuer` numbers, dates and circulates
    it."""

    issuer: SenderKey = SenderKey.PRESIDENCY
    co_signers: tuple[str, ...] = ()
    date: dt.date

    @field_validator("co_signers")
    @classmethod
    def _iso_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [code for code in value if code not in ISO_CODES]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not ISO 3166 alpha-2 country codes")
        if len(set(value)) != len(value):
            raise ValueError("a co-signing State is named twice")
        return value


class Incident(_Frozen):
    """One reported use of cluster munitions."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    state: str
    place: dict[Language, str] = Field(min_length=1)
    start_date: dt.date
    end_date: dt.date
    populated_area: bool
    description: dict[Language, str] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    verification: VerificationRecord
    decision: DecisionRecord

    @field_validator("state")
    @classmethod
    def _known_state(cls, value: str) -> str:
        if value not in ISO_CODES:
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value

    @field_validator("place", "description", mode="before")
    @classmethod
    def _per_language(cls, value: Any) -> Any:
        # A text given once, not per language, is English.
        return {Language.EN.value: value} if isinstance(value, str) else value

    @field_validator("place", "description")
    @classmethod
    def _single_line_safe(cls, value: dict[Language, str]) -> dict[Language, str]:
        for lang, text in value.items():
            if control_characters(text.replace("\n", " ")):
                raise ValueError(f"{lang.value}: contains a control character")
            if not text.strip():
                raise ValueError(f"{lang.value}: empty text")
        return {lang: text.strip() for lang, text in value.items()}

    @field_validator("end_date")
    @classmethod
    def _dates_in_order(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start_date")
        if start is not None and value < start:
            raise ValueError(f"{value} is before start_date {start}")
        return value

    def require_verified(self) -> None:
        """Refuse a statement on facts that are not verified (no precedent on rumours)."""
        if self.verification.status is not Verification.VERIFIED:
            raise SelectionError(
                f"incident {self.id}: verification is {self.verification.status.value!r}; "
                "a statement is issued only on a verified report"
            )

    @property
    def languages(self) -> frozenset[Language]:
        """The languages the facts that are text (place, description) are given in."""
        return frozenset(self.place) & frozenset(self.description)

    def missing_text(self, lang: Language) -> str:
        """Why the incident cannot be told in a language, or "" when it can."""
        fields = [name for name in ("place", "description") if lang not in getattr(self, name)]
        return f"incident {self.id} has no {' or '.join(fields)} in {lang.value}" if fields else ""

    def variables(self, lang: Language, state: Mapping[str, str]) -> dict[str, Any]:
        """The incident as templates see it in one language, with the State's names
        (`state`: name, in, of); SelectionError when a text is missing in the language."""
        missing = self.missing_text(lang)
        if missing:
            raise SelectionError(missing)
        return {
            "id": self.id,
            "state": self.state,
            "state_name": state["name"],
            "state_in": state["in"],
            "state_of": state["of"],
            "place": self.place[lang],
            "start_date": self.start_date,
            "end_date": self.end_date,
            "populated_area": self.populated_area,
            "description": self.description[lang],
            "sources": [
                {"title": s.title, "publisher": s.publisher, "date": s.date, "url": str(s.url)}
                for s in self.sources
            ],
        }


def incident_path(data_dir: Path, reference: str) -> Path:
    """A file path given as such, or the id of an incident in data/incidents/."""
    given = Path(reference)
    if given.suffix in {".yaml", ".yml"}:
        return given
    return data_dir / "incidents" / f"{reference}.yaml"


def load_incident(path: Path) -> Incident:
    """An incident file, validated; DataError names file, line and field."""
    return load_model(path, Incident)


def require_known_co_signers(incident: Incident, path: Path, known: Collection[str]) -> None:
    """Every co-signing State must be in the directory (its names come from there);
    DataError names the file, line and field."""
    unknown = [code for code in incident.decision.co_signers if code not in known]
    if unknown:
        line = read_yaml(path)[1].get(("decision", "co_signers"), 1)
        message = f"not in the directory: {', '.join(unknown)}"
        raise DataError([Problem(path, line, "decision.co_signers", message)])


def store_incident(path: Path, data_dir: Path) -> tuple[Incident, Path]:
    """Validate an incident file and store it as data/incidents/<id>.yaml (never replacing a
    different incident of the same id)."""
    incident = load_incident(path)
    target = incident_path(data_dir, incident.id)
    content = path.read_bytes()
    if target.exists() and target.read_bytes() != content:
        raise SelectionError(
            f"{target}: incident {incident.id} is already stored, with "
            "other content; give the new report another id"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(content)
    return incident, target
