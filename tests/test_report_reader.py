"""The report reader (kaizhou_targets/core/report_reader.py) on the district's own 2026 report read as
if new, measured against the ledger people built from it by hand, and on reports written here in
the shape of real ones (full-width punctuation, a review with last year's results, 分别 lists)."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.indicator_names import Candidate, fold, match_name
from kaizhou_targets.core.report_reader import Commitment, Reading, read_report

from .conftest import REPO

REPORT = (REPO / "seeds" / "004_552df92d5a075e63.txt").read_text(encoding="utf-8")
LEDGER: list[dict[str, Any]] = tomllib.loads((REPO / "targets.toml").read_text(encoding="utf-8"))["target"]

# What the reader was measured to find on the 2026 report when this test was written. The test
# holds them so that they can only improve: raise a floor (or lower a ceiling) when the reader
# gets better, never the other way.
NUMERIC_FOUND_FLOOR = 90        # ledger numeric targets found with the right number, unit and qualifier
NUMERIC_KIND_FLOOR = 90         # … and of those, with the ledger's kind and period as well
MILESTONES_FOUND_FLOOR = 63     # ledger milestones the reader proposes as milestones
BASELINES_FOUND_FLOOR = 15      # ledger baselines found among the review's figures, same value
EXTRA_NUMERIC_CEILING = 0       # numeric proposals no ledger target stands for (invented figures)
EXTRA_MILESTONES_CEILING = 34   # milestone proposals the ledger keepers did not take


@pytest.fixture(scope="module")
def reading() -> Reading:
    return read_report(REPORT)


def _review(reading: Reading) -> tuple[int, int]:
    parts = [s for s in reading.sections if s.kind == "review"]
    assert len(parts) == 1, reading.sections
    return parts[0].start, parts[0].end


def _spans(phrase: str, outside: tuple[int, int]) -> list[tuple[int, int]]:
    """Where a ledger phrase stands in the report, outside the review."""
    found, at = [], REPORT.find(phrase)
    while at >= 0:
        if not outside[0] <= at < outside[1]:
            found.append((at, at + len(phrase)))
        at = REPORT.find(phrase, at + 1)
    return found


def _overlaps(c: Commitment, spans: list[tuple[int, int]]) -> bool:
    return any(c.start < b and a < c.end for a, b in spans)


def _right(c: Commitment, t: dict[str, Any]) -> bool:
    return c.target is not None and abs(c.target - t["target"]) < 1e-9 and c.unit == t.get("unit", "") \
        and c.qualifier == t.get("qualifier", "")


def _measure(reading: Reading) -> dict[str, Any]:
    """Match each ledger target to the reader's commitments: by the ledger's source phrase
    overlapping the reader's phrase, else by name; one commitment answers for one target."""
    review = _review(reading)
    numeric = [t for t in LEDGER if t["kind"] != "milestone" and t.get("target") is not None]
    used: set[int] = set()
    found, kind_too, missed = 0, 0, []
    candidates = [Candidate(str(i), (c.name, c.phrase)) for i, c in enumerate(reading.commitments)]
    for t in numeric:
        spans = _spans(t["source"], review)
        near = [i for i, c in enumerate(reading.commitments) if _overlaps(c, spans)]
        if not near:
            match = match_name(t["name"], candidates)
            near = [int(match.best.id)] if match.best else []
        right = [i for i in near if i not in used and _right(reading.commitments[i], t)]
        if not right:
            missed.append(t["id"])
            continue
        used.add(right[0])
        found += 1
        c = reading.commitments[right[0]]
        kind_too += c.kind == t["kind"] and c.period == str(t.get("period", 2026))
    milestones = [t for t in LEDGER if t["kind"] == "milestone"]
    milestones_found = sum(
        any(c.kind == "milestone" and _overlaps(c, _spans(t["source"], review)) for c in reading.commitments)
        for t in milestones)
    every_source = [s for t in LEDGER for s in _spans(t["source"], review)]
    extra = [c for c in reading.commitments if not _overlaps(c, every_source)]
    baselines = [t for t in LEDGER if t.get("baseline_source")]
    baselines_found = sum(
        any(t["baseline_source"] in b.phrase and abs(b.value - t["baseline"]) < 1e-9 for b in reading.baselines)
        for t in baselines)
    return dict(numeric=len(numeric), found=found, kind_too=kind_too, missed=missed,
                milestones=len(milestones), milestones_found=milestones_found,
                proposed_milestones=sum(c.kind == "milestone" for c in reading.commitments),
                extra_numeric=[c for c in extra if c.kind != "milestone"],
                extra_milestones=[c for c in extra if c.kind == "milestone"],
                baselines=len(baselines), baselines_found=baselines_found)


