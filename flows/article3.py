"""The Article 3 flow: progress requests and good-practices requests, as of a date."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.tasks import (
    drafting_for,
    finish_batch,
    load_kinds,
    load_recipients,
    load_settings,
)
from verbale.batches.planning import plan_article3
from verbale.convention.directory import Directory
from verbale.convention.stockpiles import Article3Letter, Stockpile, load_stockpiles
from verbale.settings import Settings

KINDS = (Article3Letter.PROGRESS_REQUEST, Article3Letter.GOOD_PRACTICES_REQUEST)


@task(cache_policy=NO_CACHE)
def read_stockpiles(settings: Settings, directory: Directory) -> dict[str, Stockpile]:
    """Read the stockpile status of every State (of the directory)."""
    return load_stockpiles(settings.data_dir / "stockpiles.csv", directory.states)


@flow(name="article3", log_prints=True)
def article3(as_of: date | None = None) -> str:
    """Article 3 letters as of a date (default today); unknown status listed for a person."""
    day = as_of or date.today()
    settings = load_settings()
    directory = load_recipients(settings)
    kinds = load_kinds(settings, [k.value for k in KINDS])
    stockpiles = read_stockpiles(settings, directory)
    parameters = {"as_of": day.isoformat()}
    drafting = drafting_for(settings, directory, day, "article3", parameters)
    outcome = plan_article3(drafting, {k: kinds[k.value] for k in KINDS}, stockpiles)
    inputs = [settings.data_dir / "stockpiles.csv"]
    return finish_batch(drafting, parameters, inputs, outcome)
