"""Rendering the documents of a batch, on every core when the batch is large.

docxtpl is not thread-safe and the GIL gives threads little: large batches are split
across processes, each with its own renderer and cache of compiled templates.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import Kind, load_kind
from verbale.documents.rendering import Renderer
from verbale.errors import RenderError
from verbale.languages import Language

# Below this many documents, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 60

Names = Mapping[tuple[str, Language], str]


def render_jobs(
    jobs: Sequence[DocumentJob], folder: Path, templates_dir: Path, names: Names, workers: int
) -> list[Path]:
    """Render every job into the new folder; returns the paths in job order.

    All or nothing: when one document fails, the folder and whatever was written in it
    are removed before the error is raised, so no half batch is left to be mistaken.
    """
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
            return render_slice(list(jobs), folder, templates_dir, dict(names))
        _render_in_processes(jobs, folder, templates_dir, names, workers)
    except BaseException:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for job in jobs:
                (folder / job.filename).unlink(missing_ok=True)
        raise
    return [folder / job.filename for job in jobs]


def _render_in_processes(
    jobs: Sequence[DocumentJob], folder: Path, templates_dir: Path, names: Names, workers: int
) -> None:
    slices = [list(jobs[i::workers]) for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    # Leaving the pool waits for every worker, so nothing is written after the clean-up.
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(render_slice, part, folder, templates_dir, dict(names)) for part in slices
        ]
        for future in futures:
            try:
                future.result()  # re-raises the first RenderError of a worker
            except BrokenProcessPool as exc:
                raise RenderError("batch", "-", f"a rendering process died: {exc}") from exc


def render_slice(
    jobs: list[DocumentJob],
    folder: Path,
    templates_dir: Path,
    names: dict[tuple[str, Language], str],
) -> list[Path]:
    """Render some jobs in this process with one renderer (one template cache)."""
    renderer = Renderer(names)
    kinds: dict[str, Kind] = {}
    paths = []
    for job in jobs:
        kind = kinds.get(job.kind) or kinds.setdefault(job.kind, load_kind(templates_dir, job.kind))
        paths.append(renderer.render(kind, Language(job.lang), job.context, folder / job.filename))
    return paths
