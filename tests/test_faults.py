"""Fault injection with real processes: kills, full disks, hostile files, hand edits.

After each attack: every figure reported recorded is there exactly once, no
figure appears that was not reported, no import is half there, `verify`
flags every damaged line, and nothing prints a traceback.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from kaizhou_targets.storage.figures import read_histories

from .conftest import run_kzt, snapshot

KZT = [sys.executable, "-m", "kaizhou_targets"]
# Root ignores file modes; without these capabilities it is held to them like any user.
DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-chown",
        "--inh-caps=-dac_override,-dac_read_search,-fowner,-chown", "--"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _can_drop() -> bool:
    if not IS_ROOT or shutil.which("setpriv") is None:
        return False
    return subprocess.run([*DROP, "true"], capture_output=True).returncode == 0


def as_user(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """kzt held to file permissions: as root without the capabilities that bypass them,
    or as the ordinary user running the tests."""
    prefix = DROP if IS_ROOT else []
    if IS_ROOT and not _can_drop():
        pytest.skip("running as root and setpriv cannot drop CAP_DAC_OVERRIDE here, so modes cannot be tested")
    return subprocess.run([*prefix, *KZT, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def figures(ledger: Path, target: str) -> list[dict]:
    result = run_kzt("-f", str(ledger), "history", target, "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


def write_table(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    path.write_text("target,value,period,note\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


TARGETS = ["port-throughput", "jobs-new-urban", "afforestation"]


# ── imports killed at random points ────────────────────────────────────────

def _kill_imports(ledger: Path, tmp_path: Path, targets: list[str], rows_each: int, attempts: int) -> None:
    rng = random.Random(16)
    duration = 2.0
    for attempt in range(attempts):
        note = f"第{attempt}批"
        # Each row its own day (one target and period counts once per file, issue 10), the days of each
        # attempt after those of the one before; --force: days after today, and no guard asks.
        days = [date(2026, 1, 1) + timedelta(days=attempt * rows_each + i) for i in range(rows_each)]
        table = write_table(tmp_path / f"t{attempt}.csv",
                            [(t, "+1", day.isoformat(), note) for t in targets for day in days])
        start = time.monotonic()
        proc = subprocess.Popen([*KZT, "-f", str(ledger), "import", str(table), "--yes", "--force"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if attempt == 0:
            _, err = proc.communicate(timeout=120)  # one full run tells how long an import takes
            assert proc.returncode == 0, err
            duration = time.monotonic() - start
        else:
            time.sleep(rng.uniform(0.3, 1.05) * duration)
            proc.kill()
            _, err = proc.communicate(timeout=60)
            assert "Traceback" not in err
        histories, _ = read_histories(ledger, targets)  # what any reading command would count
        counts = {t: sum(e.note == note for e in histories[t]) for t in targets}
        assert set(counts.values()) <= {0, rows_each} and len(set(counts.values())) == 1, counts
        if proc.returncode == 0:
            assert set(counts.values()) == {rows_each}
    verify = run_kzt("-f", str(ledger), "verify")
    clean(verify)
    # The next writing command rolls back whatever a kill left, and after it the files hold only whole batches.
    assert run_kzt("-f", str(ledger), "record", "gdp-growth", "4", "--as-of", "Q3").returncode == 0
    assert run_kzt("-f", str(ledger), "verify").returncode == 0
    for target in targets:
        counted = figures(ledger, target)
        lines = [line for line in (ledger.parent / "figures" / f"{target}.toml").read_text("utf-8").splitlines()
                 if line and not line.startswith("#")]
        assert len(lines) == len(counted)  # nothing uncommitted stays behind
        values = [f["value"] for f in counted]
        assert values == list(range(1, len(values) + 1))  # every +1 counted exactly once


def test_imports_killed_at_twenty_random_points_are_all_or_nothing(ledger: Path, tmp_path: Path) -> None:
    _kill_imports(ledger, tmp_path, TARGETS, 17, 21)  # 21 × 17 days fit in 2026


def test_large_appends_killed_at_twenty_random_points_are_all_or_nothing(ledger: Path, tmp_path: Path) -> None:
    # Since issue 10 one file holds one row per target and period: 17 × 21 distinct days of 2026 in all.
    _kill_imports(ledger, tmp_path, ["port-throughput"], 17, 21)


def test_the_next_writing_command_rolls_back_an_interrupted_import_in_one_line(ledger: Path,
                                                                               tmp_path: Path) -> None:
    """A journal and appended lines as a killed import leaves them: entries with an uncommitted batch."""
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    shard = ledger.parent / "figures" / "port-throughput.toml"
    size = shard.stat().st_size
    (ledger.parent / "figures" / ".journal").write_text(
        json.dumps({"batch": "b1", "sizes": {"port-throughput.toml": size, "jobs-new-urban.toml": -1,
                                             "imports.toml": -1}}), encoding="utf-8")
    from datetime import date, datetime

    from kaizhou_targets.core.model import Entry
    from kaizhou_targets.storage.figures_format import serialize

    stamp = datetime(2026, 10, 8, 9, tzinfo=UTC)
    shard.write_text(shard.read_text("utf-8") + serialize(Entry("e1", "x", stamp, date(2026, 9, 30), 999.0), "b1"),
                     encoding="utf-8")
    (ledger.parent / "figures" / "jobs-new-urban.toml").write_text(
        serialize(Entry("e2", "x", stamp, date(2026, 9, 30), 5.0), "b1"), encoding="utf-8")
    assert [f["value"] for f in figures(ledger, "港口")] == [100]  # uncommitted: never counts
    assert figures(ledger, "就业") == []
    warned = run_kzt("-f", str(ledger), "verify")
    assert "导入（批次 b1）没有完成" in warned.stderr and warned.returncode == 0
    result = run_kzt("-f", str(ledger), "record", "gdp-growth", "4", "--as-of", "Q3")
    assert result.returncode == 0
    assert "上次导入（批次 b1）在完成前被中断，已撤销" in result.stderr
    assert shard.stat().st_size == size and not (ledger.parent / "figures" / "jobs-new-urban.toml").exists()
    assert not (ledger.parent / "figures" / ".journal").exists()


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_ctrl_c_during_an_import_keeps_nothing_and_says_so(ledger: Path, tmp_path: Path,
                                                                      how: signal.Signals) -> None:
    from filelock import FileLock

    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    before = snapshot(ledger.parent)
    table = write_table(tmp_path / "t.csv", SEPTEMBER_DAYS)
    # Holding the lock keeps the import inside its writing phase until the signal comes.
    lock = ledger.parent / "figures" / ".lock"
    if not os.path.exists("/proc/self/wchan"):
        pytest.skip("no /proc/PID/wchan to see the import waiting for the lock")
    with FileLock(str(lock)):
        proc = subprocess.Popen([*KZT, "-f", str(ledger), "import", str(table), "--yes", "--force"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 25
        # The import sleeps only while it polls for the lock: then it is in its writing phase.
        while "nanosleep" not in Path(f"/proc/{proc.pid}/wchan").read_text():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        proc.send_signal(how)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err
    assert "导入被中断，已撤销" in err.strip().splitlines()[-1] and err.count("撤销") == 1  # one line, last
    assert snapshot(ledger.parent) == before
    assert [f["value"] for f in figures(ledger, "港口")] == [100]


# One +1 for each day of September, imported with --force (days within a month): distinct periods,
# since the same target and period twice in one file would count once.
SEPTEMBER_DAYS = [("港口", "+1", f"2026-09-{day:02d}", "") for day in range(1, 31)]


def test_the_same_file_imported_twice_is_counted_once(ledger: Path, tmp_path: Path) -> None:
    table = write_table(tmp_path / "t.csv", SEPTEMBER_DAYS)
    assert run_kzt("-f", str(ledger), "import", str(table), "--yes", "--force").returncode == 0
    before = snapshot(ledger.parent)
    again = run_kzt("-f", str(ledger), "import", str(table), "--yes", "--force")
    clean(again)
    assert again.returncode == 0 and "均已录入，未写入任何内容" in again.stderr
    assert snapshot(ledger.parent) == before
    assert figures(ledger, "港口")[-1]["value"] == 30


# ── a full disk ────────────────────────────────────────────────────────────

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["kzt", *sys.argv[2:]]
from kaizhou_targets.cli import main
main()
"""


def limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """kzt unable to grow any file beyond `limit` bytes: writes fail with EFBIG, as on a full disk."""
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *args], capture_output=True, text=True,
                          timeout=120)


def test_disk_full_recording_a_new_target_leaves_no_file(ledger: Path) -> None:
    before = snapshot(ledger.parent)
    result = limited(100, "-f", str(ledger), "record", "港口", "100", "--as-of", "8月")
    clean(result)
    assert result.returncode == 1 and "磁盘已满" in result.stderr and "port-throughput.toml" in result.stderr
    assert not (ledger.parent / "figures" / "port-throughput.toml").exists()
    assert snapshot(ledger.parent) == before


def test_disk_full_during_an_import_leaves_every_file_as_it_was(ledger: Path, tmp_path: Path) -> None:
    for target in TARGETS:
        assert run_kzt("-f", str(ledger), "record", target, "1", "--as-of", "6月").returncode == 0
    before = snapshot(ledger.parent)
    table = write_table(tmp_path / "t.csv",
                        [(t, "+1", f"2026-09-{day:02d}", "") for t in TARGETS for day in range(1, 31)])
    largest = max(p.stat().st_size for p in (ledger.parent / "figures").glob("*.toml"))
    result = limited(largest + 3000, "-f", str(ledger), "import", str(table), "--yes", "--force")
    clean(result)
    assert result.returncode == 1 and "磁盘已满" in result.stderr
    assert snapshot(ledger.parent) == before
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    if not IS_ROOT or sys.platform != "linux":
        pytest.skip("mounting a small tmpfs needs root on Linux; the RLIMIT_FSIZE tests cover the same path")
    mount = tmp_path / "disk"
    mount.mkdir()
    # Room for the ledger kzt init writes (targets.toml, seeds/, .gitignore, .gitattributes) and a figure.
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount -t tmpfs is not allowed here (no CAP_SYS_ADMIN in this container)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_disk_loses_nothing(small_disk: Path, tmp_path: Path) -> None:
    assert run_kzt("init", str(small_disk / "l")).returncode == 0
    ledger = small_disk / "l" / "targets.toml"
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as handle:  # fill the disk to the last byte
        for chunk in (4096, 1):
            try:
                while True:
                    handle.write(b"x" * chunk)
            except OSError:
                pass
    table = write_table(tmp_path / "t.csv", [("港口", "+1", (date(2026, 1, 1) + timedelta(days=d)).isoformat(), "")
                                            for d in range(200)])
    # A new file needs a new block, and 200 rows need several: these cannot fit.
    for args in (["record", "就业", "5600", "--as-of", "9月"], ["import", str(table), "--yes", "--force"]):
        before = snapshot(small_disk / "l")
        result = run_kzt("-f", str(ledger), *args)
        clean(result)
        assert result.returncode == 1 and "磁盘已满" in result.stderr, result.stderr
        assert snapshot(small_disk / "l") == before
    # One line may still fit in the last block of its file: then it is recorded, whole.
    result = run_kzt("-f", str(ledger), "record", "港口", "120", "--as-of", "9月")
    clean(result)
    expected = [100, 120] if result.returncode == 0 else [100]
    filler.unlink()
    assert [f["value"] for f in figures(ledger, "港口")] == expected
    assert figures(ledger, "就业") == []
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


