"""Reads the targets a government work report sets, from the report's own words.

Given the text of a 政府工作报告 (a str: the caller reads the file), `read_report` finds the
sentences that set targets — the 主要预期目标 paragraph and the headed work sections of the
year's part (三、2026年工作安排), and the goals of the five-year plan's part (二、“十五五”…) —
and splits them into commitments: one per figure, with 分别…、… lists, shared figures
(A、B增长20%) and several targets in one sentence taken apart. Each commitment carries the
indicator's name, the number, unit, qualifier, direction, kind and period it reads, the
verbatim phrase it read them from (`text[start:end] == phrase`) and the heading it stands
under. Qualitative commitments become milestones: with a result (建成/创成/投用/完成 …) as
commitment "result", promising only to push (推动/打造/推进 …) as commitment "step".

The review of past years (一、…工作回顾) sets no targets: its figures are results, returned
apart as `Baseline`s with their phrase, for a target's `baseline`/`baseline_source`.

What it never does: guess. A commitment it cannot read fully is returned with what it could
read and the names of the fields it could not read in `needs_review` (a figure with no unit it
knows, two figures for one name, a target the report leaves to the city). It never reads a
number inside quotes or brackets, a year, a grade (50亿级, 110千伏) or a code (G243, PM2.5)
as a target, and it touches no file: the caller passes the text and gets plain records.

The qualifier follows the ledger's convention (targets.toml): 力争 when the sentence strives,
then the verbs standing before the number (突破, 超, 达, 提高至, 缩小至, 再上, 净增 …), then the
bound after the unit (以上, 以内, 左右); a verb that only holds a line (稳定在, 保持, 控制在) is
dropped where a bound says the same thing: 稳定在56.5%以上 → 以上, 控制在5.5%以内 → 以内,
稳定保持Ⅲ类 → 稳定保持. “双下降” reads as a ceiling of 0% change with qualifier 下降; a
water-quality class Ⅲ类 as 3 类, a ceiling; 下降3% as a growth of −3, direction down.

Use::

    reading = read_report(report_text)            # the caller read the file
    for c in reading.commitments:                 # in the order of the report
        assert report_text[c.start:c.end] == c.phrase
        print(c.heading, c.name, c.kind, c.target, c.unit, c.qualifier, c.period, c.needs_review)
    jobs_2025 = [b for b in reading.baselines if b.name == "城镇新增就业" and b.period == "2025"]
"""

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from . import report_layout as layout
from .report_figures import Figure, figures
from .report_layout import Paragraph, Section
from .report_milestones import milestones_of
from .report_records import Baseline, Commitment, Direction, Kind, Reading

# ── words ─────────────────────────────────────────────────────────────────────────────────────

# Said before a name, not part of it: 力争港口货物吞吐量 → 港口货物吞吐量.
FRAMING = ("力争", "确保", "推动", "推进", "促进", "全力", "加快", "持续", "积极", "大力", "努力", "着力",
           "稳步", "有序", "切实", "扎实", "深入", "高效", "联合", "靶向", "全年", "高质量", "成功", "主动",
           "进一步", "全面", "一体", "实施", "同步", "率先", "逐步", "全区", "全县", "全市", "今年", "去年")
# Verbs written right before the number, kept in the qualifier (longest first).
REACH = ("突破", "超过", "达到", "提升至", "提升到", "提高至", "提高到", "升至", "增至", "增加到", "超", "达")
DOWN_TO = ("缩小至", "缩小到", "降至", "降低至", "降低到", "下降到", "压减至", "压降至")
CEILING_VERBS = ("控制在", "不超过", "不高于", "不多于")
FLOOR_VERBS = ("不低于", "不少于")
HOLD = ("稳定保持", "稳定在", "保持在", "维持在", "保持", "稳定")
STEPS_VERB = "再上"
INCREASE_VERB = "净增"
QUALIFIER_VERBS = tuple(sorted((*REACH, *DOWN_TO, *CEILING_VERBS, *FLOOR_VERBS, *HOLD, STEPS_VERB,
                                INCREASE_VERB, "分别"), key=len, reverse=True))
