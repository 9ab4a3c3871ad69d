"""A cache is never trusted over the file it caches unless kzt wrote it on this machine (issue 26.9),
and a file git changed costs only that file (issue 27).

The copies live in the user's cache folder, sealed with a secret made there (storage/figures_cache.py).
A forged copy — committed into figures/.cache as the old versions kept it, planted in the cache
folder with a key anyone can compute, or copied from another clone's cache — is ignored: status,
history and report say what the figures file says.
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.storage import figures_cache, figures_format
from kaizhou_targets.storage.digest import blake2b

from .conftest import invoke, run_kzt

TARGET = "port-throughput"


def value_in_status(ledger: Path, cache: Path | None = None) -> float | None:
    env = {"KZT_CACHE_DIR": str(cache)} if cache else None
    result = run_kzt("-f", str(ledger), "status", "--json", env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return next(p["value"] for p in json.loads(result.stdout) if p["id"] == TARGET)


def values_seen(ledger: Path) -> tuple[float | None, list[float], str]:
    history = run_kzt("-f", str(ledger), "history", TARGET, "--json")
    report = run_kzt("-f", str(ledger), "report", "--format", "md")
    assert history.returncode == 0 and report.returncode == 0, history.stderr + report.stderr
    return value_in_status(ledger), [row["value"] for row in json.loads(history.stdout)], report.stdout


def shard(ledger: Path) -> Path:
    return ledger.parent / "figures" / f"{TARGET}.toml"


def forged_rows(ledger: Path, value: float) -> list[tuple[object, ...]]:
    rows = figures_format.parse(shard(ledger).read_text("utf-8"), shard(ledger)).rows
    return [(*row[:3], value, *row[4:]) for row in rows]


def test_a_cache_committed_into_the_ledger_folder_is_never_read(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", TARGET, "250", "--as-of", "8月").returncode == 0
    key = blake2b(shard(ledger).read_bytes(), digest_size=16).digest()
    rows = forged_rows(ledger, 273.0)
    planted = ledger.parent / "figures" / ".cache"
    planted.mkdir()
    # The copies of kzt ≤ 0.3, exactly as they were keyed: the hash of the figures file, which anyone can compute.
    (planted / f"{TARGET}.marshal").write_bytes(marshal.dumps(((3, "zh", key), rows, [], False)))
    (planted / f"{TARGET}.standing.marshal").write_bytes(marshal.dumps(((3, "zh", key), rows, [], [], [])))
    status, history, report = values_seen(ledger)
    assert status == 250 and history == [250] and "273" not in report and "273.0" not in report
    assert run_kzt("-f", str(ledger), "verify").returncode == 0


def test_a_copy_planted_in_the_cache_folder_without_the_secret_is_ignored(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", TARGET, "250", "--as-of", "8月").returncode == 0
    assert value_in_status(ledger) == 250  # the copies are made, sealed
    cache = Path(os.environ["KZT_CACHE_DIR"])
    folder = next(cache.glob("figures-*"))
    store = figures_cache.Store(ledger.parent / "figures")
    assert store.folder == folder and store.usable
    data = shard(ledger).read_bytes()
    key = blake2b(data, digest_size=16).digest()
    rows = forged_rows(ledger, 273.0)
    stamp = (figures_cache.CACHE_VERSION, "zh")
    fake_secret = os.urandom(figures_cache.SECRET_SIZE)

    def sealed(content: object) -> bytes:
        blob = marshal.dumps(content)
        return blake2b(blob, key=fake_secret, digest_size=figures_cache.SEAL_SIZE).digest() + blob

    (folder / "rows").mkdir(exist_ok=True)
    (folder / "rows" / f"{TARGET}.marshal").write_bytes(sealed((stamp, None, key, rows, [], False)))
    index = {f"{TARGET}.toml": (None, key, rows, [], [], [])}
    (folder / "standing.zh.marshal").write_bytes(sealed((stamp, index)))
    status, history, report = values_seen(ledger)
    assert status == 250 and history == [250] and "273" not in report and "273.0" not in report
    # The copies are the real ones again: kzt sealed them anew with its own secret.
    assert store.load(folder / "standing.zh.marshal")[1][f"{TARGET}.toml"][2][0][3] == 250


def test_a_cache_copied_from_another_clone_is_ignored(ledger: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(ledger.parent, other)
    other_ledger = other / ledger.name
    assert run_kzt("-f", str(other_ledger), "record", TARGET, "273", "--as-of", "8月").returncode == 0
    assert run_kzt("-f", str(ledger), "record", TARGET, "250", "--as-of", "8月").returncode == 0
    other_cache = tmp_path / "other-cache"
    assert value_in_status(other_ledger, other_cache) == 273
    assert run_kzt("-f", str(other_ledger), "history", TARGET, env={"KZT_CACHE_DIR": str(other_cache)}).returncode == 0
    assert value_in_status(ledger) == 250
    # Their copies, under my ledger's name in my cache folder: sealed with their secret, not mine.
    mine = figures_cache.Store(ledger.parent / "figures")
    theirs = next(other_cache.glob("figures-*"))
    shutil.copyfile(theirs / "standing.zh.marshal", mine.standing_path())
    shutil.copytree(theirs / "rows", mine.folder / "rows", dirs_exist_ok=True)
    assert mine.load(mine.standing_path()) is None
    status, history, report = values_seen(ledger)
    assert status == 250 and history == [250] and "273" not in report and "273.0" not in report


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record stats at once (the real wait is two seconds, for files changed in the same clock tick)."""
    monkeypatch.setattr(figures_cache, "RACY_NS", -10**18)


