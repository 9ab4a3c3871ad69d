"""Many offices sharing one ledger through git, at a scale larger than the tests.

    python bench/git_offices.py [--offices 20] [--rounds 5] [--figures 10] [--union]

A bare repository and one clone per office. In every round each office
records FIGURES figures for targets drawn at random (so offices overlap on
targets and, often, on the same period of one target), commits, pulls and
pushes in turn. Then every clone pulls once more and the run checks what
tests/test_git_offices.py checks: no merge stopped, every clone holds every
figure once, `kzt verify` passes and `kzt status` is identical everywhere.
With --union the merge driver is not registered (.gitattributes' union only).
Prints the counts and the time taken; exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from kaizhou_targets.cli import cli


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def kzt(clone: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-f", str(clone / "targets.toml"), *args])
    return result.exit_code, result.stdout, result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offices", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--figures", type=int, default=10, help="figures per office per round")
    parser.add_argument("--union", action="store_true", help="do not register the merge driver")
    options = parser.parse_args()
    random.seed(14)
    home = Path(tempfile.mkdtemp(prefix="kzt-git-bench-"))
    os.environ.update({"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
                       "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
                       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
                       "KZT_TODAY": "2026-10-08"})
    bare = home / "server.git"
    git(home, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    clones = [home / f"office-{n}" for n in range(options.offices)]
    git(home, "clone", "--quiet", str(bare), str(clones[0]))
    kzt(clones[0], "init", str(clones[0]))
    git(clones[0], "add", "-A")
    git(clones[0], "commit", "--quiet", "-m", "init")
    git(clones[0], "push", "--quiet", "origin", "HEAD:main")
    for clone in clones[1:]:
        git(home, "clone", "--quiet", str(bare), str(clone))
    for clone in clones:
        git(clone, "config", "pull.rebase", "false")
        if not options.union:
            kzt(clone, "git-setup")
    _, listing, _ = kzt(clones[0], "targets", "--json")
    targets = [t["id"] for t in json.loads(listing) if t["kind"] in ("growth", "cumulative")][:40]

    started = time.perf_counter()
    recorded: dict[str, set[str]] = {}
    stopped = 0

    def sync(clone: Path, message: str) -> None:
        nonlocal stopped
        git(clone, "add", "-A")
        git(clone, "commit", "--quiet", "-m", message)
        pulled = git(clone, "pull", "--no-rebase", "--no-edit", "origin", "main")
        if pulled.returncode != 0:
            stopped += 1
            print(f"merge stopped in {clone.name}: {pulled.stdout}{pulled.stderr}", file=sys.stderr)
        git(clone, "push", "--quiet", "origin", "HEAD:main")

    for round_number in range(options.rounds):
        for number, clone in enumerate(clones):
            for _ in range(options.figures):
                target = random.choice(targets)
                as_of = f"2026-0{random.randint(1, 9)}-28"
                code, out, err = kzt(clone, "record", target, str(random.randint(1, 900)), "--as-of", as_of,
                                     "--by", f"office-{number}", "--force", "--json")
                if code != 0:
                    print(err, file=sys.stderr)
                    return 1
                recorded.setdefault(target, set()).add(json.loads(out)["id"])
            sync(clone, f"office-{number} round {round_number}")
    for clone in clones:
        sync(clone, "final")
    elapsed = time.perf_counter() - started

    failures = stopped
    statuses = set()
    for clone in clones:
        code, _, err = kzt(clone, "verify")
        failures += code != 0
        statuses.add(kzt(clone, "status", "--json")[1])
        for target, ids in recorded.items():
            listed = [f["id"] for f in json.loads(kzt(clone, "history", target, "--json")[1])]
            failures += sorted(listed) != sorted(ids)
    failures += len(statuses) != 1
    merges = git(clones[0], "rev-list", "--merges", "--count", "HEAD").stdout.strip()
    figures = sum(len(ids) for ids in recorded.values())
    print(f"{options.offices} offices, {options.rounds} rounds, {figures} figures for {len(recorded)} targets, "
          f"{merges} merges ({'union' if options.union else 'merge driver'}): "
          f"{stopped} stopped, {failures} failed checks, {elapsed:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
