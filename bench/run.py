"""Benchmark kzt against the plain-text ledgers people already keep: ledger-cli and hledger.

    python bench/run.py                  # a few minutes: 1k, 10k, 50k and 200k figures, medians of 5
    python bench/run.py --quick          # a smoke run: one small size, 2 runs, no goal is final
    python bench/run.py --sizes 1000,50000 --runs 7

Builds the same data for every tool: a kzt ledger of 150 targets with N figures,
written through kzt's own serializer (so it follows whatever format the storage
module writes), and a journal of 150 accounts with N postings for ledger-cli and
hledger (`apt-get install ledger hledger`; a tool that is not installed is shown as
such and its goals are skipped). Every command runs as a whole process, all of them
interleaved round by round so a noisy minute hits every tool alike; the package's
bytecode is compiled first, as an installed package has it. It prints medians of
wall time and of peak memory (each child's own, through GNU time's %M: the
benchmark's own pages never count), ratios to the peers, and the goals, and exits 1
if a goal is missed. `python -c pass` is shown as information only: it is not a
yardstick, it moves 4x between machines.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

TARGETS = 150
KINDS = ("cumulative", "growth", "level", "floor", "ceiling")
CST = timezone(timedelta(hours=8))
TODAY = "2026-11-20"
# --force: every run appends the same +1 on purpose; the repeated-increment guard would ask.
RECORD_ARGS = ("record", "t000", "+1", "--as-of", "2026-10-31", "--force")
FULL_SIZES = (1_000, 10_000, 50_000, 200_000)
IMPORT_ROWS = 50_000
GNU_TIME = "/usr/bin/time"
NOT_INSTALLED = "not installed"


# ── the data ─────────────────────────────────────────────────────────────────

def figures_file_text(target_id: str, entries: list) -> str:
    """A figures file exactly as kzt writes it. The one place that knows the storage
    module's writer: if the storage branch renames its functions, fix only this."""
    from kaizhou_targets.storage import figures as storage

    header = getattr(storage, "header", None) or storage._header
    return header(target_id) + "".join(storage.serialize(entry) for entry in entries)


def ledger_text() -> str:
    """150 targets of mixed kinds, as a person would write them in targets.toml."""
    blocks = ['[ledger]\nname = "基准测试台账"\nyear = 2026\n']
    for n in range(TARGETS):
        kind = KINDS[n % len(KINDS)]
        goal = {"cumulative": 1000, "growth": 6, "level": 80, "floor": 50, "ceiling": 5.5}[kind]
        baseline = "baseline = 60\nbaseline_date = 2025-12-31\nbaseline_source = \"基期\"\n" if kind == "level" else ""
        blocks.append(f'[[target]]\nid = "t{n:03d}"\nname = "指标{n:03d}"\narea = "区域{n % 10}"\n'
                      f'kind = "{kind}"\ntarget = {goal}\nunit = "%"\nfrequency = "monthly"\n{baseline}'
                      f'source = "来源{n}"\n')
    return "\n".join(blocks)


def spread(total: int, parts: int, index: int) -> int:
    """How many of `total` items the `index`-th of `parts` gets when spread evenly."""
    return total // parts + (1 if index < total % parts else 0)


def write_kzt_ledger(folder: Path, figures: int) -> Path:
    """A kzt ledger of 150 targets holding `figures` figures in all."""
    from kaizhou_targets.core.model import Entry

    folder.mkdir(parents=True)
    path = folder / "targets.toml"
    path.write_text(ledger_text(), encoding="utf-8")
    shards = folder / "figures"
    shards.mkdir()
    start = datetime(2026, 1, 5, 9, 0, tzinfo=CST)
    for n in range(TARGETS):
        target_id = f"t{n:03d}"
        entries = []
        for i in range(spread(figures, TARGETS, n)):
            stamp = start + timedelta(minutes=i)
            value = float(i % 97)
            entries.append(Entry(id=f"{stamp:%Y%m%dT%H%M%S%f}-{n:03x}{i % 4096:03x}", target=target_id,
                                 recorded_at=stamp, as_of=date(2026, 1, 1) + timedelta(days=i % 300),
                                 value=value, unit="%", by="bench", input=f"{value:g}"))
        if entries:
            (shards / f"{target_id}.toml").write_text(figures_file_text(target_id, entries), encoding="utf-8")
    return path


