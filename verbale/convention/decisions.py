"""Ad-hoc decisions for circulars: the variables a template needs, as a YAML mapping.

Top-level keys are template variables, the same for every recipient; the optional key
`per_state` maps ISO codes to variables that replace them for that State only. A fact that
is text (a contribution's purpose) is given per language, as a mapping of language codes
to texts; a letter is written only in a language every such text is given in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verbale.convention.directory import ISO_CODES
from verbale.errors import DataError, Problem
from verbale.languages import Language
from verbale.yamldoc import read_yaml

PER_STATE = "per_state"


@dataclass(frozen=True)
class Decision:
    """The variables of a circular, shared and per State."""

    path: Path
    variables: Mapping[str, Any]
    per_state: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def variables_for(self, iso2: str) -> dict[str, Any]:
        """The variables of the letter to one State."""
        return {**self.variables, **self.per_state.get(iso2, {})}

    def require(self, states: Sequence[str], required: frozenset[str]) -> None:
        """Every selected State must get every variable the kind requires."""
        problems = [
            Problem(self.path, 1, name, f"missing for {iso2}: the document kind requires it")
            for iso2 in states
            for name in sorted(required - self.variables_for(iso2).keys())
        ]
        if problems:
            raise DataError(problems)


def _is_per_language(value: Any) -> bool:
    codes = {lang.value for lang in Language}
    return isinstance(value, Mapping) and bool(value) and all(str(k) in codes for k in value)


def text_languages(variables: Any) -> frozenset[Language] | None:
    """The languages every text-per-language value is given in; None when there is none."""
    if _is_per_language(variables):
        return frozenset(Language(str(k)) for k in variables)
    found: frozenset[Language] | None = None
    children = variables.values() if isinstance(variables, Mapping) else variables
    if isinstance(variables, Mapping | list):
        for child in children:
            inner = text_languages(child)
            if inner is not None:
                found = inner if found is None else found & inner
    return found


def in_language(variables: Any, lang: Language) -> Any:
    """The variables with each text-per-language value replaced by its text in `lang`."""
    if _is_per_language(variables):
        return variables[lang.value]
    if isinstance(variables, Mapping):
        return {key: in_language(value, lang) for key, value in variables.items()}
    if isinstance(variables, list):
        return [in_language(value, lang) for value in variables]
    return variables


def read_variables(path: Path) -> dict[str, Any]:
    """A YAML mapping of template variables; DataError names the file and line."""
    return _mapping(path, read_yaml(path)[0])


def _mapping(path: Path, data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise DataError([Problem(path, 1, "document", "expected a mapping of variable names")])
    return data


def load_decision(path: Path, required: frozenset[str]) -> Decision:
    """A decision file with every variable a kind requires, for every State it names."""
    data, lines = read_yaml(path)
    variables = _mapping(path, data)
    per_state = variables.pop(PER_STATE, None) or {}
    if not isinstance(per_state, dict) or not all(isinstance(v, dict) for v in per_state.values()):
        line = lines.get((PER_STATE,), 1)
        message = "expected a mapping of ISO codes to mappings of variables"
        raise DataError([Problem(path, line, PER_STATE, message)])
    problems = [
        Problem(
            path,
            lines.get((PER_STATE, str(iso2)), 1),
            f"{PER_STATE}.{iso2}",
            f"{iso2!r} is not an ISO 3166 alpha-2 country code",
        )
        for iso2 in per_state
        if str(iso2).upper() not in ISO_CODES
    ]
    problems += [
        Problem(path, 1, name, "missing: the document kind requires this variable")
        for name in sorted(required - variables.keys())
        if not per_state or any(name not in v for v in per_state.values())
    ]
    if problems:
        raise DataError(problems)
    return Decision(path, variables, {str(k).upper(): v for k, v in per_state.items()})
