"""Turn a parsed ledger document into typed records, collecting problems.

Pure functions: they take the TOML document already parsed (plus a map of
line numbers) and return what they could build and a list of problems,
never raising, so `kzt verify` can report every problem at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..i18n import _
from .lazy_re import lazy_pattern
from .model import COMMITMENTS, KINDS, Bands, Ledger, Problem, Settings, Target
from .provenance_numbers import states_number
from .reporting_calendar import TARGET_CALENDAR_KEYS, parse_calendar_settings, parse_target_calendar
from .rule_settings import FREQUENCIES, CalendarSettings

ID_PATTERN = lazy_pattern(r"^[a-z0-9][a-z0-9-]*$")
PERIOD_PATTERN = lazy_pattern(r"^(\d{4})(?:-(\d{4}))?$")
NUMERIC_KINDS = frozenset({"growth", "cumulative", "level", "floor", "ceiling"})
TARGET_KEYS = frozenset({
    "id", "name", "area", "kind", "direction", "target", "unit", "qualifier",
    "increase", "period", "deadline", "baseline", "baseline_date",
    "baseline_source", "frequency", "relative_to", "lead", "owners", "phasing",
    "bands", "margin", "note", "source", "source_file", "target_note", "baseline_note",
    "tolerance", "steps", "step", "commitment", "years", "judged", "binding", "closing",
}) | TARGET_CALENDAR_KEYS
REQUIRED_KEYS = ("id", "name", "area", "kind", "source")
TOP_KEYS = frozenset({"ledger", "settings", "target"})
LEDGER_KEYS = frozenset({"name", "region", "year", "source_file", "sources_dir", "years"})
SETTINGS_KEYS = frozenset({"timezone", "default_frequency", "stale_grace_days",
                           "milestone_warning_days", "bands", "notify", "calendar", "guards", "closing",
                           "reporting_unit"})
BAND_KEYS = frozenset(Bands._fields)

LineMap = list[dict[str, int]]


def locate_targets(text: str) -> tuple[LineMap, dict[str, int]]:
    """Line numbers of each [[target]] block's keys, and of top-level tables.

    tomllib keeps no positions, so we scan the text: good enough to point a
    person at the right line of a hand-edited file.
    """
    blocks: LineMap = []
    tables: dict[str, int] = {}
    current: dict[str, int] | None = None
    prefix = ""  # "years.2027." inside a [target.years.2027] table of the current block
    key_line = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")
    year_table = re.compile(r"^\[\s*target\s*\.\s*years\s*\.\s*[\"']?(\d{4})[\"']?\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[[target]]"):
            current, prefix = {"[[target]]": number}, ""
            blocks.append(current)
        elif current is not None and (year := year_table.match(stripped)):
            prefix = f"years.{year.group(1)}."
            current.setdefault(prefix.rstrip("."), number)
        elif stripped.startswith("["):
            current = None
            tables.setdefault(stripped.strip("[] "), number)
        elif current is not None and (m := key_line.match(line)):
            current.setdefault(prefix + m.group(1).strip("\"'"), number)
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
            problem(_("未知的表或键“{key}”；应为 [ledger]、[settings] 和 [[target]] 条目").format(key=key),
                    tables.get(key))
    head = doc.get("ledger", {})
    if not isinstance(head, dict):
        problem(_("[ledger] 必须是表"), tables.get("ledger"))
        head = {}
    for key in head:
        if key not in LEDGER_KEYS:
            problem(_("[ledger] 中有未知的键“{key}”；可用的键：{known}").format(
                key=key, known=", ".join(sorted(LEDGER_KEYS))),
                    tables.get("ledger"))
    year = head.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        problem(_("[ledger] year 必须是年份，例如 2026"), tables.get("ledger"))
        year = date.today().year
    settings = _build_settings(doc.get("settings", {}), tables, problem)

    raw_targets = doc.get("target", [])
    if not isinstance(raw_targets, list):
        problem(_("`target` 必须写成 [[target]] 表"), tables.get("target"))
        raw_targets = []
    if not raw_targets:
        problem(_("台账中没有 [[target]] 条目"))
    targets: list[Target] = []
    seen: dict[str, int] = {}
    from .year_tables import read_ledger_years, read_target_years

    year_sources, year_names = read_ledger_years(head, year, tables.get("ledger"), problem)
    year_terms = {}
    for index, raw in enumerate(raw_targets):
        lines = blocks[index] if index < len(blocks) else {}
        target = _build_target(raw, lines, year, settings, head, problem)
        if target is not None and isinstance(raw, dict) and "years" in raw:
            year_terms[target.id] = read_target_years(
                target, raw, lines, year_sources, lambda merged, at: _build_target(
                    merged, at, year, settings, head, problem, pending_allowed=True), problem)
        if target is None:
            continue
        if target.id in seen:
            problem(_("编号“{id}”重复（第 {line} 行已用过）；请给每个指标单独的编号").format(
                id=target.id, line=seen[target.id]), lines.get("id"))
            continue
        seen[target.id] = target.line
        targets.append(target)
    for target in targets:
        if target.relative_to and target.relative_to not in seen:
            problem(_("{id}：relative_to 指向的“{ref}”不是指标编号").format(id=target.id, ref=target.relative_to),
                    target.line)
    ledger = Ledger(
        name=str(head.get("name", "")),
        path=path,
        year=year,
        settings=settings,
        targets=tuple(targets),
        source_file=str(head.get("source_file", "")),
        sources_dir=str(head.get("sources_dir", "seeds")),
        year_sources=year_sources,
        year_names=year_names,
        year_terms={k: v for k, v in year_terms.items() if k in seen},
    )
    return ledger, problems


def _build_settings(raw: Any, tables: dict[str, int], problem: Any) -> Settings:
    if not isinstance(raw, dict):
        problem(_("[settings] 必须是表"), tables.get("settings"))
        return Settings()
    line = tables.get("settings")
    for key in raw:
        if key not in SETTINGS_KEYS:
            problem(_("[settings] 中有未知的键“{key}”；可用的键：{known}").format(
                key=key, known=", ".join(sorted(SETTINGS_KEYS))),
                    line)
    bands = _build_bands(raw.get("bands", {}), Bands(), tables.get("settings.bands"), "[settings.bands]",
                         problem)
    frequency = raw.get("default_frequency", "quarterly")
    if frequency not in FREQUENCIES:
        problem(_("default_frequency 必须是 {choices} 之一").format(choices=", ".join(FREQUENCIES)), line)
        frequency = "quarterly"
    timezone = raw.get("timezone", "Asia/Shanghai")
    if not isinstance(timezone, str) or not timezone:
        problem(_("timezone 必须是如 \"Asia/Shanghai\" 的名称"), line)
        timezone = "Asia/Shanghai"
    grace = _int_setting(raw, "stale_grace_days", Settings._field_defaults["stale_grace_days"], line, problem)
    warning = _int_setting(raw, "milestone_warning_days", 30, line, problem)
    from .notify_settings import build_notify_settings

    notify = build_notify_settings(raw.get("notify", {}), tables.get("settings.notify"), problem)
    calendar, messages = parse_calendar_settings(raw.get("calendar"), CalendarSettings(
        grace_days=grace, milestone_warning_days=warning, default_frequency=frequency))
    for message in messages:
        problem(message, tables.get("settings.calendar", line))
    from .plausibility import parse_guards

    guards, guard_messages = parse_guards(raw.get("guards"))
    for message in guard_messages:
        problem(message, tables.get("settings.guards", line))
    from .year_end import parse_closing_settings

    closing, closing_messages = parse_closing_settings(raw.get("closing"))
    for message in closing_messages:
        problem(message, tables.get("settings.closing", line))
    unit = raw.get("reporting_unit", "")
    if not isinstance(unit, str):
        problem(_("reporting_unit（填报单位）必须是字符串，例如 \"开州区发展改革委\""), line)
        unit = ""
    return Settings(timezone=timezone, default_frequency=frequency, stale_grace_days=grace,
                    milestone_warning_days=warning, bands=bands, notify=notify, calendar=calendar, guards=guards,
                    closing=closing, reporting_unit=unit.strip())


def _int_setting(raw: dict[str, Any], key: str, default: int, line: int | None, problem: Any) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problem(_("{key} 必须是天数，0 或以上的整数").format(key=key), line)
        return default
    return value


def _build_bands(raw: Any, base: Bands, line: int | None, where: str, problem: Any) -> Bands:
    if not isinstance(raw, dict):
        problem(_("{where} 必须是数字组成的表").format(where=where), line)
        return base
    values: dict[str, float] = {}
    for key, value in raw.items():
        if key not in BAND_KEYS:
            problem(_("{where} 中有未知的色带“{key}”；可用：{known}").format(
                key=key, where=where, known=", ".join(sorted(BAND_KEYS))), line)
        elif not _is_number(value) or not math.isfinite(value) or value < 0:
            problem(_("{where} 中的色带 {key} 必须是 0 或以上的数字").format(key=key, where=where), line)
        else:
            values[key] = float(value)
    return Bands(**{**base._asdict(), **values})


def _build_target(raw: Any, lines: dict[str, int], year: int, settings: Settings,
                  head: Mapping[str, Any], problem: Any, *, pending_allowed: bool = False) -> Target | None:
    start = lines.get("[[target]]")
    if not isinstance(raw, dict):
        problem(_("[[target]] 条目必须是表"), start)
        return None
    label = raw.get("id", _("第 {line} 行的指标").format(line=start))
    ok = True
    for key in raw:
        if key not in TARGET_KEYS:
            problem(_("{label}：未知的键“{key}”；可用的键：{known}").format(
                label=label, key=key, known=", ".join(sorted(TARGET_KEYS))),
                    lines.get(key, start))
    for key in REQUIRED_KEYS:
        if key not in raw:
            problem(_("{label}：缺少必填的键“{key}”").format(label=label, key=key), start)
            ok = False
        elif not isinstance(raw[key], str) or not raw[key].strip():
            problem(_("{label}：{key} 必须是非空字符串").format(label=label, key=key), lines.get(key, start))
            ok = False
    if not ok:
        return None
    target_id = raw["id"]
    if not ID_PATTERN.match(target_id):
        problem(_("编号“{id}”只能由小写英文字母、数字和连字符组成（便于输入），例如 \"port-throughput\"").format(
            id=target_id), lines.get("id", start))
        ok = False
    kind = raw["kind"]
    if kind not in KINDS:
        problem(_("{id}：未知的类型“{kind}”；请用 {choices} 之一").format(
            id=target_id, kind=kind, choices=", ".join(KINDS)), lines.get("kind"))
        ok = False
    numbers: dict[str, float | None] = {}
    for key in ("target", "increase", "baseline", "margin"):
        value = raw.get(key)
        if value is None:
            numbers[key] = None
        elif not _is_number(value) or not math.isfinite(value):
            problem(_("{id}：{key} 必须是数字，不能是 {value!r}").format(
                id=target_id, key=key, value=value), lines.get(key))
            numbers[key] = None
            ok = False
        else:
            numbers[key] = float(value)
    if kind in NUMERIC_KINDS and numbers["target"] is None and numbers["increase"] is None \
            and raw.get("steps") is None and not pending_allowed:
        problem(_("{id}：{kind} 类指标需要数字形式的 `target`").format(id=target_id, kind=kind), start)
        ok = False
    if numbers["margin"] is not None and numbers["margin"] < 0:
        problem(_("{id}：margin 必须为 0 或以上").format(id=target_id), lines.get("margin"))
        ok = False
    direction = raw.get("direction", "down" if kind == "ceiling" else "up")
    if direction not in ("up", "down"):
        problem(_("{id}：direction 必须是 \"up\" 或 \"down\"").format(id=target_id), lines.get("direction"))
        ok = False
    frequency = raw.get("frequency")
    if frequency is not None and frequency not in FREQUENCIES:
        problem(_("{id}：frequency 必须是 {choices} 之一").format(
            id=target_id, choices=", ".join(FREQUENCIES)), lines.get("frequency"))
        ok = False
    period = str(raw.get("period", year))
    match = PERIOD_PATTERN.match(period)
    if not match:
        problem(_("{id}：period 必须是年份（\"2026\"）或年份区间（\"2026-2030\"）").format(id=target_id),
                lines.get("period"))
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        problem(_("{id}：期限 {period} 的结束早于开始").format(id=target_id, period=period), lines.get("period"))
        return None
    period_start = date(first, 1, 1)
    deadline = raw.get("deadline", date(last, 12, 31))
    if not isinstance(deadline, date):
        problem(_("{id}：deadline 必须是日期，例如 2026-12-31").format(id=target_id), lines.get("deadline"))
        ok = False
    elif not period_start <= deadline:
        problem(_("{id}：截止日期 {deadline} 早于期限开始").format(
            id=target_id, deadline=deadline), lines.get("deadline"))
        ok = False
    baseline_date = raw.get("baseline_date")
    if baseline_date is not None and not isinstance(baseline_date, date):
        problem(_("{id}：baseline_date 必须是日期，例如 2025-12-31").format(id=target_id), lines.get("baseline_date"))
        ok = False
    if numbers["baseline"] is not None and "baseline_source" not in raw and "baseline_note" not in raw:
        problem(_("{id}：基期值需要 baseline_source（报告中给出它的原话）或 baseline_note（其他出处）").format(
            id=target_id), lines.get("baseline"))
        ok = False
    phasing = raw.get("phasing", [])
    if not isinstance(phasing, list) or len(phasing) not in (0, 4, 12) or not all(
            _is_number(w) and w >= 0 for w in phasing) or (phasing and sum(phasing) <= 0):
        problem(_("{id}：phasing 必须是 12 个月度或 4 个季度权重，均为 0 或以上").format(id=target_id),
                lines.get("phasing"))
        ok = False
    owners = raw.get("owners", [])
    if isinstance(owners, str):
        owners = [owners]
    if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
        problem(_("{id}：owners 必须是单位名称的列表").format(id=target_id), lines.get("owners"))
        ok = False
    for key in ("unit", "qualifier", "baseline_source", "relative_to", "lead", "note", "source_file",
                "target_note", "baseline_note"):
        if key in raw and not isinstance(raw[key], str):
            problem(_("{id}：{key} 必须是字符串").format(id=target_id, key=key), lines.get(key))
            ok = False
    bands = _build_bands(raw.get("bands", {}), settings.bands, lines.get("bands"),
                         _("{id} 的色带").format(id=target_id), problem)
    judging = _build_judging(raw, target_id, kind, lines, problem, settings)
    own_calendar, messages = parse_target_calendar(raw, target_id)
    for message in messages:
        problem(message, start)
        ok = False
    if not ok or judging is None:
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
        target_note=raw.get("target_note", ""),
        baseline_note=raw.get("baseline_note", ""),
        source_file=raw.get("source_file", str(head.get("source_file", ""))),
        line=start or 0,
        calendar=own_calendar,
        **judging,
    )


def _build_judging(raw: Mapping[str, Any], target_id: str, kind: str, lines: dict[str, int],
                   problem: Any, settings: Settings) -> dict[str, Any] | None:
    """tolerance, steps/step, commitment, judged, binding and closing: how a target is judged beyond
    its kind. None when one of them is wrong (each problem already reported)."""
    found: dict[str, Any] = {}
    ok = _build_year_rule(raw, target_id, kind, lines, problem, settings, found)
    tolerance = raw.get("tolerance")
    if tolerance is not None:
        if not _is_number(tolerance) or not math.isfinite(tolerance) or tolerance < 0:
            problem(_("{id}：tolerance（“左右”的容差，以目标本身的单位计）须是 0 或更大的数，"
                      "例如空气质量优良天数写 tolerance = 3").format(id=target_id), lines.get("tolerance"))
            ok = False
        else:
            found["tolerance"] = float(tolerance)
    steps, step = raw.get("steps"), raw.get("step")
    if steps is not None or step is not None:
        if not (isinstance(steps, int) and not isinstance(steps, bool) and steps > 0
                and isinstance(step, (int, float)) and not isinstance(step, bool)
                and math.isfinite(step) and step > 0):
            problem(_("{id}：steps 与 step 须同时给出：steps 为要跨上的台阶数（正整数），step 为一个台阶的大小"
                      "（正数，以目标的单位计），例如“再上3个百亿台阶”写 steps = 3、step = 100")
                    .format(id=target_id), lines.get("steps", lines.get("step")))
            ok = False
        elif raw.get("target") is not None or raw.get("increase") is not None:
            problem(_("{id}：按台阶计的目标由基期算出，不能同时写 target 或 increase；删去其中之一")
                    .format(id=target_id), lines.get("steps"))
            ok = False
        else:
            found |= {"steps": steps, "step": float(step)}
    commitment = raw.get("commitment")
    if commitment is not None:
        if commitment not in COMMITMENTS or kind != "milestone":
            problem(_("{id}：commitment 只用于 milestone，取值 result（到期须完成）或 step"
                      "（只承诺报告所说的推进步骤，期限为指示性）").format(id=target_id),
                    lines.get("commitment"))
            ok = False
        else:
            found["commitment"] = commitment
    return found if ok else None


def _build_year_rule(raw: Mapping[str, Any], target_id: str, kind: str, lines: dict[str, int], problem: Any,
                     settings: Settings, found: dict[str, Any]) -> bool:
    """judged, binding and closing (judging.py) into `found`; False when one of them is wrong."""
    from .judging import JUDGED
    from .year_end import parse_closing_settings

    ok = True
    judged = raw.get("judged")
    if judged is not None:
        if judged not in JUDGED or kind not in ("floor", "ceiling"):
            problem(_("{id}：judged 只用于底线（floor）和控制线（ceiling），取值 year-figure（按全年数评价，默认）"
                      "或 every-reading（每次读数都须守住，如粮食播面、水质），而不是 {value!r}").format(
                id=target_id, value=judged), lines.get("judged"))
            ok = False
        else:
            found["judged"] = judged
    binding = raw.get("binding")
    if binding is not None:
        if not isinstance(binding, bool) or kind == "milestone":
            problem(_("{id}：binding（约束性指标，不设基本完成）须写 true 或 false，且不用于 milestone，"
                      "而不是 {value!r}").format(id=target_id, value=binding), lines.get("binding"))
            ok = False
        else:
            found["binding"] = binding
    closing = raw.get("closing")
    if closing is not None:
        band, messages = parse_closing_settings(closing, settings.closing,
                                                where=_("{id} 的 closing").format(id=target_id))
        if kind == "milestone":
            messages.append(_("{id}：closing（基本完成的幅度）不用于 milestone").format(id=target_id))
        for message in messages:
            problem(message, lines.get("closing"))
        if messages:
            ok = False
        else:
            found["closing"] = band
    return ok


def check_provenance(ledger: Ledger, sources: Mapping[str, str | None]) -> list[Problem]:
    """Every source phrase must occur verbatim in the seed file it names, by the rule `kzt set … source`
    accepts it with (indicator_names.phrase_occurs: only width and spacing may differ).

    `sources` maps a seed file name to its text, or None where it is missing.
    """
    from .indicator_names import phrase_occurs

    problems: list[Problem] = []
    for target in ledger.targets:
        text = sources.get(target.source_file)
        if not target.source_file:
            problems.append(Problem(_("{id}：没有 source_file 指明它出自哪份报告").format(id=target.id),
                                    ledger.path, target.line))
            continue
        if text is None:
            problems.append(Problem(
                _("{id}：出处文件“{file}”不在台账旁的 {folder}/ 文件夹中；请把报告复制到那里").format(
                    id=target.id, file=target.source_file, folder=ledger.sources_dir),
                ledger.path, target.line))
            continue
        for key, phrase in (("source", target.source), ("baseline_source", target.baseline_source)):
            if phrase and not phrase_occurs(phrase, text):
                problems.append(Problem(
                    _("{id}：{key} 原话“{phrase}”在 {file} 中找不到原文；请照抄报告的原话").format(
                        id=target.id, key=key, phrase=phrase, file=target.source_file),
                    ledger.path, target.line))
        if target.target is not None and not target.target_note and not states_number(target.source, target.target):
            problems.append(Problem(
                _("{id}：目标值 {value} 不在出处原话“{phrase}”中，也没有说明改动的理由和依据；"
                  "请用 kzt set {id} target {value} --note 说明（例如 市发展改革委2026年3月下达）").format(
                    id=target.id, value=f"{target.target:g}", phrase=target.source),
                ledger.path, target.line, severity="warning"))
    return problems
