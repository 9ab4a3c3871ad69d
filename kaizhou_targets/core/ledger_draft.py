"""A new district's ledger drafted from its report (`kzt draft REPORT -o DIR`): the pure mapping from
the reading of a report (report_reader.read_report) to the [[target]] entries of a targets.toml.

Every commitment read becomes an entry, in the report's order, grouped by work area (the year's
part first, the five-year plan's goals after): its id made from its name (indicator_slugs.py), its
name, kind, direction, figure, unit and qualifier as read, its `source` the phrase verbatim, and
where the report's review states last year's figure for it, that figure as `baseline` with its
own phrase. What is not the report's words is the keepers' choice, and said so:

- `area`: the report's heading, shortened to the work area it names (`area_of`): (二)坚定不移推进
  工业强区建设，着力壮大产业集群 → 工业; the 主要预期目标 paragraph → 主要目标; the plan's goals → 十五五.
- `frequency`: the statistics office's rhythm for what is measured (`frequency_of`): GDP and
  incomes quarterly, 规上工业, investment, retail, budget revenue, jobs, loans, the port, trade and
  the air and water monthly, any other growth rate of the 主要预期目标 quarterly; everything else
  falls to the draft's default_frequency, annual. An
  entry given a frequency says so in its `note`.
- `margin = 0` for a floor of 100%: held exactly on its line (the bundled ledger's choice).

What the reader could not read fully (its `needs_review`) is never filled in by guessing: the
entry keeps what was read, leaves the rest out and carries a comment naming what a person must
fill (`todo`). A numeric target whose figure was not read (a range, 5%—6%) cannot be a target of
the ledger until someone writes its number, so it is drafted as a comment block (`held` False)
to uncomment once filled. 牵头单位 are left for `kzt set ID lead 单位`.

What the draft writes as data (areas, the ledger's name, notes) is Chinese whatever the language
of the run, like the report it comes from; the comments addressed to a person follow the language.
"""

import re
from typing import NamedTuple

from ..i18n import _
from .errors import InputError
from .indicator_names import Candidate, fold, match_name
from .indicator_slugs import make_ids
from .report_reader import read_report
from .report_records import Baseline, Commitment, Reading
from .year_proposals import BASELINE_KINDS, convert, result_of

# Work areas named in a heading, the first to appear wins (城市现代化治理 → 城市).
AREA_WORDS = ("区域协同", "工业", "制造", "内需", "消费", "创新", "改革", "开放", "城市", "乡村", "农业",
              "生态", "绿色", "文化", "文旅", "旅游", "民生", "教育", "医疗", "安全", "交通", "数字", "营商环境",
              "治理", "社会")
_HEADING_FRAMING = ("坚定不移", "全力以赴", "全力", "抓好", "持续", "加快", "大力", "全面", "深入", "着力", "坚持",
                    "聚焦", "推进", "推动", "提升", "抓", "做强", "做优", "深化")
_HEADING_ENDS = ("建设", "发展", "工作", "提质", "扩容")
_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")

# What is measured → how often the 统计局 publishes it (a keepers' choice: the first match wins).
FREQUENCIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("地区生产总值增长", "GDP增长", "生产总值增长", "居民收入", "可支配收入", "金融业增加值", "民营经济增加值",
      "服务业增加值", "失业率", "储备项目"), "quarterly"),
    (("规上工业", "规模以上工业", "工业增加值", "固定资产投资", "社会消费品零售", "一般公共预算收入", "新增就业",
      "贷款余额", "存贷款", "吞吐量", "进出口", "外贸", "空气质量", "水质"), "monthly"),
)
RELATIVE_NAMES = {"经济增长": "地区生产总值增长"}  # 居民收入增长与经济增长同步: the economy's growth is GDP's

Keys = tuple[tuple[str, object], ...]


class DraftEntry(NamedTuple):
    """One [[target]] of the draft: its keys in the order written, and what a person must fill."""

    keys: Keys
    area: str
    heading: str
    read: Commitment
    todo: tuple[str, ...] = ()  # "name", "unit", "target", "baseline", "relative_to"
    held: bool = True           # False: written as a comment until a person fills its figure

    @property
    def id(self) -> str:
        return str(dict(self.keys)["id"])


