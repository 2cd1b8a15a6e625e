"""The set-up scripts: system packages are installed only when something is missing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY

SCRIPT = REPOSITORY / "scripts" / "system-packages.sh"


def fake_machine(tmp_path: Path, fonts: str) -> tuple[dict[str, str], Path]:
    """A PATH with soffice and pdftotext, an fc-list printing `fonts` then many other fonts,
    and sudo and apt-get that only leave a mark; returns the environment and the mark."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mark = tmp_path / "apt-get-ran"
    scripts = {
        "soffice": "exit 0",
        "pdftotext": "exit 0",
        # More than a pipe holds (64 KiB): a reader stopping at the first line gives the
        # writer a SIGPIPE, as a real fc-list does with many fonts installed.
        "fc-list": f"echo '{fonts}'; seq 1 30000",
        "apt-get": f"touch {mark}",
        "sudo": '"$@"',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}, mark


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    """With the commands and the CJK fonts present, apt-get never runs (ten runs)."""
    env, mark = fake_machine(tmp_path, "/usr/share/fonts/NotoSansCJK.ttc: Noto Sans CJK SC")
    for _ in range(10):
        result = subprocess.run(
            ["bash", str(SCRIPT), "--if-missing"], env=env, capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert not mark.exists()


def test_missing_fonts_are_installed(tmp_path: Path) -> None:
    """Without the CJK fonts, the packages are installed."""
    env, mark = fake_machine(tmp_path, "/usr/share/fonts/DejaVuSans.ttf: DejaVu Sans")
    result = subprocess.run(
        ["bash", str(SCRIPT), "--if-missing"], env=env, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert mark.exists()


def test_check_script_installs_only_if_missing() -> None:
    """scripts/check.sh asks system-packages.sh to install only what is missing."""
    check = (REPOSITORY / "scripts" / "check.sh").read_text(encoding="utf-8")
    assert "bash scripts/system-packages.sh --if-missing" in check
    assert "grep -q" not in check


@pytest.mark.slow
def test_parallel_workers_keep_a_group_on_one_worker(tmp_path: Path) -> None:
    """With check.sh's distribution, tests of one xdist_group run on one worker process."""
    (tmp_path / "test_group.py").write_text(
        "import os\nimport pytest\n\n"
        "pytestmark = pytest.mark.xdist_group('one')\n\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_where(n):\n"
        "    print('worker', os.environ['PYTEST_XDIST_WORKER'])\n",
        encoding="utf-8",
    )
    pytest_args = ["-n", "3", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args, "test_group.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = set(re.findall(r"^\[(gw\d+)\]", result.stdout, flags=re.M))
    assert len(workers) == 1, result.stdout
