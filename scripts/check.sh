#!/usr/bin/env bash
# Install verbale with its development tools into .venv (and, on Debian, the system packages
# for PDF conversion when they are missing), then run every check: ruff (lint and format),
# mypy, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh --if-missing
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/ruff check verbale flows tests templates benchmarks
.venv/bin/ruff format --check verbale flows tests templates benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
