"""ruff and mypy pass on the repository, with the configuration in pyproject.toml (issue 11).

Both come with the test extra (scripts/test installs it). A finding fails the test and its
output is the failure message: the file, line and rule to fix.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # the interpreter running the tests, so the checkers are the test extra's versions
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    proc = _run("ruff", "check", ".")
    assert proc.returncode == 0, f"ruff check . exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"


def test_mypy_finds_nothing() -> None:
    proc = _run("mypy")  # files and options from [tool.mypy]
    assert proc.returncode == 0, f"mypy exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
