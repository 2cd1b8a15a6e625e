"""What a machine must see of a batch the ledger knows: its folder, manifest and files.

With the ledger in PostgreSQL, every worker reads the same batches; their files are only
where `VERBALE_WORK_DIR` is. A worker that cannot see them says so, naming what is missing,
rather than taking a batch it cannot see for one that was never drafted.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from verbale.batches.manifest import MANIFEST
from verbale.errors import NotSharedError
from verbale.workspace import Workspace

SHARED_VOLUME = "VERBALE_WORK_DIR must be the shared volume every worker mounts"


def visible_folder(workspace: Workspace, batch_id: str) -> Path:
    """The folder of a batch the ledger knows, with its manifest; NotSharedError if either is
    not on this machine."""
    folder = workspace.batch_folder(batch_id)
    if not folder.is_dir():
        raise NotSharedError(
            f"batch {batch_id}: its folder {folder} is not on this machine: {SHARED_VOLUME}"
        )
    if not (folder / MANIFEST).is_file():
        raise NotSharedError(
            f"batch {batch_id}: {folder / MANIFEST} is not on this machine: {SHARED_VOLUME}"
        )
    return folder


def require_files(batch_id: str, folder: Path, paths: Iterable[str]) -> None:
    """Refuse a batch whose approved files (relative paths) are not all on this machine."""
    missing = [str(folder / path) for path in paths if not (folder / path).is_file()]
    if missing:
        raise NotSharedError(
            f"batch {batch_id}: approved files missing on this machine, nothing sent: "
            f"{', '.join(missing)} (deleted, or {SHARED_VOLUME})"
        )