GROWTH_ENDS = ("年均增长", "同比增长", "增长", "增速", "增幅")
FALL_ENDS = ("下降", "降低", "减少")
RATE_UNITS = ("%", ":1", "个百分点")
STOCK_WORDS = ("余额", "储备", "存量", "保有量")
# Verbs that begin a thing to do (新增规上工业企业25家): later items of a list share the first's.
LEAD_VERBS = ("新增", "新建设", "新建", "新培育", "新引进", "新发展", "新谋划", "新设立", "新开工", "培育引进",
              "培育", "引进", "建设", "打造", "完成", "启动", "组建", "开工", "建成", "创成", "发放", "落户",
              "谋划", "实施")
# The 力争 of 力争到2030年, not the 争取 of 全力争取/努力争取.
STRIVE = re.compile(r"(?<![努全])力争(?!取)")
UNTIL = re.compile(r"到(20\d\d)年")
_STEPS = re.compile(r"[0-9０-９]+个(十亿|百亿|千亿|万亿|亿)台阶")
_STEP_SIZES = {"亿": 1.0, "十亿": 10.0, "百亿": 100.0, "千亿": 1000.0, "万亿": 10000.0}  # in 亿元


# ── the report ────────────────────────────────────────────────────────────────────────────────

def read_report(text: str) -> Reading:
    """Read the targets of a report. See the module docstring for what is and is not read."""
    parts = layout.sections(text)
    year = layout.report_year(text, parts)
    commitments: list[Commitment] = []
    baselines: list[Baseline] = []
    for part in parts:
        if part.kind in ("year", "plan"):
            commitments.extend(_read_part(text, part, year))
        elif part.kind == "review":
            baselines.extend(_read_review(text, part, year))
    return Reading(year, parts, tuple(commitments), tuple(baselines))


class _Context(NamedTuple):
    section: Literal["year", "plan"]
    heading: str
    year: int | None
    plan_end: int | None


def _read_part(text: str, part: Section, year: int | None) -> Iterator[Commitment]:
    section: Literal["year", "plan"] = "year" if part.kind == "year" else "plan"
    span = layout.plan_span(part.heading)
    for paragraph in layout.paragraphs(text, part):
        body = text[paragraph.start:paragraph.end]
        if body.startswith("各位代表"):
            continue  # the address to the deputies: rhetoric, not targets
        heading = paragraph.heading
        milestones = True
        if not heading:
            # Before a part's first heading stand its general requirements (总体要求: 推动…, 实现…),
            # which are no milestones; the targets paragraph (主要预期目标是：…) and, in the plan's
            # part, a paragraph that says by when (到2030年) are read whole, the rest for figures only.
            if "预期目标" in body or "主要目标" in body:
                heading = "主要预期目标"
            elif not (section == "plan" and UNTIL.search(body)):
                milestones = False
        context = _Context(section, heading, year, span[1] if span else None)
        yield from _read_paragraph(text, paragraph, context, milestones)


def _period(context: _Context, until: int | None) -> str:
    year = context.year
    if context.section == "plan":
        end = until or context.plan_end
        first = year if year is not None else (end - 4 if end else None)
        return f"{first}-{end}" if first and end else ""
    if year is None:
        return ""
    return f"{year}-{until}" if until and until > year else str(year)


def _read_paragraph(text: str, paragraph: Paragraph, context: _Context, milestones: bool) -> Iterator[Commitment]:
    sentences = layout.sentences(text, paragraph.start, paragraph.end)
    for index, (a, b) in enumerate(sentences):
        strive = False
        until: int | None = None
        topic = index == 0 and len(sentences) > 1 and b - a <= 20 and not layout.clauses(text, a, b)[1:]
        for c, d in layout.clauses(text, a, b):
            clause = text[c:d]
            # 力争 holds for its own clause; standing alone (力争到2030年，…) for the whole sentence.
            here = bool(STRIVE.search(clause))
            if here and not STRIVE.sub("", UNTIL.sub("", clause)).strip():
                strive = True
            if (match := UNTIL.search(clause)) is not None:
                until = int(match.group(1))
            period = _period(context, until)
            yield from _read_clause(text, c, d, strive or here, period, context, milestones and not topic)


# ── one clause ────────────────────────────────────────────────────────────────────────────────

