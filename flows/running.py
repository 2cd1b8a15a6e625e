"""Running a flow in-process from the command line, on the embedded Prefect default."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_flow(name: str, **parameters: Any) -> Path:
    """Run one of verbale's flows in this process; returns its batch folder.

    Without PREFECT_API_URL, Prefect starts a temporary local API for the run. The flow
    heartbeat is turned off: joining its thread costs about a second per call.
    """
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.settings import temporary_settings

    flow = _flow(name)
    logging.getLogger("prefect").setLevel(logging.CRITICAL)  # verbale reports errors itself
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        return Path(flow(**parameters))


def _flow(name: str) -> Callable[..., str]:
    if name == "statement":
        from flows.statement import statement

        return statement
    if name == "reminders":
        from flows.reminders import reminders

        return reminders
    if name == "article3":
        from flows.article3 import article3

        return article3
    from flows.circular import circular

    return circular