def test_the_2026_report_read_as_if_new_finds_the_ledgers_targets(reading: Reading) -> None:
    m = _measure(reading)
    print(f"\n2026 report read as if new: {m['found']}/{m['numeric']} numeric targets with the right number, "
          f"unit and qualifier ({m['found'] / m['numeric']:.1%}), {m['kind_too']} of them with the right kind "
          f"and period; missed {m['missed']}; ledger milestones proposed {m['milestones_found']}/"
          f"{m['milestones']}; milestones proposed {m['proposed_milestones']}; not in the ledger: "
          f"{len(m['extra_numeric'])} numeric, {len(m['extra_milestones'])} milestones; baselines "
          f"{m['baselines_found']}/{m['baselines']}; commitments {len(reading.commitments)}")
    assert m["found"] / m["numeric"] >= 0.9
    assert m["found"] >= NUMERIC_FOUND_FLOOR
    assert m["kind_too"] >= NUMERIC_KIND_FLOOR
    assert m["milestones_found"] >= MILESTONES_FOUND_FLOOR
    assert m["baselines_found"] >= BASELINES_FOUND_FLOOR
    assert len(m["extra_numeric"]) <= EXTRA_NUMERIC_CEILING, m["extra_numeric"]
    assert len(m["extra_milestones"]) <= EXTRA_MILESTONES_CEILING, [c.phrase for c in m["extra_milestones"]]


def test_every_phrase_is_verbatim_and_none_comes_from_the_review(reading: Reading) -> None:
    review = _review(reading)
    assert reading.year == 2026
    assert reading.commitments
    for c in reading.commitments:
        assert REPORT[c.start:c.end] == c.phrase, c
        assert c.phrase in REPORT
        assert not review[0] <= c.start < review[1], c
        assert c.section in ("year", "plan")
    for b in reading.baselines:
        assert REPORT[b.start:b.end] == b.phrase, b
        assert review[0] <= b.start < review[1], b


def test_the_reviews_results_are_baselines_with_their_phrase_and_period(reading: Reading) -> None:
    by_phrase = {b.phrase: b for b in reading.baselines}
    jobs = by_phrase["城镇新增就业7677人"]
    assert (jobs.name, jobs.value, jobs.unit, jobs.period) == ("城镇新增就业", 7677, "人", "2025")
    five_years = by_phrase["城镇新增就业4.7万人"]  # the 十四五 total, not the year's
    assert (five_years.value, five_years.unit, five_years.period) == (4.7, "万人", "2021-2025")
    port = by_phrase["货物吞吐量突破270万吨"]
    assert (port.value, port.unit, port.qualifier, port.period) == (270, "万吨", "突破", "2025")
    # A 2025 result is never read as a 2026 target, though the two sentences look alike.
    assert not [c for c in reading.commitments if c.target in (7677, 270, 346, 75.7)]


