"""Issue 10 points 3 and 4 through the real CLI: plausibility guards and idempotent entry.

Every refused case asserts the exit code, the sentence, and that no file of the ledger changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.commands import common

from .conftest import invoke, run_kzt, snapshot


@pytest.fixture(autouse=True)
def november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_TODAY", "2026-11-20")  # 1-10月 has ended


def record(runner: CliRunner, ledger: Path, *args: str, input: str | None = None):
    return invoke(runner, "-f", str(ledger), "record", *args, input=input)


def values(runner: CliRunner, ledger: Path, target: str) -> list[float]:
    result = invoke(runner, "-f", str(ledger), "history", target, "--json")
    return [row["value"] for row in json.loads(result.stdout or "[]")]


def refused(runner: CliRunner, ledger: Path, *args: str) -> str:
    before = snapshot(ledger.parent)
    result = record(runner, ledger, *args)
    assert result.exit_code == 2, result.stderr
    assert "没有录入；确认无误请加 --force" in result.stderr
    assert snapshot(ledger.parent) == before
    return result.stderr


def test_jobs_61000_for_1_to_10_months_is_refused_then_forced(runner: CliRunner, ledger: Path) -> None:
    said = refused(runner, ledger, "就业", "61000", "--as-of", "1-10月")
    assert "61,000人是全年目标7,300人的8.4倍，远超目标，请核对数字。" in said
    assert record(runner, ledger, "就业", "6100", "--as-of", "1-10月").exit_code == 0  # the intended figure
    assert record(runner, ledger, "就业", "61000", "--as-of", "1-10月", "--force").exit_code == 0
    assert values(runner, ledger, "就业") == [6100, 61000]


def test_port_3_yi_is_a_unit_slip(runner: CliRunner, ledger: Path) -> None:
    said = refused(runner, ledger, "港口", "3亿", "--as-of", "1-10月")
    assert "“3亿”换算为30,000万吨" in said and "像是单位（万/亿）写错了" in said
    assert record(runner, ledger, "港口", "0.03亿", "--as-of", "1-10月").exit_code == 0  # 300万吨 is fine


def test_unemployment_55_is_out_of_range(runner: CliRunner, ledger: Path) -> None:
    said = refused(runner, ledger, "失业率", "55", "--as-of", "Q3")
    assert "55%对城镇调查失业率（目标5.5%）不合常理" in said
    assert record(runner, ledger, "失业率", "5.4", "--as-of", "Q3").exit_code == 0


def test_a_year_to_date_total_that_falls_is_refused(runner: CliRunner, ledger: Path) -> None:
    assert record(runner, ledger, "港口", "235", "--as-of", "1-9月").exit_code == 0
    said = refused(runner, ledger, "港口", "200", "--as-of", "1-10月")
    assert "累计数200万吨低于更早的2026-09-30累计数235万吨，年内累计不应下降" in said


def test_in_a_terminal_the_guard_asks_and_a_yes_records(runner: CliRunner, ledger: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    before = snapshot(ledger.parent)
    no = record(runner, ledger, "失业率", "55", "--as-of", "Q3", input="n\n")
    assert no.exit_code == 1 and "不合常理" in no.stderr and "仍要录入吗？" in no.stderr and "已取消" in no.stderr
    assert snapshot(ledger.parent) == before
    yes = record(runner, ledger, "失业率", "55", "--as-of", "Q3", input="y\n")
    assert yes.exit_code == 0 and values(runner, ledger, "失业率") == [55]


def test_thresholds_live_in_settings_guards(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    # [settings.guards] goes before the first [[target]]: after it, it would belong to the target.
    at = text.index("\n[[target]]\n") + 1

    def with_guards(body: str) -> None:
        ledger.write_text(text[:at] + "[settings.guards]\n" + body + "\n\n" + text[at:], encoding="utf-8")

    with_guards("beyond_target_factor = 10.0")
    assert record(runner, ledger, "就业", "61000", "--as-of", "1-10月").exit_code == 0  # 8.4× < 10×
    with_guards("beyond_target_factor = 0.5")
    result = invoke(runner, "-f", str(ledger), "status")
    assert result.exit_code != 0 and "beyond_target_factor 必须是大于 1 的倍数" in result.stderr


def test_the_same_plus_n_typed_twice_is_refused_not_added_twice(ledger: Path) -> None:
    # real processes: the second one is a separate run, as a person retyping the command would be
    args = ("-f", str(ledger), "record", "港口", "+25", "--as-of", "10月")
    assert run_kzt("-f", str(ledger), "record", "港口", "210", "--as-of", "9月").returncode == 0
    assert run_kzt(*args).returncode == 0
    before = snapshot(ledger.parent)
    again = run_kzt(*args)
    assert again.returncode == 2 and "录入过同样的“+25”，再录一次会再加一次" in again.stderr
    assert snapshot(ledger.parent) == before
    assert run_kzt(*args, "--force").returncode == 0


# ── import ─────────────────────────────────────────────────────────────────

def table(path: Path, rows: list[str]) -> Path:
    path.write_text("target,value,period,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_file_with_an_implausible_row_is_refused_naming_it(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    csv = table(tmp_path / "t.csv", ["港口,210,1-9月,", "就业,61000,1-10月,"])
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "import", str(csv), "--yes")
    assert result.exit_code == 2
    assert f"{csv}:3: 61,000人是全年目标7,300人的8.4倍" in result.stderr and "--force" in result.stderr
    assert snapshot(ledger.parent) == before
    assert invoke(runner, "-f", str(ledger), "import", str(csv), "--yes", "--force").exit_code == 0


def test_the_same_plus_ten_twice_in_one_file_adds_ten(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    assert record(runner, ledger, "港口", "200", "--as-of", "9月").exit_code == 0
    csv = table(tmp_path / "t.csv", ["港口,+10,10月,", "港口,+10,10月,"])
    result = invoke(runner, "-f", str(ledger), "import", str(csv), "--yes")
    assert result.exit_code == 0, result.stderr
    assert values(runner, ledger, "港口") == [200, 210]
    assert "1 条在文件中重复" in result.stderr


def test_reimporting_last_months_file_writes_nothing_and_a_changed_file_only_the_changes(
        runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    rows = ["港口,185,1-9月,", "就业,5600,1-9月,", "失业率,5.6,Q3,"]
    csv = table(tmp_path / "9月.csv", rows)
    assert invoke(runner, "-f", str(ledger), "import", str(csv), "--yes").exit_code == 0
    before = snapshot(ledger.parent)
    again = invoke(runner, "-f", str(ledger), "import", str(csv), "--yes")
    assert again.exit_code == 0 and "均已录入，未写入任何内容" in again.stderr
    assert snapshot(ledger.parent) == before
    # the same rows typed into another file (another hash): still nothing to write
    other = table(tmp_path / "copy.csv", [*rows[::-1]])
    assert "均已录入" in invoke(runner, "-f", str(ledger), "import", str(other), "--yes").stderr
    assert snapshot(ledger.parent) == before
    changed = table(tmp_path / "9月修订.csv", ["港口,210,1-9月,修订", rows[1], rows[2]])
    result = invoke(runner, "-f", str(ledger), "import", str(changed), "--yes")
    assert result.exit_code == 0
    assert "导入 1 条数据（新增 0 条，修订 1 条）" in result.stderr and "另有 2 条与已录入的相同" in result.stderr
    assert values(runner, ledger, "港口") == [185, 210] and values(runner, ledger, "就业") == [5600]


def test_a_tenfold_jump_against_the_last_figure_is_refused(runner: CliRunner, ledger: Path) -> None:
    assert record(runner, ledger, "港口", "150", "--as-of", "1-8月").exit_code == 0
    said = refused(runner, ledger, "港口", "1600", "--as-of", "1-9月")
    assert "1,600万吨是上次（2026-08-31）150万吨的11倍，变化过大" in said
    assert record(runner, ledger, "港口", "160", "--as-of", "1-9月").exit_code == 0  # a normal month passes


def test_a_dry_run_tells_what_the_import_would_do_and_what_the_guards_find(runner: CliRunner, ledger: Path,
                                                                         tmp_path: Path) -> None:
    csv = table(tmp_path / "9月.csv", ["港口,185,1-9月,", "就业,5600,1-9月,"])
    assert invoke(runner, "-f", str(ledger), "import", str(csv), "--yes").exit_code == 0
    before = snapshot(ledger.parent)
    again = invoke(runner, "-f", str(ledger), "import", str(csv), "--dry-run")
    assert again.exit_code == 0 and "导入时不会写入任何内容" in again.stderr
    changed = table(tmp_path / "修订.csv", ["港口,210,1-9月,", "就业,5600,1-9月,", "港口,225,1-10月,"])
    plan = invoke(runner, "-f", str(ledger), "import", str(changed), "--dry-run")
    assert plan.exit_code == 0 and "导入时将录入 2 条（新增 1 条，修订 1 条），1 条与已录入的相同" in plan.stderr
    odd = table(tmp_path / "odd.csv", ["就业,61000,1-10月,"])
    refused = invoke(runner, "-f", str(ledger), "import", str(odd), "--dry-run")
    assert refused.exit_code == 2 and "8.4倍" in refused.stderr
    assert snapshot(ledger.parent) == before


def test_two_findings_read_as_two_sentences_in_english(runner: CliRunner, ledger: Path) -> None:
    assert invoke(runner, "-f", str(ledger), "record", "港口", "100", "--as-of", "8月").exit_code == 0
    result = invoke(runner, "-f", str(ledger), "--lang", "en", "record", "港口", "3亿", "--as-of", "9月")
    assert result.exit_code == 2
    assert "looks wrong. 30,000" in result.stderr and "wrong.30,000" not in result.stderr
