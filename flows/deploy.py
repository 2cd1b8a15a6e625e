"""Deployments on a work pool: the flows `verbale serve` serves, run by `prefect worker`s.

`verbale deploy --pool NAME` registers the same five deployments (schedules, incident
trigger, parameters) on a work pool of type process, created if missing. Each names its flow
by module path (`flows.serve.served_reminders`): a worker on any machine where verbale is
installed imports it from the installed package, with no code to pull and no image. The
shared folders travel with the deployments as job variables (environment variables of every
flow run); everything else, secrets included, comes from each worker's own environment.
"""

from __future__ import annotations

from dataclasses import dataclass

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import ObjectNotFound
from prefect.types.entrypoint import EntrypointType
from prefect.workers.process import ProcessWorker

from flows.serve import deployments
from verbale.errors import ConfigurationError
from verbale.settings import Settings

POOL_TYPE = "process"


@dataclass(frozen=True)
class Deployed:
    """A deployment registered on a pool: its full name and what starts it."""

    name: str
    started_by: str


def worker_environment(settings: Settings) -> dict[str, str]:
    """The settings every flow run of the pool receives: the folders all workers share, as
    absolute paths (a shared volume is mounted at the same path on every machine)."""
    return {
        "VERBALE_WORK_DIR": str(settings.work_dir.resolve()),
        "VERBALE_TEMPLATES_DIR": str(settings.templates_dir.resolve()),
        "VERBALE_RECIPIENTS_DIR": str(settings.recipients_dir.resolve()),
        "VERBALE_DATA_DIR": str(settings.data_dir.resolve()),
    }


def ensure_pool(pool: str) -> bool:
    """Create the work pool (type process) unless it exists; True if it was created."""
    with get_client(sync_client=True) as client:
        try:
            found = client.read_work_pool(pool)
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            client.create_work_pool(
                WorkPoolCreate(name=pool, type=POOL_TYPE, base_job_template=template)
            )
            return True
    if found.type != POOL_TYPE:
        raise ConfigurationError(
            f"work pool {pool!r} is of type {found.type}, not {POOL_TYPE}: choose another name"
        )
    return False


def deploy_all(settings: Settings, pool: str) -> list[Deployed]:
    """Register every deployment on the pool; what was registered."""
    variables = {"env": worker_environment(settings)}
    registered = []
    for deployment in deployments(settings, EntrypointType.MODULE_PATH, variables):
        deployment.apply(work_pool_name=pool)
        registered.append(Deployed(f"{deployment.flow_name}/{deployment.name}", _start(deployment)))
    return registered


def _start(deployment: RunnerDeployment) -> str:
    """What starts a deployment's runs, in a few words."""
    crons = [str(getattr(s.schedule, "cron", "")) for s in deployment.schedules or []]
    if crons:
        return "cron " + ", ".join(crons)
    if deployment.triggers:
        return "event verbale.incident.reported"
    return "on demand"