class LedgerDraft(NamedTuple):
    name: str
    region: str
    year: int
    source_file: str
    entries: tuple[DraftEntry, ...]
    duplicates: int  # commitments the report states twice alike, drafted once


def area_of(heading: str, section: str, plan_name: str = "") -> str:
    """The work area a heading names, short: see the module docstring."""
    if section == "plan":
        return plan_name or "规划目标"
    if not heading:
        return "重点工作"
    if heading == "主要预期目标":
        return "主要目标"
    text = _NUMBERING.sub("", heading)
    found = [(text.find(w), -len(w), w) for w in AREA_WORDS if w in text]
    if found:
        return min(found)[2]
    first = re.split(r"[，,。；;]", text)[0]
    changed = True
    while changed:
        changed = False
        for word in _HEADING_FRAMING:
            if first.startswith(word) and len(first) > len(word) + 1:
                first, changed = first[len(word):], True
        for word in _HEADING_ENDS:
            if first.endswith(word) and len(first) > len(word) + 1:
                first, changed = first[:-len(word)], True
    return first[:6]


def frequency_of(c: Commitment) -> str:
    """The publication rhythm the keepers give what is measured; "" leaves the ledger's default."""
    if c.kind == "milestone" or c.section == "plan":
        return ""
    name = fold(c.name)
    for words, frequency in FREQUENCIES:
        if any(fold(w) in name for w in words):
            return frequency
    # The headline growth rates are the ones the 统计局 publishes within the year.
    return "quarterly" if c.kind == "growth" and c.heading == "主要预期目标" else ""


def _plan_name(reading: Reading) -> str:
    """“十五五” from the plan part's heading (二、“十五五”时期的主要目标任务)."""
    for part in reading.sections:
        if part.kind == "plan" and (match := re.search(r"十[一二三四五六七八九]五", part.heading)):
            return match.group()
    return ""


def title_of(text: str) -> tuple[str, str]:
    """(short name, region) from the title lines: 2026年开州区人民政府工作报告 and 重庆市开州区人民政府
    工作报告 give (开州区, 重庆市开州区); ("", "") when the report has no such title."""
    names: list[str] = []
    for line in text.splitlines()[:6]:
        line = line.strip()
        if line.endswith("政府工作报告"):
            place = re.sub(r"^(20\d\d)年", "", line.removesuffix("政府工作报告").removesuffix("人民"))
            place = re.sub(r"(20\d\d)年$", "", place).strip()
            if place:
                names.append(place)
    if not names:
        return "", ""
    return min(names, key=len), max(names, key=len)


# How a list of targets without the parts of a report says what it is, in its first line
# (2027年主要预期目标：…). A text that does not (a news article) is not read for targets: its
# figures are results.
LIST_MARKERS = ("预期目标", "主要目标", "目标任务", "目标是", "目标:", "目标：")


def read_targets(text: str) -> Reading:
    """The report read (report_reader.read_report); a text without the parts of a report that
    says in its first line it is a list of targets (LIST_MARKERS: 主要预期目标：…) is read as the
    year's work part.
    Its phrases stay slices of `text` itself."""
    reading = read_report(text)
    opening = next((line for line in text.splitlines() if line.strip()), "")
    if any(part.kind in ("year", "plan") for part in reading.sections) or not any(m in opening for m in LIST_MARKERS):
        return reading
    heading = "一、工作安排\n"  # the layout reads what follows a 工作安排 part as the year's targets
    shift = len(heading)
    wrapped = read_report(heading + text)
    commitments = tuple(c._replace(start=c.start - shift, end=c.end - shift) for c in wrapped.commitments)
    return wrapped._replace(commitments=commitments, baselines=(), sections=())


def year_of(text: str, reading: Reading) -> int | None:
    """The year a report sets targets for: as the reader found it, else the first 20XX年 of its
    opening lines (2027年主要预期目标：…); None when it names none."""
    if reading.year is not None:
        return reading.year
    match = re.search(r"(20\d\d)年", text[:200])
    return int(match.group(1)) if match else None


