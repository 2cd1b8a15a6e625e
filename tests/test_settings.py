"""Reading the settings: an invalid value is one line naming the variable."""

from __future__ import annotations

import pytest

from verbale.errors import ConfigurationError
from verbale.settings import read_settings


@pytest.mark.parametrize("name", ["VERBALE_LANGUAGES", "VERBALE_ATTACH", "VERBALE_SENDERS"])
def test_a_json_setting_that_is_not_json_is_named(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`VERBALE_LANGUAGES=fr` (not JSON) is one error naming the variable, not a traceback."""
    monkeypatch.setenv(name, "fr")
    with pytest.raises(ConfigurationError) as caught:
        read_settings()
    assert str(caught.value).startswith(f"{name}: not valid JSON (")
    assert "\n" not in str(caught.value)
