"""What the command line prints for people."""

from __future__ import annotations

from pathlib import Path

import pytest
from samplebatch import make_batch

from verbale import output
from verbale.batches.manifest import read_manifest
from verbale.workspace import Workspace


def test_a_fallback_is_not_blamed_on_a_missing_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A letter in English because its facts lack the language is counted as a fallback too:
    the line names both causes, not only a missing template."""
    folder = make_batch(Workspace(tmp_path / "work"), "20160303-100000-statement-0001")
    manifest = read_manifest(folder)
    manifest = manifest.model_copy(
        update={"summary": manifest.summary.model_copy(update={"fallbacks": 2})}
    )
    output.batch_summary(folder, manifest)
    assert (
        "2 document(s) fell back to English (no template, or no text of the facts, in their "
        "language)"
    ) in " ".join(capsys.readouterr().out.split())
