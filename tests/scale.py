"""verbale at scale on one machine: a Prefect server on PostgreSQL, workers on one pool.

The same commands as the README's "Running at scale", each a real process in its own session
(stopped with its children at the end): `prefect server start` on a PostgreSQL database,
`verbale deploy --pool`, and `prefect worker start --pool` once per worker. Used by
tests/flows/test_workers.py and benchmarks/scale.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from mailserver import free_port

BIN = Path(sys.executable).parent
POOL = "verbale"
# Workers and the server poll every few seconds instead of Prefect's 10 to 15: the figures
# measure verbale, not the polling interval.
POLL_SECONDS = "2"
# The folders reach the flow runs through the deployments' job variables (`verbale deploy`),
# not through the workers' environment.
FOLDERS = (
    "VERBALE_WORK_DIR",
    "VERBALE_TEMPLATES_DIR",
    "VERBALE_RECIPIENTS_DIR",
    "VERBALE_DATA_DIR",
)


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 180) -> Any:
    """Poll until the condition holds (returns its value) or fail, saying what was awaited."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process group: SIGINT first (Prefect cleans up), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # children left behind, if any


@dataclass
class Site:
    """A running server and its workers: the environment every command here uses."""

    root: Path
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def api(self) -> str:
        """The server's API URL."""
        return self.env["PREFECT_API_URL"]

    def start(
        self, name: str, *command: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a command in its own session, its output in <root>/<name>.log."""
        log = (self.root / f"{name}.log").open("wb")
        process = subprocess.Popen(
            list(command), env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def run(
        self, *command: str, env_extra: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run a command to its end, with this site's environment (and a few more variables)."""
        return subprocess.run(
            list(command), env=self.env | (env_extra or {}), capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip

    def start_worker(self, name: str, limit: int = 1) -> None:
        """`prefect worker start --pool` under a name, running at most `limit` flow runs."""
        self.workers[name] = self.start(
            name, str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--name", name,
            "--limit", str(limit),
            env={k: v for k, v in self.env.items() if k not in FOLDERS},
        )  # fmt: skip
        wait_for(lambda: self.worker_online(name), f"worker {name} to poll the pool", 120)

    def stop_worker(self, name: str) -> None:
        """Stop one worker (its flow runs with it)."""
        process = self.workers.pop(name)
        stop(process)
        self.processes.remove(process)

    def worker_online(self, name: str) -> bool:
        """Whether the server has seen the named worker poll the pool."""
        try:
            answer = httpx.post(f"{self.api}/work_pools/{POOL}/workers/filter", timeout=5)
            return any(w["name"] == name for w in answer.json())
        except (httpx.HTTPError, ValueError, TypeError):
            return False

    def flow_run(self, run_id: str) -> dict[str, Any]:
        """A flow run as the API returns it."""
        run: dict[str, Any] = httpx.get(f"{self.api}/flow_runs/{run_id}", timeout=10).json()
        return run

    def run_deployment(self, name: str, **parameters: str) -> str:
        """Create a flow run of a deployment (as `prefect deployment run` does); its id."""
        deployment = httpx.get(f"{self.api}/deployments/name/{name}", timeout=10).json()
        answer = httpx.post(
            f"{self.api}/deployments/{deployment['id']}/create_flow_run",
            json={"parameters": parameters},
            timeout=30,
        )
        answer.raise_for_status()
        return str(answer.json()["id"])

    def children(self, name: str) -> list[int]:
        """The processes a worker has started and that still run (its flow runs)."""
        found = subprocess.run(
            ["pgrep", "-P", str(self.workers[name].pid)], capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        return [int(pid) for pid in found.stdout.split()]


def healthy(api: str) -> bool:
    """Whether the Prefect server answers its health check."""
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running_site(root: Path, database_url: str, settings: dict[str, str]) -> Iterator[Site]:
    """`prefect server start` on the PostgreSQL database, then `verbale deploy --pool`; the
    workers are started by the caller. Every process is stopped at the end."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("VERBALE_", "PREFECT_"))},
        "PREFECT_HOME": str(root / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_API_DATABASE_CONNECTION_URL": database_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": POLL_SECONDS,
        "PREFECT_WORKER_HEARTBEAT_SECONDS": POLL_SECONDS,
        "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_LOOP_SECONDS": "60",
        **settings,
    }
    site = Site(root, env)
    try:
        started = time.monotonic()
        site.start(
            "server", str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
            "--port", str(port),
        )  # fmt: skip
        wait_for(lambda: healthy(site.api), "the Prefect server's health check", 180)
        site.timings["server"] = time.monotonic() - started
        started = time.monotonic()
        deployed = site.run(str(BIN / "verbale"), "deploy", "--pool", POOL)
        if deployed.returncode != 0:
            raise AssertionError(f"verbale deploy failed: {deployed.stdout}{deployed.stderr}")
        site.timings["deploy"] = time.monotonic() - started
        yield site
    finally:
        for process in reversed(site.processes):
            stop(process)
