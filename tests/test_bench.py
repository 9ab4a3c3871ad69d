"""The benchmark runs and prints its tables; its data reads back through kzt's own storage.

No timing is asserted here: the benchmark measures, the tests check behaviour.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from kaizhou_targets.storage.figures import read_histories
from kaizhou_targets.storage.ledger_file import load_ledger_strict

from .conftest import REPO

BENCH = REPO / "bench" / "run.py"


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kzt_bench_run", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_the_peer_table_and_the_goals_without_peers_installed(tmp_path: Path) -> None:
    # Only this Python's folder on PATH: ledger and hledger are "not installed", and the run must go on.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run([sys.executable, str(BENCH), "--quick", "--sizes", "150", "--runs", "1",
                           "--import-rows", "20"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1: a goal missed (timings are not this test's business)
    out = done.stdout
    for heading in ("wall time, ms", "CPU time (user + system) of each child, ms", "peak memory of each child, MB",
                    "ratios of wall time", "start-up and import",
                    "goals"):
        assert heading in out
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    for row in ("kzt status", "kzt check", "kzt record (append one)", "kzt --help", "kzt status, bundled ledger",
                "kzt import, 20 rows", "python -c pass (floor, information only)"):
        assert row in rows, row
    assert "not installed" in rows["ledger balance"] and "not installed" in rows["hledger balance"]
    assert "ledger: not installed (apt-get install ledger)" in out
    assert "kzt's wall time exceeds its CPU time by" in out  # says whether the machine was quiet
    # A goal against a missing peer is skipped and says why; none of them passes by default.
    assert "SKIP (ledger not installed)" not in out  # 50k/200k were not run: the reason is the size
    assert "kzt status at 50k faster than ledger balance" in rows
    assert "SKIP (size not run)" in rows["kzt status at 50k faster than ledger balance"]


def test_synthetic_ledger_is_written_in_kzts_own_format(tmp_path: Path) -> None:
    bench = bench_module()
    path = bench.write_kzt_ledger(tmp_path / "ledger", 451)
    ledger = load_ledger_strict(path)
    assert len(ledger.targets) == bench.TARGETS
    histories, problems = read_histories(path, [t.id for t in ledger.targets])
    assert problems == []
    assert sum(len(entries) for entries in histories.values()) == 451
    assert {len(entries) for entries in histories.values()} == {3, 4}  # spread evenly over the targets


def test_journal_holds_as_many_postings_as_the_ledger_has_figures(tmp_path: Path) -> None:
    bench = bench_module()
    journal = bench.write_journal(tmp_path / "j.ledger", 1000).read_text(encoding="utf-8")
    postings = [line for line in journal.splitlines() if line.startswith("    ")]
    assert len(postings) == 1000
    accounts = {line.split()[0] for line in postings}
    assert len(accounts) == bench.TARGETS
    if (ledger := _which("ledger")) is not None:  # the journal balances, as ledger-cli reads it
        done = subprocess.run([ledger, "-f", str(tmp_path / "j.ledger"), "balance"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def _which(name: str) -> str | None:
    import shutil

    return shutil.which(name)