def _read_clause(text: str, c: int, d: int, strive: bool, period: str, context: _Context,
                 milestones: bool = True) -> Iterator[Commitment]:
    clause = text[c:d]
    needs = ("period",) if not period else ()
    base = dict(period=period, heading=context.heading, section=context.section)
    relative = _relative(text, c, d, strive, base, needs)
    if relative is not None:
        yield relative
        return
    if clause.rstrip("”\"").endswith("下降") and not figures(text, c, d):
        yield from _falls(text, c, d, strive, base, needs)
        return
    found = figures(text, c, d)
    if not found:
        if milestones:
            yield from milestones_of(text, c, d, strive, base, needs)
        return
    respectively = layout.outside_quotes(text, c, d, "分别")
    if respectively is not None and any(f.start > respectively for f in found):
        yield from _respectively(text, c, d, respectively, [f for f in found if f.start > respectively],
                                 strive, base, needs)
        return
    yield from _items(text, c, d, found, strive, base, needs, milestones)


def _relative(text: str, c: int, d: int, strive: bool, base: dict, needs: tuple[str, ...]) -> Commitment | None:
    """居民收入增长与经济增长同步; 单位GDP碳排放完成市上下达目标."""
    clause = text[c:d]
    if (match := re.fullmatch(r"(.+?)与(.+?)(同步|相适应|相协调)", clause)) is not None:
        name = _strip_framing(match.group(1))
        unit = "%" if name.endswith(GROWTH_ENDS) else ""
        return Commitment(name, "relative", "up", None, unit, _q(strive, match.group(3)), phrase=clause,
                          start=c, end=d, relative_to=match.group(2), needs_review=needs, **base)
    if "下达" in clause and "目标" in clause and not figures(text, c, d):
        verb = re.search(r"完成|控制在|达到|低于", clause)
        if verb is None or verb.start() == 0:
            return None
        name = _strip_framing(clause[:verb.start()])
        direction: Direction = "down" if any(w in name for w in ("排放", "能耗", "耗", "下降")) else "up"
        return Commitment(name, "relative", direction, None, "", _q(strive, clause[verb.start():]),
                          phrase=clause, start=c, end=d, needs_review=(*needs, "target", "unit"), **base)
    return None


def _falls(text: str, c: int, d: int, strive: bool, base: dict, needs: tuple[str, ...]) -> Iterator[Commitment]:
    """推动规模工业单位增加值能耗、二氧化碳排放“双下降”: each a ceiling of 0% change."""
    clause = text[c:d]
    head = re.sub(r"[“\"]?(双|持续|稳步)?下降[”\"]?$", "", clause)
    if not head:
        return
    for name in _complete(layout.split_names(head)):
        yield Commitment(_strip_framing(name), "ceiling", "down", 0.0, "%", _q(strive, "下降"), phrase=clause,
                         start=c, end=d, needs_review=needs, **base)


def _respectively(text: str, c: int, d: int, at: int, found: list[Figure], strive: bool, base: dict,
                  needs: tuple[str, ...]) -> Iterator[Commitment]:
    """确保粮食播面和产量分别稳定在173万亩、59万吨以上: one commitment per figure, its name from the
    list before 分别, the verbs after 分别 and the last bound shared by all."""
    clause = text[c:d]
    head = text[c:at]
    between = text[at + 2:found[0].start]
    verbs = _verbs_of(between)
    names = layout.split_names(_strip_framing(head))
    growth = next((w for w in GROWTH_ENDS if w in between), "")
    if growth:
        average = names and names[-1].endswith("年均")
        names = [n.removesuffix("年均") for n in names]
        growth = "年均增长" if average else growth
    names = _complete(names)
    matched = len(names) == len(found)
    bound = next((f.bound for f in reversed(found) if f.bound), "")
    for i, figure in enumerate(found):
        name = names[i] if matched else _strip_framing(head)
        name = name + growth if growth else name
        flags = needs if matched else (*needs, "name")
        yield _commitment(name, verbs, figure._replace(bound=figure.bound or bound), strive, clause, c, d, base,
                          flags)


