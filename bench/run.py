"""Benchmark kzt as whole processes on synthetic ledgers of growing history.

    python bench/run.py [--runs 5] [--sizes 1000,10000,50000,200000]

Generates ledgers of 150 targets with 1,000 … 200,000 recorded figures,
runs each command several times, and prints medians of wall time and peak
memory, and ratios to `python -c pass` measured in the same run (absolute
times drift between machines; ratios measured together do not). Exits 1 if
a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kaizhou_targets.model import Entry
from kaizhou_targets.storage.figures import FIGURES_DIR
from kaizhou_targets.storage.figures_format import header, serialize
from kaizhou_targets.storage.ledger_file import bundled_ledger_path

TARGETS = 150
KINDS = ("cumulative", "growth", "level", "floor", "ceiling")
CST = timezone(timedelta(hours=8))
TODAY = "2026-11-20"


def synthetic_ledger(folder: Path, figures: int) -> Path:
    """150 targets of mixed kinds, figures spread evenly, written as kzt writes them."""
    folder.mkdir(parents=True)
    blocks = ['[ledger]\nname = "基准测试台账"\nyear = 2026\n']
    for n in range(TARGETS):
        kind = KINDS[n % len(KINDS)]
        goal = {"cumulative": 1000, "growth": 6, "level": 80, "floor": 50, "ceiling": 5.5}[kind]
        baseline = "baseline = 60\nbaseline_date = 2025-12-31\nbaseline_source = \"基期\"\n" if kind == "level" else ""
        blocks.append(f'[[target]]\nid = "t{n:03d}"\nname = "指标{n:03d}"\narea = "区域{n % 10}"\n'
                      f'kind = "{kind}"\ntarget = {goal}\nunit = "%"\nfrequency = "monthly"\n{baseline}'
                      f'source = "来源{n}"\n')
    path = folder / "targets.toml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    shards = folder / FIGURES_DIR
    shards.mkdir()
    start = datetime(2026, 1, 5, 9, 0, tzinfo=CST)
    per_target = figures // TARGETS
    extra = figures - per_target * TARGETS
    for n in range(TARGETS):
        count = per_target + (1 if n < extra else 0)
        parts = [header(f"t{n:03d}")]
        for i in range(count):
            as_of = date(2026, 1, 1) + timedelta(days=i % 300)
            stamp = start + timedelta(minutes=i)
            parts.append(serialize(Entry(f"b{n}-{i}", f"t{n:03d}", stamp, as_of, float(i % 97), "%",
                                         "bench", "", str(i % 97))))
        (shards / f"t{n:03d}.toml").write_text("".join(parts), encoding="utf-8")
    return path


def kzt_command() -> list[str]:
    found = shutil.which("kzt")
    return [found] if found else [sys.executable, "-m", "kaizhou_targets"]


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MB) over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1, 2):
            raise SystemExit(f"{' '.join(command)} failed with exit code {proc.returncode}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return statistics.median(times), statistics.median(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,50000,200000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    env = {**os.environ, "KZT_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120"}
    kzt = kzt_command()
    rows: list[tuple[str, str, float, float]] = []

    def run(label: str, size: str, command: list[str]) -> tuple[float, float]:
        seconds, peak = measure(command, args.runs, env)
        rows.append((label, size, seconds, peak))
        return seconds, peak

    floor, _ = run("python -c pass", "—", [sys.executable, "-c", "pass"])
    help_time, _ = run("kzt --help", "—", [*kzt, "--help"])
    bundled = str(bundled_ledger_path())
    bundled_status, _ = run("kzt status", "bundled", [*kzt, "-f", bundled, "status"])
    results: dict[tuple[str, int], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kzt-bench-") as tmp:
        target_ledger = synthetic_ledger(Path(tmp) / "import", 0)
        table = Path(tmp) / "import.csv"
        table.write_text("target,value,period,note\n" + "".join(
            f"t{i % TARGETS:03d},{i % 90 + 1},2026-{i % 10 + 1:02d}-{i % 28 + 1:02d},row {i}\n"
            for i in range(50_000)), encoding="utf-8")
        import_time, _ = run("kzt import", "50,000 rows",
                             [*kzt, "-f", str(target_ledger), "import", str(table), "--yes"])
        for size in sizes:
            built = time.perf_counter()
            ledger = synthetic_ledger(Path(tmp) / f"n{size}", size)
            print(f"generated {size:,} figures in {time.perf_counter() - built:.1f} s", file=sys.stderr)
            cold = time.perf_counter()
            subprocess.run([*kzt, "-f", str(ledger), "status"], stdout=subprocess.DEVNULL, env=env, check=True)
            rows.append(("kzt status (cold cache)", f"{size:,}", time.perf_counter() - cold, float("nan")))
            for name, extra in (("record", ["record", "t000", "+1", "--as-of", "2026-10-31"]),
                                ("status", ["status"]), ("report", ["report", "--format", "md"]),
                                ("check", ["check"])):
                results[(name, size)] = run(f"kzt {name}", f"{size:,}", [*kzt, "-f", str(ledger), *extra])

    print(f"\nkzt benchmark — {args.runs} runs each, medians; floor = python -c pass = {floor * 1000:.0f} ms\n")
    print(f"{'command':<26}{'figures':>10}{'wall ms':>10}{'× floor':>9}{'peak MB':>9}")
    for label, size, seconds, peak in rows:
        peak_text = "" if peak != peak else f"{peak:.0f}"
        print(f"{label:<26}{size:>10}{seconds * 1000:>10.0f}{seconds / floor:>9.1f}{peak_text:>9}")

    goals: list[tuple[str, float, str, bool]] = []

    def goal(text: str, value: float, limit: str, ok: bool) -> None:
        goals.append((text, value, limit, ok))

    goal("kzt --help / python -c pass", help_time / floor, "≤ 5", help_time / floor <= 5)
    goal("kzt status (bundled) / python -c pass", bundled_status / floor, "≤ 12", bundled_status / floor <= 12)
    if 1000 in sizes and 200000 in sizes:
        ratio = results[("record", 200000)][0] / results[("record", 1000)][0]
        goal("kzt record at 200,000 / at 1,000", ratio, "≤ 1.3", ratio <= 1.3)
    if 50000 in sizes:
        for name in ("status", "check"):
            ratio = results[(name, 50000)][0] / floor
            goal(f"kzt {name} at 50,000 / python -c pass", ratio, "≤ 20", ratio <= 20)
        if 10000 in sizes:
            for name in ("status", "check"):
                # Linear growth: 5× the figures may cost at most 5× the time above the fixed start-up.
                t10, t50 = results[(name, 10000)][0] - floor, results[(name, 50000)][0] - floor
                growth = t50 / t10 if t10 > 0 else 0.0
                goal(f"kzt {name}: time above floor, 50k / 10k", growth, "≤ 5 (linear)", growth <= 5)
    goal("kzt import of 50,000 rows (seconds)", import_time, "< 10", import_time < 10)
    if 200000 in sizes:
        peak = max(results[(name, 200000)][1] for name in ("record", "status", "report", "check"))
        goal("peak memory at 200,000 figures (MB)", peak, "< 300", peak < 300)
    print(f"\n{'goal':<46}{'measured':>10}  {'limit':<14}")
    for text, value, limit, ok in goals:
        print(f"{text:<46}{value:>10.2f}  {limit:<14}{'PASS' if ok else 'FAIL'}")
    return 0 if all(ok for *_, ok in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
