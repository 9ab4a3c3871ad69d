"""`kzt plan`: the 十五五 goals against their straight path and pace, through the real CLI.

The figures are recorded with `kzt record` as a statistician would type them (全年 in 2028 means
2027; a revision supersedes; a milestone is recorded done), and every number the JSON gives is
worked out by hand in a comment beside its assertion.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.render.documents import HTML_COLOURS

from .conftest import invoke
from .png import png_rgb
from .test_browser import CHROMIUM, chromium

JUDGED = "2028-03-01"  # early 2028: the 2027 year-end figures are in, the plan's third year has begun


def record(runner: CliRunner, ledger: Path, *args: str) -> None:
    result = invoke(runner, "-f", str(ledger), "record", *args)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def plan_ledger(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled ledger with realistic 2026 and 2027 year-end figures of the 十五五 indicators."""
    monkeypatch.setenv("KZT_TODAY", JUDGED)
    record(runner, ledger, "城镇化率", "55.4", "--as-of", "2026-12-31")
    record(runner, ledger, "城镇化率", "56.0%", "--as-of", "全年")          # 全年 on 2028-03-01: 2027
    record(runner, ledger, "城镇化率", "56.1", "--as-of", "2027年", "--note", "统计局修订")  # supersedes 56.0
    record(runner, ledger, "城乡居民收入比", "1.98", "--as-of", "2026-12-31")
    record(runner, ledger, "城乡居民收入比", "1.96:1", "--as-of", "2027-12-31")
    record(runner, ledger, "rd-intensity-growth", "16", "--as-of", "2026年")
    record(runner, ledger, "rd-intensity-growth", "12%", "--as-of", "2027-12-31")
    record(runner, ledger, "culinary-college-undergraduate", "完成", "--as-of", "2027-09-30")
    return ledger


