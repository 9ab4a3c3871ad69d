"""Any console encoding: output never crashes; symbols the encoding lacks degrade to plain marks;
files written with -o stay UTF-8 whatever the console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke

CONSOLES = {
    "gbk": {"PYTHONIOENCODING": "gbk"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C": {"LANG": "C", "LC_ALL": "C", "LC_CTYPE": "C"},
}
COMMANDS = [["status"], ["show", "就业"], ["check", "--json"], ["check"],
            *[["report", "--format", f] for f in ("term", "md", "html", "csv", "json", "txt")]]


@pytest.fixture
def busy(ledger: Path) -> Path:
    """Figures that bring out every symbol: colours, a trend, stale figures."""
    for args in (["就业", "5000", "--as-of", "8月"], ["就业", "5600", "--as-of", "9月"],
                 ["forest-coverage", "56.0", "--as-of", "上半年"], ["港口", "180万吨", "--as-of", "9月"]):
        assert invoke(CliRunner(), "-f", str(ledger), "record", *args).exit_code == 0
    return ledger


def run_raw(args: list[str], console: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    env.update(console)
    return subprocess.run([sys.executable, "-m", "kaizhou_targets", *args], capture_output=True, env=env,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize("console", list(CONSOLES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_output_survives_the_console(busy: Path, console: str, command: list[str]) -> None:
    result = run_raw(["-f", str(busy), *command], CONSOLES[console], busy.parent)
    assert b"Traceback" not in result.stderr and b"UnicodeEncodeError" not in result.stderr
    assert result.stdout.strip(), result.stderr
    if command[0] == "check":
        assert result.returncode == 2  # red is red in any encoding: the alerts printed, exit 2 (CRITICAL)
    else:
        assert result.returncode == 0, result.stderr
    encoding = "gbk" if console == "gbk" else "utf-8"  # an ASCII console is a misconfigured locale: UTF-8
    text = result.stdout.decode(encoding)  # the whole output is in the console's encoding
    assert "就业" in text or "森林覆盖率" in text


def test_symbols_outside_gbk_degrade_to_plain_marks(busy: Path) -> None:
    status = run_raw(["-f", str(busy), "status"], CONSOLES["gbk"], busy.parent).stdout.decode("gbk")
    assert "[陈旧]" in status and "⏰" not in status and "红" in status
    report = run_raw(["-f", str(busy), "report", "--format", "md"], CONSOLES["gbk"], busy.parent).stdout.decode("gbk")
    assert "- 红 **港口货物吞吐量**" in report and "- 黄 **森林覆盖率**" in report and "🔴" not in report


def test_files_written_with_o_stay_utf8_whatever_the_console(busy: Path) -> None:
    folder = busy.parent
    for name in ("周报.md", "周报.csv", "周报.html", "周报.txt"):
        result = run_raw(["-f", str(busy), "report", "-o", str(folder / name)], CONSOLES["gbk"], folder)
        assert result.returncode == 0, result.stderr
        assert "已写入".encode("gbk") in result.stderr
    assert "🔴" in (folder / "周报.md").read_text(encoding="utf-8")
    assert (folder / "周报.csv").read_bytes().startswith(b"\xef\xbb\xbf" + "编号".encode())
    assert "<!DOCTYPE html>" in (folder / "周报.html").read_text(encoding="utf-8")
    assert "森林覆盖率" in (folder / "周报.txt").read_text(encoding="utf-8")
