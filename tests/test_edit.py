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
    assert no_note.exit_code == 2 and "改动baseline需要用 --note 说明理由和依据" in no_note.stderr
    bad_value = kzt_set(runner, ledger, "港口", "target", "三百万吨")
    assert bad_value.exit_code == 2 and "“三百万吨”不是 port-throughput（港口货物吞吐量）能用的数值" in bad_value.stderr
    bad_field = kzt_set(runner, ledger, "港口", "colour", "red")
    assert bad_field.exit_code == 2 and "colour" in bad_field.stderr
    assert snapshot(ledger.parent) == before
    bundled = invoke(runner, "set", "港口", "lead", "区交通运输委")
    assert bundled.exit_code == 1 and "只读台账" in bundled.stderr


def test_a_target_changed_without_a_note_is_refused_and_verify_warns_about_an_unexplained_number(
        runner: CliRunner, ledger: Path) -> None:
    """Issue 10: `kzt set 港口 target 320` needed no reason, and verify still passed though the source
    phrase says 突破300万吨."""
    before = snapshot(ledger.parent)
    refused = kzt_set(runner, ledger, "港口", "target", "320")
    assert refused.exit_code == 2 and "改动target需要用 --note 说明理由和依据" in refused.stderr
    assert snapshot(ledger.parent) == before
    assert "目标值" not in invoke(runner, "-f", str(ledger), "verify").stderr  # the bundled numbers all stand
    # a hand edit of the number, no note: verify warns, naming the phrase (a warning: exit 0)
    text = ledger.read_text(encoding="utf-8")
    start = text.index('id = "port-throughput"')
    at = text.index("target = 300", start)
    ledger.write_text(text[:at] + "target = 320" + text[at + len("target = 300"):], encoding="utf-8")
    verify = invoke(runner, "-f", str(ledger), "verify")
    assert verify.exit_code == 0
    assert "port-throughput：目标值 320 不在出处原话“" in verify.stderr and "--note" in verify.stderr
    # the accountable edit: recorded with its note, verify quiet, show prints the note
    assert kzt_set(runner, ledger, "港口", "target", "320", "--note", "市交通局2026年5月调整").exit_code == 0
    assert "目标值 320" not in invoke(runner, "-f", str(ledger), "verify").stderr
    shown = invoke(runner, "-f", str(ledger), "show", "港口")
    assert "目标改动依据" in shown.stdout and "市交通局2026年5月调整" in shown.stdout
    data = json.loads(invoke(runner, "-f", str(ledger), "show", "港口", "--json").stdout)
    assert (data["target"], data["target_note"]) == (320, "市交通局2026年5月调整")