def plan(runner: CliRunner, ledger: Path, *args: str) -> str:
    result = invoke(runner, "-f", str(ledger), "plan", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def plan_json(runner: CliRunner, ledger: Path, *args: str) -> dict:
    return json.loads(plan(runner, ledger, "--format", "json", *args))


def by_id(data: dict) -> dict[str, dict]:
    return {g["id"]: g for g in data["goals"] + data["milestones"]}


def test_json_gives_each_goals_series_pace_and_verdict_checked_by_hand(runner: CliRunner, plan_ledger: Path) -> None:
    data = plan_json(runner, plan_ledger, "--as-of", JUDGED)
    goals = by_id(data)
    assert data["as_of"] == JUDGED and (data["first_year"], data["last_year"]) == (2026, 2030)

    urban = goals["urbanization-rate"]
    # A rate in %: its pace is in percentage points a year, along the straight path 54.6 → 58.5.
    assert (urban["baseline_year"], urban["baseline"], urban["goal_year"], urban["goal"]) == (2025, 54.6, 2030, 58.5)
    assert urban["measure"] == "points"
    # path: 54.6 + 3.9 × (year − 2025) / 5 → 2026 55.38, 2027 56.16, …, 2030 58.5; the revision 56.1 stands for 2027.
    assert [(s["year"], s["value"], s["as_of"], s["path"]) for s in urban["series"]] == [
        (2026, 55.4, "2026-12-31", 55.38), (2027, 56.1, "2027-12-31", 56.16), (2028, None, None, 56.94),
        (2029, None, None, 57.72), (2030, None, None, 58.5)]
    assert urban["required_pace"] == 0.78         # (58.5 − 54.6) / 5 = 0.78 个百分点 a year
    assert urban["achieved_pace"] == 0.75         # (56.1 − 54.6) / 2 years = 0.75
    assert urban["projection"] == 58.35           # 54.6 + 0.75 × 5 = 58.35
    assert urban["remaining_pace"] == 0.8         # (58.5 − 56.1) / 3 years left = 0.8
    assert urban["task_share"] == 0.3846          # (56.1 − 54.6) / (58.5 − 54.6) = 1.5 / 3.9 = 0.38462
    assert urban["elapsed_share"] == 0.4          # (2027 − 2025) / 5
    assert urban["gap_pp"] == -1.54               # (0.38462 − 0.4) × 100 = −1.54 points
    assert (urban["schedule"], urban["verdict"], urban["half_done"]) == ("behind", "behind", False)

    ratio = goals["urban-rural-income-ratio"]
    # A ratio in :1 falling from 2.01 to 1.9: its pace is in the unit a year, negative.
    assert ratio["measure"] == "unit" and ratio["direction"] == "down"
    assert [s["path"] for s in ratio["series"][:2]] == [1.988, 1.966]   # 2.01 − 0.022 × (year − 2025)
    assert ratio["required_pace"] == -0.022       # (1.9 − 2.01) / 5
    assert ratio["achieved_pace"] == -0.025       # (1.96 − 2.01) / 2
    assert ratio["projection"] == 1.885           # 2.01 − 0.025 × 5
    assert ratio["remaining_pace"] == -0.02       # (1.9 − 1.96) / 3
    assert ratio["task_share"] == 0.4545          # (1.96 − 2.01) / (1.9 − 2.01) = 0.05 / 0.11
    assert ratio["gap_pp"] == 5.45                # (0.4545 − 0.4) × 100
    assert (ratio["schedule"], ratio["verdict"]) == ("ahead", "ahead")

    rd = goals["rd-intensity-growth"]
    # 年均增长15%以上: the yearly rates, their geometric mean, and what the three years left need.
    assert rd["form"] == "yearly-rate" and rd["measure"] == "growth" and rd["required_pace"] == 15
    assert [(s["year"], s["value"], s["path"]) for s in rd["series"][:3]] == [(2026, 16, 15), (2027, 12, 15),
                                                                           (2028, None, 15)]
    assert rd["achieved_pace"] == 13.9825         # √(1.16 × 1.12) − 1 = √1.2992 − 1 = 13.9825%
    assert rd["remaining_pace"] == 15.6834        # (1.15⁵ / 1.2992)^(1/3) − 1 = (2.01136 / 1.2992)^(1/3) − 1
    assert rd["gap_pp"] == -1.02                  # 13.98 − 15
    assert (rd["schedule"], rd["verdict"], rd["task_share"]) == ("behind", "behind", None)

    # 再上3个百亿台阶 and 人均GDP净增 wait for their 2025 baselines.
    assert goals["gdp-2030"]["verdict"] == goals["gdp-per-capita-2030"]["verdict"] == "pending-goal"
    assert goals["gdp-2030"]["goal"] is None and goals["gdp-2030"]["required_pace"] is None

    assert goals["culinary-college-undergraduate"] == {
        "id": "culinary-college-undergraduate", "name": "开州烹饪职教城创建本科院校", "done": True,
        "done_on": "2027-09-30", "deadline": "2030-12-31", "verdict": "done"}
    assert goals["national-high-tech-zone"]["done"] is False
    assert data["counts"] == {"early": 0, "ahead": 1, "on_pace": 0, "behind": 2, "not_judged": 2, "half_done": 0,
                              "milestones": 28, "milestones_done": 1}
    # On 2028-03-01, 26 months and a day of the plan's 60 are gone (26 + 1/31 = 26.03, 43.4%): not half
    # the time, and no goal half done.
    assert (urban["time_share"], urban["half_time"], urban["category"]) == (0.4339, False, "behind")
    assert (ratio["half_done"], ratio["category"], rd["category"], rd["half_done"]) == (False, "ahead", "behind", None)


def test_a_quantity_is_paced_by_compound_growth_once_its_baseline_is_set(runner: CliRunner,
                                                                        plan_ledger: Path) -> None:
    result = invoke(runner, "-f", str(plan_ledger), "set", "gdp-2030", "baseline", "530",
                    "--note", "测试用基期（虚构）")
    assert result.exit_code == 0, result.stderr
    record(runner, plan_ledger, "gdp-2030", "575", "--as-of", "2026-12-31", "--force")
    gdp = by_id(plan_json(runner, plan_ledger, "--as-of", JUDGED))["gdp-2030"]
    assert gdp["goal"] == 800                   # (⌊530 / 100⌋ + 3) × 100 亿元
    assert gdp["measure"] == "growth"
    assert gdp["required_pace"] == 8.5832       # (800 / 530)^(1/5) − 1 = 8.5832% a year
    assert gdp["achieved_pace"] == 8.4906       # 575 / 530 − 1 over one year
    assert gdp["projection"] == 796.5916        # 530 × 1.084906⁵
    assert gdp["remaining_pace"] == 8.6064      # (800 / 575)^(1/4) − 1
    assert gdp["task_share"] == 0.1667          # (575 − 530) / (800 − 530) = 45 / 270
    # A quantity's path grows at the required 年均增速: 530 × 1.085832 = 575.4912 at the end of 2026,
    # (575.4912 − 530) / 270 = 16.85% of the task; 16.67% done is 0.2 points behind it.
    assert gdp["series"][0]["path"] == 575.4912
    assert gdp["elapsed_share"] == 0.2 and gdp["schedule_share"] == 0.1685
    assert gdp["gap_pp"] == -0.18 and gdp["verdict"] == "behind"
    # Growing exactly at the required pace is on its path, not behind a straight line (which would
    # have said 16.9% done against 20% of the time).
    record(runner, plan_ledger, "gdp-2030", "575.4912", "--as-of", "2026-12-31", "--force")
    on_pace = by_id(plan_json(runner, plan_ledger, "--as-of", JUDGED))["gdp-2030"]
    assert (on_pace["achieved_pace"], on_pace["gap_pp"], on_pace["verdict"]) == (8.5832, 0.0, "on-pace")


def test_half_the_time_and_half_the_task(runner: CliRunner, plan_ledger: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_TODAY", "2029-03-01")
    record(runner, plan_ledger, "城乡居民收入比", "1.94", "--as-of", "2028-12-31")
    record(runner, plan_ledger, "城镇化率", "56.9", "--as-of", "2028-12-31")
    goals = by_id(plan_json(runner, plan_ledger))   # judged on KZT_TODAY, as every command
    # 收入比: (1.94 − 2.01) / (1.9 − 2.01) = 0.07 / 0.11 = 63.6% done with 3/5 = 60% of the time gone.
    assert goals["urban-rural-income-ratio"]["task_share"] == 0.6364
    assert goals["urban-rural-income-ratio"]["verdict"] == "half-and-half"
    assert goals["urban-rural-income-ratio"]["half_done"] is True
    # 城镇化率: (56.9 − 54.6) / 3.9 = 59.0% with 60% of the time gone: behind, though past half the task.
    assert goals["urbanization-rate"]["gap_pp"] == -1.03
    assert goals["urbanization-rate"]["verdict"] == "behind" and goals["urbanization-rate"]["half_done"] is True
    # The judging day decides what counts: on 2028-03-01 the 2028 figures are not yet year-end figures.
    earlier = by_id(plan_json(runner, plan_ledger, "--as-of", JUDGED))
    assert earlier["urban-rural-income-ratio"]["latest_year"] == 2027


def test_as_known_on_leaves_out_what_was_typed_later(runner: CliRunner, plan_ledger: Path) -> None:
    # Every figure was typed after 2000-01-01 (recorded_at is the real time of typing): none is known then.
    goals = by_id(plan_json(runner, plan_ledger, "--as-of", JUDGED, "--as-known-on", "2000-01-01"))
    assert goals["urbanization-rate"]["verdict"] == "no-data"
    assert goals["culinary-college-undergraduate"]["done"] is False


def test_tolerance_widens_on_schedule(runner: CliRunner, plan_ledger: Path) -> None:
    goals = by_id(plan_json(runner, plan_ledger, "--as-of", JUDGED, "--tolerance", "2"))
    assert goals["urbanization-rate"]["schedule"] == "on-pace"      # 1.54 behind, within ±2
    assert goals["rd-intensity-growth"]["schedule"] == "on-pace"    # 1.02 below 15%, within ±2
    assert goals["urban-rural-income-ratio"]["schedule"] == "ahead"  # 5.45 ahead
    refused = invoke(runner, "-f", str(plan_ledger), "plan", "--tolerance", "-1")
    assert refused.exit_code == 2 and "容差必须是不小于0的百分点数" in refused.stderr


def test_a_fresh_ledger_has_no_year_end_figures(runner: CliRunner, ledger: Path) -> None:
    goals = by_id(plan_json(runner, ledger))
    assert goals["urbanization-rate"]["verdict"] == "no-data"
    assert goals["urbanization-rate"]["required_pace"] == 0.78 and goals["urbanization-rate"]["achieved_pace"] is None
    assert goals["national-high-tech-zone"]["verdict"] == "not-done"


def test_terminal_and_markdown_speak_the_standard_phrases(runner: CliRunner, plan_ledger: Path) -> None:
    text = plan(runner, plan_ledger, "--as-of", JUDGED, "--format", "term")
    assert text.startswith("“十五五”规划目标推进情况\n")
    assert "常住人口城镇化率（urbanization-rate）：慢于序时进度" in text
    assert "规划要求年均提高0.78个百分点，2026—2027年实际年均提高0.75个百分点；按此速度2030年可达58.35%" in text
    assert "完成规划目标的38.5%，时间进度40.0%，慢于序时进度1.5个百分点" in text
    assert "完成规划目标的45.5%，时间进度40.0%，快于序时进度5.5个百分点" in text
    assert "年均增速13.98%，低于规划要求1.0个百分点" in text and "余下3年需年均增长15.68%" in text
    assert "地区生产总值再上3个百亿台阶（gdp-2030）：目标待定" in text
    assert "开州烹饪职教城创建本科院校：已完成（2027-09-30）" in text
    md = plan(runner, plan_ledger, "--as-of", JUDGED, "--format", "md")
    assert md.startswith("# “十五五”规划目标推进情况\n")
    assert "### 城乡居民收入比（urban-rural-income-ratio）：快于序时进度" in md
    assert "- 建成国家级高新区：尚未完成（期限 2030-12-31）" in md
    assert plan(runner, plan_ledger, "--as-of", JUDGED) == md   # piped, as report: Markdown


def test_midterm_layout(runner: CliRunner, plan_ledger: Path) -> None:
    md = plan(runner, plan_ledger, "--midterm", "--as-of", "2028-06-30", "--format", "md")
    headings = re.findall(r"^#+ .*$", md, flags=re.M)
    assert headings[:3] == ["# “十五五”规划实施情况中期评估", "## 一、总体判断", "## 二、主要指标进展情况"]
    assert headings[-2:] == ["## 三、重大任务推进情况", "## 四、需要关注的问题"]
    # The four sorts of the city's 十四五 mid-term review, counted (issue 23).
    assert ("“十五五”规划确定的5项量化目标中，提前完成0项，达到序时进度（预计超额完成）1项，"
            "基本达到序时进度（预计如期完成）0项，未达序时进度2项，2项目标待定或暂无年末数据") in md
    assert ("28项重大任务中，已完成1项。已评价的2项水平目标中，完成规划任务一半以上的0项。"
            "2项指标未达序时进度，需加快推进。") in md
    assert "总体实现时间过半、任务过半" not in md  # true of no goal here
    ratio = md.split("### （四）城乡居民收入比")[1].split("###")[0]
    assert "2027年末为1.96:1，比2025年降低0.05，完成规划目标的45.5%（序时进度40.0%），快于序时进度5.5个百分点" in ratio
    # 45.5% of the task is ahead of its path but not half of it: never 任务过半.
    assert "判断：达到序时进度（预计超额完成）；时间过半、任务未过半（完成规划目标的45.5%）。" in ratio
    urban = md.split("### （五）常住人口城镇化率")[1].split("##")[0]
    assert "比2025年提高1.5个百分点" in urban
    assert "判断：未达序时进度；时间过半、任务未过半（完成规划目标的38.5%）。" in urban
    attention = md.split("## 四、需要关注的问题")[1]
    assert "- 常住人口城镇化率慢于序时进度1.5个百分点，余下3年需年均提高0.8个百分点。" in attention
    terminal = plan(runner, plan_ledger, "--midterm", "--as-of", "2028-06-30", "--format", "term")
    assert "【一、总体判断】" in terminal and "判断：达到序时进度（预计超额完成）；时间过半、任务未过半" in terminal


def test_english(runner: CliRunner, plan_ledger: Path) -> None:
    text = plan(runner, plan_ledger, "--as-of", JUDGED, "--format", "md")
    english = invoke(runner, "--lang", "en", "-f", str(plan_ledger), "plan", "--as-of", JUDGED, "--format", "md").stdout
    assert english.startswith("# Progress of the 15th Five-Year Plan goals\n") and english != text
    assert "38.5% of the plan goal done, 40.0% of the time gone, 1.5 points behind schedule" in english
    assert "up 0.78 points a year" in english and "Target pending" in english
    midterm = invoke(runner, "--lang", "en", "-f", str(plan_ledger), "plan", "--midterm", "--as-of", JUDGED,
                     "--format", "md").stdout
    assert "## 1. Overall judgement" in midterm and "ahead of schedule (expected to exceed the goal)" in midterm
    assert json.loads(invoke(runner, "--lang", "en", "-f", str(plan_ledger), "plan", "--format", "json").stdout
                      )["goals"][0].keys() == by_id(plan_json(runner, plan_ledger))["gdp-2030"].keys()


def test_output_file_and_refused_extension(runner: CliRunner, plan_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "规划.json"
    result = invoke(runner, "-f", str(plan_ledger), "plan", "--as-of", JUDGED, "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and "已写入" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == JUDGED
    refused = invoke(runner, "-f", str(plan_ledger), "plan", "-o", str(tmp_path / "规划.docx"))
    assert refused.exit_code == 2 and "kzt plan 不能按" in refused.stderr and ".html" in refused.stderr
    assert not (tmp_path / "规划.docx").exists()


def test_html_has_a_chart_per_goal_with_labelled_axes(runner: CliRunner, plan_ledger: Path) -> None:
    page = plan(runner, plan_ledger, "--as-of", JUDGED, "--format", "html")
    charts = re.findall(r"<svg class=\"chart\".*?</svg>", page, flags=re.S)
    # Three goals have a path or figures to draw (研发, 收入比, 城镇化率); the two pending ones have none.
    assert len(charts) == 3
    urban = next(c for c in charts if 'aria-label="常住人口城镇化率"' in c)
    assert "年份" in urban and "数值（%）" in urban and "序时路径" in urban and "年末值" in urban
    assert ">55.4%<" in urban and ">56.1%<" in urban and ">目标58.5%<" in urban
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "src=" not in page and "href=" not in page


def near(pixel: tuple[int, ...], colour: str) -> bool:
    wanted = bytes.fromhex(colour.removeprefix("#"))
    return all(abs(a - b) <= 12 for a, b in zip(pixel, wanted, strict=True))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_html_renders_in_chromium_with_its_charts(runner: CliRunner, plan_ledger: Path, tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    result = invoke(runner, "-f", str(plan_ledger), "plan", "--midterm", "--as-of", JUDGED, "-o", str(page))
    assert result.exit_code == 0, result.stderr
    shot = tmp_path / "shot.png"
    chromium(tmp_path, "--hide-scrollbars", f"--screenshot={shot}", "--window-size=900,1600", page.as_uri())
    rows = png_rgb(shot)
    inked = sum(1 for row in rows if sum(1 for p in row if p != (255, 255, 255)) > 5)
    assert inked > 600   # text and charts down most of the 1600 rows, not a blank page
    # The charts' strokes: the red of the goals behind schedule and the green of the one ahead.
    pixels = [p for row in rows for p in row]
    assert sum(1 for p in pixels if near(p, HTML_COLOURS["red"])) > 100
    assert sum(1 for p in pixels if near(p, HTML_COLOURS["green"])) > 100
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    pdf = tmp_path / "plan.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "中期评估" in text and "未达序时进度" in text and "常住人口城镇化率" in text
    assert "年份" in text and "序时路径" in text   # the charts' axis title and legend, drawn as text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


def test_status_check_and_plan_agree_on_a_quantity_on_its_compound_path(runner: CliRunner, ledger: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """One truth: a goal growing exactly at its required 年均增速 is on its path in every command."""
    monkeypatch.setenv("KZT_TODAY", "2027-03-10")
    result = invoke(runner, "-f", str(ledger), "set", "gdp-2030", "baseline", "620", "--note", "测试用基期（虚构）")
    assert result.exit_code == 0, result.stderr
    # goal (⌊620 / 100⌋ + 3) × 100 = 900; required pace (900 / 620)^(1/5) − 1 = 7.7371%; 620 × 1.077371 = 667.98
    confirmation = invoke(runner, "-f", str(ledger), "record", "gdp-2030", "667.98", "--as-of", "2026年")
    assert confirmation.exit_code == 0 and "[绿]" in confirmation.stderr, confirmation.stderr
    plan_goal = by_id(plan_json(runner, ledger))["gdp-2030"]
    assert (plan_goal["gap_pp"], plan_goal["verdict"]) == (0.0, "on-pace")
    status = next(p for p in json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)
                  if p["id"] == "gdp-2030")
    # 365 of the plan's 1,826 days gone: the path's share is (1.451613^0.19989 − 1) / 0.451613 = 17.13%,
    # and 47.98 / 280 = 17.14% is done — on it (a straight line would say 20% and call it behind).
    assert status["schedule"] == 0.1713 and status["completion"] == 0.1714 and status["status"] == "green"
    check = invoke(runner, "-f", str(ledger), "check", "--json")
    assert "gdp-2030" not in {a["id"] for a in json.loads(check.stdout)["alerts"]}


def test_a_due_year_end_figure_not_recorded_is_named(runner: CliRunner, ledger: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_TODAY", "2028-03-10")
    record(runner, ledger, "城乡居民收入比", "1.98", "--as-of", "2026-12-31")
    record(runner, ledger, "城镇化率", "55.4", "--as-of", "2026-12-31")
    record(runner, ledger, "城镇化率", "56.1", "--as-of", "2027-12-31")
    goals = by_id(plan_json(runner, ledger))
    # 2027's figures were due by 2028-02-29 (+5 days' grace): the income ratio's is missing, the rate's is in.
    assert goals["urban-rural-income-ratio"]["missing_year"] == 2027
    assert goals["urbanization-rate"]["missing_year"] is None
    text = plan(runner, ledger, "--format", "md")
    assert "2027年末值尚未录入（应于2028-02-29前报送），以下按已有的年末值评价" in text
    # Before the due day nothing is missing yet.
    assert by_id(plan_json(runner, ledger, "--as-of", "2028-03-01"))["urban-rural-income-ratio"]["missing_year"] is None
