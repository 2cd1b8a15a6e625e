"""The README documents every setting and every command as built."""

from __future__ import annotations

import re
from typing import Any

import typer
from conftest import REPOSITORY

from verbale.cli import app
from verbale.docs import with_table
from verbale.settings import Settings

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def _configuration_rows() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(VERBALE_[A-Z0-9_]+)` \|", section, flags=re.MULTILINE))


def test_every_setting_is_in_the_configuration_table() -> None:
    """Each settings field has a row in the README's configuration table."""
    expected = {f"VERBALE_{name.upper()}" for name in Settings.model_fields}
    assert expected - _configuration_rows() == set()


def test_configuration_table_lists_no_unknown_setting() -> None:
    """The table documents no setting that does not exist."""
    expected = {f"VERBALE_{name.upper()}" for name in Settings.model_fields}
    assert _configuration_rows() - expected == set()


def test_settings_table_is_generated_from_the_descriptions() -> None:
    """The README's table is exactly what `python -m verbale.docs` writes from the settings."""
    assert with_table(README) == README


def test_every_setting_has_a_description() -> None:
    """Each settings field carries a description."""
    assert all(field.description for field in Settings.model_fields.values())


def _commands(group: typer.Typer, prefix: str) -> list[str]:
    names = [
        f"{prefix}{c.name or c.callback.__name__}"
        for c in group.registered_commands
        if c.callback is not None
    ]
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            names += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_every_command_is_in_the_readme() -> None:
    """Each CLI command appears in the README's command table."""
    missing = [name for name in _commands(app, "verbale ") if f"`{name}" not in README]
    assert missing == []


def _section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_commands_after_set_up_run_in_the_virtual_environment() -> None:
    """The set-up activates the virtual environment, and the loop and served mode say to."""
    assert ". .venv/bin/activate && pip install -e . && verbale reminders" in README
    assert _section("The whole loop").index(". .venv/bin/activate") < _section(
        "The whole loop"
    ).index("verbale reminders")
    served = _section("Served mode")
    assert served.index(". .venv/bin/activate") < served.index("prefect server start")


def test_server_command_sends_no_usage_data() -> None:
    """The README's Prefect server runs with analytics off and the client's notice off."""
    served = _section("Served mode")
    setting = served.index("PREFECT_SERVER_ANALYTICS_ENABLED=false")
    assert setting < served.index("prefect server start")
    assert served.index("DO_NOT_TRACK=1") < served.index("prefect server start")


def _options_by_command() -> dict[str, set[str]]:
    """Every command's options as its --help lists them (--help itself left out)."""
    found: dict[str, set[str]] = {}

    def walk(command: Any, name: str) -> None:
        if hasattr(command, "commands"):  # a group (Typer's own click)
            for sub_name, sub in command.commands.items():
                walk(sub, f"{name} {sub_name}")
            return
        options = {
            opt
            for param in command.params
            if param.param_type_name == "option"
            for opt in (*param.opts, *param.secondary_opts)
        }
        found[name] = options - {"--help"}

    walk(typer.main.get_command(app), "verbale")
    return found


def _documented_options(command: str) -> set[str]:
    """The options written in the first cell of the command's rows of the command table."""
    rows = re.findall(rf"^\| `{re.escape(command)}(?: [^`]*)?` \|", README, flags=re.MULTILINE)
    return {option for row in rows for option in re.findall(r"--[a-z][a-z0-9-]*", row)}


def test_every_command_has_exactly_the_options_of_its_readme_row() -> None:
    """Each command's --help lists the options its row of the command table shows, no more."""
    differ = {
        command: (options, _documented_options(command))
        for command, options in _options_by_command().items()
        if options != _documented_options(command)
    }
    assert differ == {}
