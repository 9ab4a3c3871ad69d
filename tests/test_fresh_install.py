"""Issue 21.2: the package works on a new machine with the newest releases its bounds allow.

A development machine keeps what was installed by hand (an older Babel, say) and can hide a test
that fails anywhere else. This test makes a fresh virtual environment, installs the repository into
it with pip as a new machine would (`pip install <repo>`: a real wheel built by hatchling, with the
newest click, rich, tomlkit … the bounds allow, and the newest Babel the test extra allows), and
checks there what the installed package must carry and do: the bundled ledger and reports, the
compiled catalogues, `kzt status` outside the repository in both languages, and the catalogue
check of the repository's messages with that Babel.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from .conftest import REPO

TIMEOUT = 900  # building the wheel and fetching the dependencies


def requirement(name: str) -> str:
    """The requirement for `name` as pyproject.toml's test extra states it (babel>=2.14)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return next(r for r in project["optional-dependencies"]["test"] if re.match(rf"{name}\b", r, re.I))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with nothing in it but the repository, installed from its folder."""
    home = tmp_path_factory.mktemp("fresh")
    environment = home / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(environment)
    python = environment / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-input", str(REPO),
                                requirement("babel")], capture_output=True, text=True, env=env,
                               cwd=home, timeout=TIMEOUT, check=False)
    assert installed.returncode == 0, (
        "pip could not install the repository into a fresh virtual environment "
        f"(a new machine needs the package index):\n{installed.stdout}\n{installed.stderr}")
    return python


def run(python: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("PYTHON", "VIRTUAL_ENV", "KZT_", "COLUMNS"))}
    clean |= {"PATH": f"{python.parent}{os.pathsep}{clean.get('PATH', '')}", **env}
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd, env=clean,
                          timeout=300, check=False)


def test_the_installed_wheel_carries_the_ledger_the_reports_and_the_catalogues(fresh: Path,
                                                                               tmp_path: Path) -> None:
    probe = ("import json, importlib.metadata as m, pathlib, kaizhou_targets as k\n"
             "root = pathlib.Path(k.__file__).parent\n"
             "print(json.dumps({'root': str(root), 'files': sorted(str(p.relative_to(root)) for p in root.rglob('*')"
             " if p.is_file() and '__pycache__' not in p.parts),"
             " 'versions': {n: m.version(n) for n in ('click', 'rich', 'babel', 'tomlkit', 'openpyxl',"
             " 'python-dateutil', 'filelock', 'kaizhou-targets')}}))")
    done = run(fresh, "-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    root = Path(found["root"])
    assert fresh.parent.parent in root.parents  # the installed copy, not the repository
    files = set(found["files"])
    assert (root / "data" / "targets.toml").read_bytes() == (REPO / "targets.toml").read_bytes()
    seeds = {p.name for p in (REPO / "seeds").iterdir() if p.is_file()}
    assert seeds and {f"data/seeds/{name}" for name in seeds} <= files
    mo = "i18n/locale/en/LC_MESSAGES/kzt.mo"
    assert mo in files
    assert (root / mo).read_bytes() == (REPO / "kaizhou_targets" / mo).read_bytes()
    print("fresh venv:", found["versions"])  # shown with -s; the closing note of issue 21 cites them


def test_kzt_status_runs_from_the_installed_wheel_outside_the_repository(fresh: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    common = {"KZT_TODAY": "2026-10-08", "KZT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path),
              "NO_COLOR": "1"}
    kzt = fresh.parent / "kzt"
    status = subprocess.run([str(kzt), "status"], capture_output=True, text=True, cwd=outside, timeout=300,
                            env={**{k: v for k, v in os.environ.items() if not k.startswith(("KZT_", "PYTHON"))},
                                 **common}, check=False)
    assert status.returncode == 0, status.stderr
    assert "开州区2026年政府工作报告目标任务" in status.stdout and "合计" in status.stdout
    english = run(fresh, "-m", "kaizhou_targets", "--lang", "en", "status", cwd=outside, **common)
    assert english.returncode == 0 and "Total" in english.stdout and "Status" in english.stdout
    verified = run(fresh, "-m", "kaizhou_targets", "verify", cwd=outside, **common)
    assert verified.returncode == 0, verified.stderr
    assert not list(outside.iterdir())  # the bundled ledger is read-only: nothing written beside it


def test_the_catalogue_check_passes_with_the_newest_babel(fresh: Path) -> None:
    """The repository's messages, checked by the Babel a new machine installs today."""
    done = run(fresh, "-m", "kaizhou_targets.i18n.build", "--check", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    version = run(fresh, "-c", "import babel; print(babel.__version__)", cwd=REPO).stdout.strip()
    assert version and sys.version_info >= (3, 11)
