"""Regenerate the example ledger's invented figures (示例数据).

    python examples/make_example.py

Every figure here is made up, deterministically (a fixed random seed), so
a newcomer can see a full report at once:  kzt -f examples/targets.toml report
Nothing invented ever goes into the real targets.toml.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kaizhou_targets.core.calendar_days import month_end
from kaizhou_targets.core.model import Entry
from kaizhou_targets.core.progress import elapsed_share
from kaizhou_targets.storage.figures import FIGURES_DIR
from kaizhou_targets.storage.figures_format import header, serialize
from kaizhou_targets.storage.ledger_file import load_ledger_strict

HERE = Path(__file__).resolve().parent
CST = timezone(timedelta(hours=8))
NOTE = "示例数据（虚构）"
LAST_MONTH = 10  # figures through 1-10月


def typed_on(period: date, rng: random.Random) -> datetime:
    """Monthly figures arrive around the 10th; October's in the week of 16–20 November."""
    if period.month == LAST_MONTH:
        day = date(2026, 11, 16) + timedelta(days=rng.randrange(5))
    else:
        day = period + timedelta(days=rng.randrange(8, 15))
    return datetime(day.year, day.month, day.day, 9, rng.randrange(60), tzinfo=CST)


def periods_for(frequency: str) -> list[date]:
    if frequency == "monthly":
        return [month_end(2026, m) for m in range(1, LAST_MONTH + 1)]
    if frequency == "quarterly":
        return [month_end(2026, m) for m in (3, 6, 9)]
    return []


def main() -> None:
    shutil.copyfile(HERE.parent / "targets.toml", HERE / "targets.toml")
    text = (HERE / "targets.toml").read_text(encoding="utf-8")
    # The report it cites, inside its own folder: kzt reads no report outside a ledger's folder.
    (HERE / "seeds").mkdir(exist_ok=True)
    shutil.copyfile(HERE.parent / "seeds" / "004_552df92d5a075e63.txt", HERE / "seeds" / "004_552df92d5a075e63.txt")
    text = text.replace("# 开州区 2026 年目标任务台账 (kaizhou-targets ledger)",
                        "# 示例台账 (EXAMPLE): the real targets, with invented figures in figures/ (示例数据).\n"
                        "# 开州区 2026 年目标任务台账 (kaizhou-targets ledger)", 1)
    (HERE / "targets.toml").write_text(text, encoding="utf-8")
    ledger = load_ledger_strict(HERE / "targets.toml")
    folder = HERE / FIGURES_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    gdp: dict[date, float] = {}
    for t in ledger.targets:
        # One stream per target: adding or changing a target leaves the others' figures as they were.
        rng = random.Random(f"2026-{t.id}")
        pace = rng.uniform(0.8, 1.12)  # each target's own invented pace
        entries: list[Entry] = []
        frequency = t.frequency or ledger.settings.default_frequency
        for n, period in enumerate(periods_for(frequency)):
            goal = t.goal
            if t.kind == "milestone" or (goal is None and t.kind != "relative"):
                continue
            if t.kind == "growth":
                value = round(goal * pace + rng.uniform(-0.4, 0.4), 1)
            elif t.kind == "cumulative":
                value = goal * elapsed_share(t, period, frequency) * pace
                value = round(value) if t.unit in ("人", "家", "户", "个", "项", "座", "名", "天") else round(value, 2)
            elif t.kind == "level":
                start = t.baseline if t.baseline is not None else goal * 0.75
                value = round(start + (goal - start) * elapsed_share(t, period, frequency) * pace, 2)
            elif t.kind == "floor":
                # A share can hold at 100% but not pass it; a stock (储备项目) can.
                at_most_full = t.unit == "%" and goal >= 100
                value = 100.0 if at_most_full else round(goal * (1 + (pace - 0.9) * 0.05), 2)
            elif t.kind == "ceiling" and t.unit == "类":
                value = 3.0 if pace < 1.08 else 4.0
            elif t.kind == "ceiling":
                value = round(goal - (pace - 0.85) * 0.4, 2) if goal > 0 else round(-rng.uniform(0.5, 3), 1)
            elif t.relative_to == "gdp-growth" and period in gdp:
                value = round(gdp[period] + rng.uniform(-0.6, 0.3), 1)
            else:
                continue
            if t.id == "gdp-growth":
                gdp[period] = value
            stamp = typed_on(period, rng)
            entries.append(Entry(f"example-{t.id}-{n}", t.id, stamp, period, float(value), t.unit,
                                 "示例录入员", NOTE, str(value)))
        if t.kind == "milestone" and rng.random() < 0.35:
            period = month_end(2026, rng.randrange(3, LAST_MONTH + 1))
            entries.append(Entry(f"example-{t.id}-done", t.id, typed_on(period, rng), period, 1.0, "",
                                 "示例录入员", NOTE, "完成"))
        if t.id == "jobs-new-urban" and entries:
            # One statistical revision this week, to show how revisions read.
            last = entries[-2]
            entries.append(last._replace(id=f"example-{t.id}-revised", value=(last.value or 0) + 120,
                                         recorded_at=datetime(2026, 11, 18, 10, 5, tzinfo=CST),
                                         note=NOTE + "；统计局修订", input=str((last.value or 0) + 120)))
        if entries:
            (folder / f"{t.id}.toml").write_text(header(t.id) + "".join(serialize(e) for e in entries),
                                                 encoding="utf-8")


if __name__ == "__main__":
    main()
