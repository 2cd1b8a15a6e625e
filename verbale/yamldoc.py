"""YAML files of decision data, validated by a model, with errors at `path:line: field`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from verbale.errors import DataError, Problem

M = TypeVar("M", bound=BaseModel)
Lines = dict[tuple[str | int, ...], int]


class _Loader(yaml.SafeLoader):
    """YAML as people mean it: only true/false are booleans (NO is Norway, not false), and an
    impossible date is an error at its line rather than a crash."""

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> object:
        """A date or time, or an error at the node's line."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            message = f"{node.value!r} is not a valid date"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)


def read_yaml(path: Path) -> tuple[Any, Lines]:
    """The YAML document of a file and the line of every key and item in it."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except FileNotFoundError:
        raise DataError([Problem(path, 0, "file", "file not found")]) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8"
        raise DataError([Problem(path, line, "file", message)]) from exc
    except RecursionError:
        raise DataError([Problem(path, 0, "yaml", "nested too deeply")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at a position
        line = text[: exc.position].count("\n") + 1
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        message = f"character U+{code:04X} is not allowed (a control character?)"
        raise DataError([Problem(path, line, "yaml", message)]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line
        raise DataError([Problem(path, line, "yaml", message)]) from exc
    lines: Lines = {}
    if node is not None:
        _collect_lines(node, (), lines, set())
        duplicate = _duplicate_key(node, (), set())
        if duplicate is not None:
            raise DataError([Problem(path, *duplicate)])
    return data, lines


def _duplicate_key(
    node: yaml.Node, at: tuple[str, ...], seen: set[int]
) -> tuple[int, str, str] | None:
    """The first key given twice in one mapping (YAML would silently keep the last) as
    (line, field, message), or None. An alias's node is walked once."""
    if id(node) in seen:
        return None
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        items = (_duplicate_key(item, (*at, str(n)), seen) for n, item in enumerate(node.value))
        return next((found for found in items if found is not None), None)
    if not isinstance(node, yaml.MappingNode):
        return None
    first: dict[str, int] = {}
    for key, value in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        if name in first:
            return line, ".".join((*at, name)), f"given twice (first on line {first[name]})"
        first[name] = line
        found = _duplicate_key(value, (*at, name), seen)
        if found is not None:
            return found
    return None


def _collect_lines(
    node: yaml.Node, at: tuple[str | int, ...], lines: Lines, seen: set[int]
) -> None:
    lines[at] = node.start_mark.line + 1
    # An alias repeats a node: walked once, so that nested aliases cannot take forever.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*at, str(key.value))] = key.start_mark.line + 1
            _collect_lines(value, (*at, str(key.value)), lines, seen)
            lines[(*at, str(key.value))] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*at, index), lines, seen)


def load_model(path: Path, model: type[M]) -> M:
    """A YAML file validated by a pydantic model; DataError lists every invalid field."""
    data, lines = read_yaml(path)
    if data is None:
        raise DataError([Problem(path, 1, "file", "empty file: no YAML document")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError([_problem(path, lines, error) for error in exc.errors()]) from exc


def _problem(path: Path, lines: Lines, error: Any) -> Problem:
    location = tuple(error["loc"])
    field = ".".join(str(part) for part in location) or "document"
    line = next(
        (lines[location[:n]] for n in range(len(location), -1, -1) if location[:n] in lines), 0
    )
    return Problem(path, line, field, str(error["msg"]))
