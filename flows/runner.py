"""Running a flow in-process from the command line, on the embedded Prefect default.

The temporary local API for one command is started before Prefect is imported. Prefect
starts the same server itself on the first API call, but only after importing its server
package in the calling process (about 2 s) and the flow modules (about 1 s). Started here
first, the server boots on the other core while this process imports: a cold command is
about 2 s shorter. The server's output goes nowhere, so a pipe reading verbale's output can
never be held open by it.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from verbale.errors import ConfigurationError, RunError
from verbale.settings import Settings

if TYPE_CHECKING:
    from flows.deploy import Deployed


def run_flow(name: str, **parameters: Any) -> Any:
    """Run one of verbale's flows in this process; returns what the flow returns.

    Without PREFECT_API_URL, a temporary local API serves the run (started first, so that it
    boots while this process imports). The flow heartbeat is turned off: joining its thread
    costs about a second per call.
    """
    # verbale reports its own errors, once; Prefect's console logs (and those of its
    # temporary server, a subprocess) would repeat them or add shutdown noise.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_INTERNAL_LOGGING_LEVEL", "CRITICAL")
    local = None if os.environ.get("PREFECT_API_URL") else LocalApi()
    try:
        from prefect.exceptions import PrefectException
        from prefect.settings import PREFECT_API_URL, temporary_settings

        flow = _flow(name)
        # Prefect's background workers would add shutdown chatter.
        for logger in ("prefect", "EventsWorker", "APILogWorker"):
            logging.getLogger(logger).setLevel(logging.CRITICAL)
        updates: dict[str, Any] = {"flows.heartbeat_frequency": None}
        if local is not None and not PREFECT_API_URL.value():  # no server in a profile either
            local.wait_until_healthy()
            updates["api.url"] = local.url
        with temporary_settings(updates=updates):
            try:
                return flow(**parameters)
            except PrefectException as exc:  # the one place Prefect's errors become ours
                raise RunError(f"{name}: {exc}") from exc
    finally:
        if local is not None:
            drain_prefect_workers()
            local.stop()


def drain_prefect_workers(timeout: float = 15) -> None:
    """Hand Prefect's queued events and logs to the local API while it is still up.

    Left to the exit of the interpreter, they would meet a stopped server: retries for most
    of a minute, then `EventsWorker failed to process item` lines after verbale's own.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        worker.drain_all(timeout=timeout)


def _flow(name: str) -> Callable[..., Any]:
    if name == "statement":
        from flows.statement import statement

        return statement
    if name == "reminders":
        from flows.reminders import reminders

        return reminders
    if name == "article3":
        from flows.article3 import article3

        return article3
    if name == "send":
        from flows.send import send

        return send
    from flows.circular import circular

    return circular


def serve(settings: Settings) -> None:
    """Serve every flow from this process until interrupted (needs a Prefect server)."""
    from flows.serve import serve_all

    serve_all(settings)


def deploy(settings: Settings, pool: str) -> tuple[bool, list[Deployed]]:
    """Register every deployment on a work pool of type process (created if missing);
    whether the pool was created, and what was deployed. Needs a reachable Prefect server."""
    api = require_server("verbale deploy")
    from prefect.exceptions import PrefectException

    from flows.deploy import deploy_all, ensure_pool

    try:
        created = ensure_pool(pool)
        return created, deploy_all(settings, pool)
    except (PrefectException, OSError) as exc:  # refused by the server, or lost on the way
        raise RunError(f"{api}: deploying to pool {pool!r} failed: {exc}") from exc


def require_server(command: str, timeout: float = 10) -> str:
    """The API URL of the Prefect server a command needs; an error unless it is set and the
    server answers its health check."""
    api = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if not api:
        raise ConfigurationError(
            f"{command} needs a Prefect server: start one (`prefect server start`) and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)"
        )
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=timeout) as response:
            healthy = response.status == 200
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConfigurationError(f"{api}: the Prefect server cannot be reached ({reason})") from exc
    if not healthy:
        raise ConfigurationError(f"{api}: the Prefect server is not healthy")
    return api


def schedule_silence(batch_id: str, version: int, deadline: datetime) -> str:
    """Served mode: the run that concludes a circulated version's silence, at its deadline."""
    from flows.circulation import schedule_silence as schedule

    try:
        return schedule.fn(batch_id, version, deadline)
    except Exception as exc:  # Prefect's client raises several types: one error of ours
        raise RunError(f"silence run of {batch_id} not scheduled: {exc}") from exc


def resume_review(flow_run_id: str, decision: dict[str, Any]) -> str:
    """Resume a flow run paused for review with the reviewer's decision; '' if done, else
    why not (the run may have expired or been resumed already)."""
    from prefect.flow_runs import resume_flow_run

    try:
        resume_flow_run(UUID(flow_run_id), run_input=decision)
    except Exception as exc:  # Prefect's client raises several types; report, do not crash
        return f"{type(exc).__name__}: {exc}"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalApi:
    """A Prefect API server subprocess on a free loopback port, for one command."""

    def __init__(self) -> None:
        # Prefect makes its home folder but not the folders above it, and its server then
        # exits at start with no word why: a PREFECT_HOME in a new folder is made here.
        home = os.environ.get("PREFECT_HOME")
        if home:
            Path(home).expanduser().mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        environment = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        self.process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def wait_until_healthy(self, timeout: float = 90) -> None:
        """Block until the API answers its health check."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise ConfigurationError(
                    f"Prefect's local API exited with code {self.process.returncode} on start"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise ConfigurationError(f"Prefect's local API did not start within {timeout:.0f} s")

    def stop(self) -> None:
        """Stop the server and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
