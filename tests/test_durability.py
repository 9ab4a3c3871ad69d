"""Real processes: concurrent writers, killed writers, broken history files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from .conftest import run_kzt, snapshot

WRITER = textwrap.dedent("""
    import sys, time
    from click.testing import CliRunner
    from kaizhou_targets.cli import cli
    ledger, worker, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    while time.time() < start:
        time.sleep(0.001)
    runner = CliRunner()
    for i in range(10):
        value = str(worker * 100 + i)
        result = runner.invoke(cli, ["-f", ledger, "record", "就业", value, "--as-of", "1-9月", "--by", f"w{worker}"])
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            sys.exit(1)
""")


def test_twenty_processes_recording_at_once_lose_nothing(ledger: Path, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    start = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, str(script), str(ledger), str(w), str(start)],
                              stderr=subprocess.PIPE, text=True, env={**os.environ})
             for w in range(20)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    shard = ledger.parent / "figures" / "jobs-new-urban.toml"
    document = tomllib.loads(shard.read_text(encoding="utf-8"))
    entries = [{"id": key, **fields} for key, fields in document.items()]
    assert len(entries) == 200
    assert sorted(int(e["value"]) for e in entries) == sorted(w * 100 + i for w in range(20) for i in range(10))
    assert len({e["id"] for e in entries}) == 200
    history = json.loads(run_kzt("-f", str(ledger), "history", "就业", "--json").stdout)
    assert len(history) == 200 and sum(not h["superseded"] for h in history) == 1


def test_a_killed_record_leaves_a_loadable_ledger(ledger: Path) -> None:
    """Kill `kzt record` at spread-out moments; every completed figure survives."""
    completed: list[int] = []
    env = {**os.environ}
    for attempt in range(12):
        proc = subprocess.Popen([sys.executable, "-m", "kaizhou_targets", "-f", str(ledger), "record", "港口",
                                 str(100 + attempt), "--as-of", f"{attempt % 9 + 1}月"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(0.02 * attempt)  # from before imports finish to after the write
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.returncode == 0:
            completed.append(100 + attempt)
        check = run_kzt("-f", str(ledger), "verify")
        assert check.returncode == 0, check.stderr
    history = json.loads(run_kzt("-f", str(ledger), "history", "港口", "--json").stdout)
    values = [int(h["value"]) for h in history]
    assert set(completed) <= set(values)
    assert set(values) <= {100 + a for a in range(12)}
    # And the ledger still takes figures.
    assert run_kzt("-f", str(ledger), "record", "港口", "200", "--as-of", "9月").returncode == 0


def test_record_as_a_subprocess(ledger: Path) -> None:
    result = run_kzt("-f", str(ledger), "record", "就业", "５，６００人", "--as-of", "1-9月")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "完成全年目标的76.7%，快于序时进度1.7个百分点 [绿]" in result.stderr
    bad = run_kzt("-f", str(ledger), "record", "就业", "nan", "--as-of", "1-9月")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "'nan' is not a number" in bad.stderr


def _torn(ledger: Path) -> Path:
    assert run_kzt("-f", str(ledger), "record", "港口", "100", "--as-of", "8月").returncode == 0
    shard = ledger.parent / "figures" / "port-throughput.toml"
    with open(shard, "a", encoding="utf-8") as handle:
        handle.write('20261008T093000000000-abcdef = { recorded_at = 2026-10-08T09:30:00+08:00, as_of = 2026-0')
    return shard


def test_a_torn_line_is_reported_never_counted_and_does_not_block_the_target(ledger: Path) -> None:
    shard = _torn(ledger)
    status = run_kzt("-f", str(ledger), "status", "--json")
    assert status.returncode == 0
    port = next(s for s in json.loads(status.stdout) if s["id"] == "port-throughput")
    assert port["value"] == 100  # the figure before the torn line still counts
    assert len(status.stderr.strip().splitlines()) == 1 and "kzt repair" in status.stderr
    verify = run_kzt("-f", str(ledger), "verify")
    assert verify.returncode == 1 and f"{shard}:5" in verify.stderr and "写入被中断" in verify.stderr
    recorded = run_kzt("-f", str(ledger), "record", "港口", "120", "--as-of", "9月")
    assert recorded.returncode == 0, recorded.stderr
    lines = shard.read_text(encoding="utf-8").split("\n")
    assert lines[4].endswith("as_of = 2026-0") and "value = 120.0" in lines[5]  # a fresh line, not swallowed
    history = json.loads(run_kzt("-f", str(ledger), "history", "港口", "--json").stdout)
    assert [h["value"] for h in history] == [100, 120]


@pytest.mark.parametrize(("content", "message"), [
    ("[[entry]]\nid = \"x\"\nrecorded_at = 2026-10-08T09:00:00+08:00\nas_of = 2026-09-30\nvalue = \"lots\"\n",
     "value 必须是有限的数"),
    ("[[entry]]\nid = \"x\"\nrecorded_at = 2026-10-08T09:00:00+08:00\nas_of = 2026-09-31\nvalue = 1.0\n",
     "不是有效的 TOML"),
])
def test_a_hand_broken_old_format_file_is_refused_with_its_line(ledger: Path, content: str, message: str) -> None:
    folder = ledger.parent / "figures"
    folder.mkdir()
    (folder / "port-throughput.toml").write_text(content, encoding="utf-8")
    before = snapshot(ledger.parent)
    result = run_kzt("-f", str(ledger), "record", "港口", "120", "--as-of", "9月")
    assert result.returncode == 1
    assert message in result.stderr and "port-throughput.toml" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ledger.parent) == before
