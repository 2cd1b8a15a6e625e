"""Rendering a batch across worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import KindMaker, docx_text

from verbale.batches.manifest import DocumentJob
from verbale.documents import parallel


def job(index: int) -> DocumentJob:
    """A one-paragraph letter to a numbered State."""
    return DocumentJob(
        doc_id=f"S{index}",
        kind="k",
        lang="fr",
        fallback=False,
        state=f"S{index}",
        channel="mission",
        to=(),
        cc=(),
        subject="",
        body="",
        context={"name": f"État {index}"},
    )


def test_worker_processes_render_what_one_process_renders(
    make_kind: KindMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers write every document of the batch, each with its own values."""
    root = make_kind("k", {"fr": ["Au {{ name }}"]}, variables=["name"])
    jobs = [job(index) for index in range(6)]
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    paths = parallel.render_jobs(jobs, tmp_path / "two", root, {}, workers=2)
    alone = parallel.render_jobs(jobs, tmp_path / "one", root, {}, workers=1)
    assert [p.name for p in paths] == [p.name for p in alone] == [f"S{i}.docx" for i in range(6)]
    assert [docx_text(p) for p in paths] == [docx_text(p) for p in alone]
    assert docx_text(paths[5]).strip() == "Au État 5"