def write_journal(path: Path, postings: int) -> Path:
    """A ledger/hledger journal of 150 accounts and `postings` postings (two per transaction)."""
    lines = []
    day = date(2026, 1, 1)
    for i in range(postings // 2):
        source, destination = i % TARGETS, (i * 7 + 1) % TARGETS
        amount = f"{i % 997 + 1}.{i % 100:02d}"
        lines.append(f"{day + timedelta(days=i % 300):%Y-%m-%d} figure {i}\n"
                     f"    targets:area{destination % 10}:t{destination:03d}    {amount} CNY\n"
                     f"    targets:area{source % 10}:t{source:03d}    -{amount} CNY\n\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def write_import_table(path: Path, rows: int) -> Path:
    # One value per target and day: a day that comes round again for a target repeats its row
    # exactly, which an import counts once (two different figures for one period would be refused).
    lines = []
    for i in range(rows):
        target, day = i % TARGETS, (i // TARGETS) % 320
        period = date(2026, 1, 1) + timedelta(days=day)
        lines.append(f"t{target:03d},{(target + day) % 90 + 1},{period.isoformat()},day {day}\n")
    path.write_text("target,value,period,note\n" + "".join(lines), encoding="utf-8")
    return path


# ── running ──────────────────────────────────────────────────────────────────

@dataclass
class Case:
    """One command measured at one size (`column`)."""

    row: str
    column: str
    command: list[str]
    ok_codes: tuple[int, ...] = (0,)
    prepare: Callable[[], list[str]] | None = None  # untimed, before each run: gives the command
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu_seconds) * 1000

    @property
    def peak_mb(self) -> float | None:
        return statistics.median(self.peaks_mb) if self.peaks_mb else None


def gnu_time_works() -> bool:
    """GNU time reports the peak of the child it forks itself, never the caller's pages."""
    if not os.access(GNU_TIME, os.X_OK):
        return False
    with tempfile.NamedTemporaryFile("r") as report:
        done = subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name, "true"], capture_output=True)
        return done.returncode == 0 and report.read().strip().isdigit()


def run_once(case: Case, env: dict[str, str], scratch: Path, use_gnu_time: bool) -> tuple[str, str]:
    """Run the case once, add its wall time, CPU time and peak memory; returns its stdout and stderr."""
    command = case.prepare() if case.prepare else case.command
    report = scratch / "peak.txt"
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(report), *command] if use_gnu_time else command
    with open(scratch / "stdout.txt", "w+b") as out, open(scratch / "stderr.txt", "w+b") as err:
        start = time.perf_counter()
        child = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env)
        # wait4 gives the child's CPU time, its own children (under GNU time: the command) included.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode not in case.ok_codes:
        raise SystemExit(f"{' '.join(command)} exited with {child.returncode}:\n{stderr}")
    # Without GNU time no peak is taken: wait4's maxrss would count this process's pages up to exec.
    kib = int(report.read_text().split()[-1]) if use_gnu_time else 0
    case.seconds.append(seconds)
    case.cpu_seconds.append(usage.ru_utime + usage.ru_stime)
    if kib:
        case.peaks_mb.append(kib * 1024 / 1e6)
    return stdout, stderr


def compile_bytecode() -> None:
    """An installed package has its .pyc files; a fresh checkout would compile on the first run."""
    import kaizhou_targets

    folder = Path(kaizhou_targets.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)], stdout=subprocess.DEVNULL, check=False)


def kzt_command() -> list[str]:
    """The `kzt` script installed beside this Python (what users run), else `python -m kaizhou_targets`."""
    script = Path(sys.executable).parent / ("kzt.exe" if os.name == "nt" else "kzt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kaizhou_targets"]


def tool_version(command: str) -> str:
    try:
        done = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "?"
    return (done.stdout.splitlines() or ["?"])[0].strip()


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


# ── the report ───────────────────────────────────────────────────────────────

