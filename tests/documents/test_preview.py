"""Rendering one document for a template author (`verbale render`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPOSITORY

from verbale.documents.preview import render_preview
from verbale.errors import SelectionError
from verbale.settings import Settings


def test_an_unknown_channel_is_one_clear_error(tmp_path: Path) -> None:
    """A channel other than mission or capital is named, not a traceback."""
    out = tmp_path / "letter.docx"
    with pytest.raises(
        SelectionError, match=r"^--channel: 'embassy' is not one of: mission, capital$"
    ):
        render_preview(Settings(), "contribution-thanks", "FR", "embassy", None, None, out)
    assert not out.exists()


@pytest.mark.slow
def test_a_kind_without_sample_asks_for_a_context_file(tmp_path: Path) -> None:
    """A new kind without sample.yaml says to give its variables with --context."""
    templates = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates", templates)
    (templates / "contribution-thanks" / "sample.yaml").unlink()
    out = tmp_path / "letter.docx"
    settings = Settings(templates_dir=templates)
    with pytest.raises(SelectionError, match="give the kind's variables with --context FILE"):
        render_preview(settings, "contribution-thanks", "FR", "mission", None, None, out)
    assert not out.exists()