def test_kinds_qualifiers_and_periods_on_the_2026_report(reading: Reading) -> None:
    by_phrase: dict[str, list[Commitment]] = {}
    for c in reading.commitments:
        by_phrase.setdefault(c.phrase, []).append(c)

    def one(phrase: str) -> Commitment:
        assert len(by_phrase[phrase]) == 1, by_phrase[phrase]
        return by_phrase[phrase][0]

    gdp = one("地区生产总值增长6%")
    assert (gdp.kind, gdp.target, gdp.unit, gdp.period, gdp.heading) == ("growth", 6, "%", "2026", "主要预期目标")
    water = one("确保辖区水质稳定保持Ⅲ类")
    assert (water.kind, water.direction, water.target, water.unit, water.qualifier) == \
        ("ceiling", "down", 3, "类", "稳定保持")
    jobless = one("城镇调查失业率控制在5.5%以内")
    assert (jobless.kind, jobless.direction, jobless.qualifier) == ("ceiling", "down", "以内")
    ratio = one("城乡居民收入比缩小至1.9:1")
    assert (ratio.kind, ratio.direction, ratio.unit, ratio.qualifier, ratio.period) == \
        ("level", "down", ":1", "力争缩小至", "2026-2030")
    steps = one("地区生产总值再上3个百亿台阶")
    assert (steps.target, steps.steps, steps.step, steps.unit, steps.qualifier) == (None, 3, 100, "亿元", "力争再上")
    per_head = one("人均GDP净增2.5万元以上")
    assert (per_head.target, per_head.increase, per_head.unit, per_head.kind) == (None, 2.5, "万元", "level")
    loans = by_phrase["推动科技金融、普惠金融、绿色金融贷款余额分别突破50亿元、120亿元、100亿元"]
    assert [(c.name, c.target, c.kind, c.qualifier) for c in loans] == [
        ("科技金融贷款余额", 50, "level", "突破"), ("普惠金融贷款余额", 120, "level", "突破"),
        ("绿色金融贷款余额", 100, "level", "突破")]
    grain = by_phrase["确保粮食播面和产量分别稳定在173万亩、59万吨以上"]
    assert [(c.name, c.target, c.unit, c.kind, c.qualifier) for c in grain] == [
        ("粮食播面", 173, "万亩", "floor", "以上"), ("粮食产量", 59, "万吨", "floor", "以上")]
    falls = by_phrase["推动规模工业单位增加值能耗、二氧化碳排放“双下降”"]
    assert [(c.kind, c.target, c.unit, c.qualifier) for c in falls] == [("ceiling", 0, "%", "下降")] * 2
    income = one("居民收入增长与经济增长同步")
    assert (income.kind, income.relative_to, income.qualifier) == ("relative", "经济增长", "同步")
    carbon = one("单位GDP碳排放完成市上下达目标")
    assert carbon.kind == "relative" and carbon.target is None and "target" in carbon.needs_review
    # 城乡…分别保持100%、92%: two figures for one name — read, and marked for a person to name.
    water_sources = by_phrase["城乡集中式饮用水水源地水质达标率分别保持100%、92%"]
    assert [(c.target, c.needs_review) for c in water_sources] == [(100, ("name",)), (92, ("name",))]
    resort = one("力争创成汉丰湖国家级旅游度假区")
    assert (resort.kind, resort.commitment, resort.qualifier) == ("milestone", "result", "力争")
    cliff = one("打造“中国崖柏之乡”")
    assert (cliff.kind, cliff.commitment) == ("milestone", "step")


def test_numbers_that_are_not_targets_are_never_read(reading: Reading) -> None:
    values = {(c.target, c.unit) for c in reading.commitments}
    assert (110, "千伏") not in values and not [c for c in reading.commitments if c.target == 110]
    assert not [c for c in reading.commitments if c.target in (2026, 2030)]
    # Every figure read stands outside quotes and brackets in its phrase: “双70”, “1小时”, “5本账”,
    # 撤县设区10周年 and 170万开州人民 are no targets.
    for c in reading.commitments:
        if c.target is not None and c.unit != "类" and c.qualifier != "下降":
            bare = re.sub(r"“[^”]*”|\([^)]*\)|（[^）]*）", "", c.phrase)
            assert f"{c.target:g}" in bare, c
    assert not [c for c in reading.commitments if c.target == 70 or "周年" in c.phrase or "170万" in c.phrase]
    project = [c for c in reading.commitments if "50亿级以上项目" in c.phrase]
    assert [(c.target, c.unit) for c in project] == [(1, "个")]
    assert not [c for c in reading.commitments if c.phrase.startswith("各位代表")]


