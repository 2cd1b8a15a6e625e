"""Served mode: a draft statement circulated to the Coordination Committee, and its silence.

Nothing waits in a process while the Committee reads: once the e-mails are out, the run
schedules a run of the `silence` deployment at the deadline and ends. That run, started by
the server when the deadline comes, concludes the silence: on consent it waits for the
President's approval and sends, like every batch; on an objection, a withdrawal or a version
since revised (which scheduled its own run), it ends without sending.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.states import Cancelled

from flows.review import review_then_send
from flows.tasks import load_settings
from verbale.batches import circulation
from verbale.batches.review import load_batch
from verbale.sending.circulation import committee_of, send_round
from verbale.settings import Settings

SILENCE_DEPLOYMENT = "silence/silence"
SERVED_BY = "statement flow (served)"


@task(cache_policy=NO_CACHE)
def circulate_draft(settings: Settings, batch_id: str, deadline: datetime) -> int:
    """Circulate version 1 of the draft and e-mail it to every member; returns the version."""
    now = circulation.current_time()
    batch = load_batch(settings.workspace, batch_id)
    committee = committee_of(settings)
    current = circulation.start(
        settings.workspace.ledger, batch, committee, SERVED_BY, deadline, now
    )
    done = send_round(settings, batch, current)
    if done.failed:
        get_run_logger().warning("circulation e-mails failed: %s", done.failed)
    return current.version


@task(cache_policy=NO_CACHE)
def schedule_silence(batch_id: str, version: int, deadline: datetime) -> str:
    """A run of the silence deployment at the deadline: it holds no process until then."""
    run = run_deployment(
        SILENCE_DEPLOYMENT,
        parameters={"batch": batch_id, "version": version},
        scheduled_time=deadline,
        flow_run_name=f"silence {batch_id} v{version}",
        timeout=0,
        as_subflow=False,
    )
    assert isinstance(run, FlowRun)  # called from sync code: the run, not a coroutine
    return str(run.id)


def circulate_then_conclude_later(folder: str) -> str:
    """Served mode, after drafting a statement: circulate it; the silence run does the rest."""
    if not folder:
        return folder
    settings = load_settings()
    batch_id = Path(folder).name
    now = circulation.current_time()
    deadline = circulation.default_deadline(now, settings.silence_hours)
    version = circulate_draft(settings, batch_id, deadline)
    schedule_silence(batch_id, version, deadline)
    return folder


@flow(name="silence", log_prints=True)
def silence(batch: str, version: int) -> Any:
    """At the deadline of a circulated version: on consent, wait for approval and send."""
    settings = load_settings()
    found = circulation.conclude(settings.workspace.ledger, batch, circulation.current_time())
    standing = found.standing(circulation.current_time())
    current = found.current
    if current is None or current.version != version:
        return Cancelled(name="Superseded", message=f"{batch}: version {version} superseded")
    if standing is not circulation.Standing.CONSENTED:
        return Cancelled(name=standing.value.capitalize(), message=f"{batch}: {standing.value}")
    print(f"{batch}: no objection to version {version}; it awaits the President's approval")
    return review_then_send(str(settings.workspace.batch_folder(batch)))
