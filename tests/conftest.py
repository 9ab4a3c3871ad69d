from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.cli import cli
from kaizhou_targets.i18n import set_language

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-10-08"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test works in its own folder, on a pinned day, without colour."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("KZT_FILE", raising=False)
    monkeypatch.delenv("KZT_LANG", raising=False)
    monkeypatch.delenv("KZT_TIMEZONE", raising=False)
    monkeypatch.setenv("KZT_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KZT_CACHE_DIR", str(tmp_path / "kzt-cache"))  # never the user's own cache
    # The language is process state: a test that ran the CLI with --lang en must not leave English
    # behind for a test that calls the core directly.
    set_language("zh")
    return work


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A writable copy of the bundled ledger, made by `kzt init`."""
    folder = tmp_path / "ledger"
    result = CliRunner().invoke(cli, ["init", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "targets.toml"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (caches aside), to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != ".lock"}


def run_kzt(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI as a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kaizhou_targets", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, input=input, timeout=120)