def test_full_width_punctuation_reads_the_same() -> None:
    """Real reports write （），：！；in full width; this seed has them in ASCII. Both read alike."""
    wide = REPORT.translate(str.maketrans(",:()!;", "，：（）！；"))
    narrow, full = read_report(REPORT), read_report(wide)

    def shape(r: Reading) -> list[tuple[object, ...]]:
        return [(fold(c.name), c.kind, c.target, c.unit, c.qualifier, c.period, fold(c.phrase), c.needs_review)
                for c in r.commitments]

    assert shape(full) == shape(narrow)
    for c in full.commitments:
        assert wide[c.start:c.end] == c.phrase


def test_text_that_is_no_report_gives_nothing() -> None:
    """The other seeds are news articles: no numbered parts, so no targets — nothing is invented."""
    for seed in sorted((REPO / "seeds").glob("00[0-3]_*.txt")):
        reading = read_report(seed.read_text(encoding="utf-8"))
        assert reading.commitments == (), seed.name
    assert read_report("").commitments == ()


# ── reports written here in the shape of real ones ────────────────────────────────────────────

REPORT_2027 = """2027年开州区人民政府工作报告
——2027年1月26日在重庆市开州区第十八届人民代表大会第十次会议上
各位代表：
现在，我代表区人民政府向大会报告工作，请予审议。
一、2026年工作回顾
过去一年，全区上下真抓实干，经济运行稳中有进。全年地区生产总值增长5.8%，规模以上工业增加值增长6.2%，城镇新增就业7520人，城镇调查失业率控制在5.3%以内。
（一）全力以赴抓开放提能级。开州港扩能工程全面完成，港口货物吞吐量突破310万吨。科技金融、普惠金融贷款余额分别达到55亿元、126亿元。
（二）全力以赴抓生态筑屏障。城区空气质量优良天数348天，辖区水质稳定保持Ⅲ类，森林覆盖率稳定在56.8%。
二、2027年工作安排
今年经济社会发展主要预期目标是：地区生产总值增长6.5%左右，规模以上工业增加值增长7%，固定资产投资增长4%，社会消费品零售总额增长3%以上，城镇新增就业7500人（含返乡创业），城镇调查失业率控制在5.5%以内，一般公共预算收入增长6%，居民收入增长与经济增长同步。
（一）坚定不移推进工业强区建设，着力壮大产业集群
推动优势产业提质升级。新增规上工业企业30家、工业税收增长15%以上，力争技术合同成交额达35亿元。推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元。建成开州港二期工程。
（二）坚定不移推进乡村全面振兴，着力强农兴村富民
确保粮食播面和产量分别稳定在175万亩、60万吨以上。新建设中药材育苗基地6个、GAP基地12个。
（三）坚定不移推进生态文明建设，着力筑牢绿色屏障
全年空气质量优良天数保持352天左右。确保辖区水质稳定保持Ⅲ类，森林覆盖率稳定在57%以上。力争创成国家生态文明建设示范区。打造“中国崖柏之乡”。
各位代表！新的一年，我们将推动开州高质量发展取得新突破，实现2027年各项目标！
"""

