"""A throwaway PostgreSQL cluster for tests: initdb and pg_ctl in a temporary folder.

The cluster listens on 127.0.0.1 on a free port, trusts local connections and is stopped
(immediate mode) and removed when the test session ends. `Cluster.create_database` gives each
test its own database, so that tests never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

_BIN_FOLDERS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_NUMBERS = count(1)


def _binary(name: str) -> str:
    """The path of a PostgreSQL server program: on PATH, or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    for folder in _BIN_FOLDERS:
        if (folder / name).exists():
            return str(folder / name)
    raise RuntimeError(f"{name} not found: install PostgreSQL (scripts/system-packages.sh)")


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run the server as the `postgres` user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Cluster:
    """A running cluster: its port, and a superuser with no password."""

    folder: Path
    port: int
    user: str = "postgres"

    def url(self, database: str = "postgres", *, driver: str = "postgresql") -> str:
        """A connection URL, e.g. driver 'postgresql+asyncpg' for Prefect's server."""
        return f"{driver}://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A new empty database; its name."""
        name = f"{prefix}_{next(_NUMBERS)}"
        subprocess.run(
            [_binary("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name],
            check=True,
            capture_output=True,
        )
        return name


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster in a temporary folder; stop and remove it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="verbale-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = _free_port()
    subprocess.run(
        _as_server_user(
            [_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200"
    log = str(folder / "log")
    subprocess.run(
        _as_server_user(
            [_binary("pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(folder=folder, port=port)
    finally:
        subprocess.run(
            _as_server_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