def _items(text: str, c: int, d: int, found: list[Figure], strive: bool, base: dict, needs: tuple[str, ...],
           milestones: bool) -> Iterator[Commitment]:
    """A clause's list items (between 、), each with its own figure or sharing the next one's:
    新增规上工业企业25家、工业税收增长20%以上 is two targets; 养老金融、数字金融贷款余额增长20%以上
    two with one figure (a rate holds for each); 新发展道地药材、食药同源基地2万亩 one (an amount
    is their sum). Items without a figure that share none are read as milestones."""
    items = layout.split(text, c, d, "、")
    pending: list[tuple[int, int]] = []
    first_verb = first_unit = previous = ""
    leftovers: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(items):
        own = [f for f in found if a <= f.start < b and (f.value is not None or f.unit)]
        if not own:
            pending.append((a, b))
            continue
        name_from = a
        for k, figure in enumerate(own):
            pre = text[name_from:figure.start]
            span = (a, b) if len(own) == 1 else (name_from, figure.end)
            after = text[figure.start:b]
            if figure.before_noun and not pre.endswith(STEPS_VERB):
                # 启动18个老旧小区改造: the name is the verb and the noun around the figure.
                name = _strip_framing(_strip_verbs(pre)[0] + text[figure.end:b])
                yield _commitment(name, [], figure, strive, text[a:b], a, b, base, needs)
                leftovers.extend(pending)
                pending = []
                break
            if k == 0 and pending:
                joined = pending[0][0]
                if figure.unit in RATE_UNITS or figure.unit == "类":
                    names = _complete([_strip_framing(text[x:y]) for x, y in pending] + [_name_of(pre)])
                else:
                    names = [_name_of(text[joined:figure.start])]
                for name in names:
                    yield _commitment(name, _verbs_of(pre), figure, strive, text[joined:b], joined, b, base, needs,
                                      after)
                pending = []
                name_from = figure.end
                continue
            name = _name_of(pre)
            if index == 0 and k == 0:
                first_verb = next((v for v in LEAD_VERBS if name.startswith(v)), "")
                first_unit = figure.unit
            elif name in GROWTH_ENDS and previous:
                name = previous + name  # 年游客接待量突破1150万人次、增长27%
            elif first_verb and not name.startswith(("新", *LEAD_VERBS)) and _countable(figure.unit) \
                    and _countable(first_unit):
                name = first_verb + name  # 新培育国家高新技术企业20家、市级科技型企业300家
            previous = name.removesuffix("增长") if name.endswith("增长") else name
            yield _commitment(name, _verbs_of(pre), figure, strive, text[span[0]:span[1]], span[0], span[1],
                              base, needs, after)
            name_from = figure.end
    leftovers.extend(pending)
    if milestones:
        for x, y in leftovers:
            yield from milestones_of(text, x, y, strive, base, needs)


def _countable(unit: str) -> bool:
    return bool(unit) and unit not in RATE_UNITS and unit != "类"


# ── names, verbs and kinds ────────────────────────────────────────────────────────────────────