EXPECTED_2027 = [
    # phrase, name, kind, target, unit, qualifier
    ("地区生产总值增长6.5%左右", "地区生产总值增长", "growth", 6.5, "%", "左右"),
    ("规模以上工业增加值增长7%", "规模以上工业增加值增长", "growth", 7, "%", ""),
    ("固定资产投资增长4%", "固定资产投资增长", "growth", 4, "%", ""),
    ("社会消费品零售总额增长3%以上", "社会消费品零售总额增长", "growth", 3, "%", "以上"),
    ("城镇新增就业7500人（含返乡创业）", "城镇新增就业", "cumulative", 7500, "人", ""),
    ("城镇调查失业率控制在5.5%以内", "城镇调查失业率", "ceiling", 5.5, "%", "以内"),
    ("一般公共预算收入增长6%", "一般公共预算收入增长", "growth", 6, "%", ""),
    ("居民收入增长与经济增长同步", "居民收入增长", "relative", None, "%", "同步"),
    ("新增规上工业企业30家", "新增规上工业企业", "cumulative", 30, "家", ""),
    ("工业税收增长15%以上", "工业税收增长", "growth", 15, "%", "以上"),
    ("力争技术合同成交额达35亿元", "技术合同成交额", "cumulative", 35, "亿元", "力争达"),
    ("推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元", "科技金融贷款余额", "level", 60,
     "亿元", "突破"),
    ("推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元", "普惠金融贷款余额", "level", 130,
     "亿元", "突破"),
    ("推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元", "绿色金融贷款余额", "level", 110,
     "亿元", "突破"),
    ("建成开州港二期工程", "建成开州港二期工程", "milestone", None, "", ""),
    ("确保粮食播面和产量分别稳定在175万亩、60万吨以上", "粮食播面", "floor", 175, "万亩", "以上"),
    ("确保粮食播面和产量分别稳定在175万亩、60万吨以上", "粮食产量", "floor", 60, "万吨", "以上"),
    ("新建设中药材育苗基地6个", "新建设中药材育苗基地", "cumulative", 6, "个", ""),
    ("GAP基地12个", "新建设GAP基地", "cumulative", 12, "个", ""),
    ("全年空气质量优良天数保持352天左右", "空气质量优良天数", "cumulative", 352, "天", "左右"),
    ("确保辖区水质稳定保持Ⅲ类", "辖区水质", "ceiling", 3, "类", "稳定保持"),
    ("森林覆盖率稳定在57%以上", "森林覆盖率", "floor", 57, "%", "以上"),
    ("力争创成国家生态文明建设示范区", "创成国家生态文明建设示范区", "milestone", None, "", "力争"),
    ("打造“中国崖柏之乡”", "打造“中国崖柏之乡”", "milestone", None, "", ""),
]


def test_a_2027_report_proposes_its_new_targets_and_never_last_years_results() -> None:
    reading = read_report(REPORT_2027)
    assert reading.year == 2027
    got = [(c.phrase, c.name, c.kind, c.target, c.unit, c.qualifier) for c in reading.commitments]
    assert got == EXPECTED_2027
    review = next(s for s in reading.sections if s.kind == "review")
    results = {5.8, 6.2, 7520, 5.3, 310, 55, 126, 348, 56.8}
    for c in reading.commitments:
        assert REPORT_2027[c.start:c.end] == c.phrase
        assert not review.start <= c.start < review.end
        assert c.target not in results
        assert c.period == "2027" and c.section == "year" and c.needs_review == ()
    assert [c.heading for c in reading.commitments[:8]] == ["主要预期目标"] * 8
    assert reading.commitments[8].heading == "（一）坚定不移推进工业强区建设，着力壮大产业集群"
    # The review's results come back as baselines of 2026, with their phrase.
    baselines = {(b.name, b.value, b.unit, b.period) for b in reading.baselines}
    assert ("城镇新增就业", 7520, "人", "2026") in baselines
    assert ("港口货物吞吐量", 310, "万吨", "2026") in baselines
    assert ("普惠金融贷款余额", 126, "亿元", "2026") in baselines
    assert ("辖区水质", 3, "类", "2026") in baselines


def test_the_2027_reports_indicators_match_the_ledgers() -> None:
    """What `kzt year add 2027` needs: each recurring indicator found in the ledger by name and the
    phrasing of its 2026 source (规模以上 ↔ 规上), each new one reported as new."""
    candidates = [Candidate(t["id"], (t["name"], t["source"])) for t in LEDGER
                  if str(t.get("period", "2026")) == "2026"]
    reading = read_report(REPORT_2027)
    matched = {}
    for c in reading.commitments:
        verdict = match_name(c.name, candidates)
        matched[c.phrase, c.name] = verdict.best.id if verdict.status == "matched" and verdict.best else verdict.status
    assert matched["规模以上工业增加值增长7%", "规模以上工业增加值增长"] == "industry-value-added-growth"
    assert matched["城镇新增就业7500人（含返乡创业）", "城镇新增就业"] == "jobs-new-urban"
    assert matched["社会消费品零售总额增长3%以上", "社会消费品零售总额增长"] == "retail-sales-growth"
    assert matched["确保粮食播面和产量分别稳定在175万亩、60万吨以上", "粮食产量"] == "grain-output"
    assert matched["确保辖区水质稳定保持Ⅲ类", "辖区水质"] == "water-quality-class"
    assert matched["GAP基地12个", "新建设GAP基地"] == "gap-bases"
    assert matched["建成开州港二期工程", "建成开州港二期工程"] == "unmatched"


