"""The Prefect UI's resume form for a batch: a required decision, exclusions among the
batch's documents only, a description that says what the batch is (no server needed)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from samplebatch import FRANCE, make_batch

from flows.review import ReviewInput, review_form
from verbale.batches.review import load_batch
from verbale.settings import Settings

BATCH = "20160303-100000-statement-f00d"


def valid(schema: dict[str, Any], data: dict[str, Any]) -> bool:
    """Whether Prefect's server accepts the run input (the check it makes before resuming)."""
    from prefect.utilities import schema_tools

    try:
        schema_tools.validate(data, schema, raise_on_error=True)
    except schema_tools.ValidationError:
        return False
    return True


def form_schema() -> dict[str, object]:
    """The JSON schema Prefect stores for the batch's form."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    form = review_form(load_batch(workspace, BATCH), "http://127.0.0.1:8765")
    return form.model_json_schema()


def test_decision_is_a_required_choice_without_default() -> None:
    """An empty form, or one without a decision, is refused; so is an unknown decision."""
    schema = form_schema()
    assert not valid(schema, {})
    assert not valid(schema, {"reviewer": "Ana"})
    assert not valid(schema, {"decision": "maybe", "reviewer": "Ana"})
    assert valid(schema, {"decision": "reject", "reviewer": "Ana", "note": "no"})
    with pytest.raises(ValidationError):
        ReviewInput(reviewer="Ana")  # type: ignore[call-arg]


def test_exclusion_must_be_a_document_of_the_batch() -> None:
    """The server refuses an exclusion that names no document of this batch."""
    schema = form_schema()
    good = {"decision": "approve", "reviewer": "Ana", "exclude": [FRANCE]}
    assert valid(schema, good)
    assert not valid(schema, good | {"exclude": [FRANCE, "FR-mision-typo"]})


def test_description_says_what_the_batch_is() -> None:
    """The form's Markdown names the batch, flow, counts, skipped States and the room's link."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    form = review_form(load_batch(workspace, BATCH), "http://room.example.org")
    description = form._description
    assert isinstance(description, str)
    assert f"Batch `{BATCH}`" in description
    assert "Flow **statement**, 4 documents" in description
    assert "| en/mission | 1 |" in description
    assert "- CK: no-contact (Cook Islands: no address)" in description
    assert f"http://room.example.org/batches/{BATCH}" in description
