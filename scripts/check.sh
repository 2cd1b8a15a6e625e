#!/usr/bin/env bash
# Install verbale with its development tools into .venv (and, on Debian, the system packages
# for PDF conversion when they are missing), then run every check: ruff (lint and format),
# mypy, and the whole test suite. Arguments go to pytest, e.g.
# `bash scripts/check.sh -m "not prefect and not slow"` for the fast loop.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh --if-missing
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/ruff check verbale flows tests templates benchmarks
.venv/bin/ruff format --check verbale flows tests templates benchmarks
.venv/bin/mypy
# Tests run in parallel worker processes (pytest-xdist): many wait on subprocesses, servers
# and sockets, so more workers than cores pays; tests that share an expensive module fixture
# stay on one worker (xdist_group). PYTEST_WORKERS=0 runs them in this process.
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-4}" --dist loadgroup "$@"