SHORT_REPORT = """2027年某区人民政府工作报告
一、2026年工作回顾
2026年，全区地区生产总值增长5.1%，一般公共预算收入增长3.2%。
二、2027年工作安排
今年全区经济社会发展的主要预期目标是：地区生产总值增长6%左右，规模以上工业增加值增长7%，固定资产投资增长5%，社会消费品零售总额增长6.5%，一般公共预算收入增长4%，城镇常住居民人均可支配收入增长6%，农村常住居民人均可支配收入增长7%，外贸进出口总额增长10%，农业增加值增长4%以上。
"""


def test_a_short_report_of_nine_growth_targets_is_read_completely() -> None:
    reading = read_report(SHORT_REPORT)
    assert [(c.name, c.target, c.qualifier) for c in reading.commitments] == [
        ("地区生产总值增长", 6, "左右"), ("规模以上工业增加值增长", 7, ""), ("固定资产投资增长", 5, ""),
        ("社会消费品零售总额增长", 6.5, ""), ("一般公共预算收入增长", 4, ""),
        ("城镇常住居民人均可支配收入增长", 6, ""), ("农村常住居民人均可支配收入增长", 7, ""),
        ("外贸进出口总额增长", 10, ""), ("农业增加值增长", 4, "以上")]
    for c in reading.commitments:
        assert (c.kind, c.direction, c.unit, c.period, c.needs_review) == ("growth", "up", "%", "2027", ())
        assert SHORT_REPORT[c.start:c.end] == c.phrase
    assert {(b.name, b.value) for b in reading.baselines} == {("地区生产总值增长", 5.1), ("一般公共预算收入增长", 3.2)}


def _only(text: str) -> list[Commitment]:
    report = f"2027年工作报告\n一、2026年工作回顾\n去年如期完成。\n二、2027年工作安排\n（一）重点工作\n{text}\n"
    reading = read_report(report)
    for c in reading.commitments:
        assert report[c.start:c.end] == c.phrase
    return list(reading.commitments)


def test_what_cannot_be_read_fully_is_marked_not_guessed() -> None:
    [dust] = _only("PM2.5年均浓度控制在35微克/立方米以内。")
    assert (dust.target, dust.unit, dust.kind, dust.needs_review) == (35, "", "ceiling", ("unit",))
    [band] = _only("地区生产总值增长5%—6%。")
    assert band.target is None and "target" in band.needs_review
    pairs = _only("城乡居民人均可支配收入分别增长6%、7%。")
    assert [(c.target, c.needs_review) for c in pairs] == [(6, ("name",)), (7, ("name",))]


def test_numbers_in_quotes_grades_codes_and_years_are_not_targets() -> None:
    assert [c.kind for c in _only("打造“15分钟高品质生活服务圈”。")] == ["milestone"]
    assert [c.kind for c in _only("投用长沙组团110千伏变电站。")] == ["milestone"]
    assert [(c.target, c.unit) for c in _only("力争实质性开工50亿级以上项目2个。")] == [(2, "个")]
    assert [(c.target, c.period) for c in _only("到2030年城镇化率提高至60%。")] == [(60, "2027-2030")]
    assert _only("改造G243岳溪至万州段。") == []


def test_a_fall_reads_as_a_negative_growth_and_points_as_an_increase() -> None:
    [energy] = _only("单位地区生产总值能耗下降3%。")
    assert (energy.kind, energy.direction, energy.target) == ("growth", "down", -3)
    [rate] = _only("常住人口城镇化率提高1个百分点。")
    assert (rate.kind, rate.name, rate.target, rate.increase, rate.unit) == ("level", "常住人口城镇化率", None, 1, "%")


