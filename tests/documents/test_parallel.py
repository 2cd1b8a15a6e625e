"""Rendering a batch's documents, in this process or in worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import KindMaker, docx_text

from verbale.documents import parallel
from verbale.documents.jobs import DocumentJob
from verbale.documents.parallel import render_jobs
from verbale.errors import RenderError

# A small threshold, so that the worker path is taken without hundreds of documents.
THRESHOLD = 4


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes from THRESHOLD documents on."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", THRESHOLD)


def job(index: int, context: dict[str, object], lang: str = "en") -> DocumentJob:
    """A job of the test kind `k`."""
    return DocumentJob(
        doc_id=f"doc-{index:03d}",
        kind="k",
        lang=lang,
        fallback=False,
        state="FR",
        channel="mission",
        to=(),
        cc=(),
        subject="s",
        body="b",
        context=context,
    )


@pytest.mark.parametrize("count", [THRESHOLD - 1, THRESHOLD + 1])
def test_a_failing_document_names_itself_and_leaves_no_file(
    make_kind: KindMaker, tmp_path: Path, count: int
) -> None:
    """One bad document fails the batch, named in full, in workers or not; no folder is left."""
    root = make_kind("k", {"en": ["Dear {{ name }}", "Due on {{ report.due }}"]})
    jobs = [job(i, {"name": str(i), "report": {"due": "x"}}) for i in range(count)]
    jobs[-1] = job(count - 1, {"name": "last", "report": {}})
    folder = tmp_path / "drafts" / "batch"
    with pytest.raises(RenderError) as caught:
        render_jobs(jobs, folder, root, {}, workers=2)
    assert caught.value.kind == "k"
    assert caught.value.lang == "en"
    assert "'dict object' has no attribute 'due'" in caught.value.detail
    assert "Due on" in caught.value.detail
    assert not folder.exists()


def test_worker_processes_render_what_one_process_renders(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """Two workers write every document of the batch, in job order, each with its own values."""
    root = make_kind("k", {"fr": ["Au {{ name }}"]}, variables=["name"])
    jobs = [job(index, {"name": f"État {index}"}, "fr") for index in range(6)]
    paths = render_jobs(jobs, tmp_path / "two", root, {}, workers=2)
    alone = render_jobs(jobs, tmp_path / "one", root, {}, workers=1)
    assert paths == [tmp_path / "two" / j.filename for j in jobs]
    assert [docx_text(p) for p in paths] == [docx_text(p) for p in alone]
    assert docx_text(paths[5]).strip() == "Au État 5"
