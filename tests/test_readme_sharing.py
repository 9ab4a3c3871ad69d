"""Issue 21.5: the README's sharing recipe works as written, whatever git's default branch.

The commands are read out of the README's code block under "Sharing a ledger between offices" and
run by sh, line for line, with only the server's address replaced by a folder. git's global
configuration (GIT_CONFIG_GLOBAL, a file of the test's own) says `init.defaultBranch = master`, as
an unconfigured git 2.39 does, so the server's repository, the keeper's clone and every office's
clone are made the way that git makes them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .gitrepo import needs_git

README = Path(__file__).resolve().parent.parent / "README.md"
SERVER_URL = "server:/srv/git/kaizhou-2026.git"
SERVER_PATH = "/srv/git/kaizhou-2026.git"


def recipe() -> dict[str, list[str]]:
    """The recipe's blocks by their heading comment (`once, on the server` …): their command lines."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Sharing a ledger between offices", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    blocks: dict[str, list[str]] = {}
    heading = ""
    for line in block.group(1).splitlines():
        if line.startswith("# "):
            heading = line[2:].split(" (")[0]
            blocks[heading] = []
        elif line.strip():
            blocks[heading].append(line)
    assert set(blocks) == {"once, on the server", "once, by the office that keeps the ledger",
                           "once in every office", "every time an office records"}, blocks
    return blocks


@pytest.fixture
def git_world(tmp_path: Path) -> dict[str, str]:
    """The environment of every office: a global git configuration defaulting to `master`, an
    author, kzt on the PATH, a fixed judging day after the third quarter."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = master\n[user]\n\tname = 区统计局\n\temail = tjj@example.invalid\n",
                      encoding="utf-8")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("GIT_", "KZT_")) and key not in ("COLUMNS",)}
    environment |= {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path),
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}",
                    "KZT_TODAY": "2026-10-20", "KZT_CACHE_DIR": str(tmp_path / "cache")}
    probe = subprocess.run(["git", "config", "--global", "init.defaultBranch"], env=environment,
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "master"
    return environment


def run(lines: list[str], cwd: Path, environment: dict[str, str], server: Path, user: str) -> str:
    """The lines as the recipe gives them, by sh, stopping at the first that fails; the address of
    the server is the one thing replaced."""
    script = "\n".join(line.replace(SERVER_URL, str(server)).replace(SERVER_PATH, str(server)) for line in lines)
    done = subprocess.run(["sh", "-e", "-c", script], cwd=cwd, env={**environment, "KZT_USER": user},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{script}\n--- in {cwd}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def git_out(cwd: Path, environment: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=environment, capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def figure_lines(clone: Path) -> list[str]:
    path = clone / "figures" / "port-throughput.toml"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


@needs_git
def test_the_readme_recipe_shares_a_ledger_on_a_git_that_defaults_to_master(
        tmp_path: Path, git_world: dict[str, str]) -> None:
    steps = recipe()
    server = tmp_path / "srv" / "kaizhou-2026.git"
    server.parent.mkdir()
    run(steps["once, on the server"], tmp_path, git_world, server, "server")

    keeper_home, homes = tmp_path / "fgw", [tmp_path / name for name in ("tjj", "jtw", "swj")]
    keeper_home.mkdir()
    run(steps["once, by the office that keeps the ledger"], keeper_home, git_world, server, "fgw")
    keeper = keeper_home / "kaizhou-2026"
    # the server's HEAD names a branch that exists: a clone checks the ledger out
    assert git_out(server, git_world, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git_out(server, git_world, "rev-parse", "--verify", "refs/heads/main")
    run(steps["once in every office"][1:], keeper, git_world, server, "fgw")  # the keeper's last two lines

    clones = []
    for home in homes:
        home.mkdir()
        said = run(steps["once in every office"], home, git_world, server, home.name)
        assert "remote HEAD refers to nonexistent ref" not in said
        clone = home / "kaizhou-2026"
        assert (clone / "targets.toml").is_file() and (clone / "seeds").is_dir()
        assert git_out(clone, git_world, "branch", "--show-current") == "main"
        assert git_out(clone, git_world, "config", "--get", "merge.kzt-figures.driver")
        clones.append(clone)

    # One office after another: each takes the others' figures first.
    for clone, user in ((clones[0], "tjj"), (keeper, "fgw")):
        run(steps["every time an office records"], clone, git_world, server, user)
    # Two offices record before either has pulled: the second one's pull merges the figures file.
    record, commit, push = (steps["every time an office records"][index] for index in (1, 2, 3))
    for clone, user in ((clones[1], "jtw"), (clones[2], "swj")):
        run([record, commit], clone, git_world, server, user)
    run([push], clones[1], git_world, server, "jtw")
    said = run([push], clones[2], git_world, server, "swj")
    assert "CONFLICT" not in said
    for clone in (keeper, *clones):
        run([steps["every time an office records"][0]], clone, git_world, server, "any")

    everywhere = [figure_lines(clone) for clone in (keeper, *clones)]
    assert all(lines == everywhere[0] for lines in everywhere)
    assert len(everywhere[0]) == len(set(everywhere[0])) == 4  # four offices, each figure once
    assert {re.search(r'by = "([^"]+)"', line).group(1) for line in everywhere[0]} == {  # type: ignore[union-attr]
        "tjj", "fgw", "jtw", "swj"}
    for clone in (keeper, *clones):
        verified = subprocess.run(["kzt", "verify"], cwd=clone, env=git_world, capture_output=True, text=True,
                                  timeout=120, check=False)
        assert verified.returncode == 0, verified.stderr
    assert git_out(keeper, git_world, "status", "--porcelain") == ""
