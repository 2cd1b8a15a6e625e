"""A flow refuses to draft a kind whose templates fail the lint."""

from __future__ import annotations

import pytest
from conftest import KindMaker

from verbale.errors import TemplateError
from verbale.settings import Settings


def test_loading_a_failing_kind_stops_the_flow(make_kind: KindMaker) -> None:
    """The flows' first step refuses a French template that drops a fact."""
    from flows.tasks import load_kinds

    root = make_kind("k", {"en": ["Due {{ report.due_date }}"], "fr": ["Dû"]}, variables=["report"])
    with pytest.raises(TemplateError, match=r"k/fr: does not use 'report\.due_date'"):
        load_kinds.fn(Settings(templates_dir=root), ["k"])