def _strip_framing(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in FRAMING:
            if name.startswith(word) and len(name) > len(word) + 1:
                name, changed = name[len(word):], True
        if name.startswith("完成") and len(name) >= 5:
            name, changed = name[2:], True
    return name


def _strip_verbs(pre: str) -> tuple[str, list[str]]:
    """Split the words before a number into the name and the qualifier verbs that end it:
    港口货物吞吐量突破 → (港口货物吞吐量, [突破]); 分别稳定在 → ("", [分别, 稳定在])."""
    verbs: list[str] = []
    changed = True
    while changed:
        changed = False
        for verb in QUALIFIER_VERBS:
            if pre.endswith(verb):
                pre, changed = pre[:-len(verb)], True
                verbs.insert(0, verb)
                break
    return pre, verbs


def _name_of(pre: str) -> str:
    return _strip_framing(_strip_verbs(pre)[0])


def _verbs_of(pre: str) -> list[str]:
    return _strip_verbs(pre)[1]


def _complete(names: list[str]) -> list[str]:
    """Complete the names of a list that share a head or a tail: [粮食播面, 产量] → 粮食产量;
    [养老金融, 数字金融贷款余额] → 养老金融贷款余额."""
    if len(names) < 2:
        return names
    first = names[0]
    done = [first] + [first[:-len(n)] + n if len(n) <= 2 < len(first) else n for n in names[1:]]
    last = done[-1]
    for i, name in enumerate(done[:-1]):
        for size in range(len(name), 1, -1):
            position = last.find(name[-size:])
            if position >= 0 and position + size < len(last):
                if not last.startswith(name):
                    done[i] = name + last[position + size:]
                break
    return done


def _q(strive: bool, qualifier: str) -> str:
    return ("力争" if strive and not qualifier.startswith("力争") else "") + qualifier


def _commitment(name: str, verbs: list[str], figure: Figure, strive: bool, phrase: str, start: int, end: int,
                base: dict, needs: tuple[str, ...], after: str = "") -> Commitment:
    """One numeric commitment from its name, the verbs before its number, the figure and the
    text that follows the number (for 再上3个百亿台阶)."""
    words = [w for w in verbs if w != "分别"]
    flags = list(needs)
    target = figure.value
    unit = figure.unit
    increase: float | None = None
    steps: int | None = None
    step: float | None = None
    if not name:
        flags.append("name")
    if figure.unknown_unit:
        flags.append("unit")
    if figure.value is None:
        flags.append("target")  # a range (5%—6%) is never read as one figure
    if STEPS_VERB in words and figure.value is not None and (match := _STEPS.match(after)):
        # 再上3个百亿台阶: 3 steps of 100 亿元 above the baseline's own step (targets.toml steps/step).
        steps, step, target, unit = int(figure.value), _STEP_SIZES[match.group(1)], None, "亿元"
    elif INCREASE_VERB in words:
        increase, target = target, None
    elif unit == "个百分点" and name.endswith(("提高", "提升", "增加", "上升", "下降", "降低")):
        fall = name.endswith(("下降", "降低"))
        increase, target, unit = (-(target or 0.0) if fall else target), None, "%"
        name = name[:-2]
    kind, direction = _kind(name, unit, words, figure.bound, increase is not None or steps is not None)
    if kind == "growth" and name.endswith(FALL_ENDS) and target is not None:
        target = -target  # 下降3%: the change is to be −3% or below
    kept = [w for w in words if not ((w in HOLD or w == "控制在") and figure.bound)]
    qualifier = _q(strive, "".join(kept) + figure.bound)
    return Commitment(name, kind, direction, target, unit, qualifier, phrase=phrase, start=start, end=end,
                      increase=increase, steps=steps, step=step, needs_review=tuple(flags), **base)


def _kind(name: str, unit: str, verbs: list[str], bound: str, relative_to_base: bool) -> tuple[Kind, Direction]:
    """The kind of a numeric target, by its unit, its verbs and its bound (targets.toml's kinds)."""
    has = set(verbs)
    if unit == "类":
        return "ceiling", "down"  # a water-quality class: Ⅲ类 or better
    if unit == "%" and name.endswith(GROWTH_ENDS + FALL_ENDS):
        return "growth", "down" if name.endswith(FALL_ENDS) else "up"
    if relative_to_base:
        return "level", "down" if has & set(DOWN_TO) else "up"
    if bound in ("以内", "以下") or has & set(CEILING_VERBS):
        return "ceiling", "down"
    if has & set(DOWN_TO):
        return "level", "down"
    rate = unit in RATE_UNITS or name.endswith(("率", "比", "比重", "占比", "指数"))
    if bound == "左右":
        return ("level" if rate else "cumulative"), "up"
    if has & set(HOLD) or has & set(FLOOR_VERBS):
        return "floor", "up"
    if any(word in name for word in STOCK_WORDS):
        return ("level" if has & set(REACH) or not bound else "floor"), "up"
    if rate:
        return ("floor" if bound in ("以上", "及以上") and not has & set(REACH) else "level"), "up"
    return "cumulative", "up"


# ── the review ────────────────────────────────────────────────────────────────────────────────

def _read_review(text: str, part: Section, year: int | None) -> Iterator[Baseline]:
    """The review's figures, each with the period it reports: the past plan's five years
    (“十四五”时期是…, ——五年来…) or the year just gone (刚刚过去的2025年…)."""
    span = layout.plan_span(part.heading)
    previous = str(year - 1) if year else ""
    five_years = f"{span[0]}-{span[1]}" if span else (f"{year - 5}-{year - 1}" if year else "")
    period = previous
    for paragraph in layout.paragraphs(text, part):
        opening = text[paragraph.start:min(paragraph.end, paragraph.start + 40)]
        if "五年来" in opening or (span and opening.lstrip("“").startswith("十") and "时期" in opening):
            period = five_years
        elif "过去一年" in opening or (previous and f"过去的{previous}年" in opening):
            period = previous
        context = _Context("year", paragraph.heading, year, None)
        for a, b in layout.sentences(text, paragraph.start, paragraph.end):
            for c, d in layout.clauses(text, a, b):
                for read in _read_clause(text, c, d, False, period, context, milestones=False):
                    if read.target is None:
                        continue
                    yield Baseline(read.name, read.target, read.unit, read.qualifier, period, read.phrase,
                                   read.start, read.end, paragraph.heading)


__all__ = ["Baseline", "Commitment", "Reading", "Section", "read_report"]
