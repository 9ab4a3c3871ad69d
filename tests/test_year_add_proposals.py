"""`kzt year add 2027 --source REPORT` proposes the new year's targets from the report (issue 24, point 2).

The 2027 reports here are test data written by the test in the shape of a real one (a title, the
session's line, 一、…工作回顾 with last year's results — 分别 lists among them — then 二、2027年
工作安排 with its 主要预期目标 and headed work sections, full-width punctuation throughout). They
are not the district's report: the real 2027 report does not exist yet."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from kaizhou_targets.commands import year_cmds
from kaizhou_targets.core.plan_years import is_recurring, targets_of_year
from kaizhou_targets.core.report_reader import read_report
from kaizhou_targets.core.validation import build_ledger
from kaizhou_targets.core.year_proposals import convert, propose_year
from kaizhou_targets.render.shown import shown

from .conftest import REPO, invoke, snapshot

REPORT_2027 = """2027年开州区人民政府工作报告
——2027年1月26日在重庆市开州区第十八届人民代表大会第十次会议上
各位代表：
现在，我代表区人民政府向大会报告工作，请予审议。
一、2026年工作回顾
过去一年，全区经济运行稳中有进。全年地区生产总值增长5.8%，规模以上工业增加值增长6.2%，固定资产投资增长2.9%，城镇新增就业7520人，城镇调查失业率控制在5.3%以内。
（一）全力以赴抓开放提能级。开州港扩能工程全面完成，港口货物吞吐量突破310万吨。科技金融、普惠金融贷款余额分别达到55亿元、126亿元。
（二）全力以赴抓生态筑屏障。城区空气质量优良天数348天，辖区水质稳定保持Ⅲ类，森林覆盖率稳定在56.8%。
二、2027年工作安排
今年经济社会发展主要预期目标是：地区生产总值增长6.5%左右，规模以上工业增加值增长7%，固定资产投资增长4%，社会消费品零售总额增长3%以上，城镇新增就业7500人（含返乡创业），城镇调查失业率控制在5.5%以内，一般公共预算收入增长6%，居民收入增长与经济增长同步。
（一）坚定不移推进工业强区建设，着力壮大产业集群
推动优势产业提质升级。新增规上工业企业30家、工业税收增长15%以上，力争技术合同成交额达35亿元。推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元。港口货物吞吐量突破320万吨。建成开州港二期工程。
（二）坚定不移推进乡村全面振兴，着力强农兴村富民
确保粮食播面和产量分别稳定在175万亩、60万吨以上。新建设中药材育苗基地6个、GAP基地12个。
（三）坚定不移推进生态文明建设，着力筑牢绿色屏障
全年空气质量优良天数保持352天左右。确保辖区水质稳定保持Ⅲ类，森林覆盖率稳定在57%以上。力争创成国家生态文明建设示范区。打造“中国崖柏之乡”。
各位代表！新的一年，我们将推动开州高质量发展取得新突破！
"""

LOANS = "推动科技金融、普惠金融、绿色金融贷款余额分别突破60亿元、130亿元、110亿元"
# What the report sets for 2027, indicator by indicator: (id, target, qualifier, phrase).
EXPECTED = [
    ("gdp-growth", 6.5, "左右", "地区生产总值增长6.5%左右"),
    ("industry-value-added-growth", 7, "", "规模以上工业增加值增长7%"),
    ("fixed-investment-growth", 4, "", "固定资产投资增长4%"),
    ("retail-sales-growth", 3, "以上", "社会消费品零售总额增长3%以上"),
    ("jobs-new-urban", 7500, "", "城镇新增就业7500人（含返乡创业）"),
    ("public-budget-revenue-growth", 6, "", "一般公共预算收入增长6%"),
    ("income-growth", None, "同步", "居民收入增长与经济增长同步"),
    ("new-industrial-enterprises", 30, "", "新增规上工业企业30家"),
    ("industrial-tax-growth", 15, "以上", "工业税收增长15%以上"),
    ("tech-contract-turnover", 35, "力争达", "力争技术合同成交额达35亿元"),
    ("tech-finance-loans", 60, "突破", LOANS),
    ("inclusive-finance-loans", 130, "突破", LOANS),
    ("green-finance-loans", 110, "突破", LOANS),
    ("port-throughput", 320, "突破", "港口货物吞吐量突破320万吨"),
    ("grain-sown-area", 175, "以上", "确保粮食播面和产量分别稳定在175万亩、60万吨以上"),
    ("grain-output", 60, "以上", "确保粮食播面和产量分别稳定在175万亩、60万吨以上"),
    ("herb-seedling-bases", 6, "", "新建设中药材育苗基地6个"),
    ("gap-bases", 12, "", "GAP基地12个"),
    ("good-air-days", 352, "左右", "全年空气质量优良天数保持352天左右"),
    ("water-quality-class", 3, "稳定保持", "确保辖区水质稳定保持Ⅲ类"),
    ("forest-coverage", 57, "以上", "森林覆盖率稳定在57%以上"),
    ("urban-unemployment-rate", 5.5, "以内", "城镇调查失业率控制在5.5%以内"),
]
# Last year's results, as the review states them: never a 2027 target.
RESULTS = {5.8, 6.2, 2.9, 7520, 5.3, 310, 55, 126, 348, 56.8}


_TEXT = (REPO / "targets.toml").read_text(encoding="utf-8")
BUNDLED = build_ledger(tomllib.loads(_TEXT), "targets.toml", _TEXT)[0]  # no cache: nothing written at import
assert BUNDLED is not None


def kzt(runner: CliRunner, ledger: Path, *args: str, input: str | None = None):
    return invoke(runner, "-f", str(ledger), *args, input=input)


def write_report(ledger: Path, text: str = REPORT_2027, name: str = "2027年政府工作报告.txt") -> Path:
    report = ledger.parent / name
    report.write_text(text, encoding="utf-8")
    return report


def year_table(text: str, target_id: str) -> str:
    block = text.split(f'id = "{target_id}"', 1)[1].split("[[target]]", 1)[0]
    return block.split("[target.years.2027]", 1)[1]


def review_span(text: str) -> tuple[int, int]:
    return text.index("一、2026年工作回顾"), text.index("二、2027年工作安排")


def test_the_proposals_are_the_new_targets_never_last_years_results(runner: CliRunner, ledger: Path) -> None:
    report = write_report(ledger)
    before = snapshot(ledger.parent)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert snapshot(ledger.parent) == before  # --json alone writes nothing
    assert data["written"] is False and data["report"] == "2027年政府工作报告.txt" and data["year"] == 2027
    got = [(p["id"], p["target"], p["qualifier"], p["phrase"]) for p in data["proposals"]]
    assert got == EXPECTED
    assert all(p["ready"] and p["problems"] == [] for p in data["proposals"])
    start, end = review_span(REPORT_2027)
    for p in data["proposals"]:
        assert p["target"] not in RESULTS
        at = REPORT_2027.find(p["phrase"], end)
        assert at >= end, p  # the phrase stands in the year's part, after the review
    # The review's results come as baselines (for the kinds a baseline means something for), with their phrase.
    baselines = {p["id"]: (p["baseline"], p["baseline_phrase"]) for p in data["proposals"] if p["baseline"] is not None}
    assert baselines["jobs-new-urban"] == (7520, "城镇新增就业7520人")
    assert baselines["port-throughput"] == (310, "港口货物吞吐量突破310万吨")
    assert baselines["inclusive-finance-loans"] == (126, "科技金融、普惠金融贷款余额分别达到55亿元、126亿元")
    assert "gdp-growth" not in baselines  # last year's growth rate is no base for this year's rate
    for _value, phrase in baselines.values():
        assert start <= REPORT_2027.find(phrase) < end
    # What the ledger does not have, and what the report no longer mentions.
    assert [c["phrase"] for c in data["new"]] == ["建成开州港二期工程", "力争创成国家生态文明建设示范区"]
    assert "trendy-toy-firms" in data["not_mentioned"] and "gdp-growth" not in data["not_mentioned"]
    assert len(data["not_mentioned"]) + len(data["proposals"]) == 90  # every recurring indicator, once


def test_yes_writes_the_accepted_terms_verbatim_and_verify_passes(runner: CliRunner, ledger: Path) -> None:
    report = write_report(ledger)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--yes")
    assert result.exit_code == 0, result.output
    assert "其中 22 个按报告填入目标和原话，其余 68 个目标待填" in result.stderr
    assert "城镇新增就业7500人（含返乡创业）" in result.stdout  # the review table was shown
    raw = ledger.read_bytes()
    # The phrase as the report writes it, byte for byte: full-width brackets and the Roman numeral.
    assert '城镇新增就业7500人（含返乡创业）'.encode() in raw and "稳定保持Ⅲ类".encode() in raw
    text = raw.decode("utf-8")
    assert year_table(text, "jobs-new-urban").startswith(
        '\ntarget = 7500\nsource = "城镇新增就业7500人（含返乡创业）"\n'
        'target_note = "2027年政府工作报告（2027年政府工作报告.txt）"\n'
        'baseline = 7520\nbaseline_source = "城镇新增就业7520人"\n')
    assert year_table(text, "gdp-growth").startswith(
        '\ntarget = 6.5\nqualifier = "左右"\nsource = "地区生产总值增长6.5%左右"\n')
    assert "2027年目标待填" in year_table(text, "trendy-toy-firms")  # no proposal: empty as before
    verify = kzt(runner, ledger, "verify")
    assert verify.exit_code == 0, verify.output
    assert "2027 年有 68 个指标的目标尚未填写" in verify.stderr
    targets = {t["id"]: t for t in json.loads(kzt(runner, ledger, "targets", "--year", "2027", "--json").stdout)}
    for target_id, value, qualifier, phrase in EXPECTED:
        t = targets[target_id]
        assert (t["target"], t["qualifier"], t["source"], t["period"]) == (value, qualifier, phrase, "2027")
    assert targets["jobs-new-urban"]["baseline"] == 7520
    # 2026 as it was written.
    assert {t["id"]: t for t in json.loads(kzt(runner, ledger, "targets", "--year", "2026", "--json").stdout)}[
        "jobs-new-urban"]["target"] == 7300


def test_nothing_is_written_until_the_user_accepts(runner: CliRunner, ledger: Path) -> None:
    report = write_report(ledger)
    before = snapshot(ledger.parent)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report))  # not a terminal, no --yes
    assert result.exit_code == 1
    assert "没有写入：22 条建议需要确认。加 --yes" in result.stderr
    assert "“城镇新增就业7500人（含返乡创业）”" in result.stdout and "7,300人" in result.stdout
    assert snapshot(ledger.parent) == before
    both = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--yes", "--empty")
    assert both.exit_code == 2 and snapshot(ledger.parent) == before


def test_json_with_yes_writes_and_says_what_it_accepted(runner: CliRunner, ledger: Path) -> None:
    report = write_report(ledger)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--json", "--yes")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["written"] is True and all(p["accepted"] for p in data["proposals"])
    assert 'source = "城镇新增就业7500人（含返乡创业）"' in ledger.read_text(encoding="utf-8")


def test_empty_keeps_todays_behaviour(runner: CliRunner, ledger: Path) -> None:
    report = write_report(ledger)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--empty")
    assert result.exit_code == 0, result.output
    text = ledger.read_text(encoding="utf-8")
    assert text.count("[target.years.2027]") == 90 == text.count("2027年目标待填")
    assert "source = \"城镇新增就业7500人" not in text


def test_a_row_by_row_answer_in_a_terminal(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(year_cmds, "stdin_is_terminal", lambda: True)
    report = write_report(ledger)
    # y, n, a stray answer asked again, then y, then q: the rest stay empty.
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), input="y\nn\n好吗\ny\nq\n")
    assert result.exit_code == 0, result.output
    assert "请回答 y（采用）、n（不采用）" in result.stderr
    assert "[1/22] 地区生产总值增长（gdp-growth）：6% → 6.5% 左右，采用吗？[y/n/a/q]" in result.stderr
    text = ledger.read_text(encoding="utf-8")
    assert "target = 6.5" in year_table(text, "gdp-growth")
    assert "2027年目标待填" in year_table(text, "industry-value-added-growth")  # n
    assert "target = 4" in year_table(text, "fixed-investment-growth")      # y, after the stray answer
    assert "2027年目标待填" in year_table(text, "retail-sales-growth")        # q
    assert "2027年目标待填" in year_table(text, "jobs-new-urban")
    assert "其中 2 个按报告填入目标和原话" in result.stderr


def test_all_takes_this_row_and_the_rest_and_the_end_of_input_writes_nothing(
        runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(year_cmds, "stdin_is_terminal", lambda: True)
    report = write_report(ledger)
    before = snapshot(ledger.parent)
    cancelled = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), input="y\ny\n")  # then EOF
    assert cancelled.exit_code == 1 and "已取消，没有改动任何内容" in cancelled.stderr
    assert snapshot(ledger.parent) == before
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), input="n\na\n")
    assert result.exit_code == 0, result.output
    text = ledger.read_text(encoding="utf-8")
    assert "2027年目标待填" in year_table(text, "gdp-growth")
    assert "target = 7\n" in year_table(text, "industry-value-added-growth")
    assert "其中 21 个按报告填入目标和原话" in result.stderr


def test_the_review_in_a_real_terminal(ledger: Path) -> None:
    """The table and the questions as a person sees them: a pseudo-terminal 120 columns wide."""
    report = write_report(ledger)
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"TERM": "xterm", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kaizhou_targets", "-f", str(ledger), "year", "add", "2027",
                                "--source", str(report)], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    answers = ["y", "n", "q"]
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if answers and seen.rstrip().endswith(b"[y/n/a/q]"):
                os.write(master, (answers.pop(0) + "\n").encode())
        elif process.poll() is not None:
            break
    process.wait(timeout=10)
    os.close(master)
    shown = seen.decode("utf-8", "replace")
    assert process.returncode == 0, shown
    assert not answers, shown
    lines = [line.replace("\x1b[1m", "").replace("\x1b[0m", "") for line in shown.splitlines()]
    first = next(i for i, line in enumerate(lines) if "序号" in line)
    table = lines[first:lines.index("", first)]
    assert len(table) > 22 and all(cell_len(line.rstrip()) <= 120 for line in table)  # fits, CJK counted as two
    header = table[0]
    for column in ("指标", "2026年目标", "建议2027年目标", "报告原话", "说明"):
        assert column in header
    row = next(line for line in lines if "城镇新增就业" in line and "7,300人" in line)
    assert "7,500人" in row
    assert "[2/22] 规上工业增加值增长（industry-value-added-growth）：6% → 7%，采用吗？[y/n/a/q]" in shown
    assert "其中 1 个按报告填入目标和原话" in shown
    written = tomllib.loads(ledger.read_text(encoding="utf-8"))
    jobs = next(t for t in written["target"] if t["id"] == "gdp-growth")
    assert jobs["years"]["2027"]["target"] == 6.5


def test_what_a_person_must_look_at_is_never_accepted_by_yes(runner: CliRunner, ledger: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind the indicator is not, two figures for one indicator, a name that could be several:
    shown and explained, never written by --yes. A unit that converts (0.75万人) is no problem."""
    monkeypatch.setenv("COLUMNS", "1000")  # one line a row, to read the table's words whole
    text = REPORT_2027.replace("森林覆盖率稳定在57%以上", "森林覆盖率提高1个百分点") \
        .replace("城镇新增就业7500人（含返乡创业）", "城镇新增就业0.75万人") \
        .replace("港口货物吞吐量突破320万吨", "港口货物吞吐量突破320万吨、港口货物吞吐量突破330万吨") \
        .replace("建成开州港二期工程", "金融贷款余额突破300亿元") \
        .replace("力争技术合同成交额达35亿元", "力争技术合同成交额达35万吨") \
        .replace("空气质量优良天数保持352天左右", "空气质量优良天数稳定在352天以上")
    report = write_report(ledger, text)
    data = json.loads(kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--json").stdout)
    by_id = {p["id"]: p for p in data["proposals"]}
    assert by_id["jobs-new-urban"]["target"] == 7500 and by_id["jobs-new-urban"]["ready"]  # 0.75万人 is 7,500 人
    assert by_id["forest-coverage"]["problems"] == ["kind"]             # an increase of a floor
    assert by_id["port-throughput"]["problems"] == ["conflict"]          # 320 and 330
    assert by_id["good-air-days"]["problems"] == ["kind"]                # 352天以上 is a floor, the ledger's is 左右
    assert by_id["tech-contract-turnover"]["problems"] == ["unit"]       # 万吨 is no 亿元
    [unsure] = data["unsure"]
    assert unsure["phrase"] == "金融贷款余额突破300亿元"
    assert set(unsure["candidates"]) >= {"tech-finance-loans", "inclusive-finance-loans", "green-finance-loans"}
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--yes")
    assert result.exit_code == 0, result.output
    assert "待人工核对：报告对它给出不同的数：“港口货物吞吐量突破320万吨”；“港口货物吞吐量突破330万吨”" in result.stdout
    assert "待人工核对：报告读作水平，台账中是底线" in result.stdout
    assert "“金融贷款余额突破300亿元”：可能是 " in result.stdout
    assert result.stdout.count("⚠") == 4
    assert "待人工核对：单位“万吨”换算不成台账的“亿元”" in result.stdout
    written = ledger.read_text(encoding="utf-8")
    for target_id in ("forest-coverage", "port-throughput", "good-air-days", "tech-contract-turnover"):
        assert "2027年目标待填" in year_table(written, target_id)
    assert "target = 7500" in year_table(written, "jobs-new-urban")
    assert kzt(runner, ledger, "verify").exit_code == 0


def test_a_report_of_another_year_is_refused(runner: CliRunner, ledger: Path) -> None:
    seed = ledger.parent / "seeds" / "004_552df92d5a075e63.txt"
    before = snapshot(ledger.parent)
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(seed), "--yes")
    assert result.exit_code == 2
    assert "是 2026 年的报告" in result.stderr and "没有改动任何内容" in result.stderr
    assert snapshot(ledger.parent) == before
    missing = kzt(runner, ledger, "year", "add", "2027", "--source", "nowhere.txt", "--yes")
    assert missing.exit_code == 2 and "找不到报告文件 nowhere.txt" in missing.stderr


