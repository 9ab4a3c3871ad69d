"""`kzt report` settles each history once and judges today, and last week's untouched targets, by that
standing series (core/weekly.build_report): the report must be the one the whole histories give, and
the same with the standing series status reads from its cache."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kaizhou_targets.core.model import Entry
from kaizhou_targets.core.progress import count_statuses, evaluate_ledger
from kaizhou_targets.core.weekly import build_report, known_by
from kaizhou_targets.storage.figures import read_all, shard_path
from kaizhou_targets.storage.figures_format import header, serialize
from kaizhou_targets.storage.figures_standing import read_standings
from kaizhou_targets.storage.ledger_file import load_ledger_strict

from .conftest import invoke

CHINA = timezone(timedelta(hours=8))


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=CHINA)


def write(ledger: Path, target: str, entries: list[Entry]) -> None:
    path = shard_path(ledger, target)
    path.parent.mkdir(exist_ok=True)
    path.write_text(header(target) + "".join(serialize(e) for e in entries), encoding="utf-8")


def test_the_report_by_standing_series_is_the_report_by_whole_histories(ledger: Path, runner) -> None:
    e = Entry
    # Typed long ago and never touched; revised this week; withdrawn this week; typed this week only;
    # two offices disagreeing (neither saw the other); a figure for a period still to come.
    write(ledger, "jobs-new-urban", [e("a1", "jobs-new-urban", at("2026-07-05"), date(2026, 6, 30), 12000.0,
                                       "人", input="12000", replaces="")])
    write(ledger, "port-throughput", [
        e("b1", "port-throughput", at("2026-10-10"), date(2026, 9, 30), 300.0, "万吨", input="300", replaces=""),
        e("b2", "port-throughput", at("2026-11-18"), date(2026, 9, 30), 320.0, "万吨", input="320", replaces="b1"),
        e("b3", "port-throughput", at("2026-11-19"), date(2026, 10, 31), 350.0, "万吨", input="350", replaces="")])
    write(ledger, "foreign-trade-total", [
        e("c1", "foreign-trade-total", at("2026-11-01"), date(2026, 10, 31), 20.0, "亿元", input="20", replaces=""),
        e("c2", "foreign-trade-total", at("2026-11-17"), withdraws="c1")])
    write(ledger, "good-air-days", [
        e("d1", "good-air-days", at("2026-11-16"), date(2026, 10, 31), 280.0, "天", input="280", replaces="")])
    write(ledger, "gdp-growth", [
        e("g1", "gdp-growth", at("2026-10-25", 9), date(2026, 9, 30), 6.1, "%", by="统计局", input="6.1",
          replaces=""),
        e("g2", "gdp-growth", at("2026-10-25", 10), date(2026, 9, 30), 6.3, "%", by="发改委", input="6.3",
          replaces="")])
    write(ledger, "retail-sales-growth", [
        e("r1", "retail-sales-growth", at("2026-11-19"), date(2026, 11, 30), 5.0, "%", input="5", replaces="")])

    loaded = load_ledger_strict(ledger)
    ids = [t.id for t in loaded.targets]
    histories, problems, _unreadable = read_all(ledger, ids)
    standings, standing_problems, _unreadable = read_standings(ledger, ids)
    assert problems == standing_problems == []
    for day in (date(2026, 11, 20), date(2026, 11, 24), date(2026, 12, 31)):
        report = build_report(loaded, histories, day)
        # What the report must say: each whole history judged today, and as known a week ago.
        assert list(report.progress) == evaluate_ledger(loaded, histories, day)
        before_day = day - timedelta(days=7)
        before = evaluate_ledger(loaded, known_by(histories, before_day), before_day)
        assert report.previous_counts == count_statuses(before)
        assert {c.target.id for c in (change.progress for change in report.colour_changes)} == {
            now.target.id for now, then in zip(report.progress, before, strict=True) if now.status != then.status}
        assert build_report(loaded, histories, day, standings=standings) == report
    report = build_report(loaded, histories, date(2026, 11, 20), standings=standings)
    # Something moved this week (a withdrawal is not a figure typed), so the two weeks differ.
    assert {m.progress.target.id for m in report.moved} == {"port-throughput", "good-air-days", "retail-sales-growth"}

    # The command itself, on the same files: the same Markdown as the whole histories give.
    done = invoke(runner, "-f", str(ledger), "report", "--format", "md", "--as-of", "2026-11-20")
    assert done.exit_code == 0, done.output
    assert "港口货物吞吐量" in done.output


def test_the_command_reads_whole_histories_only_of_targets_typed_into_since_last_week(
        ledger: Path, runner, monkeypatch) -> None:
    e = Entry
    write(ledger, "jobs-new-urban", [e("a1", "jobs-new-urban", at("2026-07-05"), date(2026, 6, 30), 12000.0,
                                       "人", input="12000", replaces="")])
    write(ledger, "port-throughput", [
        e("b1", "port-throughput", at("2026-10-10"), date(2026, 9, 30), 300.0, "万吨", input="300", replaces=""),
        e("b2", "port-throughput", at("2026-11-18"), date(2026, 9, 30), 320.0, "万吨", input="320", replaces="b1")])
    write(ledger, "foreign-trade-total", [
        e("c1", "foreign-trade-total", at("2026-11-01"), date(2026, 10, 31), 20.0, "亿元", input="20", replaces=""),
        e("c2", "foreign-trade-total", at("2026-11-17"), withdraws="c1")])  # only a withdrawal this week
    write(ledger, "good-air-days", [
        e("d1", "good-air-days", at("2026-11-13", 23), date(2026, 10, 31), 280.0, "天", input="280", replaces="")])
    args = ["-f", str(ledger), "report", "--format", "json", "--as-of", "2026-11-20"]
    assert invoke(runner, "-f", str(ledger), "status").exit_code in (0, 1)  # the standing index, as cron leaves it

    import kaizhou_targets.app.context as context

    read: list[list[str] | None] = []
    histories = context.Env.histories

    def spy(self, target_ids=None, quiet=False):  # type: ignore[no-untyped-def]
        read.append(target_ids)
        return histories(self, target_ids, quiet)

    monkeypatch.setattr(context.Env, "histories", spy)
    by_standings = invoke(runner, *args)
    assert by_standings.exit_code == 0, by_standings.output
    # The week is 11-14..11-20: typed into after 11-13 are the revision and the withdrawal, not 11-13 23:00.
    assert read == [["port-throughput", "foreign-trade-total"]] or read == [["foreign-trade-total", "port-throughput"]]
    read.clear()
    # --as-known-on reads every whole history (cut at the end of that day): the same report.
    whole = invoke(runner, *args, "--as-known-on", "2026-12-31")
    assert whole.exit_code == 0, whole.output
    assert read == [None]
    assert by_standings.output == whole.output
    import json

    moved = {item["id"]: item["figures"] for item in json.loads(whole.output)["moved"]}
    assert moved == {"port-throughput": 1}  # the week's revision; a withdrawal is not a figure typed
