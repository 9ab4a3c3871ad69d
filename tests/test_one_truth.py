"""Issue 10, one truth per date: status, report, check and show judge a day by the same figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke
from .test_report import record_on

DATES = ["2026-03-31", "2026-06-30", "2026-07-15", "2026-08-31", "2026-09-25", "2026-09-30",
         "2026-10-06", "2026-10-07", "2026-10-20", "2026-12-31"]
FIELDS = ("value", "as_of", "completion", "gap_pp", "status")
TYPED = ["port-throughput", "jobs-new-urban", "gdp-growth", "urban-unemployment-rate"]


@pytest.fixture
def typed(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Figures typed on several days, some after the periods they describe, one revised later."""
    record_on(runner, ledger, "2026-04-10", monkeypatch, "港口", "60", "--as-of", "1-3月")
    record_on(runner, ledger, "2026-07-08", monkeypatch, "港口", "120", "--as-of", "1-6月")
    record_on(runner, ledger, "2026-07-09", monkeypatch, "gdp-growth", "4.2", "--as-of", "Q2")
    record_on(runner, ledger, "2026-09-25", monkeypatch, "港口", "150", "--as-of", "1-8月")
    record_on(runner, ledger, "2026-10-06", monkeypatch, "港口", "185", "--as-of", "1-9月")
    record_on(runner, ledger, "2026-10-06", monkeypatch, "就业", "5600", "--as-of", "1-9月")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "失业率", "5.6", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-07", monkeypatch, "gdp-growth", "4.0", "--as-of", "Q3")
    record_on(runner, ledger, "2026-10-15", monkeypatch, "港口", "210", "--as-of", "1-9月")  # a revision
    record_on(runner, ledger, "2026-10-15", monkeypatch, "失业率", "5.4", "--as-of", "Q3")
    monkeypatch.setenv("KZT_TODAY", "2026-12-31")
    return ledger


def cli_json(runner: CliRunner, ledger: Path, *args: str) -> object:
    result = invoke(runner, "-f", str(ledger), *args)
    assert result.exit_code in (0, 1, 2), result.stderr
    return json.loads(result.stdout)


def picked(row: dict) -> tuple:
    return tuple(row[key] for key in FIELDS)


@pytest.mark.parametrize("known", [False, True])
def test_status_report_check_and_show_agree_on_every_target(runner: CliRunner, typed: Path, known: bool) -> None:
    for day in DATES:
        extra = ["--as-of", day] + (["--as-known-on", day] if known else [])
        status = {row["id"]: picked(row) for row in cli_json(runner, typed, "status", "--json", *extra)}  # type: ignore[union-attr]
        report = cli_json(runner, typed, "report", "--format", "json", *extra)
        assert {row["id"]: picked(row) for row in report["targets"]} == status, day  # type: ignore[index]
        for row in report["laggards"]:  # type: ignore[index]
            assert picked(row) == status[row["id"]], (day, row["id"])
        check = cli_json(runner, typed, "check", "--json", *extra)
        alerted = {row["id"] for row in check["alerts"]}  # type: ignore[index]
        for row in check["alerts"]:  # type: ignore[index]
            assert picked(row) == status[row["id"]], (day, row["id"])
        assert {i for i, row in status.items() if row[-1] in ("red", "yellow")} <= alerted, day
        for target in TYPED:
            shown = cli_json(runner, typed, "show", target, "--json", *extra)
            assert picked(shown["progress"]) == status[target], (day, target)  # type: ignore[index]


def test_the_figures_typed_later_count_unless_known_on_is_given(runner: CliRunner, typed: Path) -> None:
    """The 1-9月 港口 figure was 185 on 10-06 and revised to 210 on 10-15: judging 09-30 today uses 210;
    as known on 10-06 it is 185, and on 09-30 itself only the 1-8月 150 had been typed."""
    def port(*args: str) -> tuple:
        rows = cli_json(runner, typed, "status", "--json", *args)
        return next((row["value"], row["as_of"]) for row in rows if row["id"] == "port-throughput")  # type: ignore[union-attr]

    assert port("--as-of", "2026-09-30") == (210, "2026-09-30")
    assert port("--as-of", "2026-09-30", "--as-known-on", "2026-10-06") == (185, "2026-09-30")
    assert port("--as-of", "2026-09-30", "--as-known-on", "2026-09-30") == (150, "2026-08-31")
    assert port("--as-known-on", "2026-10-06") == (185, "2026-09-30")  # judged on that day too
    shown = cli_json(runner, typed, "show", "港口", "--json", "--as-known-on", "2026-10-06")
    assert [f["value"] for f in shown["figures"]] == [60, 120, 150, 185]  # type: ignore[index]


def test_a_bad_known_on_date_is_refused(runner: CliRunner, typed: Path) -> None:
    result = invoke(runner, "-f", str(typed), "status", "--as-known-on", "十月")
    assert result.exit_code == 2
    assert "不是日期" in result.stderr and "--as-known-on" in result.stderr