def draft_ledger(reading: Reading, text: str, source_file: str, year: int | None) -> LedgerDraft:
    """The draft of a ledger for the report `text` (read as `reading`, see `read_targets`) whose
    targets are for `year` (None: the year the report names, `year_of`). InputError when nothing is
    read, or no year is given or named."""
    if not reading.commitments:
        raise InputError(_("{file} 中没有读到任何目标。kzt 按政府工作报告的格式读：分部分的标题（一、…工作回顾 / "
                           "二、…工作安排）、小标题（（一）…）、以“。”结尾的句子；也可以是以“主要预期目标：”开头的"
                           "目标清单。请核对文件是否是报告的正文（UTF-8 文本）；没有写入任何内容。").format(
            file=source_file))
    year = year or year_of(text, reading)
    if year is None or not 1900 <= year <= 2200:
        raise InputError(_("{file} 没有写明年份（标题或“…年工作安排”中的“2027年”）；请用 --year 给出报告所定"
                           "目标的年份，例如 --year 2027。没有写入任何内容。").format(file=source_file))
    plan_name = _plan_name(reading)
    # A commitment the report states twice alike is drafted once, with the phrase that states it
    # alone (推动普惠金融贷款余额突破120亿元 rather than the 分别 list that names it too), in its first place.
    groups: dict[tuple[object, ...], list[Commitment]] = {}
    for c in sorted(reading.commitments, key=lambda c: (c.section == "plan", c.start)):
        groups.setdefault((fold(c.name), c.kind, c.target, c.increase, c.steps, c.unit, c.qualifier, c.period),
                          []).append(c)
    kept = [min(group, key=lambda c: len(c.phrase)) for group in groups.values()]
    duplicates = len(reading.commitments) - len(kept)
    areas = [area_of(c.heading, c.section, plan_name) for c in kept]
    order = list(dict.fromkeys(areas))
    pairs = sorted(zip(areas, kept, strict=True), key=lambda pair: order.index(pair[0]))
    ids = make_ids([(c.name, c.kind == "milestone") for _area, c in pairs])
    references = _references(pairs, ids)
    baselines = _baselines(reading, [c for _a, c in pairs], year)
    entries = [_entry(c, area, ids[i], year, references.get(i), baselines.get(i))
               for i, (area, c) in enumerate(pairs)]
    short, region = title_of(text)
    name = f"{short}{year}年政府工作报告目标任务"
    return LedgerDraft(name, region, year, source_file, tuple(entries), duplicates)


def _references(pairs: list[tuple[str, Commitment]], ids: list[str]) -> dict[int, str]:
    """The id a relative target follows (居民收入增长与经济增长同步 → the GDP growth drafted)."""
    growth = [Candidate(ids[i], (c.name,)) for i, (_a, c) in enumerate(pairs) if c.kind == "growth"]
    found: dict[int, str] = {}
    for i, (_a, c) in enumerate(pairs):
        if c.kind == "relative" and c.relative_to:
            verdict = match_name(RELATIVE_NAMES.get(c.relative_to, c.relative_to), growth)
            if verdict.status == "matched" and verdict.best is not None:
                found[i] = verdict.best.id
    return found


def _baselines(reading: Reading, kept: list[Commitment], year: int) -> dict[int, tuple[Baseline, float]]:
    """The review's figure of the year just gone for each entry that has exactly one; a rate or
    ratio at the end of the past plan for a plan goal of the same kind (城镇化率提升至54.6%)."""
    candidates = [Candidate(str(i), (c.name,)) for i, c in enumerate(kept)
                  if c.kind in BASELINE_KINDS and c.increase is None and c.steps is None]
    past_plan = f"{year - 5}-{year - 1}"
    found: dict[int, list[tuple[Baseline, float]]] = {}
    for b in reading.baselines:
        key = result_of(b.name, candidates)
        if key is None:
            continue
        i = int(key)
        c = kept[i]
        annual = b.period == str(year - 1) and c.section == "year"
        plan_rate = b.period in (past_plan, str(year - 1)) and c.section == "plan" and c.unit in ("%", ":1")
        value = convert(b.value, b.unit, c.unit)
        if (annual or plan_rate) and value is not None:
            found.setdefault(i, []).append((b, value))
    return {i: pairs[0] for i, pairs in found.items() if len({v for _b, v in pairs}) == 1}


def _whole(value: float) -> float | int:
    return int(value) if value == int(value) else value


_FREQUENCY_WORDS = {"monthly": "月报", "quarterly": "季报", "annual": "年报"}


