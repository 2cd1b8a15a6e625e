"""A corpus of bad files as a secretariat's users make them: from a spreadsheet, by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# Each spoils the text of a good CSV file (header and at least two rows).
CsvSpoiler = Callable[[str], bytes]


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _join(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _last_field_dropped(text: str) -> bytes:
    lines = _lines(text)
    lines[1] = lines[1].rsplit(",", 1)[0]
    return _join(lines)


def _middle_field_dropped(text: str) -> bytes:
    lines = _lines(text)
    fields = lines[1].split(",")
    lines[1] = ",".join(fields[:1] + fields[2:])
    return _join(lines)


def _column_dropped(text: str) -> bytes:
    lines = [line.rsplit(",", 1)[0] for line in _lines(text)]
    return _join(lines)


def _line_break_in_field(text: str) -> bytes:
    lines = _lines(text)
    first, rest = lines[1].split(",", 1)
    lines[1] = f'"{first}\r\n",{rest}'
    return _join(lines)


CSV_SPOILERS: dict[str, CsvSpoiler] = {
    "last-field-dropped": _last_field_dropped,
    "middle-field-dropped": _middle_field_dropped,
    "column-dropped": _column_dropped,
    "line-break-in-field": _line_break_in_field,
    # Excel's plain "CSV" on Windows; the accent makes it invalid UTF-8.
    "cp1252": lambda text: (text + "FR,é\n").encode("cp1252", errors="replace"),
    "nul-byte": lambda text: _join(_lines(text)[:2]) + b"\x00\n",
    "empty": lambda text: b"",
    "spreadsheet-saved-as-csv": lambda text: b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xff\xfe",
}

# Each spoils the text of a good YAML file.
YamlSpoiler = Callable[[str], bytes]


def _replace_value(key: str, value: str) -> YamlSpoiler:
    def spoil(text: str) -> bytes:
        lines = [
            f"{line.split(':', 1)[0]}: {value}" if line.strip().startswith(f"{key}:") else line
            for line in text.splitlines()
        ]
        return "\n".join(lines).encode("utf-8")

    return spoil


def _drop_key(key: str) -> YamlSpoiler:
    def spoil(text: str) -> bytes:
        lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
        return "\n".join(lines).encode("utf-8")

    return spoil


YAML_SPOILERS: dict[str, YamlSpoiler] = {
    "unclosed-bracket": lambda text: (text + "\nextra: [1, 2\n").encode("utf-8"),
    "tab-indent": lambda text: text.replace("\n  ", "\n\t", 1).encode("utf-8"),
    "cp1252": lambda text: (text + "\n# modifié\n").encode("cp1252", errors="replace"),
    "control-character": lambda text: text.replace("\n", "\x1f\n", 1).encode("utf-8"),
    "a-list": lambda text: b"- one\n- two\n",
    "empty": lambda text: b"",
}

# Spoilers of an incident file in particular.
INCIDENT_SPOILERS: dict[str, YamlSpoiler] = {
    **YAML_SPOILERS,
    "date-in-words": _replace_value("date", "15 April 2016"),
    "impossible-date": _replace_value("date", "2016-02-30"),
    "id-missing": _drop_key("id"),
    "unknown-state": _replace_value("state", "XX"),
}

# Spoilers of a decision (or a render context) of the contribution-thanks kind.
DECISION_SPOILERS: dict[str, YamlSpoiler] = {
    **YAML_SPOILERS,
    "date-in-words": _replace_value("received_on", "10 February 2016"),
    "date-missing": _drop_key("  received_on"),
    "amount-in-words": _replace_value("amount", "five thousand"),
}


def write_spoiled(source: Path, target: Path, spoil: Callable[[str], bytes]) -> Path:
    """Write a spoiled copy of a good file (it must differ from the good one)."""
    good = source.read_text(encoding="utf-8")
    spoiled = spoil(good)
    assert spoiled != good.encode("utf-8"), f"{source}: the spoiler changed nothing"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(spoiled)
    return target


def assert_one_clear_report(stderr: str) -> None:
    """stderr holds plain report lines only (`error: ...`, `path:line: field: message`, a
    count): no traceback, no indented or boxed text."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines, "no error printed"
    for line in lines:
        assert line == line.lstrip(), stderr
        assert not set(line) & set("╭│╰─"), stderr
        assert line.startswith("error: ") or ": " in line or line.endswith("error(s)"), stderr
