"""Running a flow in-process from the command line, on the embedded Prefect default."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any
from uuid import UUID

from flows.local_api import LocalApi


def run_flow(name: str, **parameters: Any) -> Any:
    """Run one of verbale's flows in this process; returns what the flow returns.

    Without PREFECT_API_URL, a temporary local API serves the run (started first, so that it
    boots while this process imports). The flow heartbeat is turned off: joining its thread
    costs about a second per call.
    """
    # verbale reports its own errors, once; Prefect's console logs (and those of its
    # temporary server, a subprocess) would repeat them or add shutdown noise.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    local = None if os.environ.get("PREFECT_API_URL") else LocalApi()
    try:
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
            return flow(**parameters)
    finally:
        if local is not None:
            local.stop()


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


def resume_review(flow_run_id: str, decision: dict[str, Any]) -> str:
    """Resume a flow run paused for review with the reviewer's decision; '' if done, else
    why not (the run may have expired or been resumed already)."""
    from prefect.flow_runs import resume_flow_run

    try:
        resume_flow_run(UUID(flow_run_id), run_input=decision)
    except Exception as exc:  # Prefect's client raises several types; report, do not crash
        return f"{type(exc).__name__}: {exc}"
    return ""
