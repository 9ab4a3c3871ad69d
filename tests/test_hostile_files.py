"""Files another office can commit, treated as hostile: journals naming paths outside figures/,
links where kzt keeps its files, links planted where its temporary files go, reports named
outside the ledger, values that overflow, files nested or grown beyond reason; and writes that
must be whole or absent on a full disk (`init`, `year add`).

Every case through a real process: a clear sentence, the exit code, and no file outside the
ledger changed (for refusals, no file inside either).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import invoke, run_kzt, snapshot
from .test_faults import clean, figures, limited

SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside every ledger, standing for ~/.ssh/id_rsa."""
    home = tmp_path / "home" / ".ssh"
    home.mkdir(parents=True)
    key = home / "id_rsa"
    key.write_bytes(SECRET)
    return key


def kzt(ledger: Path, *args: str, env: dict[str, str] | None = None):
    result = run_kzt("-f", str(ledger), *args, env=env)
    clean(result)
    return result


# ── 26.2: names read from kzt's own files ──────────────────────────────────

@pytest.mark.parametrize("names", [
    {"../targets.toml": 10, "port-throughput.toml": 0},
    {"../seeds/004_552df92d5a075e63.txt": 0},
    {"/etc/hostname": 0},
    {".cache": -1},
], ids=["parent-ledger", "parent-seeds", "absolute", "hidden"])
def test_a_journal_naming_files_outside_figures_touches_none_of_them(ledger: Path, names: dict[str, int]) -> None:
    assert kzt(ledger, "record", "港口", "100", "--as-of", "8月").returncode == 0
    journal = ledger.parent / "figures" / ".journal"
    journal.write_text(json.dumps({"batch": "b1", "sizes": names}), encoding="utf-8")  # force-added in git
    before = snapshot(ledger.parent)
    refused = kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月")
    assert refused.returncode == 1 and "导入日志已损坏" in refused.stderr and "kzt repair" in refused.stderr
    assert snapshot(ledger.parent) == before  # targets.toml and seeds included
    verify = kzt(ledger, "verify")
    assert verify.returncode == 1 and str(journal) in verify.stderr
    repaired = kzt(ledger, "repair", "--yes")
    assert repaired.returncode == 0 and not journal.exists()
    kept = list((ledger.parent / "figures" / "quarantine").glob("journal-*.txt"))
    assert len(kept) == 1 and json.loads(kept[0].read_text("utf-8"))["sizes"] == names
    assert {k: v for k, v in snapshot(ledger.parent).items() if not k.startswith("figures/")} == {
        k: v for k, v in before.items() if not k.startswith("figures/")}
    assert kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月").returncode == 0
    assert kzt(ledger, "verify").returncode == 0