# ── hostile cache, lock and permissions ────────────────────────────────────

def _status(ledger: Path) -> subprocess.CompletedProcess[str]:
    result = run_kzt("-f", str(ledger), "status", "--json")
    clean(result)
    return result


@pytest.mark.parametrize("hostile", ["file", "garbage", "folder-file", "secret-link", "secret-short"])
def test_a_cache_that_cannot_be_used_is_skipped(ledger: Path, tmp_path: Path, hostile: str) -> None:
    """The caches live in the user's cache folder (figures_cache.py); whatever is wrong there, the
    figures files answer."""
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    expected = _status(ledger).stdout
    root = Path(os.environ["KZT_CACHE_DIR"])
    copies = sorted(p for p in root.rglob("*") if p.is_file() and p.parent.name != "kzt-cache")
    assert {p.name for p in copies} >= {"secret", "standing.zh.marshal"}
    outside = tmp_path / "outside"
    outside.write_bytes(b"x" * 32)
    if hostile == "file":
        shutil.rmtree(root)
        root.write_text("not a folder")
    elif hostile == "garbage":
        for copy in copies:
            copy.write_bytes(os.urandom(300))
    elif hostile == "folder-file":
        for copy in copies:
            if copy.name != "secret":
                copy.unlink()
                copy.mkdir()
    else:
        secret = next(p for p in copies if p.name == "secret")
        secret.unlink()
        if hostile == "secret-link":
            secret.symlink_to(outside)
        else:
            secret.write_bytes(b"short")
    assert _status(ledger).stdout == expected
    assert outside.read_bytes() == b"x" * 32  # a planted link is never followed
    recorded = run_kzt("-f", str(ledger), "record", "港口", "120", "--as-of", "9月")
    clean(recorded)
    assert recorded.returncode == 0
    assert [f["value"] for f in figures(ledger, "港口")] == [100, 120]
    assert run_kzt("-f", str(ledger), "check").returncode in (0, 1, 2)


