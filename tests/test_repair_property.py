"""`kzt repair` never moves a line `kzt verify` accepts, and moves exactly the line that is damaged.

Hypothesis builds ledgers the way offices do, through the real command line: two clones of one
shared repository (with kzt's merge driver or git's union alone), records, revisions by the same and
by another office, imports, undos, and commits, pulls and pushes between them in any order. On every
such ledger `kzt verify` passes, `kzt repair --dry-run` lists nothing and `kzt repair --yes` changes
no byte. Then one line of figures/ (a figures file or imports.toml) is damaged as a crash or a hand
edit would — a digit changed, the line cut off, replaced by garbage, its checksum removed — and
verify names exactly that file and line, repair lists exactly it, and after `repair --yes` that line
alone has moved: the file is what it was without it, the quarantine holds it, verify passes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaizhou_targets.cli import cli

from .gitrepo import git, needs_git

OFFICES = ("tjj-li", "fgw-zhang")
TARGETS = ("port-throughput", "jobs-new-urban")
PERIODS = ("2026-07-31", "2026-08-31", "2026-09-30")

record_op = st.tuples(st.just("record"), st.integers(0, 1), st.sampled_from(TARGETS), st.sampled_from(PERIODS),
                      st.integers(50, 400))
import_op = st.tuples(st.just("import"), st.integers(0, 1), st.sampled_from(TARGETS), st.sampled_from(PERIODS),
                      st.integers(50, 400))
undo_op = st.tuples(st.just("undo"), st.integers(0, 1), st.none(), st.none(), st.none())
sync_op = st.tuples(st.just("sync"), st.integers(0, 1), st.none(), st.none(), st.none())
operations = st.lists(st.one_of(record_op, record_op, import_op, undo_op, sync_op, sync_op), min_size=1, max_size=9)
damages = st.tuples(st.integers(0, 10_000), st.integers(0, 10_000),
                    st.sampled_from(["digit", "cut", "garbage", "no-sum"]), st.integers(1, 10_000))


def run(folder: Path, office: str, *args: str, input: str | None = None):
    result = CliRunner().invoke(cli, ["-f", str(folder / "targets.toml"), *args], env={"KZT_USER": office},
                                input=input, catch_exceptions=False)
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(folder).parts[:1] and ".cache" not in p.parts
            and p.name != ".lock"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A bare repository holding a fresh ledger and two clones of it, made once; each example copies it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path_factory.mktemp("template")
    home = root / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:  # no user's git configuration, for this module's tests only
        for key, value in {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
                           "GIT_AUTHOR_NAME": "kzt test", "GIT_AUTHOR_EMAIL": "kzt@example.invalid",
                           "GIT_COMMITTER_NAME": "kzt test", "GIT_COMMITTER_EMAIL": "kzt@example.invalid"}.items():
            patch.setenv(key, value)
        patch.delenv("GIT_DIR", raising=False)
        patch.delenv("GIT_WORK_TREE", raising=False)
        _make_template(root)
        yield root


def _make_template(root: Path) -> None:
    git(root, "init", "--quiet", "--bare", "--initial-branch=main", "server.git")
    git(root, "clone", "--quiet", "server.git", "a")
    assert CliRunner().invoke(cli, ["init", str(root / "a")]).exit_code == 0
    git(root / "a", "add", "-A")
    git(root / "a", "commit", "--quiet", "-m", "台账初始化")
    git(root / "a", "push", "--quiet", "origin", "HEAD:main")
    git(root, "clone", "--quiet", "server.git", "b")
    for clone in ("a", "b"):
        git(root / clone, "config", "pull.rebase", "false")


def _copy(template: Path, driver: bool) -> tuple[Path, list[Path]]:
    work = Path(tempfile.mkdtemp(prefix="kzt-prop-"))
    for name in ("server.git", "a", "b"):
        shutil.copytree(template / name, work / name, symlinks=True)
    clones = [work / "a", work / "b"]
    for clone in clones:
        git(clone, "remote", "set-url", "origin", str(work / "server.git"))
        if driver:
            assert run(clone, "x", "git-setup").exit_code == 0
    return work, clones


def _sync(clone: Path) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "录入", check=False)
    pulled = git(clone, "pull", "--quiet", "--no-rebase", "--no-edit", "origin", "main", check=False)
    unmerged = git(clone, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert pulled.returncode == 0 and not unmerged, pulled.stdout + pulled.stderr
    git(clone, "push", "--quiet", "origin", "HEAD:main")


def _apply(clones: list[Path], operation: tuple, count: int) -> None:
    kind, office, target, period, value = operation
    clone, who = clones[office], OFFICES[office]
    if kind == "record":
        result = run(clone, who, "record", target, str(value), "--as-of", period, "--force")
        assert result.exit_code == 0, result.output
    elif kind == "import":
        table = clone.parent / f"t{count}.csv"
        table.write_text(f"target,value,period\n{target},{value},{period}\n", encoding="utf-8")
        result = run(clone, who, "import", str(table), "--yes", "--force")
        assert result.exit_code == 0, result.output
    elif kind == "undo":
        result = run(clone, who, "undo", "--yes")
        assert result.exit_code in (0, 1), result.output  # 1: nothing of this office's to withdraw
    else:
        _sync(clone)


def _data_lines(folder: Path) -> list[tuple[Path, int]]:
    found = []
    for path in sorted((folder / "figures").glob("*.toml")):
        for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
            if line.strip() and not line.startswith("#"):
                found.append((path, number))
    return found


def _damaged(line: str, how: str, seed: int) -> str:
    if how == "digit":
        digits = [i for i, ch in enumerate(line) if ch.isdigit()]
        at = digits[seed % len(digits)]
        return line[:at] + str((int(line[at]) + 1 + seed % 8) % 10) + line[at + 1:]
    if how == "cut":
        return line[:1 + seed % (len(line) - 1)]
    if how == "garbage":
        return "垃圾 garbage = [" + "x" * (seed % 30)
    return line[:line.rindex(", sum = ")] + " }"


@needs_git
@settings(max_examples=int(os.environ.get("KZT_PROPERTY_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(driver=st.booleans(), ops=operations, damage=damages)
def test_repair_moves_nothing_verify_accepts_and_exactly_the_damaged_line(
        template: Path, driver: bool, ops: list[tuple], damage: tuple[int, int, str, int]) -> None:
    work, clones = _copy(template, driver)
    try:
        for count, operation in enumerate(ops):
            _apply(clones, operation, count)
        for clone in (*clones, clones[0]):  # everyone brings in what the other pushed
            _sync(clone)
        ledger = clones[0]
        # 1. A ledger made by the command line alone: verify passes, repair finds and changes nothing.
        verify = run(ledger, "x", "verify")
        assert verify.exit_code == 0, verify.output
        before = snapshot(ledger)
        dry = run(ledger, "x", "repair", "--dry-run")
        assert dry.exit_code == 0 and "没有损坏的记录行" in dry.stderr, dry.stderr
        done = run(ledger, "x", "repair", "--yes")
        assert done.exit_code == 0 and "没有损坏的记录行" in done.stderr, done.stderr
        assert snapshot(ledger) == before
        # 2. One line damaged: verify names it, repair moves exactly it.
        lines = _data_lines(ledger)
        if not lines:
            return
        path, number = lines[damage[0] % len(lines)]
        original = path.read_text("utf-8").split("\n")
        bad = _damaged(original[number - 1], damage[2], damage[3])
        path.write_text("\n".join([*original[:number - 1], bad, *original[number:]]), encoding="utf-8")
        damaged_snapshot = snapshot(ledger)
        where = f"{path.relative_to(ledger)}:{number}"
        verify = run(ledger, "x", "verify")
        assert verify.exit_code == 1 and f"{path}:{number}" in verify.stderr, verify.stderr
        dry = run(ledger, "x", "repair", "--dry-run")
        listed = [line for line in dry.stderr.splitlines() if ".toml:" in line]
        assert len(listed) == 1 and listed[0].split(": ", 1)[0].endswith(where), dry.stderr
        assert snapshot(ledger) == damaged_snapshot
        done = run(ledger, "x", "repair", "--yes")
        assert done.exit_code == 0 and "已把 1 行移到" in done.stderr, done.stderr
        after = snapshot(ledger)
        name = str(path.relative_to(ledger))
        assert after[name].decode("utf-8").split("\n") == [*original[:number - 1], *original[number:]]
        quarantined = after.pop(f"figures/quarantine/{path.name}").decode("utf-8")
        assert quarantined.endswith(f"\n{bad}\n") and quarantined.count("\n") == 2
        assert {k: v for k, v in after.items() if k != name} == {
            k: v for k, v in before.items() if k != name}
        verify = run(ledger, "x", "verify")
        assert verify.exit_code == 0, verify.output
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_import_of_issue_21_is_never_moved_by_repair(ledger: Path, tmp_path: Path) -> None:
    """The report that opened issue 21: after `kzt import`, `repair --dry-run` said imports.toml:2 was
    hand-changed and `repair --yes` took every imported figure."""
    table = tmp_path / "m3.csv"
    table.write_text("target,value,period\nport-throughput,100,2026-08-31\njobs-new-urban,5600,2026-09-30\n",
                     encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["-f", str(ledger), "import", str(table), "--yes", "--force"]).exit_code == 0
    assert runner.invoke(cli, ["-f", str(ledger), "verify"]).exit_code == 0
    before = {str(p): p.read_bytes() for p in (ledger.parent / "figures").glob("*.toml")}
    dry = runner.invoke(cli, ["-f", str(ledger), "repair", "--dry-run"])
    assert "imports.toml" not in dry.stderr and "没有损坏的记录行" in dry.stderr
    assert runner.invoke(cli, ["-f", str(ledger), "repair", "--yes"]).exit_code == 0
    assert {str(p): p.read_bytes() for p in (ledger.parent / "figures").glob("*.toml")} == before