def reads_during(monkeypatch: pytest.MonkeyPatch, runner: CliRunner, *args: str) -> tuple[list[str], str]:
    """The figures files a command opened, and its output."""
    from kaizhou_targets.storage import figures_standing

    seen: list[str] = []
    real = figures_standing.read_bytes_and_stat

    def counting(path: Path | str) -> tuple[bytes | None, os.stat_result | None]:
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(figures_standing, "read_bytes_and_stat", counting)
    result = invoke(runner, *args)
    monkeypatch.setattr(figures_standing, "read_bytes_and_stat", real)
    assert result.exit_code in (0, 1, 2), result.output
    return seen, result.output


def test_a_file_changed_by_git_costs_only_that_file(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch,
                                                    settled_at_once: None) -> None:
    for target, value in ((TARGET, "250"), ("jobs-new-urban", "3000")):
        assert invoke(runner, "-f", str(ledger), "record", target, value, "--as-of", "8月", "--force").exit_code == 0
    reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")  # the index is made
    seen, _ = reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")
    assert seen == []  # warm: no file parsed
    # What git's checkout does: the file written anew, with another office's figure at the end.
    other = shard(ledger).read_text("utf-8")
    assert invoke(runner, "-f", str(ledger), "record", TARGET, "260", "--as-of", "9月").exit_code == 0
    pulled = shard(ledger).read_text("utf-8")
    shard(ledger).write_text(other, "utf-8")
    seen, _ = reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")
    assert seen == [f"{TARGET}.toml"]
    shard(ledger).unlink()
    shard(ledger).write_text(pulled, "utf-8")
    seen, output = reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")
    assert seen == [f"{TARGET}.toml"]
    assert next(p["value"] for p in json.loads(output) if p["id"] == TARGET) == 260


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(runner: CliRunner, ledger: Path,
                                                        monkeypatch: pytest.MonkeyPatch, settled_at_once: None) -> None:
    """The stat includes the inode and the ctime, which no edit can set back."""
    assert invoke(runner, "-f", str(ledger), "record", TARGET, "250", "--as-of", "8月").exit_code == 0
    assert invoke(runner, "-f", str(ledger), "record", TARGET, "260", "--as-of", "9月").exit_code == 0
    reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")
    path = shard(ledger)
    before = path.stat()
    lines = path.read_text("utf-8").splitlines(keepends=True)
    # The last figure swapped for a copy of the one before, padded to the same size: the last line wins nothing.
    edited = "".join(lines[:-1]) + "#" * (len(lines[-1].encode()) - 1) + "\n"
    with open(path, "r+b") as handle:  # in place: the same inode
        handle.write(edited.encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    seen, output = reads_during(monkeypatch, runner, "-f", str(ledger), "status", "--json")
    assert seen == [f"{TARGET}.toml"]
    assert next(p["value"] for p in json.loads(output) if p["id"] == TARGET) == 250
