"""`kzt set`: tomlkit edits that leave the hand-written file as it was."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from click.testing import CliRunner

from .conftest import invoke, snapshot


def kzt_set(runner: CliRunner, ledger: Path, *args: str):
    return invoke(runner, "-f", str(ledger), "set", *args)


def added_lines(before: str, after: str) -> list[str]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "a line of the hand-written file changed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_set_the_target_the_city_hands_down(runner: CliRunner, ledger: Path) -> None:
    before = ledger.read_text(encoding="utf-8")
    result = kzt_set(runner, ledger, "carbon-intensity", "target", "-3.5%", "--note", "市发展改革委下达")
    assert result.exit_code == 0, result.stderr
    assert added_lines(before, ledger.read_text(encoding="utf-8")) == [
        "target = -3.5", 'target_note = "市发展改革委下达"']
    invoke(runner, "-f", str(ledger), "record", "carbon-intensity", "-3.2", "--as-of", "上半年")
    status = json.loads(invoke(runner, "-f", str(ledger), "status", "--json").stdout)
    carbon = next(s for s in status if s["id"] == "carbon-intensity")
    assert (carbon["target"], carbon["status"]) == (-3.5, "yellow")


def test_set_owners_lead_and_baseline(runner: CliRunner, ledger: Path) -> None:
    before = ledger.read_text(encoding="utf-8")
    assert kzt_set(runner, ledger, "港口", "owners", "区港航中心，开州港公司").exit_code == 0
    assert kzt_set(runner, ledger, "港口", "lead", "区交通运输委").exit_code == 0
    assert kzt_set(runner, ledger, "gdp-2030", "baseline", "800亿元", "--note", "2025年统计公报").exit_code == 0
    assert added_lines(before, ledger.read_text(encoding="utf-8")) == [
        'owners = ["区港航中心", "开州港公司"]', 'lead = "区交通运输委"',
        "baseline = 800", "baseline_date = 2025-12-31", 'baseline_note = "2025年统计公报"']
    assert invoke(runner, "-f", str(ledger), "verify").exit_code == 0
    target = json.loads(invoke(runner, "-f", str(ledger), "show", "gdp-2030", "--json").stdout)
    assert (target["baseline"], target["target"]) == (800, 1100)


def test_refused_edits_change_nothing(runner: CliRunner, ledger: Path) -> None:
    before = snapshot(ledger.parent)
    no_note = kzt_set(runner, ledger, "gdp-2030", "baseline", "800")
    assert no_note.exit_code == 2 and "Say where the baseline comes from" in no_note.stderr
    bad_value = kzt_set(runner, ledger, "港口", "target", "三百万吨")
    assert bad_value.exit_code == 2 and "is not a number" in bad_value.stderr
    bad_field = kzt_set(runner, ledger, "港口", "colour", "red")
    assert bad_field.exit_code == 2 and "'colour' is not one of" in bad_field.stderr
    assert snapshot(ledger.parent) == before
    bundled = invoke(runner, "set", "港口", "lead", "区交通运输委")
    assert bundled.exit_code == 1 and "只读台账" in bundled.stderr
