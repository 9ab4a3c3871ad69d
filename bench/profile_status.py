"""Where a cold, a warm and an after-a-pull `kzt status` go: cProfile of whole `kzt` processes on bench ledgers.

    python bench/profile_status.py                          # 1,150×50k and 5,000×200k: cold, warm, after a pull
    python bench/profile_status.py --cells 150x1000 --top 15 --command check
    python bench/profile_status.py --importtime             # also `python -X importtime` of the bundled status

Builds each ledger with bench/workload.py (as bench/run.py does), runs
`python -m kaizhou_targets -f … status` under cProfile once with every kzt cache
deleted, once more warm, and once after a tenth of the figures files changed (as
bench/run.py's pull), and prints for each the total and the top
functions by own time and by cumulative time (file:line(function), paths
shortened to the package). Profiling slows Python code about 1.5–2×: read the
shares, not the seconds. The .prof files are kept in --out for snakeviz or pstats.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workload  # the sibling module, found through the line above

TODAY = "2026-11-20"
# `python -m kaizhou_targets` under cProfile. kzt leaves with os._exit (no interpreter teardown) unless
# atexit has work, which would lose the profile: a callback registered here makes it exit normally.
DRIVER = """import atexit, cProfile, runpy, sys
atexit.register(lambda: None)
output, sys.argv = sys.argv[1], ["kzt", *sys.argv[2:]]
cProfile.run("runpy.run_module('kaizhou_targets', run_name='__main__', alter_sys=True)", output)
"""


def parse_cells(text: str) -> list[tuple[int, int]]:
    return [(int(t), int(f)) for t, _, f in (part.strip().lower().partition("x") for part in text.split(","))]


def shorten(text: str) -> str:
    return re.sub(r"\S*/(kaizhou_targets/|lib/python3\.\d+/)", r"\1", text)


def top(profile: Path, key: str, count: int, only: str = "") -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    stats.sort_stats(key).print_stats(*([only] if only else []), count)
    text = out.getvalue()
    start = text.find("   ncalls")
    return shorten(text[start:].rstrip() if start >= 0 else text)


def profiled(env: dict[str, str], ledger: workload.KztLedger, command: list[str], output: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", DRIVER, str(output), "-f", str(ledger.path), *command],
                          capture_output=True, text=True, env={**env, **ledger.env()})
    if done.returncode not in (0, 1, 2):
        raise SystemExit(done.stderr[-3000:])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cells", default="1150x50000,5000x200000", help="TARGETSxFIGURES, comma-separated")
    parser.add_argument("--command", default="status", help="the kzt command profiled (default status)")
    parser.add_argument("--top", type=int, default=25, help="functions listed per profile (default 25)")
    parser.add_argument("--out", default=None, help="folder for the .prof files (default a temporary one)")
    parser.add_argument("--importtime", action="store_true", help="also -X importtime of the bundled ledger's status")
    args = parser.parse_args(argv)
    env = {**os.environ, "KZT_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120"}
    for name in ("KZT_FILE", "KZT_LANG", "KZT_CACHE_DIR"):
        env.pop(name, None)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="kzt-profile-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"load average (1 min) at the start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="kzt-profile-data-") as tmp:
        for targets, figures in parse_cells(args.cells):
            name = f"{targets}x{figures}"
            ledger = workload.write_kzt_ledger(Path(tmp) / name, targets, figures)
            for state in ("cold", "warm", "pull"):
                if state == "cold":
                    ledger.wipe_caches()
                elif state == "pull":
                    ledger.pull()  # a tenth of the files changed since the warm run
                profile = out / f"{args.command}-{name}-{state}.prof"
                seconds = profiled(env, ledger, args.command.split(), profile)
                print(f"\n## {args.command} {state}, {targets:,} targets × {figures:,} figures: "
                      f"{seconds:.2f} s under cProfile\n")
                print("by own time:\n" + top(profile, "tottime", args.top))
                print("\nby cumulative time, kzt's own functions:\n"
                      + top(profile, "cumulative", args.top, only="kaizhou_targets"))
            shutil.rmtree(Path(tmp) / name)
    if args.importtime:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kaizhou_targets", "status"],
                              capture_output=True, text=True, env=env, cwd=out)
        rows = []
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit():
                rows.append((int(parts[1]), int(parts[0].split(":")[1]), parts[2][1:].rstrip()))
        total = sum(cumulative for cumulative, _, module in rows if not module.startswith(" "))
        print(f"\n## python -X importtime -m kaizhou_targets status (bundled): {total / 1000:.0f} ms of imports")
        print("cumulative µs | self µs | module")
        for cumulative, own, module in sorted(rows, reverse=True)[:args.top]:
            print(f"{cumulative:>13,} | {own:>7,} | {module}")
    print(f"\nprofiles kept in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
