"""Recovery attacked where it is weakest: a kill, then the office's usual `git add -A && git commit &&
git pull` bringing another office's lines into the very files the killed command wrote, then the
next write. And renames killed between every step, raced by a writer, and split by git.

Each test kills kzt for real (SIGKILL, at a point named by KZT_TEST_KILL_AT: storage/kill_points.py)
and asserts that every office's figures are there exactly once, that nothing the killed command
wrote counts, and that `kzt verify` passes afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import run_kzt, snapshot
from .gitrepo import commit_and_sync, git, git_home, needs_git, shared_repository, unmerged
from .test_faults import small_disk

__all__ = ["git_home", "small_disk"]

KZT = [sys.executable, "-m", "kaizhou_targets"]


def killed_at(point: str, ledger: Path, *args: str, by: str = "") -> subprocess.CompletedProcess[str]:
    env = {"KZT_TEST_KILL_AT": point, **({"KZT_USER": by} if by else {})}
    result = run_kzt("-f", str(ledger), *args, env=env)
    assert result.returncode == -signal.SIGKILL, (point, result.returncode, result.stderr)
    return result


def kzt_as(office: str, ledger: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_kzt("-f", str(ledger), *args, env={"KZT_USER": office})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def history(ledger: Path, target: str) -> list[dict]:
    result = run_kzt("-f", str(ledger), "history", target, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def counted(ledger: Path, target: str) -> list[tuple[str, float]]:
    """(who, value) of every figure of the target that is not withdrawn, in the order typed."""
    return [(f["by"], f["value"]) for f in history(ledger, target) if not f["withdrawn"]]


def write_table(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("target,value,period\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


# ── 26.3: a killed import, a pull, the next write ──────────────────────────

@needs_git
@pytest.mark.parametrize(("point", "driver"), [
    ("import:appended", True), ("import:appended", False), ("import:first-file", True),
    ("append:torn", False), ("import:journalled", True),
], ids=["appended-driver", "appended-union", "first-file-driver", "torn-union", "journalled-driver"])
def test_recovery_after_a_pull_keeps_the_other_offices_figures(tmp_path: Path, git_home: Path,
                                                               point: str, driver: bool) -> None:
    office_a, office_b = shared_repository(tmp_path, 2, driver=driver)
    ledger_a, ledger_b = office_a / "targets.toml", office_b / "targets.toml"
    assert kzt_as("tjj", ledger_a, "record", "港口", "100", "--as-of", "2026-07-31", "--force").returncode == 0
    commit_and_sync(office_a, "统计局：7月")
    commit_and_sync(office_b, "发改委：取回")
    # Office B records for the same two targets and pushes.
    assert kzt_as("fgw", ledger_b, "record", "港口", "120", "--as-of", "2026-08-31", "--force").returncode == 0
    assert kzt_as("fgw", ledger_b, "record", "就业", "5000", "--as-of", "2026-08-31", "--force").returncode == 0
    commit_and_sync(office_b, "发改委：8月")
    # Office A imports a table touching both files and is killed before the import commits.
    table = write_table(tmp_path / "九月.csv", [("port-throughput", "130", "2026-09-30"),
                                                ("jobs-new-urban", "5600", "2026-09-30")])
    killed_at(point, ledger_a, "import", str(table), "--yes", "--force", by="tjj")
    assert (office_a / "figures" / ".journal").exists()
    # The office's routine, as the README gives it: commit everything, pull (a merge into the same files).
    git(office_a, "add", "-A")
    git(office_a, "commit", "--quiet", "-m", "统计局：9月", check=False)  # killed before a line: nothing to commit
    pulled = git(office_a, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode == 0 and not unmerged(office_a), pulled.stdout + pulled.stderr
    # The next write undoes what the killed import wrote, and only that.
    next_write = kzt_as("tjj", ledger_a, "record", "gdp-growth", "4", "--as-of", "2026-09-30", "--force")
    assert next_write.returncode == 0, next_write.stderr
    if point != "import:journalled":
        assert "上次导入" in next_write.stderr and "已撤销" in next_write.stderr
    assert not (office_a / "figures" / ".journal").exists()
    assert counted(ledger_a, "港口") == [("tjj", 100), ("fgw", 120)]
    assert counted(ledger_a, "就业") == [("fgw", 5000)]
    for name in ("port-throughput", "jobs-new-urban"):
        text = (office_a / "figures" / f"{name}.toml").read_text("utf-8")
        assert "batch = " not in text  # nothing of the killed import is left
        assert text.endswith("\n")
    verify = run_kzt("-f", str(ledger_a), "verify")
    assert verify.returncode == 0, verify.stderr
    # Pushed, B's own clone keeps B's figures, and the import can be done again in full.
    commit_and_sync(office_a, "统计局：恢复")
    commit_and_sync(office_b, "发改委：取回")
    assert counted(ledger_b, "港口")[:2] == [("tjj", 100), ("fgw", 120)]
    again = kzt_as("tjj", ledger_a, "import", str(table), "--yes", "--force")
    assert again.returncode == 0, again.stderr
    assert counted(ledger_a, "港口") == [("tjj", 100), ("fgw", 120), ("tjj", 130)]


def test_recovery_without_a_pull_cuts_back_exactly_what_the_import_appended(ledger: Path, tmp_path: Path) -> None:
    """No one else's bytes after the journalled size: the file is cut back (which needs no room on a full
    disk) and is byte for byte what it was."""
    assert kzt_as("tjj", ledger, "record", "港口", "100", "--as-of", "2026-07-31").returncode == 0
    before = snapshot(ledger.parent)
    table = write_table(tmp_path / "t.csv", [("port-throughput", "130", "2026-09-30"),
                                             ("jobs-new-urban", "5600", "2026-09-30")])
    killed_at("append:torn", ledger, "import", str(table), "--yes", "--force")
    recorded = kzt_as("tjj", ledger, "record", "gdp-growth", "4", "--as-of", "Q3")
    assert recorded.returncode == 0 and "已撤销" in recorded.stderr
    after = snapshot(ledger.parent)
    assert after["figures/port-throughput.toml"] == before["figures/port-throughput.toml"]
    assert "figures/jobs-new-urban.toml" not in after  # a file the import created is gone with it
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


def test_a_forged_journal_cannot_take_a_recorded_figure(ledger: Path) -> None:
    """A journal naming the ids of sound figures (of another batch, or none) removes nothing that counts."""
    assert kzt_as("tjj", ledger, "record", "港口", "100", "--as-of", "2026-07-31").returncode == 0
    assert kzt_as("fgw", ledger, "record", "港口", "110", "--as-of", "2026-08-31").returncode == 0
    ids = [f["id"] for f in history(ledger, "港口")]
    folder = ledger.parent / "figures"
    (folder / ".journal").write_text(json.dumps({"version": 2, "batch": "20261008T000000000000-abcdef", "files": {
        "port-throughput.toml": {"size": 0, "ids": ids}, "imports.toml": {"size": -1, "ids": []}}}),
        encoding="utf-8")
    result = kzt_as("tjj", ledger, "record", "就业", "5600", "--as-of", "1-9月")
    assert result.returncode == 0
    assert counted(ledger, "港口") == [("tjj", 100), ("fgw", 110)]
    assert not (folder / ".journal").exists()


# ── 26.4: a rename killed between its steps ────────────────────────────────

@pytest.mark.parametrize("point", ["rename:linked", "rename:ledger"])
def test_a_rename_killed_between_its_steps_loses_nothing_and_the_next_write_settles_it(
        ledger: Path, point: str) -> None:
    for month, value in (("7月", "100"), ("8月", "110")):
        assert kzt_as("tjj", ledger, "record", "港口", value, "--as-of", month).returncode == 0
    expected = counted(ledger, "port-throughput")
    killed_at(point, ledger, "rename", "port-throughput", "port-cargo")
    done = point == "rename:ledger"
    standing_id = "port-cargo" if done else "port-throughput"
    # Between the kill and the next write, every reading command sees the whole history.
    assert counted(ledger, standing_id) == expected
    status = run_kzt("-f", str(ledger), "status", "--json")
    assert next(s for s in json.loads(status.stdout) if s["id"] == standing_id)["value"] == 110
    verify = run_kzt("-f", str(ledger), "verify")
    assert verify.returncode == 1 and "kzt rename port-throughput port-cargo 被中断" in verify.stderr
    check = run_kzt("-f", str(ledger), "check")
    assert check.returncode in (1, 2) and "Traceback" not in check.stderr
    # The next writing command finishes (or undoes) it, in one line.
    result = kzt_as("tjj", ledger, "record", "就业", "5600", "--as-of", "1-9月")
    assert result.returncode == 0, result.stderr
    assert ("已完成" if done else "已撤销") in result.stderr
    folder = ledger.parent / "figures"
    assert sorted(p.name for p in folder.glob("port-*.toml")) == [f"{standing_id}.toml"]
    assert not (folder / ".rename").exists()
    assert counted(ledger, standing_id) == expected
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


def test_a_writer_that_found_the_target_before_a_rename_took_the_lock_refuses(ledger: Path) -> None:
    """`kzt record` looks the target up, then waits for the lock; meanwhile a rename (holding the lock)
    moves the history. Under the lock the writer sees the id is gone and writes nothing."""
    from filelock import FileLock

    if not os.path.exists("/proc/self/wchan"):
        pytest.skip("no /proc/PID/wchan to see the record waiting for the lock")
    assert kzt_as("tjj", ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    folder = ledger.parent / "figures"
    with FileLock(str(folder / ".lock")):
        proc = subprocess.Popen([*KZT, "-f", str(ledger), "record", "港口", "120", "--as-of", "9月"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 25
        while "nanosleep" not in Path(f"/proc/{proc.pid}/wchan").read_text():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        # What `kzt rename port-throughput port-cargo` does under the lock.
        text = ledger.read_text("utf-8")
        ledger.write_text(text.replace('id = "port-throughput"', 'id = "port-cargo"', 1), encoding="utf-8")
        os.replace(folder / "port-throughput.toml", folder / "port-cargo.toml")
        moved = (folder / "port-cargo.toml").read_bytes()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "已经没有指标 port-throughput" in err and "什么都没有记录" in err
    assert not (folder / "port-throughput.toml").exists()
    assert (folder / "port-cargo.toml").read_bytes() == moved


@needs_git
def test_a_rename_split_by_git_leaves_an_orphan_that_check_raises_and_rename_adopts(
        tmp_path: Path, git_home: Path) -> None:
    """Office B renames 港口 and records; office C, not yet pulled, records for the old id. git cannot
    follow the rename into C's change (modify/delete): C's figure is left in figures/OLD.toml."""
    office_b, office_c = shared_repository(tmp_path, 2, driver=True)
    ledger_b, ledger_c = office_b / "targets.toml", office_c / "targets.toml"
    assert kzt_as("gh", ledger_b, "record", "港口", "100", "--as-of", "2026-07-31", "--force").returncode == 0
    commit_and_sync(office_b, "港航中心：7月")
    commit_and_sync(office_c, "取回")
    assert kzt_as("gh", ledger_b, "rename", "port-throughput", "port-cargo").returncode == 0
    for month, value in (("2026-08-31", "110"), ("2026-09-30", "120"), ("2026-10-31", "130")):
        assert kzt_as("gh", ledger_b, "record", "port-cargo", value, "--as-of", month, "--force").returncode == 0
    commit_and_sync(office_b, "港航中心：改名")
    assert kzt_as("tjj", ledger_c, "record", "port-throughput", "115", "--as-of", "2026-08-31",
                  "--force").returncode == 0
    git(office_c, "add", "-A")
    git(office_c, "commit", "--quiet", "-m", "统计局：8月")
    git(office_c, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    orphan = office_c / "figures" / "port-throughput.toml"
    if unmerged(office_c):  # modify/delete: git keeps C's version of the file and stops
        assert orphan.exists()
        git(office_c, "add", "-A")
        git(office_c, "commit", "--quiet", "--no-edit")
    if not orphan.exists():
        pytest.skip("this git followed the rename into the other office's change: no orphan to adopt")
    # The orphan is never silent: check raises it, verify says how to resolve it.
    check = run_kzt("-f", str(ledger_c), "check")
    assert check.returncode >= 1 and "figures/port-throughput.toml" in check.stdout and "git rm" in check.stdout
    verify = run_kzt("-f", str(ledger_c), "verify")
    assert verify.returncode == 1 and "kzt rename port-throughput port-cargo" in verify.stderr
    assert "git rm" in verify.stderr
    adopted = kzt_as("tjj", ledger_c, "rename", "port-throughput", "port-cargo")
    assert adopted.returncode == 0 and "已并入" in adopted.stderr, adopted.stderr
    assert not orphan.exists()
    values = sorted((who, value) for who, value in counted(ledger_c, "port-cargo"))
    assert values == [("gh", 100), ("gh", 110), ("gh", 120), ("gh", 130), ("tjj", 115)]
    assert run_kzt("-f", str(ledger_c), "verify").returncode == 0
    commit_and_sync(office_c, "统计局：并入")
    commit_and_sync(office_b, "取回")
    assert ("tjj", 115) in counted(ledger_b, "port-cargo")
    again = kzt_as("tjj", ledger_c, "rename", "port-throughput", "port-cargo")
    assert again.returncode != 0  # nothing left to adopt, no target of that id: said, nothing changed


def test_recovery_on_a_disk_that_has_since_filled_up(small_disk: Path, tmp_path: Path) -> None:
    """The import was killed, then the disk filled to the last byte. Undoing it must need no room:
    with nothing of anyone else's after its lines, the file is cut back, not rewritten."""
    assert run_kzt("init", str(small_disk / "l")).returncode == 0
    ledger = small_disk / "l" / "targets.toml"
    assert kzt_as("tjj", ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    before = (small_disk / "l" / "figures" / "port-throughput.toml").read_bytes()
    table = write_table(tmp_path / "t.csv", [("port-throughput", "+1", f"2026-08-{day:02d}") for day in range(1, 29)])
    killed_at("import:appended", ledger, "import", str(table), "--yes", "--force", by="tjj")
    with open(small_disk / "filler", "wb", buffering=0) as handle:
        for chunk in (4096, 1):
            try:
                while True:
                    handle.write(b"x" * chunk)
            except OSError:
                pass
    result = kzt_as("tjj", ledger, "record", "港口", "+1", "--as-of", "9月", "--force")
    assert "已撤销" in result.stderr, result.stderr  # the undo itself went through on the full disk
    after = (small_disk / "l" / "figures" / "port-throughput.toml").read_bytes()
    assert after == before or (result.returncode == 0 and after.startswith(before))
    assert not (small_disk / "l" / "figures" / ".journal").exists()
    (small_disk / "filler").unlink()
    figures = counted(ledger, "港口")
    assert figures[0] == ("tjj", 100) and len(figures) == (2 if result.returncode == 0 else 1)
    assert run_kzt("-f", str(ledger), "verify").returncode == 0