def _entry(c: Commitment, area: str, target_id: str, year: int, reference: str | None,
           baseline: tuple[Baseline, float] | None) -> DraftEntry:
    # No name before the figure: the phrase stands for it until a person names it (todo "name").
    keys: list[tuple[str, object]] = [("id", target_id), ("name", c.name or c.phrase), ("area", area),
                                      ("kind", c.kind)]
    todo: list[str] = []
    held = True
    if c.kind != "milestone":
        keys.append(("direction", c.direction))
        if c.steps is not None and c.step is not None:
            keys += [("steps", c.steps), ("step", _whole(c.step))]
        elif c.increase is not None:
            keys.append(("increase", _whole(c.increase)))
        elif c.target is not None:
            keys.append(("target", _whole(c.target)))
        elif c.kind != "relative":
            held = False
        if not held or "target" in c.needs_review:
            todo.append("target")
        if c.unit:
            keys.append(("unit", c.unit))
        elif "unit" in c.needs_review or c.target is not None:
            todo.append("unit")
    if c.qualifier:
        keys.append(("qualifier", c.qualifier))
    if c.period and c.period != str(year):
        keys.append(("period", c.period))
    if c.commitment == "step":
        keys.append(("commitment", "step"))
    frequency = frequency_of(c)
    if frequency:
        keys.append(("frequency", frequency))
    if c.kind == "relative" and c.relative_to:
        if reference:
            keys.append(("relative_to", reference))
        else:
            todo.append("relative_to")
    notes: list[str] = []
    if c.kind == "floor" and c.target == 100 and c.unit == "%":
        keys.append(("margin", 0))
        notes.append("恰为100%即达标（margin = 0）")
    if frequency:
        notes.append(f"{_FREQUENCY_WORDS[frequency]}为台账维护者按统计局的发布节奏选定，不是报告原话")
    if notes:
        keys.append(("note", "；".join(notes)))
    if baseline is not None:
        keys += [("baseline", _whole(baseline[1])), ("baseline_source", baseline[0].phrase)]
    elif c.increase is not None or c.steps is not None:
        todo.append("baseline")
    if "name" in c.needs_review or not c.name:
        todo.insert(0, "name")
    keys.append(("source", c.phrase))
    return DraftEntry(tuple(keys), area, c.heading, c, tuple(dict.fromkeys(todo)), held)


def todo_lines(entry: DraftEntry) -> list[str]:
    """The comments a drafted entry carries: what a person must fill, and how."""
    c, target_id = entry.read, entry.id
    words = {
        "name": (_("待核·名称：原话“{phrase}”一句给出几个数，kzt 分不出各指哪一项；请把 name 改为这一项所指的指标"
                   "（例如分城市、农村）。") if c.name else
                 _("待核·名称：原话“{phrase}”的数前面没有指标名称，暂以原话为名；请把 name 改为它所指的指标。"))
        .format(phrase=c.phrase),
        "unit": _("待核·单位：原话“{phrase}”的单位 kzt 认不出；请加上 unit = \"…\"（如 \"%\"、\"亿元\"）。").format(
            phrase=c.phrase),
        "target": (_("待核·目标值：原话“{phrase}”没有给出一个确定的数（区间，或留待上级下达）；确定后用 "
                     "kzt set {id} target 数值 --note 依据 填入。") if entry.held else
                   _("待核·目标值：原话“{phrase}”没有给出一个确定的数（如区间 5%—6%）；确定后在下面写上 "
                     "target = 数值 和 target_note = \"依据\"。")).format(phrase=c.phrase, id=target_id),
        "baseline": _("待核·基期：目标由基期算出（再上N个台阶、净增），报告没有给出基期；用 kzt set {id} baseline 数值 "
                      "--note 出处 填入。").format(id=target_id),
        "relative_to": _("待核·对照指标：原话“{phrase}”与“{other}”对照，台账中没有找到它；请加上 relative_to = "
                         "\"对照指标的 id\"。").format(phrase=c.phrase, other=c.relative_to),
    }
    lines = [words[code] for code in entry.todo]
    if not entry.held:
        lines.append(_("填好目标值后去掉下面各行开头的“# ”，这一项才成为台账的指标（kzt verify 会检查它）。"))
    return lines
