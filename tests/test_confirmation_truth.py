"""Issue 10 points 4 and 6: the confirmation says what +N adds to, and the completion of the period just
recorded, with the current standing separately when a later figure exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke


@pytest.fixture(autouse=True)
def november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_TODAY", "2026-12-05")  # 1-11月 has ended


def record(runner: CliRunner, ledger: Path, *args: str) -> str:
    result = invoke(runner, "-f", str(ledger), "record", *args)
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_plus_n_names_the_running_total_it_adds_to(runner: CliRunner, ledger: Path) -> None:
    first = record(runner, ledger, "港口", "+30", "--as-of", "1-2月")
    assert "本年此前没有数据，+30即为累计数" in first
    record(runner, ledger, "港口", "210", "--as-of", "1-9月")
    said = record(runner, ledger, "港口", "+25", "--as-of", "10月")
    assert "235万吨，数据期 2026-10-31" in said
    assert "在2026-09-30累计210万吨的基础上增加25" in said
    english = invoke(runner, "--lang", "en", "-f", str(ledger), "record", "港口", "+5", "--as-of", "11月")
    assert "5 added to the running total of 235" in english.stderr


def test_recording_an_earlier_period_confirms_its_own_completion_and_the_standing_apart(
        runner: CliRunner, ledger: Path) -> None:
    record(runner, ledger, "港口", "235", "--as-of", "1-10月")
    said = record(runner, ledger, "港口", "180", "--as-of", "1-8月")
    first, standing = said.splitlines()[:2]
    assert "180万吨，数据期 2026-08-31；完成全年目标的60.0%" in first and "78.3%" not in first
    assert "当前（最新数据期 2026-10-31）：完成全年目标的78.3%" in standing
    # the latest period itself: no second line
    assert "当前" not in record(runner, ledger, "港口", "+10", "--as-of", "11月")
