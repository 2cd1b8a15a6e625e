"""Rendering a batch's documents, in this process or in worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import KindMaker

from verbale.documents.jobs import DocumentJob
from verbale.documents.parallel import PARALLEL_THRESHOLD, render_jobs
from verbale.errors import RenderError


def job(index: int, context: dict[str, object]) -> DocumentJob:
    """A job of the test kind `k` in English."""
    return DocumentJob(
        doc_id=f"doc-{index:03d}",
        kind="k",
        lang="en",
        fallback=False,
        state="FR",
        channel="mission",
        to=(),
        cc=(),
        subject="s",
        body="b",
        context=context,
    )


@pytest.mark.parametrize("count", [PARALLEL_THRESHOLD - 1, PARALLEL_THRESHOLD + 1])
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


def test_a_good_batch_in_worker_processes_writes_every_document(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """Above the threshold every job is rendered, in job order."""
    root = make_kind("k", {"en": ["Dear {{ name }}"]})
    jobs = [job(i, {"name": str(i)}) for i in range(PARALLEL_THRESHOLD)]
    paths = render_jobs(jobs, tmp_path / "batch", root, {}, workers=2)
    assert paths == [tmp_path / "batch" / j.filename for j in jobs]
    assert all(path.is_file() for path in paths)
