"""A file git left half-merged: every command refuses it, names the file and
the line, says how to resolve it, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke, snapshot

# Every command that reads the ledger, with arguments that would otherwise work.
COMMANDS = [
    ("verify",),
    ("status",),
    ("check",),
    ("targets",),
    ("show", "port-throughput"),
    ("history", "port-throughput"),
    ("record", "port-throughput", "250万吨", "--as-of", "2026-09-30", "--force"),
    ("undo", "port-throughput", "--yes"),
    ("set", "port-throughput", "lead", "区交通运输委"),
    ("report", "--format", "md"),
    ("import", "figures.csv", "--yes", "--force"),
    ("rename", "port-throughput", "port-cargo"),
]


def _conflict_in_targets(ledger: Path) -> int:
    """Replace the `unit` line of gdp-growth by a git conflict; the marker's line number."""
    text = ledger.read_text(encoding="utf-8")
    start = text.index('id = "gdp-growth"')
    unit = text.index('unit = "%"', start)
    conflicted = (text[:unit] + '<<<<<<< HEAD\nunit = "%"\n=======\nunit = "个百分点"\n>>>>>>> origin/main\n'
                  + text[unit + len('unit = "%"\n'):])
    ledger.write_text(conflicted, encoding="utf-8")
    return text[:unit].count("\n") + 1


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_a_targets_file_with_conflict_markers(
        runner: CliRunner, ledger: Path, command: tuple[str, ...]) -> None:
    (ledger.parent / "figures.csv").write_text("target,value,period\nport-throughput,250万吨,2026-09-30\n",
                                               encoding="utf-8")
    recorded = invoke(runner, "-f", str(ledger), "record", "port-throughput", "240万吨", "--as-of", "2026-08-31",
                      "--force")
    assert recorded.exit_code == 0, recorded.stderr
    line = _conflict_in_targets(ledger)
    before = snapshot(ledger.parent)

    args = [arg if arg != "figures.csv" else str(ledger.parent / "figures.csv") for arg in command]
    result = invoke(runner, "-f", str(ledger), *args)

    assert result.exit_code != 0
    assert f"{ledger}:{line}：文件里有 git 合并冲突标记（第 {line}, {line + 2}, {line + 4} 行）" in result.stderr
    assert "删掉 <<<<<<<、=======、>>>>>>> 这些标记行" in result.stderr and "kzt verify" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(ledger.parent) == before  # nothing written, the conflicted file included


def test_the_refusal_in_english(runner: CliRunner, ledger: Path) -> None:
    line = _conflict_in_targets(ledger)
    result = invoke(runner, "--lang", "en", "-f", str(ledger), "status")
    assert result.exit_code != 0
    assert f"{ledger}:{line}: the file holds git conflict markers" in result.stderr
    assert "delete the marker lines" in result.stderr


def test_a_diff3_style_conflict_is_refused_too(runner: CliRunner, ledger: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    at = text.index('unit = "%"')
    ledger.write_text(text[:at] + "<<<<<<< ours\n||||||| base\n=======\n>>>>>>> theirs\n" + text[at:],
                      encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code != 0 and "git 合并冲突标记" in result.stderr


def test_lines_that_only_look_like_markers_are_not_conflicts(runner: CliRunner, ledger: Path) -> None:
    """Seven = inside a comment, or a longer run, is something a person typed."""
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text("# ======= 2026 =======\n# ========\n" + text, encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 0, result.stderr


# ── a figures file ─────────────────────────────────────────────────────────

# `targets` and `set` never read a figures file; `repair` reads only figures files.
FIGURE_COMMANDS = [command for command in COMMANDS if command[0] not in ("targets", "set")] + [("repair", "--yes")]


def _conflict_in_figures(runner: CliRunner, ledger: Path) -> tuple[Path, int]:
    """Two figures recorded, then the last two lines put between markers as git leaves them."""
    for value, as_of in (("240万吨", "2026-08-31"), ("250万吨", "2026-09-30")):
        done = invoke(runner, "-f", str(ledger), "record", "port-throughput", value, "--as-of", as_of, "--force")
        assert done.exit_code == 0, done.stderr
    shard = ledger.parent / "figures" / "port-throughput.toml"
    lines = shard.read_text(encoding="utf-8").splitlines()
    conflicted = [*lines[:-2], "<<<<<<< HEAD", lines[-2], "=======", lines[-1], ">>>>>>> origin/main"]
    shard.write_text("".join(x + "\n" for x in conflicted), encoding="utf-8")
    return shard, len(lines) - 1


@pytest.mark.parametrize("command", FIGURE_COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_a_figures_file_with_conflict_markers(
        runner: CliRunner, ledger: Path, command: tuple[str, ...]) -> None:
    (ledger.parent / "figures.csv").write_text("target,value,period\nport-throughput,260万吨,2026-07-31\n",
                                               encoding="utf-8")
    shard, line = _conflict_in_figures(runner, ledger)
    before = snapshot(ledger.parent)

    args = [arg if arg != "figures.csv" else str(ledger.parent / "figures.csv") for arg in command]
    result = invoke(runner, "-f", str(ledger), *args)

    assert result.exit_code != 0
    assert f"{shard}:{line}：文件里有 git 合并冲突标记" in result.stderr
    assert "删除标记行" in result.stderr  # how to resolve, in the same words everywhere
    assert "Traceback" not in result.output
    assert snapshot(ledger.parent) == before


def test_resolving_the_figures_conflict_by_keeping_both_lines_restores_both_figures(
        runner: CliRunner, ledger: Path) -> None:
    shard, _line = _conflict_in_figures(runner, ledger)
    kept = [x for x in shard.read_text(encoding="utf-8").splitlines()
            if not x.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
    shard.write_text("".join(x + "\n" for x in kept), encoding="utf-8")
    assert invoke(runner, "-f", str(ledger), "verify").exit_code == 0
    history = invoke(runner, "-f", str(ledger), "history", "port-throughput", "--json")
    assert [f["as_of"] for f in json.loads(history.stdout)] == ["2026-08-31", "2026-09-30"]


def test_a_conflict_in_the_log_of_imports_stops_every_command_too(runner: CliRunner, ledger: Path) -> None:
    table = ledger.parent / "figures.csv"
    table.write_text("target,value,period\nport-throughput,250万吨,2026-09-30\n", encoding="utf-8")
    assert invoke(runner, "-f", str(ledger), "import", str(table), "--yes", "--force").exit_code == 0
    log = ledger.parent / "figures" / "imports.toml"
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("".join(x + "\n" for x in [*lines[:-1], "<<<<<<< HEAD", lines[-1], "=======",
                                              ">>>>>>> origin/main"]), encoding="utf-8")
    before = snapshot(ledger.parent)
    # (a command about a target none of whose figures came from an import does not need the log)
    for command in (("status",), ("verify",), ("history", "port-throughput"),
                    ("record", "port-throughput", "260万吨", "--as-of", "2026-09-30", "--force")):
        result = invoke(runner, "-f", str(ledger), *command)
        assert result.exit_code != 0 and f"{log}:{len(lines)}：文件里有 git 合并冲突标记" in result.stderr
    assert snapshot(ledger.parent) == before