def test_a_cache_folder_without_permission_is_skipped(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    _status(ledger)  # fills the cache
    cache = Path(os.environ["KZT_CACHE_DIR"])
    cache.chmod(0o000)
    try:
        status = as_user("-f", str(ledger), "status", "--json")
        clean(status)
        assert status.returncode == 0 and status.stderr == ""
        recorded = as_user("-f", str(ledger), "record", "港口", "120", "--as-of", "9月")
        clean(recorded)
        assert recorded.returncode == 0
    finally:
        cache.chmod(0o755)
    assert [f["value"] for f in figures(ledger, "港口")] == [100, 120]


@pytest.mark.parametrize("hostile", ["folder", "loop", "other-user"])
def test_an_unusable_lock_is_one_sentence(ledger: Path, hostile: str) -> None:
    folder = ledger.parent / "figures"
    folder.mkdir()
    lock = folder / ".lock"
    if hostile == "folder":
        lock.mkdir()
    elif hostile == "loop":
        lock.symlink_to(".lock")
    else:
        if not IS_ROOT:
            pytest.skip("giving a file to another user needs root")
        lock.write_text("")
        os.chown(lock, 65534, 65534)
        lock.chmod(0o644)
        folder.chmod(0o777)
    before = snapshot(ledger.parent)
    result = as_user("-f", str(ledger), "record", "港口", "100", "--as-of", "8月")
    clean(result)
    assert result.returncode == 1 and str(lock) in result.stderr and "什么都没有记录" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(ledger.parent) == before


def test_a_read_only_ledger_reads_and_refuses_writes_in_one_sentence(ledger: Path, tmp_path: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    shutil.rmtree(ledger.parent / "figures" / ".cache", ignore_errors=True)
    (ledger.parent / "figures" / ".lock").unlink(missing_ok=True)
    table = write_table(tmp_path / "t.csv", [("港口", "+1", "9月", "")])
    for path in [ledger.parent, *ledger.parent.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        before = snapshot(ledger.parent)
        for args in (["status"], ["report", "--format", "md"], ["check"], ["verify"], ["show", "港口"]):
            result = as_user("-f", str(ledger), *args)
            clean(result)
            assert result.returncode in (0, 1, 2) and result.stdout + result.stderr, args
        assert not (ledger.parent / "figures" / ".lock").exists()
        assert not (ledger.parent / "figures" / ".cache").exists()
        for args in (["record", "港口", "120", "--as-of", "9月"], ["import", str(table), "--yes", "--force"],
                     ["undo", "--yes"], ["set", "港口", "lead", "区交通局"], ["rename", "港口", "port-x"]):
            result = as_user("-f", str(ledger), *args)
            clean(result)
            assert result.returncode == 1, (args, result.stderr)
            assert "写入权限" in result.stderr and str(ledger.parent) in result.stderr, (args, result.stderr)
        assert snapshot(ledger.parent) == before
    finally:
        for path in [ledger.parent, *ledger.parent.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


# ── hand edits the cache must see ──────────────────────────────────────────

def _line_edit(ledger: Path, old: str, new: str, keep_time: str) -> Path:
    shard = ledger.parent / "figures" / "port-throughput.toml"
    text = shard.read_text("utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    if keep_time == "touch -r":
        reference = shard.with_name("reference")
        shutil.copy2(shard, reference)
        shard.write_text(text.replace(old, new, 1), encoding="utf-8")
        subprocess.run(["touch", "-r", str(reference), str(shard)], check=True)
        reference.unlink()
    else:  # cp -p of an edited copy over the file
        edited = shard.with_name("edited")
        edited.write_text(text.replace(old, new, 1), encoding="utf-8")
        shutil.copystat(shard, edited)
        subprocess.run(["cp", "-p", str(edited), str(shard)], check=True)
        edited.unlink()
    return shard


@pytest.mark.parametrize("keep_time", ["touch -r", "cp -p"])
def test_same_size_edits_that_keep_the_mtime_are_seen(ledger: Path, tmp_path: Path, keep_time: str) -> None:
    assert run_kzt("-f", str(ledger), "record", "港口", "250", "--as-of", "8月").returncode == 0
    assert run_kzt("-f", str(ledger), "record", "港口", "260", "--as-of", "9月").returncode == 0
    assert [f["value"] for f in figures(ledger, "港口")] == [250, 260]  # both now cached
    # 1. A hand change of a figure: its checksum no longer matches, so it stops counting.
    shard = _line_edit(ledger, "value = 250.0", "value = 290.0", keep_time)
    assert [f["value"] for f in figures(ledger, "港口")] == [260]
    verify = run_kzt("-f", str(ledger), "verify")
    assert verify.returncode == 1 and f"{shard}:4" in verify.stderr and "校验和不符" in verify.stderr
    # 2. An edit that breaks the TOML of a line.
    _line_edit(ledger, "as_of = 2026-09-30", "as_of = 2026-09-3x", keep_time)
    assert figures(ledger, "港口") == []
    verify = run_kzt("-f", str(ledger), "verify")
    assert verify.returncode == 1 and f"{shard}:5" in verify.stderr
    # 3. A valid same-size replacement (another clone's file copied over with cp -p) is read afresh.
    other = tmp_path / "other"
    assert run_kzt("init", str(other)).returncode == 0
    assert run_kzt("-f", str(other / "targets.toml"), "record", "港口", "240", "--as-of", "8月").returncode == 0
    assert run_kzt("-f", str(other / "targets.toml"), "record", "港口", "270", "--as-of", "9月").returncode == 0
    replacement = other / "figures" / "port-throughput.toml"
    assert replacement.stat().st_size == shard.stat().st_size
    shutil.copystat(shard, replacement)
    subprocess.run(["cp", "-p", str(replacement), str(shard)], check=True)
    assert [f["value"] for f in figures(ledger, "港口")] == [240, 270]
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


def test_an_old_format_file_edited_in_place_with_its_mtime_kept_is_seen(ledger: Path) -> None:
    shard = ledger.parent / "figures" / "port-throughput.toml"
    shard.parent.mkdir()
    shard.write_text('[[entry]]\nid = "a"\nrecorded_at = 2026-10-08T09:00:00+08:00\nas_of = 2026-08-31\n'
                     'value = 150.0\n', encoding="utf-8")
    assert [f["value"] for f in figures(ledger, "港口")] == [150]
    stat = shard.stat()
    shard.write_text(shard.read_text("utf-8").replace("150.0", "190.0"), encoding="utf-8")
    os.utime(shard, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [f["value"] for f in figures(ledger, "港口")] == [190]  # version 1 carries no sums: trusted as written


def test_a_figures_file_that_is_a_folder_is_one_sentence(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", "就业", "5600", "--as-of", "1-9月").returncode == 0
    (ledger.parent / "figures" / "port-throughput.toml").mkdir()
    status = run_kzt("-f", str(ledger), "status", "--json")
    clean(status)
    assert status.returncode == 0 and "port-throughput.toml" in status.stderr
    assert next(s for s in json.loads(status.stdout) if s["id"] == "jobs-new-urban")["value"] == 5600
    before = snapshot(ledger.parent)
    result = run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月")
    clean(result)
    assert result.returncode == 1 and "文件夹" in result.stderr and "port-throughput.toml" in result.stderr
    assert snapshot(ledger.parent) == before
