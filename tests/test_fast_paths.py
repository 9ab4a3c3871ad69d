"""The shortcuts taken for speed (issue 17) give exactly the answers of what they replace.

Each fast path is held to its definition: the colour bands in whole numbers to decimal
arithmetic, the month lengths to the calendar module, the steady time zones to the time-zone
database, the calendar's cached schedule to the rules it is built from, the lazily loaded
commands to the modules that define them, and the run that skips the interpreter's teardown to
the bytes and exit codes of a normal one. No timing here: bench/run.py measures.
"""

from __future__ import annotations

import calendar
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kaizhou_targets import cli as cli_module
from kaizhou_targets.app import clock
from kaizhou_targets.cli import COMMAND_MODULES, HIDDEN_COMMANDS, SUMMARIES, cli
from kaizhou_targets.core import reporting_calendar
from kaizhou_targets.core.calendar_days import days_in_month
from kaizhou_targets.core.display_bands import _band_in_decimal, band_of_gap, printed, rounded
from kaizhou_targets.core.history import figures_of, standing_with, valid_series
from kaizhou_targets.core.model import Entry
from kaizhou_targets.core.rule_settings import CalendarSettings, TargetCalendar
from kaizhou_targets.storage.ledger_file import bundled_ledger_path, load_ledger_strict

from .conftest import invoke, run_kzt

numbers = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 5.0, -5.0, 4.95, 5.05, 2.0, 0.857142857142857, 1e-5, 1e27, 1e28, 9.999999999999999e27,
     -3.7295452791933504e-136, 5e-324, 1.7976931348623157e308])


def _outcome(function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args)
    except InvalidOperation:  # decimal refuses to order a NaN: so must the fast path
        return "InvalidOperation"


# ── the colour of a printed gap ─────────────────────────────────────────────

@settings(max_examples=3000, deadline=None)
@given(numbers, numbers, numbers, numbers, st.integers(min_value=0, max_value=3))
# Past decimal's 28 digits: -5.4 - (-3.7e-136) rounds to -5.4 there, so it is green against -5.4.
@example(5.437394570460054, -5.4, -5.0227053118331355, -3.7295452791933504e-136, 1)
@example(5.4, -5.4, 0.0, -1e-29, 1)  # -5.4 + 1e-29 needs 30 digits: decimal rounds it onto the line
@example(-5.0, 5.0, 10.0, 0.0, 1)  # exactly on the yellow line: green
@example(-10.04, 5.0, 10.0, 0.0, 1)  # prints 10.0: red
def test_band_of_gap_in_whole_numbers_agrees_with_decimal(gap: float, yellow: float, red: float,
                                                          tolerance: float, digits: int) -> None:
    texts = (f"{gap:.{digits}f}", repr(tolerance), repr(yellow), repr(red))
    assert _outcome(band_of_gap, gap, yellow, red, tolerance, digits) == _outcome(_band_in_decimal, *texts)


@given(numbers, st.integers(min_value=0, max_value=3))
def test_rounded_is_the_printed_decimal_as_a_float(number: float, digits: int) -> None:
    assert repr(rounded(number, digits)) == repr(float(printed(number, digits)))
    assert printed(number, digits) == Decimal(f"{number:.{digits}f}") or number != number


# ── month lengths and time zones ────────────────────────────────────────────

def test_days_in_month_is_the_calendar_modules() -> None:
    for year in range(1, 2801):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
    for month in (0, 13):
        with pytest.raises(ValueError):
            days_in_month(2026, month)


