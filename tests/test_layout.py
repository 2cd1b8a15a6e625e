"""The tree's rules, read from the source: only flows/ imports Prefect, imports point down."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conftest import REPOSITORY

# Lower layers never import higher ones: cli -> flows -> sending, batches -> documents ->
# convention -> the base modules (settings, errors, languages, tables, yamldoc, workspace).
LAYERS = ["convention", "documents", "batches", "sending"]


def modules(package: str) -> dict[str, Path]:
    """Every module of a package, by dotted name."""
    root = REPOSITORY / package
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(REPOSITORY).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, top_level_only: bool = False) -> Iterator[str]:
    """The modules a file imports (absolute imports only, as the project writes them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_only_the_flow_layer_imports_prefect() -> None:
    """No module of verbale/ (or templates/build.py) imports Prefect, even lazily."""
    offenders = [
        f"{name}: {module}"
        for name, path in modules("verbale").items()
        for module in imports(path)
        if module == "prefect" or module.startswith("prefect.")
    ]
    assert offenders == []


def test_verbale_reaches_flows_only_through_the_runner() -> None:
    """verbale/ imports nothing of flows/ but flows.runner, from the command line, lazily."""
    for name, path in modules("verbale").items():
        reached = {m for m in imports(path) if m == "flows" or m.startswith("flows.")}
        if name == "verbale.cli":
            assert reached <= {"flows.runner", *(f"flows.runner.{n}" for n in _runner_names())}
            assert not [m for m in imports(path, top_level_only=True) if m.startswith("flows")]
        else:
            assert reached == set(), name


def test_library_imports_point_downward() -> None:
    """convention < documents < batches < sending; none of them imports the command line."""
    for name, path in modules("verbale").items():
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in LAYERS:
            continue
        level = LAYERS.index(parts[1])
        for module in imports(path):
            target = module.split(".")
            assert target[:2] not in (["verbale", "cli"], ["verbale", "output"]), (name, module)
            if target[0] == "verbale" and len(target) > 1 and target[1] in LAYERS:
                assert LAYERS.index(target[1]) <= level, f"{name} imports {module}"


def test_no_import_cycles() -> None:
    """The modules' top-level imports form no cycle."""
    known = modules("verbale") | modules("flows")
    graph = {
        name: {m for m in imports(path, top_level_only=True) if m in known and m != name}
        for name, path in known.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            assert state.get(nxt) != 1, " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def _runner_names() -> list[str]:
    tree = ast.parse((REPOSITORY / "flows" / "runner.py").read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