def test_an_unheaded_work_paragraph_gives_its_figures_but_no_milestones() -> None:
    report = ("政府工作报告\n——2027年1月20日在区第十八届人民代表大会第十次会议上\n一、2026年工作回顾\n"
              "去年新增规上工业企业18家。\n二、今年工作安排\n"
              "今年是“十五五”规划实施的第二年，推动高质量发展取得新突破。\n"
              "全年新增规上工业企业20家，推动开州港二期工程建设。\n"
              "各位代表！新的一年，我们将力争新增规上工业企业30家！\n")
    reading = read_report(report)
    assert reading.year == 2027  # from the session's line: neither title nor heading names it
    assert [(c.name, c.target, c.unit, c.heading, c.period) for c in reading.commitments] == [
        ("新增规上工业企业", 20, "家", "", "2027")]
    assert [(b.name, b.value, b.period) for b in reading.baselines] == [("新增规上工业企业", 18, "2026")]


def test_quotes_and_brackets_keep_their_lists_together() -> None:
    [platform] = _only("全力打造“迎老乡、回故乡、建家乡”返乡创业归雁平台。")
    assert (platform.kind, platform.commitment) == ("milestone", "step")
    assert platform.name == "打造“迎老乡、回故乡、建家乡”返乡创业归雁平台"
    assert [c.name for c in _only("建成巴渝和美乡村示范村、乡村振兴示范镇和“中国崖柏之乡”。")] == [
        "建成巴渝和美乡村示范村", "建成乡村振兴示范镇", "建成“中国崖柏之乡”"]  # 和美 is a word, not “and”
    [firms] = _only("培育3A级物流企业2家。")
    assert (firms.name, firms.target, firms.unit) == ("培育3A级物流企业", 2, "家")


# ── any report at all ─────────────────────────────────────────────────────────────────────────

_YEAR_PART = next(s for s in read_report(REPORT).sections if s.kind == "year")
_REVIEW_PART = next(s for s in read_report(REPORT).sections if s.kind == "review")


def _sentences(part_start: int, part_end: int) -> list[str]:
    from kaizhou_targets.core.report_layout import sentences

    return [REPORT[a:b] + "。" for a, b in sentences(REPORT, part_start, part_end) if "\n" not in REPORT[a:b]]


_WORK = _sentences(_YEAR_PART.start, _YEAR_PART.end)
_PAST = _sentences(_REVIEW_PART.start, _REVIEW_PART.end)
assert len(_WORK) > 100 and len(_PAST) > 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PAST), max_size=6), st.lists(st.sampled_from(_WORK), min_size=1, max_size=8),
       st.booleans())
def test_any_report_of_real_sentences_keeps_phrases_verbatim_and_the_review_out(
        past: list[str], work: list[str], wide: bool) -> None:
    text = ("2027年某区人民政府工作报告\n一、2026年工作回顾\n" + "".join(past) + "\n二、2027年工作安排\n"
            "（一）重点工作\n" + "".join(work) + "\n")
    if wide:
        text = text.translate(str.maketrans(",:()!;", "，：（）！；"))
    reading = read_report(text)
    review = next(s for s in reading.sections if s.kind == "review")
    for c in reading.commitments:
        assert text[c.start:c.end] == c.phrase
        assert not review.start <= c.start < review.end
        assert c.period == "2027"
        if c.target is not None and c.qualifier != "下降" and c.unit != "类":
            assert f"{abs(c.target):g}" in fold(c.phrase)
    for b in reading.baselines:
        assert review.start <= b.start < review.end and text[b.start:b.end] == b.phrase


_ALPHABET = list("一二三、（）()，,。：:“”0123456789.%％亿元万人个增长以上左右分别和力争到年\n Ⅲ类工作回顾安排")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_ALPHABET, "一、2026年工作回顾\n", "二、2027年工作安排\n", "（一）"])).map("".join))
def test_any_text_at_all_is_read_without_error_and_quoted_exactly(text: str) -> None:
    reading = read_report(text)
    for c in reading.commitments:
        assert text[c.start:c.end] == c.phrase