def test_a_journal_that_is_a_link_is_never_read_and_repair_removes_only_the_link(ledger: Path,
                                                                                 outside: Path) -> None:
    folder = ledger.parent / "figures"
    folder.mkdir()
    (folder / ".journal").symlink_to(outside)
    before = snapshot(ledger.parent)
    refused = kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月")
    assert refused.returncode == 1 and "符号链接" in refused.stderr
    assert snapshot(ledger.parent) == before
    assert kzt(ledger, "repair", "--yes").returncode == 0
    assert not os.path.lexists(folder / ".journal") and outside.read_bytes() == SECRET
    assert not any(SECRET in p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_rename_journal_naming_paths_outside_is_refused_and_repaired(ledger: Path) -> None:
    folder = ledger.parent / "figures"
    folder.mkdir()
    (folder / ".rename").write_text(json.dumps({"old": "../../targets", "new": "port-throughput"}), encoding="utf-8")
    before = snapshot(ledger.parent)
    refused = kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月")
    assert refused.returncode == 1 and "改名日志已损坏" in refused.stderr
    assert snapshot(ledger.parent) == before
    assert kzt(ledger, "repair", "--yes").returncode == 0 and not (folder / ".rename").exists()
    assert kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月").returncode == 0


# ── 26.8: links where kzt keeps its files ──────────────────────────────────

def test_a_figures_file_that_is_a_link_is_never_followed(ledger: Path, outside: Path) -> None:
    folder = ledger.parent / "figures"
    assert kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月").returncode == 0
    (folder / "port-throughput.toml").symlink_to(outside)  # committed to the shared repository
    before = snapshot(ledger.parent)
    recorded = kzt(ledger, "record", "港口", "100", "--as-of", "8月")
    assert recorded.returncode == 1 and "符号链接" in recorded.stderr and "port-throughput.toml" in recorded.stderr
    status = kzt(ledger, "status", "--json")
    assert status.returncode == 0 and "符号链接" in status.stderr
    rows = {s["id"]: s for s in json.loads(status.stdout)}
    assert rows["jobs-new-urban"]["value"] == 5600 and rows["port-throughput"]["status"] == "grey"
    check = kzt(ledger, "check")
    assert check.returncode in (1, 2)  # the target is blind, not the ledger: never 3
    verify = kzt(ledger, "verify")
    assert verify.returncode == 1 and "符号链接" in verify.stderr
    assert kzt(ledger, "repair", "--yes").returncode == 0
    assert outside.read_bytes() == SECRET
    assert snapshot(ledger.parent) == before
    assert not (folder / "quarantine").exists()


@pytest.mark.parametrize("which", ["figures", "quarantine", "imports.toml", ".cache"])
def test_a_folder_or_file_of_kzt_that_leads_outside_is_never_written_through(
        ledger: Path, tmp_path: Path, which: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "imports.toml").write_bytes(SECRET)
    folder = ledger.parent / "figures"
    if which == "figures":
        folder.symlink_to(elsewhere, target_is_directory=True)
    else:
        assert kzt(ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
        shard = folder / "port-throughput.toml"
        shard.write_text(shard.read_text("utf-8") + "torn = { recorded_at = 2026-1\n", encoding="utf-8")
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        link = folder / (which if which != ".cache" else ".cache")
        link.symlink_to(elsewhere / "imports.toml" if which == "imports.toml" else elsewhere,
                        target_is_directory=which != "imports.toml")
    table = tmp_path / "t.csv"
    table.write_text("target,value,period\n就业,5600,1-9月\n", encoding="utf-8")
    for args in (["record", "港口", "110", "--as-of", "8月"], ["import", str(table), "--yes"],
                 ["repair", "--yes"], ["status"], ["check"], ["history", "港口"]):
        kzt(ledger, *args)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["imports.toml"]
    assert (elsewhere / "imports.toml").read_bytes() == SECRET


def test_links_planted_where_the_old_temporary_names_went_redirect_nothing(
        runner: CliRunner, ledger: Path, outside: Path) -> None:
    """The temporary names were `<name>.<pid>.tmp`: a link planted for the next PIDs made `kzt set`,
    the cache and `report -o` write outside. In this process the PID is known; every such name is a
    link to the secret, and every write still lands in the ledger."""
    pid = os.getpid()
    assert invoke(runner, "-f", str(ledger), "record", "港口", "100", "--as-of", "8月").exit_code == 0
    cache = ledger.parent / "figures" / ".cache"
    cache.mkdir(exist_ok=True)
    planted = [ledger.parent / f".targets.toml.{pid}.tmp", cache / f"port-throughput.marshal.{pid}.tmp",
               cache / f"port-throughput.standing.marshal.{pid}.tmp", ledger.parent / f".周报.md.{pid}.tmp",
               ledger.parent / "figures" / f".journal.{pid}.tmp"]
    for link in planted:
        link.unlink(missing_ok=True)
        link.symlink_to(outside)
    assert invoke(runner, "-f", str(ledger), "set", "港口", "lead", "区港航中心").exit_code == 0
    assert invoke(runner, "-f", str(ledger), "record", "港口", "110", "--as-of", "9月").exit_code == 0
    assert invoke(runner, "-f", str(ledger), "status").exit_code == 0
    assert invoke(runner, "-f", str(ledger), "report", "-o", str(ledger.parent / "周报.md")).exit_code == 0
    assert outside.read_bytes() == SECRET
    assert "区港航中心" in ledger.read_text("utf-8") and (ledger.parent / "周报.md").stat().st_size > 100


def test_an_output_path_that_is_a_planted_link_is_refused(ledger: Path, outside: Path) -> None:
    (ledger.parent / "周报.md").symlink_to(outside)
    result = kzt(ledger, "report", "-o", str(ledger.parent / "周报.md"))
    assert result.returncode == 1 and "符号链接" in result.stderr
    assert outside.read_bytes() == SECRET


# ── 26.8: paths the ledger names ───────────────────────────────────────────

@pytest.mark.parametrize(("old", "new"), [
    ('sources_dir = "seeds"', 'sources_dir = "../secret"'),
    ('source_file = "004_552df92d5a075e63.txt"', 'source_file = "../../secret/004_552df92d5a075e63.txt"'),
])
def test_a_report_named_outside_the_ledger_is_never_read(ledger: Path, tmp_path: Path, old: str, new: str) -> None:
    """A ledger another office committed could name any file, to test whether a phrase is in it."""
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copyfile(ledger.parent / "seeds" / "004_552df92d5a075e63.txt", secret / "004_552df92d5a075e63.txt")
    text = ledger.read_text("utf-8")
    assert old in text
    ledger.write_text(text.replace(old, new, 1), encoding="utf-8")
    (ledger.parent / "seeds" / "004_552df92d5a075e63.txt").unlink()
    verify = kzt(ledger, "verify")
    assert verify.returncode == 1 and "在台账文件夹" in verify.stderr and "之外" in verify.stderr


def test_year_add_never_copies_outside_the_ledger(ledger: Path, tmp_path: Path) -> None:
    text = ledger.read_text("utf-8").replace('sources_dir = "seeds"', 'sources_dir = "../elsewhere"', 1)
    ledger.write_text(text, encoding="utf-8")
    report = tmp_path / "2027.txt"
    report.write_text("开州区2027年政府工作报告\n", encoding="utf-8")
    before = snapshot(ledger.parent)
    refused = kzt(ledger, "year", "add", "2027", "--source", str(report))
    assert refused.returncode != 0 and "之外" in refused.stderr
    assert not (tmp_path / "elsewhere").exists() and snapshot(ledger.parent) == before


# ── 26.8: whole or absent on a full disk ───────────────────────────────────

def test_year_add_on_a_full_disk_leaves_no_half_copy_and_the_retry_works(ledger: Path, tmp_path: Path) -> None:
    report = tmp_path / "2027年政府工作报告.txt"
    report.write_text("开州区2027年政府工作报告\n" + "城镇新增就业7500人。\n" * 4000, encoding="utf-8")
    before = snapshot(ledger.parent)
    full = limited(20_000, "-f", str(ledger), "year", "add", "2027", "--source", str(report))
    clean(full)
    assert full.returncode == 1 and "磁盘已满" in full.stderr
    assert snapshot(ledger.parent) == before
    assert not list((ledger.parent / "seeds").glob(".*.tmp"))
    again = kzt(ledger, "year", "add", "2027", "--source", str(report))
    assert again.returncode == 0, again.stderr
    assert (ledger.parent / "seeds" / report.name).read_bytes() == report.read_bytes()


def test_init_on_a_full_disk_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "new-ledger"
    full = limited(30_000, "init", str(folder))
    clean(full)
    assert full.returncode == 1 and "磁盘已满" in full.stderr and "什么都没有留下" in full.stderr
    assert not folder.exists()
    assert run_kzt("init", str(folder)).returncode == 0 and (folder / "targets.toml").exists()


# ── 26.7: values and files beyond reason ───────────────────────────────────

def test_a_sum_that_overflows_is_refused_not_stored_as_infinity(ledger: Path) -> None:
    assert kzt(ledger, "record", "港口", "1.7e308", "--as-of", "8月", "--force").returncode == 0
    before = snapshot(ledger.parent)
    refused = kzt(ledger, "record", "港口", "+1.7e308", "--as-of", "9月", "--force")
    assert refused.returncode == 2 and "超出了能表示的范围" in refused.stderr
    assert snapshot(ledger.parent) == before
    for args in (["status"], ["history", "港口"], ["report", "--format", "md"], ["check"]):
        assert kzt(ledger, *args).returncode in (0, 1, 2), args
    table = ledger.parent / "t.csv"
    table.write_text("target,value,period\n港口,+1.7e308,9月\n", encoding="utf-8")
    imported = kzt(ledger, "import", str(table), "--yes", "--force")
    assert imported.returncode == 2 and "超出了能表示的范围" in imported.stderr
    assert snapshot(ledger.parent) == {**before, "t.csv": table.read_bytes()}


def test_a_forged_infinite_value_with_a_valid_checksum_never_counts(ledger: Path) -> None:
    from datetime import date, datetime, timedelta, timezone

    from kaizhou_targets.core.model import Entry
    from kaizhou_targets.storage.figures_format import serialize

    assert kzt(ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    stamp = datetime(2026, 10, 8, 9, tzinfo=timezone(timedelta(hours=8)))
    shard = ledger.parent / "figures" / "port-throughput.toml"
    with open(shard, "a", encoding="utf-8") as handle:
        handle.write(serialize(Entry("20261008T090000000000-1f1f1f", "x", stamp, date(2026, 8, 31), float("inf"),
                                     "万吨", "x", replaces="")))
    assert [f["value"] for f in figures(ledger, "港口")] == [100]
    verify = kzt(ledger, "verify")
    assert verify.returncode == 1 and f"{shard}:5" in verify.stderr and "有限的数" in verify.stderr
    assert kzt(ledger, "status").returncode == 0


def test_a_figures_file_nested_beyond_reason_blinds_only_its_line(ledger: Path) -> None:
    assert kzt(ledger, "record", "港口", "100", "--as-of", "7月").returncode == 0
    assert kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月").returncode == 0
    shard = ledger.parent / "figures" / "port-throughput.toml"
    with open(shard, "a", encoding="utf-8") as handle:  # what came through git
        handle.write("bomb = " + "[" * 100_000 + "]" * 100_000 + "\n")
    for args in (["status", "--json"], ["history", "港口"], ["show", "就业"], ["report", "--format", "json"]):
        assert kzt(ledger, *args).returncode == 0, args
    assert [f["value"] for f in figures(ledger, "港口")] == [100]
    check = kzt(ledger, "check")
    assert check.returncode in (1, 2)
    verify = kzt(ledger, "verify")
    assert verify.returncode == 1 and f"{shard}:5" in verify.stderr
    assert kzt(ledger, "repair", "--yes").returncode == 0 and kzt(ledger, "verify").returncode == 0


def test_a_figures_file_too_large_to_be_kzts_blinds_only_its_target(ledger: Path) -> None:
    assert kzt(ledger, "record", "就业", "5600", "--as-of", "1-9月").returncode == 0
    shard = ledger.parent / "figures" / "port-throughput.toml"
    with open(shard, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: nothing is really written
    before = snapshot_small(ledger.parent)
    status = kzt(ledger, "status", "--json")
    rows = {s["id"]: s for s in json.loads(status.stdout)}
    assert rows["jobs-new-urban"]["value"] == 5600 and rows["port-throughput"]["status"] == "grey"
    assert "超过 kzt 读取的上限" in status.stderr
    check = kzt(ledger, "check")
    assert check.returncode in (1, 2) and "UNKNOWN" not in check.stdout + check.stderr
    recorded = kzt(ledger, "record", "港口", "100", "--as-of", "8月")
    assert recorded.returncode == 1 and "上限" in recorded.stderr
    assert snapshot_small(ledger.parent) == before and shard.stat().st_size == 300 * 1024 * 1024


def snapshot_small(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != ".lock" and p.stat().st_size < 1 << 20}


def test_a_targets_file_nested_beyond_reason_is_the_ledger_itself_unknown_in_one_sentence(ledger: Path) -> None:
    ledger.write_text(ledger.read_text("utf-8") + "\nbomb = " + "[" * 100_000 + "]" * 100_000 + "\n",
                      encoding="utf-8")
    check = kzt(ledger, "check")
    assert check.returncode == 3 and "嵌套过深" in check.stdout + check.stderr
    status = kzt(ledger, "status")
    assert status.returncode == 1 and "嵌套过深" in status.stderr
