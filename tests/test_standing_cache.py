"""The standing-series cache `kzt status` and `kzt check` read (storage/figures_standing.py):
never stale, never counting what the whole history would not, and only a copy."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from kaizhou_targets.storage import figures as storage

from .conftest import run_kzt

TARGET = "port-throughput"


def standing_value(ledger: Path) -> float | None:
    result = run_kzt("-f", str(ledger), "status", "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return next(p["value"] for p in json.loads(result.stdout) if p["id"] == TARGET)


def test_a_figures_file_changed_behind_kzts_back_is_never_served_from_the_cache(ledger: Path) -> None:
    for value, period in (("100", "8月"), ("120", "9月")):
        assert run_kzt("-f", str(ledger), "record", TARGET, value, "--as-of", period).returncode == 0
    assert standing_value(ledger) == 120  # this run fills the standing cache
    assert list((Path(os.environ["KZT_CACHE_DIR"])).glob("figures-*/standing.zh.marshal"))
    assert not (ledger.parent / "figures" / ".cache").exists()  # nothing of the cache in the shared folder
    shard = ledger.parent / "figures" / f"{TARGET}.toml"
    lines = shard.read_text(encoding="utf-8").splitlines(keepends=True)
    shard.write_text("".join(lines[:-1]), encoding="utf-8")  # the last figure taken out by hand
    assert standing_value(ledger) == 100


def test_a_deleted_cache_gives_the_same_answer(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", TARGET, "100", "--as-of", "8月").returncode == 0
    assert run_kzt("-f", str(ledger), "record", TARGET, "90", "--as-of", "8月").returncode == 0  # a revision
    warm = standing_value(ledger)
    shutil.rmtree(os.environ["KZT_CACHE_DIR"])
    assert standing_value(ledger) == warm == 90


def test_imported_figures_count_only_while_their_import_is_committed(ledger: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(f"target,value,period,note\n{TARGET},150,9月,\n", encoding="utf-8")
    assert run_kzt("-f", str(ledger), "import", str(table), "--yes").returncode == 0
    assert standing_value(ledger) == 150  # cached, with the batch counted
    assert standing_value(ledger) == 150  # and served from the index with its batch still counted
    (ledger.parent / "figures" / "imports.toml").unlink()  # the import is no longer known to be complete
    assert standing_value(ledger) is None
    history = run_kzt("-f", str(ledger), "history", TARGET, "--json")
    assert json.loads(history.stdout) == []  # what the whole history says too


def test_a_reading_command_keeps_no_rows_for_a_writer(ledger: Path) -> None:
    assert run_kzt("-f", str(ledger), "record", TARGET, "100", "--as-of", "8月").returncode == 0
    storage._read_under_lock.clear()
    assert storage.read_shard(storage.shard_path(ledger, TARGET)) is not None
    assert storage._read_under_lock == {}
