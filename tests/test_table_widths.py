"""Issue 25.5: terminal tables keep their meaning at 80 and 120 columns, and in a pipe.

Real processes: `kzt status` and `kzt targets` at COLUMNS=80/120, piped without COLUMNS, and with
the pipe's reader gone (`kzt targets | head`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from .conftest import invoke, run_kzt

LONG = "打造川渝万达开地区空天信息未来产业园"  # the longest name of the 工业 area


@pytest.fixture
def recorded(runner, ledger: Path) -> Path:
    """A 1-6月 figure on one target, a 1-9月 figure on another, and 1-9月 on GDP."""
    for target, value, period in (("技改投资", "3", "1-6月"), ("新增规上工业企业", "21", "1-9月"),
                                  ("地区生产总值增长", "5.8%", "Q3")):
        done = invoke(runner, "-f", str(ledger), "record", target, value, "--as-of", period, "--force")
        assert done.exit_code == 0, done.output
    return ledger


def table(ledger: Path, columns: int | None, *args: str) -> list[str]:
    env = {"COLUMNS": str(columns)} if columns else {}
    done = run_kzt("-f", str(ledger), "status", "--area", "工业", *args,
                   env={**env, "KZT_TODAY": "2026-10-20", "NO_COLOR": "1"})
    if columns is None:
        assert "COLUMNS" not in os.environ or os.environ.get("COLUMNS") == ""  # the pipe has no limit
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def row(lines: list[str], name: str) -> str:
    return next(line for line in lines if line.startswith(name))


@pytest.mark.parametrize("columns", [80, 120])
def test_status_fits_and_a_long_name_wraps_inside_its_column(recorded: Path, columns: int) -> None:
    lines = table(recorded, columns)
    assert all(cell_len(line) <= columns for line in lines), [line for line in lines if cell_len(line) > columns]
    header = lines[1]
    assert header.startswith("指标") and "数据期" in header and "完成" in header and "状态" in header
    name_column = cell_len(header[:header.index("最新值")].rstrip())
    assert name_column <= 40  # not as wide as the longest name of the whole ledger
    first = next(index for index, line in enumerate(lines) if line.startswith(LONG[:6]))
    head, rest = lines[first], lines[first + 1]
    if cell_len(LONG) > cell_len(header[:header.index("最新值")]):
        start = head.split("  ")[0]
        assert LONG.startswith(start) and rest.strip() == LONG[len(start):]  # wrapped, nothing lost
        assert cell_len(start) <= cell_len(header[:header.index("最新值")])
    else:
        assert head.startswith(LONG)
    assert "● 灰" in head


def test_the_period_stays_at_120_columns_and_is_short_at_80(recorded: Path) -> None:
    wide, narrow = table(recorded, 120), table(recorded, 80)
    assert "2026年1-6月" in row(wide, "技改投资") and "2026年1-9月" in row(wide, "新增规上工业企业")
    assert " 1-6月 " in row(narrow, "技改投资") and "2026年" not in row(narrow, "技改投资")
    assert " 1-9月 " in row(narrow, "新增规上工业企业")
    # the colour and the completion are there at both widths
    for lines in (wide, narrow):
        assert "● 红" in row(lines, "技改投资") and "%" in row(lines, "技改投资")
    english = table(recorded, 80, "--kind", "cumulative")
    assert english  # the same layout rules in every language
    en = run_kzt("--lang", "en", "-f", str(recorded), "status", "--area", "工业",
                 env={"COLUMNS": "80", "KZT_TODAY": "2026-10-20"}).stdout.splitlines()
    assert "Period" in en[1] and " 1–6 " in row(en, "技改投资")


def test_a_pipe_breaks_no_name_and_drops_no_column(recorded: Path, no_columns: None) -> None:
    lines = table(recorded, None)
    assert any(line.startswith(LONG + " ") for line in lines)
    assert "趋势" in lines[1] and "序时" in lines[1] and "2026年1-6月" in row(lines, "技改投资")
    listed = run_kzt("-f", str(recorded), "targets", env={"KZT_TODAY": "2026-10-20"})
    assert listed.returncode == 0
    names = [line.split()[1] for line in listed.stdout.splitlines()[1:-1] if line.strip()]
    assert "推动达万铁路扩能、江浦隧道、开万(源)高速、开宣高速前期" in listed.stdout
    assert LONG in names


@pytest.mark.parametrize("columns", [80, 120])
def test_targets_wraps_names_inside_the_table(recorded: Path, columns: int) -> None:
    import json

    done = run_kzt("-f", str(recorded), "targets", "--area", "区域协同", env={"COLUMNS": str(columns)})
    lines = done.stdout.splitlines()[:-1]
    assert all(cell_len(line) <= columns for line in lines)
    start = cell_len(lines[0][:lines[0].index("指标")])  # on a row the id is ASCII: characters are cells
    names: dict[str, str] = {}
    current = ""
    for line in lines[1:]:
        if not line.startswith(" "):
            current = line.split()[0]
            names[current] = ""
        names[current] += line[start:].split("  ")[0].strip()
    listed = json.loads(run_kzt("-f", str(recorded), "targets", "--area", "区域协同", "--json").stdout)
    assert names == {t["id"]: t["name"] for t in listed}  # every name whole, in its own column
    if columns == 80:
        assert any(len(line) - len(line.lstrip()) == start for line in lines)  # and some did wrap there


@pytest.mark.parametrize("command", [("targets",), ("status",), ("report",), ("show", "港口"),
                                     ("--lang", "en", "targets"), ("plan",)])
def test_a_reader_that_stops_reading_is_not_a_failure(recorded: Path, command: tuple[str, ...]) -> None:
    """`kzt targets | head`: the pipe's reader is gone before kzt writes; kzt exits 0, quietly."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([sys.executable, "-m", "kaizhou_targets", "-f", str(recorded), *command],
                              stdout=writer, stderr=subprocess.PIPE, timeout=120, check=False,
                              env={**os.environ, "KZT_TODAY": "2026-10-20"})
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, b"")


def test_head_on_a_real_shell_pipe_exits_0(recorded: Path) -> None:
    script = f'set -o pipefail; "{sys.executable}" -m kaizhou_targets -f "{recorded}" targets | head -n 2'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and len(done.stdout.splitlines()) == 2