# ── the proposals, whatever the report ────────────────────────────────────────────────────────

def _sentences_of(part_heading: str, next_heading: str) -> list[str]:
    body = REPORT_2027.split(part_heading, 1)[1].split(next_heading, 1)[0]
    return [s + "。" for line in body.splitlines() for s in line.split("。") if s.strip() and "（" not in s[:1]]


_PAST_2026 = _sentences_of("一、2026年工作回顾\n", "二、2027年工作安排")
_WORK_2027 = _sentences_of("二、2027年工作安排\n", "各位代表！")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PAST_2026), min_size=1, max_size=6),
       st.lists(st.sampled_from(_WORK_2027), min_size=1, max_size=8), st.booleans())
def test_whatever_the_report_a_proposal_is_never_a_result_of_the_review(past: list[str], work: list[str],
                                                                        wide: bool) -> None:
    text = ("2027年某区人民政府工作报告\n一、2026年工作回顾\n" + "".join(past) + "\n二、2027年工作安排\n"
            "（一）重点工作\n" + "".join(work) + "\n")
    if wide:
        text = text.translate(str.maketrans(",:()", "，：（）"))
    review = propose_year(BUNDLED, read_report(text), 2027)
    year_part = text.index("二、2027年工作安排")
    for p in review.proposals:
        assert text.find(p.read.phrase, year_part) >= 0 and p.read.start > year_part
        if p.baseline is not None:
            assert p.baseline.end <= year_part  # a baseline is the review's, never the year's
        assert p.terms("note")["source"] == p.read.phrase
    offered = {p.id for p in review.proposals} | {t.id for t in review.silent} | {
        key for u in review.unsure for key in u.candidates}
    assert offered >= {t.id for t in targets_of_year(BUNDLED, 2026) if is_recurring(t)}


def test_units_convert_only_within_their_base() -> None:
    assert convert(0.75, "万人", "人") == 7500
    assert convert(3.2, "亿元", "万元") == 32000
    assert convert(5, "%", "个百分点") is None and convert(5, "亿元", "万吨") is None
    assert convert(1.9, ":1", ":1") == 1.9


def test_the_reports_words_are_data_to_the_terminal(runner: CliRunner, ledger: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """rich markup and terminal escapes in a report's phrase are printed as text, never obeyed."""
    monkeypatch.setenv("COLUMNS", "1000")
    hostile = "（含[/x][link=http://evil.invalid/]返乡\x9b2J\x07创业[bold red]）"  # CSI, BEL, rich markup
    report = write_report(ledger, REPORT_2027.replace("（含返乡创业）", hostile))
    result = kzt(runner, ledger, "year", "add", "2027", "--source", str(report), "--yes")
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout + result.stderr for ch in ("\x1b", "\x9b", "\x07"))
    assert f"“{shown(f'城镇新增就业7500人{hostile}')}”" in result.stdout
    assert f"城镇新增就业7500人{hostile}" in tomllib.loads(ledger.read_text(encoding="utf-8"))["target"][4][
        "years"]["2027"]["source"]  # stored as the report writes it