@settings(max_examples=500, deadline=None)
@given(st.datetimes(min_value=datetime(1992, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(sorted(clock._STEADY_ZONES)))
def test_the_steady_zones_tell_the_time_the_zone_database_tells(moment: datetime, name: str) -> None:
    instant = moment.replace(tzinfo=UTC)
    database = ZoneInfo(name)
    assert clock.now(name, instant).isoformat() == instant.astimezone(database).isoformat()
    assert clock.now(name, instant) == instant
    assert clock.today(name, instant) == instant.astimezone(database).date() or clock._pinned() is not None


# ── the reporting calendar's schedule, worked out once per calendar ─────────

def _verdict_from_the_rules(target, settings: CalendarSettings, today: date, recorded: list[date],  # type: ignore[no-untyped-def]
                            own: TargetCalendar) -> dict:
    """The verdict as the public rules define it, question by question (the code before the cache)."""
    rc = reporting_calendar
    periods = sorted(recorded)
    if target.kind == "milestone" or own.tracking == "none":
        return rc.verdict(target, settings, today, recorded, own)._asdict()
    ends = rc.period_ends(target, settings, own)
    latest = periods[-1] if periods else None
    if latest is not None and latest >= ends[-1]:
        return rc.Verdict("complete", today)._asdict()
    upcoming = [p for p in ends if rc.due_date(target, settings, p, own) > today and (latest is None or p > latest)]
    next_period = upcoming[0] if upcoming else None
    after = dict(today=today, next_period=next_period,
                 next_due=rc.due_date(target, settings, next_period, own) if next_period else None)
    expected = rc.expected_period(target, settings, today, own)
    if expected is None:
        return rc.Verdict("up-to-date" if latest is not None else "not-yet-due", **after)._asdict()
    after.update(expected=expected, expected_due=rc.due_date(target, settings, expected, own))
    missing = tuple(rc.missing_periods(target, settings, today, periods, own))
    if not missing:
        return rc.Verdict("up-to-date", **after)._asdict()
    grace = timedelta(days=settings.grace_days)
    late = [p for p in missing if rc.due_date(target, settings, p, own) + grace < today]
    if not late:
        return rc.Verdict("due", missing=missing, **after)._asdict()
    overdue_due = rc.due_date(target, settings, late[-1], own)
    return rc.Verdict("overdue", missing=missing, overdue_period=late[-1], overdue_due=overdue_due,
                      days_overdue=(today - overdue_due).days, **after)._asdict()


BUNDLED = load_ledger_strict(bundled_ledger_path())
CALENDARS = [BUNDLED.settings.calendar,
             CalendarSettings(joint_january_february=False, grace_days=0, monthly_due_day=31, quarterly_due_day=1,
                              annual_due_month=3, annual_due_day=15, default_frequency="monthly")]
OWN = [None, TargetCalendar(tracking="annual"), TargetCalendar(due_day=31),
       TargetCalendar(release=((date(2026, 3, 31), date(2026, 4, 18)), (date(2026, 5, 17), date(2026, 6, 2))))]


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(BUNDLED.targets), st.sampled_from(CALENDARS), st.sampled_from(OWN),
       st.dates(min_value=date(2025, 10, 1), max_value=date(2028, 3, 31)),
       st.lists(st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 12, 31)), max_size=5))
def test_the_cached_schedule_gives_the_verdict_of_the_rules(target, settings: CalendarSettings,  # type: ignore[no-untyped-def]
                                                            own: TargetCalendar | None, today: date,
                                                            recorded: list[date]) -> None:
    own = own or target.calendar
    assert reporting_calendar.verdict(target, settings, today, recorded, own)._asdict() == \
        _verdict_from_the_rules(target, settings, today, recorded, own)


# ── commands loaded when they run ───────────────────────────────────────────

def test_the_command_table_is_the_modules_own() -> None:
    import importlib

    found = {}
    for module_name in set(COMMAND_MODULES.values()):
        module = importlib.import_module(f"kaizhou_targets.commands.{module_name}")
        for command in module.COMMANDS:
            found[command.name] = (module_name, command.hidden)
    assert found == {name: (module, name in HIDDEN_COMMANDS) for name, module in COMMAND_MODULES.items()}
    assert set(SUMMARIES) == set(COMMAND_MODULES)
    assert set(cli.commands) == set(COMMAND_MODULES)  # click's own attribute still holds every command


