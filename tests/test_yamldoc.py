"""YAML files of decision data: errors at `path:line: field`, one line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from verbale.convention.incidents import Incident
from verbale.errors import DataError
from verbale.yamldoc import load_model, read_yaml


def test_a_key_given_twice_is_an_error_at_its_second_line(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys; verbale names the second instead."""
    path = tmp_path / "decision.yaml"
    path.write_text("per_state:\n  ZM: {a: 1}\n  ZM: {a: 2}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: per_state.ZM: given twice (first on line 2)"
    ]


def test_a_key_given_twice_in_a_list_item_is_named_with_its_index(tmp_path: Path) -> None:
    """A duplicate inside a list item is found too, the item's index in the field."""
    path = tmp_path / "incident.yaml"
    path.write_text("sources:\n  - title: a\n    title: b\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: sources.0.title: given twice (first on line 2)"
    ]


def test_an_empty_file_is_one_line(tmp_path: Path) -> None:
    """An empty incident file is one problem naming the file, not one per missing field."""
    path = tmp_path / "incident.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_model(path, Incident)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: file: empty file: no YAML document"
    ]
