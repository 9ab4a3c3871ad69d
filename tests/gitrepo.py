"""Driving real git for the sharing tests: a bare repository and clones of it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kaizhou_targets.cli import cli

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run installs it)")


@pytest.fixture
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user's or system's git configuration leaks into a test; every commit has an author."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "kzt test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "kzt@example.invalid")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    return home


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=os.environ.copy(),
                            timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return result


def kzt(folder: Path, *args: str) -> Result:
    """kzt on the ledger in `folder`, in this process (git runs the merge driver as its own process)."""
    return CliRunner().invoke(cli, ["-f", str(folder / "targets.toml"), *args], catch_exceptions=False)


def shared_repository(tmp_path: Path, offices: int, *, driver: bool) -> list[Path]:
    """A bare repository holding a fresh ledger, and one clone per office
    (each with `kzt git-setup` run in it when `driver`)."""
    bare = tmp_path / "server" / "ledger.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    first = tmp_path / "office-0"
    git(tmp_path, "clone", "--quiet", str(bare), str(first))
    made = kzt(first, "init", str(first))
    assert made.exit_code == 0, made.output
    git(first, "add", "-A")
    git(first, "commit", "--quiet", "-m", "台账初始化")
    git(first, "push", "--quiet", "origin", "HEAD:main")
    clones = [first]
    for number in range(1, offices):
        clone = tmp_path / f"office-{number}"
        git(tmp_path, "clone", "--quiet", str(bare), str(clone))
        clones.append(clone)
    for clone in clones:
        git(clone, "config", "pull.rebase", "false")
        if driver:
            done = kzt(clone, "git-setup")
            assert done.exit_code == 0, done.output
    return clones


def unmerged(clone: Path) -> list[str]:
    return git(clone, "diff", "--name-only", "--diff-filter=U").stdout.split()


def commit_and_sync(clone: Path, message: str) -> None:
    """What an office does after recording: commit, pull (merge), push; no merge may stop."""
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", message, check=False)  # nothing to commit is fine
    pulled = git(clone, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode == 0 and not unmerged(clone), (
        f"the merge in {clone.name} stopped:\n{pulled.stdout}\n{pulled.stderr}")
    git(clone, "push", "--quiet", "origin", "HEAD:main")