def _imported_after(*args: str) -> list[str]:
    """The command modules a fresh process imports to run `kzt ARGS` (through click's test runner)."""
    code = ("import sys; from click.testing import CliRunner; from kaizhou_targets.cli import cli; "
            f"result = CliRunner().invoke(cli, {list(args)!r}); "
            "print(result.exit_code); "
            "print(' '.join(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
            "if m.startswith('kaizhou_targets.commands.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    exit_code, modules = done.stdout.splitlines()[-2:]
    assert exit_code == "0", done.stdout
    return modules.split()


def test_a_run_imports_only_the_module_of_its_command(ledger: Path) -> None:
    assert _imported_after("--help") == ["common"]
    assert _imported_after("-f", str(ledger), "status") == ["common", "delivery", "status_cmds", "words"]
    assert "record_cmds" in _imported_after("-f", str(ledger), "history", "就业")
    assert "report_cmds" not in _imported_after("-f", str(ledger), "history", "就业")


def test_help_lists_the_commands_as_the_commands_themselves_would(runner: CliRunner) -> None:
    for lang in ("zh", "en"):
        for width in ("80", "120"):
            env = {"KZT_LANG": lang, "COLUMNS": width}
            fresh = cli_module.KztGroup(name="kzt", params=cli.params, help=cli.help,
                                        context_settings=cli.context_settings, callback=cli.callback)
            from_stand_ins = runner.invoke(fresh, ["--help"], env=env, prog_name="kzt").output
            assert not fresh._loaded  # listed without importing a command module
            for command in cli.commands.values():
                fresh.add_command(command)
            from_commands = runner.invoke(fresh, ["--help"], env=env, prog_name="kzt").output
            assert from_stand_ins == from_commands
            assert "status" in from_commands and "merge-figures" not in from_commands


def test_a_mistyped_command_still_gets_its_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["statu"])
    assert result.exit_code == 2 and "status" in result.output


def test_dash_f_reads_as_file_in_every_position(runner: CliRunner, ledger: Path) -> None:
    # -f is read as --file (found without click's "did you mean" search): the same run either way.
    for args in (["status"], ["history", "就业"], [], ["nosuch"]):
        short = runner.invoke(cli, ["-f", str(ledger), *args])
        long = runner.invoke(cli, ["--file", str(ledger), *args])
        assert (short.exit_code, short.output) == (long.exit_code, long.output), args
    missing = runner.invoke(cli, ["-f"])
    assert missing.exit_code == 2 and "-f" in missing.output  # names the option as typed
    code = ("import sys; from click.testing import CliRunner; from kaizhou_targets.cli import cli; "
            f"CliRunner().invoke(cli, ['-f', {str(ledger)!r}, 'status']); print('difflib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


# ── leaving without the interpreter's teardown ──────────────────────────────

def test_piped_output_arrives_whole_with_the_exit_code_of_the_run(runner: CliRunner, ledger: Path) -> None:
    for args in (["report", "--format", "md"], ["status"], ["check"], ["history", "就业", "--json"]):
        inside = runner.invoke(cli, ["-f", str(ledger), *args])
        outside = run_kzt("-f", str(ledger), *args)
        assert outside.stdout == inside.stdout, args
        assert outside.returncode == inside.exit_code, args
    refused = run_kzt("-f", str(ledger), "record", "就业", "abc")
    assert refused.returncode == 2 and "abc" in refused.stderr and "Traceback" not in refused.stderr


def test_a_closed_pipe_ends_quietly(ledger: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-m", "kaizhou_targets", "-f", str(ledger), "report", "--format", "md"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()  # `kzt report | head -c 10`
    errors = reader.stderr.read().decode()
    assert reader.wait(timeout=120) in (0, 120) and "Traceback" not in errors


def test_the_gc_threshold_is_raised_only_for_the_program() -> None:
    library = subprocess.run([sys.executable, "-c", "import gc, kaizhou_targets.cli; print(gc.get_threshold()[0])"],
                             capture_output=True, text=True, timeout=60)
    assert library.stdout.strip() not in ("", "50000")  # Python's own default
    program = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['/usr/bin/kzt']; import gc, "
                              "kaizhou_targets; print(gc.get_threshold()[0])"], capture_output=True, text=True,
                             timeout=60)
    assert program.stdout.strip() == "50000"


def test_recording_judges_with_the_figures_worked_out_once(runner: CliRunner, ledger: Path) -> None:
    # +N adds to the standing total, supersedes it, and the confirmation names both: the figures
    # worked out once under the lock feed the base, the revision and the judgement alike.
    first = invoke(runner, "-f", str(ledger), "record", "就业", "5000", "--as-of", "1-9月", "--force")
    assert first.exit_code == 0
    again = invoke(runner, "-f", str(ledger), "record", "就业", "+100", "--as-of", "1-9月", "--force")
    assert again.exit_code == 0
    assert "5100" in again.output or "5,100" in again.output
    assert "修订" in again.output  # supersedes the 5000 of the same period


# ── the standing series after one more figure ───────────────────────────────

