"""Issue 26.1: nothing from the work tree is ever imported by the merge driver.

git runs the driver `kzt git-setup` registers at the top of the work tree, and that folder holds
whatever any office committed. A `click.py` or a `kaizhou_targets/` package committed to the shared
repository must never run in another office's `git pull`: these tests commit such booby traps
(each writes a marker file when imported), merge figures files through the driver in real git, and
find no marker and every office's figure once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kaizhou_targets.storage.git_share import DRIVER_NAME, driver_command

from .gitrepo import commit_and_sync, git, git_home, kzt, needs_git, shared_repository, unmerged

__all__ = ["git_home"]  # the fixture, used by name

TRAP = "open({marker!r}, 'a').write({name!r} + '\\n')\n"


def plant_traps(folder: Path, marker: Path) -> None:
    """Modules that would shadow what the driver imports, if the driver ever looked in `folder`."""
    (folder / "click.py").write_text(TRAP.format(marker=str(marker), name="click.py"), encoding="utf-8")
    package = folder / "kaizhou_targets"
    package.mkdir()
    (package / "__init__.py").write_text(TRAP.format(marker=str(marker), name="kaizhou_targets"),
                                         encoding="utf-8")
    (package / "__main__.py").write_text(TRAP.format(marker=str(marker), name="__main__"), encoding="utf-8")
    (folder / "sitecustomize.py").write_text(TRAP.format(marker=str(marker), name="sitecustomize"),
                                             encoding="utf-8")
    (folder / "usercustomize.py").write_text(TRAP.format(marker=str(marker), name="usercustomize"),
                                             encoding="utf-8")


def figure_ids(clone: Path) -> list[str]:
    lines = (clone / "figures" / "port-throughput.toml").read_text(encoding="utf-8").splitlines()
    return [line.split(" = ", 1)[0] for line in lines if line and not line.startswith("#")]


@needs_git
def test_a_booby_trapped_repository_runs_nothing_when_the_driver_merges(
        tmp_path: Path, git_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "TRAP-RAN"
    one, two = shared_repository(tmp_path, 2, driver=True)
    plant_traps(one, marker)
    commit_and_sync(one, "一个单位提交了 click.py 和 kaizhou_targets/")
    commit_and_sync(two, "取得")
    assert (two / "click.py").exists() and (two / "kaizhou_targets" / "__init__.py").exists()

    # Both offices record for the same figures file before either pulls: the pull must merge it.
    assert kzt(one, "record", "port-throughput", "250万吨", "--as-of", "2026-09-30", "--force").exit_code == 0
    assert kzt(two, "record", "port-throughput", "260万吨", "--as-of", "2026-10-31", "--force").exit_code == 0
    commit_and_sync(one, "区港航中心：三季度")
    # A user whose shell puts the current folder on Python's path, and traces what git runs.
    monkeypatch.setenv("PYTHONPATH", ".")
    monkeypatch.setenv("GIT_TRACE", "1")
    git(two, "add", "-A")
    git(two, "commit", "--quiet", "-m", "区交通运输委：10月")
    pulled = git(two, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    monkeypatch.delenv("GIT_TRACE")
    monkeypatch.delenv("PYTHONPATH")

    assert pulled.returncode == 0 and not unmerged(two), pulled.stderr
    assert "-I -m kaizhou_targets merge-figures" in pulled.stderr  # the driver did the merge, not union
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    git(two, "push", "--quiet", "origin", "HEAD:main")
    commit_and_sync(one, "取得")
    history = kzt(two, "--lang", "en", "history", "port-throughput")
    assert history.exit_code == 0
    assert "2026-09-30" in history.output and "2026-10-31" in history.output
    assert len(figure_ids(two)) == len(set(figure_ids(two))) == 2
    assert figure_ids(one) == figure_ids(two)
    assert kzt(two, "verify").exit_code == 0
    assert not marker.exists()


@needs_git
def test_the_fallback_kzt_runs_nothing_from_the_work_tree_either(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With its Python gone, the driver runs the `kzt` on the PATH, a script that cannot take -I:
    it runs without PYTHONPATH and PYTHONSTARTUP and finds only what it was installed with."""
    shell_program = shutil.which("sh")
    installed = Path(sys.executable).parent / "kzt"
    if shell_program is None or not installed.exists():
        pytest.skip("needs sh and the kzt script beside this Python")
    marker = tmp_path / "TRAP-RAN"
    plant_traps(tmp_path, marker)
    (tmp_path / "startup.py").write_text(TRAP.format(marker=str(marker), name="startup"), encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "removed-venv" / "bin" / "python"))
    command = driver_command()
    (tmp_path / "O").write_text("", encoding="utf-8")
    (tmp_path / "A").write_text("1 = { sum = \"a\" }\n", encoding="utf-8")
    (tmp_path / "B").write_text("2 = { sum = \"b\" }\n", encoding="utf-8")
    shell = command.replace("%O", "O").replace("%A", "A").replace("%B", "B").replace("%P", "'figures/x.toml'")
    environment = {"PATH": str(installed.parent), "PYTHONPATH": ".", "PYTHONSTARTUP": "startup.py",
                   "PYTHONINSPECT": ""}
    done = subprocess.run([shell_program, "-c", shell], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "A").read_text(encoding="utf-8") == "1 = { sum = \"a\" }\n2 = { sum = \"b\" }\n"
    assert not marker.exists(), marker.read_text(encoding="utf-8")


@needs_git
def test_git_setup_migrates_a_clone_registered_with_the_old_driver(tmp_path: Path, git_home: Path) -> None:
    """A clone set up by an earlier kzt holds `python -m kaizhou_targets …`: running git-setup again
    replaces it with the isolated command, says so, and changes nothing else."""
    clone = shared_repository(tmp_path, 1, driver=True)[0]
    key = f"merge.{DRIVER_NAME}.driver"
    python = sys.executable
    old = (f"if [ -x {python} ]; then {python} -m kaizhou_targets merge-figures %O %A %B %P; "
           "else kzt merge-figures %O %A %B %P; fi")
    git(clone, "config", "--local", key, old)
    attributes = (clone / ".git" / "info" / "attributes").read_text(encoding="utf-8")

    again = kzt(clone, "git-setup")
    assert again.exit_code == 0
    assert f"git config {key}" in again.stderr
    assert git(clone, "config", "--get", key).stdout.strip() == driver_command()
    assert " -I -m kaizhou_targets " in driver_command()
    assert (clone / ".git" / "info" / "attributes").read_text(encoding="utf-8") == attributes
    assert (clone / ".git" / "config").read_text(encoding="utf-8").count(key.split(".")[-1] + " =") == 1
    assert "无需改动" in kzt(clone, "git-setup").stderr


def test_isolated_mode_leaves_the_current_folder_off_the_path(tmp_path: Path) -> None:
    """What the driver relies on, asked of this Python itself: `-I -m` finds the installed package
    even with a `kaizhou_targets/` and a `click.py` in the current folder and PYTHONPATH=."""
    marker = tmp_path / "TRAP-RAN"
    plant_traps(tmp_path, marker)
    environment = {**os.environ, "PYTHONPATH": "."}
    done = subprocess.run([sys.executable, "-I", "-m", "kaizhou_targets", "--version"], cwd=tmp_path,
                          env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    unguarded = subprocess.run([sys.executable, "-m", "kaizhou_targets", "--version"], cwd=tmp_path,
                               env=environment, capture_output=True, text=True, timeout=60, check=False)
    assert marker.exists() and unguarded is not None  # the test's traps do spring without -I
