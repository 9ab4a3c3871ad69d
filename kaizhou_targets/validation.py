"""Turn a parsed ledger document into typed records, collecting problems.

Pure functions: they take the TOML document already parsed (plus a map of
line numbers) and return what they could build and a list of problems,
never raising, so `kzt verify` can report every problem at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any

from .model import (
    FREQUENCIES,
    KINDS,
    Bands,
    Ledger,
    Problem,
    Settings,
    Target,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
NUMERIC_KINDS = frozenset({"growth", "cumulative", "level", "floor", "ceiling"})
TARGET_KEYS = frozenset({
    "id", "name", "area", "kind", "direction", "target", "unit", "qualifier",
    "increase", "period", "deadline", "baseline", "baseline_date",
    "baseline_source", "frequency", "relative_to", "lead", "owners", "phasing",
    "bands", "margin", "note", "source", "source_file", "target_note", "baseline_note",
})
REQUIRED_KEYS = ("id", "name", "area", "kind", "source")
TOP_KEYS = frozenset({"ledger", "settings", "target"})
LEDGER_KEYS = frozenset({"name", "region", "year", "source_file", "sources_dir"})
SETTINGS_KEYS = frozenset({"timezone", "default_frequency", "stale_grace_days",
                           "milestone_warning_days", "bands", "notify"})
BAND_KEYS = frozenset(f.name for f in fields(Bands))

LineMap = list[dict[str, int]]


def locate_targets(text: str) -> tuple[LineMap, dict[str, int]]:
    """Line numbers of each [[target]] block's keys, and of top-level tables.

    tomllib keeps no positions, so we scan the text: good enough to point a
    person at the right line of a hand-edited file.
    """
    blocks: LineMap = []
    tables: dict[str, int] = {}
    current: dict[str, int] | None = None
    key_line = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[[target]]"):
            current = {"[[target]]": number}
            blocks.append(current)
        elif stripped.startswith("["):
            current = None
            tables.setdefault(stripped.strip("[] "), number)
        elif current is not None and (m := key_line.match(line)):
            current.setdefault(m.group(1).strip("\"'"), number)
    return blocks, tables


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def build_ledger(doc: Mapping[str, Any], path: str, text: str) -> tuple[Ledger | None, list[Problem]]:
    """Validate the document and build a Ledger; problems say file and line."""
    problems: list[Problem] = []
    blocks, tables = locate_targets(text)

    def problem(message: str, line: int | None = None) -> None:
        problems.append(Problem(message, path, line))

    for key in doc:
        if key not in TOP_KEYS:
            problem(f"unknown table or key {key!r}; expected [ledger], [settings] and [[target]] entries",
                    tables.get(key))
    head = doc.get("ledger", {})
    if not isinstance(head, dict):
        problem("[ledger] must be a table", tables.get("ledger"))
        head = {}
    for key in head:
        if key not in LEDGER_KEYS:
            problem(f"unknown key {key!r} in [ledger]; known keys: {', '.join(sorted(LEDGER_KEYS))}",
                    tables.get("ledger"))
    year = head.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        problem("[ledger] year must be a year such as 2026", tables.get("ledger"))
        year = date.today().year
    settings = _build_settings(doc.get("settings", {}), tables, problem)

    raw_targets = doc.get("target", [])
    if not isinstance(raw_targets, list):
        problem("`target` must be written as [[target]] tables", tables.get("target"))
        raw_targets = []
    if not raw_targets:
        problem("the ledger holds no [[target]] entries")
    targets: list[Target] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_targets):
        lines = blocks[index] if index < len(blocks) else {}
        target = _build_target(raw, lines, year, settings, head, problem)
        if target is None:
            continue
        if target.id in seen:
            problem(f"duplicate id {target.id!r} (first used on line {seen[target.id]}); "
                    "give each target its own id", lines.get("id"))
            continue
        seen[target.id] = target.line
        targets.append(target)
    for target in targets:
        if target.relative_to and target.relative_to not in seen:
            problem(f"{target.id}: relative_to names {target.relative_to!r}, which is not a target id",
                    target.line)
    ledger = Ledger(
        name=str(head.get("name", "")),
        path=path,
        year=year,
        settings=settings,
        targets=tuple(targets),
        source_file=str(head.get("source_file", "")),
        sources_dir=str(head.get("sources_dir", "seeds")),
    )
    return ledger, problems


def _build_settings(raw: Any, tables: dict[str, int], problem: Any) -> Settings:
    if not isinstance(raw, dict):
        problem("[settings] must be a table", tables.get("settings"))
        return Settings()
    line = tables.get("settings")
    for key in raw:
        if key not in SETTINGS_KEYS:
            problem(f"unknown key {key!r} in [settings]; known keys: {', '.join(sorted(SETTINGS_KEYS))}",
                    line)
    bands = _build_bands(raw.get("bands", {}), Bands(), tables.get("settings.bands"), "[settings.bands]",
                         problem)
    frequency = raw.get("default_frequency", "quarterly")
    if frequency not in FREQUENCIES:
        problem(f"default_frequency must be one of {', '.join(FREQUENCIES)}", line)
        frequency = "quarterly"
    timezone = raw.get("timezone", "Asia/Shanghai")
    if not isinstance(timezone, str) or not timezone:
        problem("timezone must be a name such as \"Asia/Shanghai\"", line)
        timezone = "Asia/Shanghai"
    grace = _int_setting(raw, "stale_grace_days", 30, line, problem)
    warning = _int_setting(raw, "milestone_warning_days", 30, line, problem)
    from .notify_settings import build_notify_settings

    notify = build_notify_settings(raw.get("notify", {}), tables.get("settings.notify"), problem)
    return Settings(timezone=timezone, default_frequency=frequency, stale_grace_days=grace,
                    milestone_warning_days=warning, bands=bands, notify=notify)


def _int_setting(raw: dict[str, Any], key: str, default: int, line: int | None, problem: Any) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problem(f"{key} must be a whole number of days, 0 or more", line)
        return default
    return value


def _build_bands(raw: Any, base: Bands, line: int | None, where: str, problem: Any) -> Bands:
    if not isinstance(raw, dict):
        problem(f"{where} must be a table of numbers", line)
        return base
    values: dict[str, float] = {}
    for key, value in raw.items():
        if key not in BAND_KEYS:
            problem(f"unknown band {key!r} in {where}; known: {', '.join(sorted(BAND_KEYS))}", line)
        elif not _is_number(value) or not math.isfinite(value) or value < 0:
            problem(f"band {key} in {where} must be a number, 0 or more", line)
        else:
            values[key] = float(value)
    return Bands(**{**base.__dict__, **values})


def _build_target(raw: Any, lines: dict[str, int], year: int, settings: Settings,
                  head: Mapping[str, Any], problem: Any) -> Target | None:
    start = lines.get("[[target]]")
    if not isinstance(raw, dict):
        problem("a [[target]] entry must be a table", start)
        return None
    label = raw.get("id", f"target at line {start}")
    ok = True
    for key in raw:
        if key not in TARGET_KEYS:
            problem(f"{label}: unknown key {key!r}; known keys: {', '.join(sorted(TARGET_KEYS))}",
                    lines.get(key, start))
    for key in REQUIRED_KEYS:
        if key not in raw:
            problem(f"{label}: missing required key {key!r}", start)
            ok = False
        elif not isinstance(raw[key], str) or not raw[key].strip():
            problem(f"{label}: {key} must be a non-empty string", lines.get(key, start))
            ok = False
    if not ok:
        return None
    target_id = raw["id"]
    if not ID_PATTERN.match(target_id):
        problem(f"id {target_id!r} must be lower-case ASCII letters, digits and hyphens "
                "(easy to type), e.g. \"port-throughput\"", lines.get("id", start))
        ok = False
    kind = raw["kind"]
    if kind not in KINDS:
        problem(f"{target_id}: unknown kind {kind!r}; use one of {', '.join(KINDS)}", lines.get("kind"))
        ok = False
    numbers: dict[str, float | None] = {}
    for key in ("target", "increase", "baseline", "margin"):
        value = raw.get(key)
        if value is None:
            numbers[key] = None
        elif not _is_number(value) or not math.isfinite(value):
            problem(f"{target_id}: {key} must be a number, not {value!r}", lines.get(key))
            numbers[key] = None
            ok = False
        else:
            numbers[key] = float(value)
    if kind in NUMERIC_KINDS and numbers["target"] is None and numbers["increase"] is None:
        problem(f"{target_id}: a {kind} target needs a numeric `target`", start)
        ok = False
    if numbers["margin"] is not None and numbers["margin"] < 0:
        problem(f"{target_id}: margin must be 0 or more", lines.get("margin"))
        ok = False
    direction = raw.get("direction", "down" if kind == "ceiling" else "up")
    if direction not in ("up", "down"):
        problem(f"{target_id}: direction must be \"up\" or \"down\"", lines.get("direction"))
        ok = False
    frequency = raw.get("frequency")
    if frequency is not None and frequency not in FREQUENCIES:
        problem(f"{target_id}: frequency must be one of {', '.join(FREQUENCIES)}", lines.get("frequency"))
        ok = False
    period = str(raw.get("period", year))
    match = PERIOD_PATTERN.match(period)
    if not match:
        problem(f"{target_id}: period must be a year (\"2026\") or a span (\"2026-2030\")",
                lines.get("period"))
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        problem(f"{target_id}: period {period} ends before it starts", lines.get("period"))
        return None
    period_start = date(first, 1, 1)
    deadline = raw.get("deadline", date(last, 12, 31))
    if not isinstance(deadline, date):
        problem(f"{target_id}: deadline must be a date such as 2026-12-31", lines.get("deadline"))
        ok = False
    elif not period_start <= deadline:
        problem(f"{target_id}: deadline {deadline} lies before the period starts", lines.get("deadline"))
        ok = False
    baseline_date = raw.get("baseline_date")
    if baseline_date is not None and not isinstance(baseline_date, date):
        problem(f"{target_id}: baseline_date must be a date such as 2025-12-31", lines.get("baseline_date"))
        ok = False
    if numbers["baseline"] is not None and "baseline_source" not in raw and "baseline_note" not in raw:
        problem(f"{target_id}: a baseline needs baseline_source (the phrase of the report that states it) "
                "or baseline_note (where else it comes from)", lines.get("baseline"))
        ok = False
    phasing = raw.get("phasing", [])
    if not isinstance(phasing, list) or len(phasing) not in (0, 4, 12) or not all(
            _is_number(w) and w >= 0 for w in phasing) or (phasing and sum(phasing) <= 0):
        problem(f"{target_id}: phasing must be 12 monthly or 4 quarterly weights, 0 or more",
                lines.get("phasing"))
        ok = False
    owners = raw.get("owners", [])
    if isinstance(owners, str):
        owners = [owners]
    if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
        problem(f"{target_id}: owners must be a list of unit names", lines.get("owners"))
        ok = False
    for key in ("unit", "qualifier", "baseline_source", "relative_to", "lead", "note", "source_file",
                "target_note", "baseline_note"):
        if key in raw and not isinstance(raw[key], str):
            problem(f"{target_id}: {key} must be a string", lines.get(key))
            ok = False
    bands = _build_bands(raw.get("bands", {}), settings.bands, lines.get("bands"),
                         f"the bands of {target_id}", problem)
    if not ok:
        return None
    return Target(
        id=target_id,
        name=raw["name"].strip(),
        area=raw["area"].strip(),
        kind=kind,
        source=raw["source"],
        period_start=period_start,
        deadline=deadline,
        direction=direction,
        target=numbers["target"],
        unit=raw.get("unit", ""),
        qualifier=raw.get("qualifier", ""),
        increase=numbers["increase"],
        baseline=numbers["baseline"],
        baseline_date=baseline_date,
        baseline_source=raw.get("baseline_source", ""),
        frequency=frequency,
        relative_to=raw.get("relative_to", ""),
        lead=raw.get("lead", ""),
        owners=tuple(owners),
        phasing=tuple(float(w) for w in phasing),
        margin=numbers["margin"],
        bands=bands,
        note=raw.get("note", ""),
        source_file=raw.get("source_file", str(head.get("source_file", ""))),
        line=start or 0,
    )


def check_provenance(ledger: Ledger, sources: Mapping[str, str | None]) -> list[Problem]:
    """Every source phrase must occur verbatim in the seed file it names.

    `sources` maps a seed file name to its text, or None where it is missing.
    """
    problems: list[Problem] = []
    for target in ledger.targets:
        text = sources.get(target.source_file)
        if not target.source_file:
            problems.append(Problem(f"{target.id}: no source_file names the report it comes from",
                                    ledger.path, target.line))
            continue
        if text is None:
            problems.append(Problem(
                f"{target.id}: the source file {target.source_file!r} is not in the "
                f"{ledger.sources_dir}/ folder beside the ledger; copy the report there",
                ledger.path, target.line))
            continue
        for key, phrase in (("source", target.source), ("baseline_source", target.baseline_source)):
            if phrase and phrase not in text:
                problems.append(Problem(
                    f"{target.id}: the {key} phrase {phrase!r} does not occur verbatim in "
                    f"{target.source_file}; copy the exact words of the report",
                    ledger.path, target.line))
    return problems
