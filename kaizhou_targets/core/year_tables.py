"""Validating the year tables of a ledger: `[ledger.years.2027]` and `[target.years.2027]`.

Part of validation.py's work, kept apart because it is one idea: the later
years of the plan (plan_years.py says what they mean). Like the rest of
validation, these functions report problems and never raise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..i18n import _
from .model import Ledger, Problem, Target, YearTerms
from .plan_years import YEAR_TERM_KEYS, every_year_target, is_recurring

YEAR_KEYS = frozenset({"source_file", "name"})


def _year_number(key: object) -> int | None:
    text = str(key)
    return int(text) if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2200 else None


def read_ledger_years(head: Mapping[str, Any], first_year: int, line: int | None,
                      problem: Callable[..., None]) -> tuple[dict[int, str], dict[int, str]]:
    """[ledger.years.Y] tables: each later year of the ledger, the report that sets its targets
    and the year's name where one is given."""
    raw = head.get("years", {})
    names: dict[int, str] = {}
    if not isinstance(raw, dict):
        problem(_("[ledger] 中的 years 必须是表，如 [ledger.years.2027]"), line)
        return {}, names
    found: dict[int, str] = {}
    for key, table in raw.items():
        year = _year_number(key)
        if year is None or year <= first_year:
            problem(_("[ledger.years.{key}]：年份须是台账首年 {first} 之后的四位年份，如 [ledger.years.{next}]")
                    .format(key=key, first=first_year, next=first_year + 1), line)
            continue
        if not isinstance(table, dict):
            problem(_("[ledger.years.{year}] 必须是表").format(year=year), line)
            continue
        for name in table:
            if name not in YEAR_KEYS:
                problem(_("[ledger.years.{year}] 中有未知的键“{key}”；可用的键：{known}").format(
                    year=year, key=name, known=", ".join(sorted(YEAR_KEYS))), line)
        source = table.get("source_file", "")
        if not isinstance(source, str):
            problem(_("[ledger.years.{year}] 的 source_file 必须是报告的文件名").format(year=year), line)
            source = ""
        found[year] = source
        if isinstance(table.get("name"), str) and table["name"].strip():
            names[year] = table["name"].strip()
    return found, names


def read_target_years(target: Target, raw: Mapping[str, Any], lines: dict[str, int],
                      year_sources: Mapping[int, str],
                      build: Callable[[dict[str, Any], dict[str, int]], Target | None],
                      problem: Callable[..., None]) -> dict[int, YearTerms]:
    """A target's [target.years.Y] tables, each checked as a whole target of that year would be
    (by `build`, validation's own target builder), so a bad number is caught with its line."""
    tables = raw.get("years")
    start = lines.get("[[target]]")
    if not isinstance(tables, dict):
        problem(_("{id}：years 必须写成 [target.years.2027] 这样的表").format(id=target.id), start)
        return {}
    if tables and not is_recurring(target):
        problem(_("{id}：只有一年期的数量指标才能逐年设目标（[target.years.…]）；节点任务和多年目标不逐年延续")
                .format(id=target.id), start)
        return {}
    found: dict[int, YearTerms] = {}
    for key, table in tables.items():
        year = _year_number(key)
        at = lines.get(f"years.{key}", start)
        if year is None or year <= target.period_start.year:
            problem(_("{id}：[target.years.{key}] 的年份须晚于指标首年 {first}").format(
                id=target.id, key=key, first=target.period_start.year), at)
            continue
        if year not in year_sources:
            problem(_("{id}：{year} 年还没有加入台账；请先运行 kzt year add {year} --source 报告文件").format(
                id=target.id, year=year), at)
            continue
        if not isinstance(table, dict):
            problem(_("{id}：[target.years.{year}] 必须是表").format(id=target.id, year=year), at)
            continue
        unknown = [name for name in table if name not in YEAR_TERM_KEYS]
        for name in unknown:
            problem(_("{id}：[target.years.{year}] 中有未知的键“{key}”；逐年可设的键：{known}").format(
                id=target.id, year=year, key=name, known=", ".join(sorted(YEAR_TERM_KEYS))),
                lines.get(f"years.{key}.{name}", at))
        # The first year's own deadline (a 2026-06-30 task date) is not the later year's.
        merged = {k: v for k, v in raw.items() if k not in ("years", "deadline") and k not in YEAR_TERM_KEYS} | {
            k: v for k, v in table.items() if k in YEAR_TERM_KEYS}
        merged["period"] = str(year)
        merged.setdefault("source", raw.get("source", ""))  # a year not yet filled in is checked by verify
        own_lines = {name.removeprefix(f"years.{key}."): line for name, line in lines.items()
                     if name.startswith(f"years.{key}.")} | {"[[target]]": at or 0}
        built = build(merged, own_lines)
        if built is None or unknown:
            continue
        values = tuple((name, getattr(built, name)) for name in sorted(table) if name in YEAR_TERM_KEYS)
        found[year] = YearTerms(year, values, at or 0)
    return found


def every_year_ledger(ledger: Ledger) -> Ledger:
    """The ledger with the targets of every year it declares, for checking each against its report."""
    return ledger._replace(targets=tuple(every_year_target(ledger)))


def unfilled_year_terms(ledger: Ledger) -> list[Problem]:
    """One warning per year whose targets still wait for the numbers of that year's report."""
    waiting: dict[int, list[Target]] = {}
    for target in every_year_target(ledger):
        if target.id in ledger.year_terms and target.period_start.year in ledger.year_terms[target.id] \
                and ((target.goal is None and not target.relative_to) or not target.source):
            waiting.setdefault(target.period_start.year, []).append(target)
    problems: list[Problem] = []
    for year, targets in sorted(waiting.items()):
        shown = "、".join(t.id for t in targets[:8]) + (_("等") if len(targets) > 8 else "")
        problems.append(Problem(
            _("{year} 年有 {count} 个指标的目标尚未填写（{ids}）。报告公布后用 kzt set 指标 target 数值 --year {year} "
              "--note 依据 和 kzt set 指标 source 报告原话 --year {year} 填入；填入前该年的状态为“目标待定”。")
            .format(year=year, count=len(targets), ids=shown),
            ledger.path, targets[0].line, severity="warning"))
    return problems