def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(f"{cell:<{w}}" if i == 0 else f"{cell:>{w}}"
                                 for i, (cell, w) in enumerate(zip(cells, widths, strict=True))) + " |"

    rule = "|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


@dataclass
class Goal:
    text: str
    measured: str
    limit: str
    verdict: str  # PASS, FAIL or SKIP (with why)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of every command; the median counts (default 5)")
    parser.add_argument("--sizes", default=None, help="figures per ledger, e.g. 1000,10000 (default 1k,10k,50k,200k)")
    parser.add_argument("--import-rows", type=int, default=None, help=f"rows of the import (default {IMPORT_ROWS:,})")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 300 figures, 2 runs, 300 import rows")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([300] if args.quick else list(FULL_SIZES))
    runs = 2 if args.quick and args.runs == 5 else args.runs
    import_rows = args.import_rows or (300 if args.quick else IMPORT_ROWS)

    compile_bytecode()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    kzt = kzt_command()
    peers = {name: shutil.which(name) for name in ("ledger", "hledger")}
    use_gnu_time = gnu_time_works()
    from kaizhou_targets import __version__
    from kaizhou_targets.storage.ledger_file import bundled_ledger_path

    with tempfile.TemporaryDirectory(prefix="kzt-bench-") as tmp:
        scratch = Path(tmp)
        env = {**os.environ, "KZT_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "120",
               "KZT_CACHE_DIR": str(scratch / "user-cache")}
        env.pop("KZT_FILE", None)
        env.pop("KZT_LANG", None)
        cases: list[Case] = [
            Case("python -c pass (floor, information only)", "—", [sys.executable, "-c", "pass"]),
            Case("kzt --help", "—", [*kzt, "--help"]),
            Case("kzt status, bundled ledger", "—", [*kzt, "-f", str(bundled_ledger_path()), "status"]),
        ]
        empty = scratch / "import-ledger"
        empty.mkdir()
        (empty / "targets.toml").write_text(ledger_text(), encoding="utf-8")
        table = write_import_table(scratch / "import.csv", import_rows)
        imports = iter(range(10**6))

        def fresh_import() -> list[str]:
            # Every run imports into a ledger without figures (an import is recorded once).
            folder = scratch / f"import-{next(imports)}"
            shutil.copytree(empty, folder)
            # --force: synthetic figures, which no plausibility guard should stop.
            return [*kzt, "-f", str(folder / "targets.toml"), "import", str(table), "--yes", "--force"]

        import_case = Case(f"kzt import, {import_rows:,} rows", "—", [], prepare=fresh_import)
        cases.append(import_case)
        for size in sizes:
            built = time.perf_counter()
            ledger = write_kzt_ledger(scratch / f"kzt-{size}", size)
            journal = write_journal(scratch / f"journal-{size}.ledger", size)
            print(f"built {size:,} figures and postings in {time.perf_counter() - built:.1f} s", file=sys.stderr)
            column = size_label(size)
            first = Case("kzt status, first run (cold cache; one run)", column, [*kzt, "-f", str(ledger), "status"])
            out, err = run_once(first, env, scratch, use_gnu_time)
            if err.strip() or not out.strip():
                raise SystemExit(f"the synthetic ledger of {size:,} figures does not read cleanly:\n{err}")
            cases.append(first)
            for name, path in peers.items():
                cases.append(Case(f"{name} balance", column,
                                  [path, "-f", str(journal), "balance"] if path else []))
            cases += [
                Case("kzt status", column, [*kzt, "-f", str(ledger), "status"]),
                Case("kzt check", column, [*kzt, "-f", str(ledger), "check"], ok_codes=(0, 1, 2)),
                Case("kzt report --format md", column, [*kzt, "-f", str(ledger), "report", "--format", "md"]),
                Case("kzt record (append one)", column, [*kzt, "-f", str(ledger), *RECORD_ARGS]),
            ]
        timed = [c for c in cases if (c.command or c.prepare) and not c.row.startswith("kzt status, first")]
        for case in timed:  # warm-up: page cache, kzt's caches
            run_once(case, env, scratch, use_gnu_time)
            case.seconds.clear()
            case.cpu_seconds.clear()
            case.peaks_mb.clear()
        started = time.perf_counter()
        for round_number in range(runs):
            # Interleaved: every round runs every command once, starting at a different one.
            shift = round_number * len(timed) // max(runs, 1)
            for case in timed[shift:] + timed[:shift]:
                run_once(case, env, scratch, use_gnu_time)
            print(f"round {round_number + 1}/{runs} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    by_key = {(c.row, c.column): c for c in cases}
    columns = [size_label(s) for s in sizes]

    def wall(row: str, column: str) -> float | None:
        case = by_key.get((row, column))
        return case.wall_ms if case and case.seconds else None

    def cpu(row: str, column: str) -> float | None:
        case = by_key.get((row, column))
        return case.cpu_ms if case and case.cpu_seconds else None

    def peak(row: str, column: str) -> float | None:
        case = by_key.get((row, column))
        return case.peak_mb if case else None

    def cell(value: float | None, row: str) -> str:
        if value is None:
            return NOT_INSTALLED if row.split()[0] in peers else "—"
        return f"{value:,.0f}"

    print(f"\nkzt {__version__} against its peers — medians of {runs} runs, every command a whole process, "
          f"interleaved; Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    for name, path in peers.items():
        print(f"  {name}: {tool_version(path) if path else NOT_INSTALLED + ' (apt-get install ' + name + ')'}")
    if load_before and load_after:
        print(f"  load average (1 min): {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    # kzt is single-threaded: where its wall time exceeds its CPU time, it waited for a CPU that other
    # work held. Then absolute times (and the goals in ms) are too high; the interleaved ratios hold better.
    kzt_cases = [c for c in cases if c.row.startswith("kzt") and c.seconds and "first run" not in c.row]
    waited = sum(c.wall_ms for c in kzt_cases) / max(sum(c.cpu_ms for c in kzt_cases), 1e-9) - 1
    verdict = "quiet" if waited < 0.1 else "busy — re-run in a quiet window for absolute times"
    print(f"  kzt's wall time exceeds its CPU time by {waited:.0%}: the machine was {verdict}")
    if not use_gnu_time:
        print("  peak memory: GNU time (/usr/bin/time) is not installed, so it is not measured")
    grid_rows = ["ledger balance", "hledger balance", "kzt status", "kzt check", "kzt report --format md",
                 "kzt record (append one)", "kzt status, first run (cold cache; one run)"]
    print("\nwall time, ms\n")
    print(markdown_table(["command (figures / postings)", *columns],
                         [[row, *(cell(wall(row, c), row) for c in columns)] for row in grid_rows]))
    print("\nCPU time (user + system) of each child, ms — information: less moved by other work on the machine\n")
    print(markdown_table(["command (figures / postings)", *columns],
                         [[row, *(cell(cpu(row, c), row) for c in columns)] for row in grid_rows]))
    print("\npeak memory of each child, MB\n")
    print(markdown_table(["command (figures / postings)", *columns],
                         [[row, *(cell(peak(row, c), row) for c in columns)] for row in grid_rows[:-1]]))
    ratio_rows = []
    for mine in ("kzt status", "kzt check"):
        for peer in ("ledger balance", "hledger balance"):
            values = [(wall(mine, c), wall(peer, c)) for c in columns]
            ratio_rows.append([f"{mine} ÷ {peer}", *(f"{a / b:.2f}" if a and b else NOT_INSTALLED if b is None else "—"
                                                      for a, b in values)])
    print("\nratios of wall time (below 1: kzt is faster)\n")
    print(markdown_table(["ratio", *columns], ratio_rows))
    fixed = [c for c in cases if c.column == "—"]
    print("\nstart-up and import\n")
    print(markdown_table(["command", "wall ms", "CPU ms", "peak MB"],
                         [[c.row, cell(c.wall_ms, c.row), cell(c.cpu_ms, c.row), cell(c.peak_mb, c.row)]
                          for c in fixed]))

    goals = check_goals(wall, peak, sizes, import_case, import_rows, peers)
    print("\ngoals\n")
    print(markdown_table(["goal", "measured", "limit", "verdict"],
                         [[g.text, g.measured, g.limit, g.verdict] for g in goals]))
    failed = [g for g in goals if g.verdict == "FAIL"]
    skipped = [g for g in goals if g.verdict.startswith("SKIP")]
    print(f"\n{len(goals) - len(failed) - len(skipped)} goals met, {len(failed)} missed, {len(skipped)} not checked")
    return 1 if failed else 0


def check_goals(wall: Callable[[str, str], float | None], peak: Callable[[str, str], float | None],
                sizes: list[int], import_case: Case, import_rows: int,
                peers: dict[str, str | None]) -> list[Goal]:
    goals: list[Goal] = []

    def compare(text: str, measured: float | None, limit: float, unit: str, why_missing: str) -> None:
        if measured is None:
            goals.append(Goal(text, "—", f"< {limit:,.0f} {unit}", f"SKIP ({why_missing})"))
        else:
            goals.append(Goal(text, f"{measured:,.0f} {unit}", f"< {limit:,.0f} {unit}",
                              "PASS" if measured < limit else "FAIL"))

    def missing_peer(name: str) -> str:
        return f"{name} {NOT_INSTALLED}" if peers[name] is None else "size not run"

    def against(text: str, mine: float | None, reference: float | None, limit_text: str, why_missing: str) -> None:
        if mine is None or reference is None:
            goals.append(Goal(text, "—", limit_text, f"SKIP ({why_missing})"))
        else:
            goals.append(Goal(text, f"{mine:,.0f} ms vs {reference:,.0f} ms", limit_text,
                              "PASS" if mine < reference else "FAIL"))

    for size in (50_000, 200_000):
        column = size_label(size)
        for mine in ("kzt status", "kzt check"):
            against(f"{mine} at {column} faster than ledger balance", wall(mine, column),
                    wall("ledger balance", column), "< ledger balance",
                    missing_peer("ledger") if size in sizes else "size not run")
    for mine in ("kzt status", "kzt check"):
        # Linear: 4x the figures may cost at most 4x the time above a bare Python start.
        floor = wall("python -c pass (floor, information only)", "—") or 0.0
        at_50, at_200 = wall(mine, "50k"), wall(mine, "200k")
        if at_50 is None or at_200 is None:
            goals.append(Goal(f"{mine}: 200k ÷ 50k, time above python start", "—", "≤ 4 (linear)",
                              "SKIP (size not run)"))
        else:
            growth = (at_200 - floor) / (at_50 - floor)
            goals.append(Goal(f"{mine}: 200k ÷ 50k, time above python start", f"{growth:.2f}", "≤ 4 (linear)",
                              "PASS" if growth <= 4 else "FAIL"))
    hledger_1k = wall("hledger balance", "1k")
    against("kzt status at 1k within 2× hledger balance at 1k", wall("kzt status", "1k"),
            2 * hledger_1k if hledger_1k is not None else None, "< 2 × hledger balance",
            missing_peer("hledger") if 1000 in sizes else "size not run")
    compare("kzt status on the bundled ledger", wall("kzt status, bundled ledger", "—"), 100, "ms", "")
    records = [wall("kzt record (append one)", size_label(s)) for s in sizes]
    compare("kzt record, slowest size", max(r for r in records if r is not None) if records else None, 60, "ms",
            "no size run")
    compare("kzt --help", wall("kzt --help", "—"), 60, "ms", "")
    peaks = [peak(row, "200k") for row in ("kzt status", "kzt check", "kzt report --format md",
                                           "kzt record (append one)")]
    measured_peaks = [p for p in peaks if p is not None]
    compare("peak memory of kzt at 200k", max(measured_peaks) if measured_peaks else None, 150, "MB",
            "size not run" if 200_000 not in sizes else "GNU time not installed")
    compare(f"kzt import of {IMPORT_ROWS:,} rows", import_case.wall_ms if import_rows == IMPORT_ROWS else None,
            3000, "ms", f"ran {import_rows:,} rows")
    return goals


if __name__ == "__main__":
    sys.exit(main())
