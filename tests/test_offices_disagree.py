"""Offices sharing one ledger: whose figure `kzt undo` withdraws, what happens when two offices
type different figures for one period, and why a fast clock elsewhere outranks nothing.

Through the real CLI (and real git for the clones): outputs, exit codes, and for refusals every file
of the ledger byte for byte as before.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kaizhou_targets.core.history import disagreements, figures_of, heads_by_period, replacing
from kaizhou_targets.core.model import Entry

from .conftest import run_kzt, snapshot
from .gitrepo import commit_and_sync, git_home, needs_git, shared_repository

__all__ = ["git_home"]

CST = timezone(timedelta(hours=8))


def kzt_as(office: str, ledger: Path, *args: str, input: str | None = None):
    result = run_kzt("-f", str(ledger), *args, env={"KZT_USER": office}, input=input)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def history(ledger: Path, target: str) -> list[dict]:
    result = run_kzt("-f", str(ledger), "history", target, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def status_of(ledger: Path, target: str) -> dict:
    result = run_kzt("-f", str(ledger), "status", "--json")
    return next(s for s in json.loads(result.stdout) if s["id"] == target)


# ── 21.3: undo withdraws your own figure ───────────────────────────────────

def test_undo_withdraws_the_latest_figure_of_the_current_user_not_the_latest_of_anyone(ledger: Path) -> None:
    assert kzt_as("fgw-zhang", ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    assert kzt_as("tjj-li", ledger, "record", "finance-value-added-growth", "5.6%", "--as-of", "Q3").returncode == 0
    undone = kzt_as("fgw-zhang", ledger, "undo", "--yes")
    assert undone.returncode == 0, undone.stderr
    assert "fgw-zhang 录入的" in undone.stderr and "2026-07-31" in undone.stderr and "port-throughput" in undone.stderr
    assert [f["withdrawn"] for f in history(ledger, "港口")] == [True]
    assert [f["withdrawn"] for f in history(ledger, "finance-value-added-growth")] == [False]
    withdrawal = (ledger.parent / "figures" / "port-throughput.toml").read_text("utf-8").splitlines()[-1]
    assert 'by = "fgw-zhang"' in withdrawal and "withdraws = " in withdrawal


def test_undo_with_none_of_your_own_figures_refuses_and_says_how_to_name_another_office(ledger: Path) -> None:
    assert kzt_as("tjj-li", ledger, "record", "finance-value-added-growth", "5.6%", "--as-of", "Q3").returncode == 0
    before = snapshot(ledger.parent)
    refused = kzt_as("fgw-zhang", ledger, "undo", "--yes")
    assert refused.returncode == 1
    assert "没有 fgw-zhang 录入的可撤回数据" in refused.stderr and "--by" in refused.stderr
    assert "tjj-li" in refused.stderr  # who has figures to withdraw
    english = run_kzt("--lang", "en", "-f", str(ledger), "undo", "--yes", env={"KZT_USER": "fgw-zhang"})
    assert english.returncode == 1 and "fgw-zhang" in english.stderr and "--by" in english.stderr
    assert snapshot(ledger.parent) == before


def test_another_offices_figure_is_withdrawn_only_when_named_and_the_question_says_whose(ledger: Path) -> None:
    assert kzt_as("tjj-li", ledger, "record", "finance-value-added-growth", "5.6%", "--as-of", "Q3").returncode == 0
    assert kzt_as("tjj-li", ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    before = snapshot(ledger.parent)
    declined = kzt_as("fgw-zhang", ledger, "undo", "finance-value-added-growth", "--by", "tjj-li", input="n\n")
    assert declined.returncode != 0
    assert "tjj-li 录入的" in declined.stderr and "2026-09-30" in declined.stderr
    assert "不是你（fgw-zhang）录入的" in declined.stderr
    assert snapshot(ledger.parent) == before
    named = kzt_as("fgw-zhang", ledger, "undo", "finance-value-added-growth", "--by", "tjj-li", "--yes")
    assert named.returncode == 0 and "已撤回 tjj-li 录入的" in named.stderr
    assert [f["withdrawn"] for f in history(ledger, "finance-value-added-growth")] == [True]
    assert [f["withdrawn"] for f in history(ledger, "港口")] == [False]
    # By its entry id, whoever typed it.
    entry_id = history(ledger, "港口")[0]["id"]
    by_id = kzt_as("fgw-zhang", ledger, "undo", entry_id, "--yes")
    assert by_id.returncode == 0 and "tjj-li 录入的" in by_id.stderr and "2026-07-31" in by_id.stderr
    assert [f["withdrawn"] for f in history(ledger, "港口")] == [True]
    unknown = kzt_as("fgw-zhang", ledger, "undo", "20261008T093000123456-abcdef", "--yes")
    assert unknown.returncode == 1 and "没有编号为 20261008T093000123456-abcdef" in unknown.stderr


# ── 21.4 and 26.5: two offices, one period ─────────────────────────────────

@needs_git
def test_two_offices_typing_different_figures_for_one_period_is_a_finding_to_settle(
        tmp_path: Path, git_home: Path) -> None:
    tjj, fgw = shared_repository(tmp_path, 2, driver=True)
    ledger_tjj, ledger_fgw = tjj / "targets.toml", fgw / "targets.toml"
    table = tmp_path / "港口.csv"
    table.write_text("target,value,period\nport-throughput,68,2026-08-31\n", encoding="utf-8")
    assert kzt_as("tjj-li", ledger_tjj, "import", str(table), "--yes", "--force").returncode == 0
    commit_and_sync(tjj, "统计局：8月")
    assert kzt_as("fgw-zhang", ledger_fgw, "record", "港口", "70", "--as-of", "2026-08-31",
                  "--force").returncode == 0  # not pulled: 发改委 has not seen the 统计局's 68
    commit_and_sync(fgw, "发改委：8月")
    # After the merge: verify names both (who, when, which stands) and passes — it is not damage.
    verify = run_kzt("-f", str(ledger_fgw), "verify")
    assert verify.returncode == 0, verify.stderr
    finding = next(line for line in verify.stderr.splitlines() if "数据不一致" in line)
    assert "tjj-li" in finding and "fgw-zhang" in finding and "68万吨" in finding and "70万吨" in finding
    assert "现在采用 70万吨" in finding and "录入）" in finding
    # check says so once, as something to settle, and is no longer silent.
    check = run_kzt("-f", str(ledger_fgw), "check", "--fail-on", "red")
    settle = [line for line in check.stdout.splitlines() if line.startswith("待核实")]
    assert len(settle) == 1 and "港口货物吞吐量" in settle[0] and check.returncode >= 1
    as_json = json.loads(run_kzt("-f", str(ledger_fgw), "check", "--json").stdout)
    assert len(as_json["findings"]) == 1
    # history marks both.
    figures = history(ledger_fgw, "港口")
    assert [(f["by"], f["disputed"]) for f in figures] == [("tjj-li", True), ("fgw-zhang", True)]
    shown = run_kzt("-f", str(ledger_fgw), "history", "港口")
    assert shown.stdout.count("有分歧") == 2 and "有分歧：" in shown.stderr
    # The 统计局 pulls and settles it: a figure typed over the disagreement replaces both.
    commit_and_sync(tjj, "取回")
    settled = kzt_as("tjj-li", ledger_tjj, "record", "港口", "70", "--as-of", "2026-08-31", "--force")
    assert settled.returncode == 0
    commit_and_sync(tjj, "统计局：核实")
    commit_and_sync(fgw, "取回")
    for ledger in (ledger_tjj, ledger_fgw):
        assert "数据不一致" not in run_kzt("-f", str(ledger), "verify").stderr
        assert "待核实" not in run_kzt("-f", str(ledger), "check", "--fail-on", "red").stdout
        assert not any(f["disputed"] for f in history(ledger, "港口"))
        assert status_of(ledger, "port-throughput")["value"] == 70


def test_a_deliberate_revision_is_not_a_disagreement(ledger: Path) -> None:
    """A revision typed over a figure it saw replaces it, whoever typed either; the same recorder
    twice is a revision too."""
    assert kzt_as("tjj-li", ledger, "record", "港口", "68", "--as-of", "8月").returncode == 0
    assert kzt_as("fgw-zhang", ledger, "record", "港口", "70", "--as-of", "8月").returncode == 0
    assert kzt_as("tjj-li", ledger, "record", "就业", "5000", "--as-of", "1-8月").returncode == 0
    assert kzt_as("tjj-li", ledger, "record", "就业", "5100", "--as-of", "1-8月", "--note", "修订").returncode == 0
    assert "不一致" not in run_kzt("-f", str(ledger), "verify").stderr
    check = run_kzt("-f", str(ledger), "check", "--json")
    assert json.loads(check.stdout)["findings"] == []
    lines = (ledger.parent / "figures" / "port-throughput.toml").read_text("utf-8").splitlines()
    first_id = lines[3].split(" ", 1)[0]
    assert f'replaces = "{first_id}"' in lines[4]  # the revision names what it replaced, under its checksum


def _foreign_line(entry: Entry) -> str:
    from kaizhou_targets.storage.figures_format import serialize

    return serialize(entry)


def test_a_figure_from_a_clock_a_year_ahead_outranks_no_later_correction(ledger: Path) -> None:
    """Another office's PC is a year fast. Its figure, pulled, is corrected by an office with a true
    clock: the correction stands (it names what it replaces), undo withdraws the corrector's own
    figure, and verify flags the stamp from the future."""
    assert kzt_as("gh", ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    shard = ledger.parent / "figures" / "port-throughput.toml"
    ahead = datetime.now(CST) + timedelta(days=365)
    fast = Entry(f"{ahead:%Y%m%dT%H%M%S%f}-fa57c1", "port-throughput", ahead, date(2026, 8, 31), 300.0, "万吨",
                 "fast-pc", "", "300", replaces="")
    with open(shard, "a", encoding="utf-8") as handle:  # what a pull of the fast office's commit brings
        handle.write(_foreign_line(fast))
    assert status_of(ledger, "port-throughput")["value"] == 300
    corrected = kzt_as("fgw-zhang", ledger, "record", "港口", "110", "--as-of", "8月")
    assert corrected.returncode == 0 and "修订：取代" in corrected.stderr and "300万吨" in corrected.stderr
    assert status_of(ledger, "port-throughput")["value"] == 110  # not the stamp from the future
    verify = run_kzt("-f", str(ledger), "verify")
    assert verify.returncode == 0 and "晚于现在" in verify.stderr and "fast-pc" in verify.stderr
    undone = kzt_as("fgw-zhang", ledger, "undo", "--yes")
    assert undone.returncode == 0 and "fgw-zhang 录入的" in undone.stderr and "110万吨" in undone.stderr
    assert status_of(ledger, "port-throughput")["value"] == 300  # the correction withdrawn: what it replaced


# ── the rules themselves, on entries ───────────────────────────────────────

T0 = datetime(2026, 10, 8, 9, tzinfo=CST)
PERIOD = date(2026, 9, 30)


def entry(n: int, value: float, by: str = "a", replaces: str | None = "", minutes: int | None = None,
          note: str = "", withdraws: str = "") -> Entry:
    stamp = T0 + timedelta(minutes=n if minutes is None else minutes)
    return Entry(f"e{n}", "t", stamp, None if withdraws else PERIOD, None if withdraws else value, by=by, note=note,
                 withdraws=withdraws, replaces=None if withdraws else replaces)


def standing(entries: list[Entry]) -> list[str]:
    return [f.entry.id for f in figures_of(entries) if f.valid]


def test_a_revision_supersedes_what_it_names_whatever_the_stamps() -> None:
    first = entry(1, 10.0, minutes=500)          # stamped late by a fast clock
    revision = entry(2, 11.0, replaces="e1", minutes=1)
    assert standing([first, revision]) == ["e2"]
    # Withdrawing the revision lets what it replaced stand again; through a withdrawn link too.
    third = entry(3, 12.0, replaces="e2")
    assert standing([first, revision, third]) == ["e3"]
    assert standing([first, revision, third, entry(4, 0, withdraws="e3")]) == ["e2"]
    assert standing([first, revision, third, entry(4, 0, withdraws="e2")]) == ["e3"]
    assert standing([first, revision, third, entry(4, 0, withdraws="e2"), entry(5, 0, withdraws="e3")]) == ["e1"]


def test_entries_without_replaces_keep_the_old_meaning() -> None:
    old = [entry(1, 10.0, replaces=None), entry(2, 11.0, replaces=None), entry(3, 12.0, replaces=None)]
    assert standing(old) == ["e3"]
    assert standing([*old, entry(4, 0, withdraws="e3")]) == ["e2"]
    assert disagreements(old) == []  # one recorder
    other = [entry(1, 68.0, by="tjj", replaces=None), entry(2, 70.0, by="fgw", replaces=None)]
    assert [d.standing.id for d in disagreements(other)] == ["e2"]
    noted = [other[0], entry(2, 70.0, by="fgw", replaces=None, note="统计局修订")]
    assert disagreements(noted) == []


def test_two_unrelated_heads_from_different_recorders_that_differ_disagree() -> None:
    both = [entry(1, 68.0, by="tjj"), entry(2, 70.0, by="fgw")]
    found = disagreements(both)
    assert len(found) == 1 and found[0].standing.id == "e2" and [e.id for e in found[0].others] == ["e1"]
    assert disagreements([entry(1, 70.0, by="tjj"), entry(2, 70.0, by="fgw")]) == []  # the same value
    assert disagreements([entry(1, 68.0, by="tjj"), entry(2, 70.0, by="tjj")]) == []  # the same recorder
    # A figure typed over both replaces both: settled.
    heads = heads_by_period(both)[PERIOD]
    settling = replacing(entry(3, 70.0, by="tjj"), heads)
    assert settling.replaces == "e1,e2"
    assert standing([*both, settling]) == ["e3"] and disagreements([*both, settling]) == []


def test_a_forged_cycle_of_replaces_still_leaves_one_figure_standing() -> None:
    cycle = [entry(1, 10.0, replaces="e2"), entry(2, 11.0, replaces="e1")]
    assert standing(cycle) == ["e2"]