CST = timezone(timedelta(hours=8))


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Entry], Entry]:
    """A history of figures, revisions, withdrawals (and an entry merged in twice), and a figure to add:
    usually typed after all of them, sometimes not (a clock set wrong, a merge)."""
    start = datetime(2026, 1, 1, 9, tzinfo=CST)
    periods = [date(2026, m, 28) for m in (1, 3, 6, 9)]
    history: list[Entry] = []
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        stamp = start + timedelta(minutes=draw(st.integers(min_value=0, max_value=50)))
        if history and draw(st.integers(min_value=0, max_value=4)) == 0:
            target = draw(st.sampled_from(history))
            history.append(Entry(f"w{n}", "t", stamp, withdraws=target.id))
        elif history and draw(st.integers(min_value=0, max_value=9)) == 0:
            history.append(draw(st.sampled_from(history)))  # the same line from both sides of a merge
        else:
            history.append(Entry(f"e{n}", "t", stamp, draw(st.sampled_from(periods)), float(n)))
    later = draw(st.booleans())
    stamp = start + timedelta(minutes=draw(st.integers(min_value=51, max_value=60) if later
                                             else st.integers(min_value=0, max_value=50)))
    return history, Entry(draw(st.sampled_from(["new", "e1", "e2"])), "t", stamp, draw(st.sampled_from(periods)), 99.0)


@settings(max_examples=1500, deadline=None)
@given(histories())
def test_the_standing_after_one_more_figure_is_the_standing_of_the_whole_history(
        case: tuple[list[Entry], Entry]) -> None:
    history, entry = case
    assert standing_with(history, figures_of(history), entry) == valid_series(figures_of([*history, entry]))


# ── periods read without compiling patterns ─────────────────────────────────

@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789０٣ 年度全底末月日-./Qq\t", max_size=9)
       | st.builds("{:04d}{}".format, st.integers(0, 9999), st.text(alphabet="年度全底末月 \t-", max_size=4)))
@example("2026年")
@example("2026年度")
@example("2026 年 全年")
def test_a_text_passed_over_could_never_name_a_whole_year(text: str) -> None:
    from kaizhou_targets.core.period_fit import _WHOLE_YEAR, _may_name_a_whole_year

    if not _may_name_a_whole_year(text):
        assert _WHOLE_YEAR.match(text) is None


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=99),
       st.integers(min_value=0, max_value=99))
def test_an_iso_date_reads_as_the_full_date_pattern_reads_it(year: int, month: int, day: int) -> None:
    from kaizhou_targets.core import periods
    from kaizhou_targets.core.errors import InputError

    text = f"{year:04d}-{month:02d}-{day:02d}"

    def read(function):  # type: ignore[no-untyped-def]
        try:
            return function()
        except (InputError, ValueError) as error:
            return type(error).__name__, str(error)

    match = periods._FULL_DATE.match(text)
    assert match is not None
    by_pattern = read(lambda: periods._checked_date(text, *(int(g) for g in match.groups())))
    assert read(lambda: periods._read(text, text, 2026, date(2026, 10, 8))) == by_pattern


# ── the leftovers of a killed import's journal write ────────────────────────

def test_the_leftovers_removed_under_the_lock_are_the_dotted_temporary_files(tmp_path: Path) -> None:
    """What a killed write in figures/ leaves: `.<name>.<random>.tmp` (and `.journal.<pid>.tmp` of earlier
    versions). Nothing else goes, and a link is removed as a link, never followed."""
    from kaizhou_targets.storage.figures import remove_leftovers

    tmp_path = tmp_path / "figures"
    tmp_path.mkdir()
    names = [".journal.123.tmp", "..journal.ab12.tmp", ".port.toml.0f0f.tmp", ".journal", "t000.toml",
             "a.journal.1.tmp", ".journal.1.TMP", ".journal.x.tmp.bak"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("keep", encoding="utf-8")
    (tmp_path / ".planted.tmp").symlink_to(outside)
    remove_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".journal", "t000.toml", "a.journal.1.tmp", ".journal.1.TMP", ".journal.x.tmp.bak"])
    assert outside.read_text(encoding="utf-8") == "keep"
    remove_leftovers(tmp_path / "missing")  # no folder: nothing to do


def test_a_record_clears_what_a_killed_journal_write_left(runner: CliRunner, ledger: Path) -> None:
    figures = ledger.parent / "figures"
    figures.mkdir(exist_ok=True)
    (figures / ".journal.4242.tmp").write_text("{", encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "record", "就业", "5000", "--as-of", "1-9月", "--force")
    assert result.exit_code == 0
    assert not (figures / ".journal.4242.tmp").exists() and not (figures / ".journal").exists()
