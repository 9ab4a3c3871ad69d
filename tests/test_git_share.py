"""A ledger shared through git: what `kzt init` writes for it, `kzt git-setup`,
and targets.toml edited by two offices."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.storage.git_share import driver_command

from .conftest import invoke
from .gitrepo import commit_and_sync, git, git_home, kzt, needs_git, shared_repository, unmerged

__all__ = ["git_home"]  # the fixture, imported for the tests below


def test_init_writes_what_git_needs_beside_the_ledger(ledger: Path) -> None:
    ignore = (ledger.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("figures/.cache/", "figures/.lock", "figures/.journal*", "*.tmp"):
        assert pattern in ignore
    attributes = (ledger.parent / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "figures/*.toml text eol=lf merge=union" in attributes
    assert "targets.toml merge=text" in attributes


def test_init_keeps_the_users_own_git_files_and_adds_each_line_once(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.xlsx", encoding="utf-8")  # no final newline
    for _ in range(2):
        assert invoke(runner, "init", "--force", str(folder)).exit_code == 0
    lines = (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "*.xlsx"
    assert lines.count("figures/.cache/") == 1 and lines.count("figures/.lock") == 1
    attributes = (folder / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert attributes.count("figures/*.toml text eol=lf merge=union") == 1


# ── kzt git-setup ─────────────────────────────────────────────────────────

@needs_git
def test_git_setup_outside_a_repository_says_so_and_changes_nothing(
        runner: CliRunner, ledger: Path, git_home: Path) -> None:
    before = sorted(p.name for p in ledger.parent.iterdir())
    result = invoke(runner, "-f", str(ledger), "git-setup")
    assert result.exit_code == 1
    assert f"{ledger.parent.resolve()} 不在 git 仓库里" in result.stderr and "git init" in result.stderr
    assert sorted(p.name for p in ledger.parent.iterdir()) == before
    english = invoke(runner, "--lang", "en", "-f", str(ledger), "git-setup")
    assert "is not in a git repository" in english.stderr


def test_git_setup_without_git_says_how_to_install_it(
        runner: CliRunner, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = invoke(runner, "-f", str(ledger), "git-setup")
    assert result.exit_code == 1
    assert "找不到 git 程序" in result.stderr and "apt-get install git" in result.stderr


def test_git_setup_refuses_the_bundled_ledger(runner: CliRunner) -> None:
    result = invoke(runner, "git-setup")
    assert result.exit_code == 1 and "kzt init" in result.stderr


@needs_git
def test_git_setup_registers_the_driver_for_this_clone_once(
        runner: CliRunner, tmp_path: Path, git_home: Path) -> None:
    repository = tmp_path / "repo"
    git(tmp_path, "init", "--quiet", str(repository))
    ledger = repository / "2026" / "targets.toml"  # the ledger in a folder of the repository
    assert invoke(runner, "init", str(ledger.parent)).exit_code == 0

    first = invoke(runner, "-f", str(ledger), "git-setup")
    assert first.exit_code == 0, first.stderr
    assert "merge.kzt-figures.driver" in first.stderr
    assert git(repository, "config", "--get", "merge.kzt-figures.driver").stdout.strip() == driver_command()
    assert git(repository, "config", "--get", "merge.kzt-figures.name").stdout.strip()
    attributes = (repository / ".git" / "info" / "attributes").read_text(encoding="utf-8")
    assert attributes.splitlines().count("2026/figures/*.toml merge=kzt-figures") == 1
    # git itself now picks the driver for a figures file of this clone, union elsewhere
    checked = git(repository, "check-attr", "merge", "--", "2026/figures/port-throughput.toml").stdout
    assert checked.strip().endswith("merge: kzt-figures")

    again = invoke(runner, "-f", str(ledger), "git-setup")
    assert again.exit_code == 0 and "无需改动" in again.stderr
    in_english = invoke(runner, "--lang", "en", "-f", str(ledger), "git-setup")
    assert in_english.exit_code == 0 and "nothing to change" in in_english.stderr
    assert (repository / ".git" / "info" / "attributes").read_text(encoding="utf-8") == attributes
    config = (repository / ".git" / "config").read_text(encoding="utf-8")
    assert config.count("[merge \"kzt-figures\"]") == 1


@needs_git
def test_the_registered_driver_runs_without_kzt_on_the_path(tmp_path: Path, git_home: Path) -> None:
    """git runs the driver through sh with the clone's PATH: it names this
    Python, so a kzt installed in a virtual environment still merges."""
    shell_program = shutil.which("sh")
    assert shell_program is not None
    command = driver_command()
    assert "-m kaizhou_targets merge-figures %O %A %B" in command
    lines = ["# h", "1 = { sum = \"a\" }", "2 = { sum = \"b\" }", "3 = { sum = \"c\" }"]
    for name, picked in (("O", [0, 1]), ("A", [0, 1, 2]), ("B", [0, 1, 3])):
        (tmp_path / name).write_text("".join(lines[i] + "\n" for i in picked), encoding="utf-8")
    shell = command.replace("%O", "O").replace("%A", "A").replace("%B", "B").replace("%P", "figures/x.toml")
    done = subprocess.run([shell_program, "-c", shell], cwd=tmp_path, env={"PATH": "/nonexistent"},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "A").read_text(encoding="utf-8") == "# h\n" + "".join(line + "\n" for line in lines[1:])


@needs_git
def test_the_registered_driver_falls_back_to_kzt_on_the_path_when_its_python_is_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shell_program = shutil.which("sh")
    installed = Path(sys.executable).parent / "kzt"
    if shell_program is None or not installed.exists():
        pytest.skip("needs sh and the kzt script beside this Python")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "removed-venv" / "bin" / "python"))
    command = driver_command()
    (tmp_path / "O").write_text("", encoding="utf-8")
    (tmp_path / "A").write_text("1 = { sum = \"a\" }\n", encoding="utf-8")
    (tmp_path / "B").write_text("2 = { sum = \"b\" }\n", encoding="utf-8")
    shell = command.replace("%O", "O").replace("%A", "A").replace("%B", "B").replace("%P", "'figures/x.toml'")
    done = subprocess.run([shell_program, "-c", shell], cwd=tmp_path, env={"PATH": str(installed.parent)},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "A").read_text(encoding="utf-8") == "1 = { sum = \"a\" }\n2 = { sum = \"b\" }\n"


@needs_git
def test_the_cache_and_the_lock_are_never_tracked(runner: CliRunner, tmp_path: Path, git_home: Path) -> None:
    clone = shared_repository(tmp_path, 1, driver=False)[0]
    recorded = kzt(clone, "record", "port-throughput", "250万吨", "--as-of", "2026-09-30", "--force")
    assert recorded.exit_code == 0, recorded.output
    assert kzt(clone, "history", "port-throughput").exit_code == 0  # a read writes the cache
    assert (clone / "figures" / ".lock").exists()
    assert not (clone / "figures" / ".cache").exists()  # the caches live in the user's cache folder
    git(clone, "add", "-A")
    tracked = git(clone, "ls-files").stdout.splitlines()
    assert "figures/port-throughput.toml" in tracked
    assert not [p for p in tracked if ".cache" in p or p.endswith((".lock", ".tmp")) or ".journal" in p]


# ── targets.toml edited in two clones ─────────────────────────────────────

@needs_git
def test_set_of_different_targets_in_two_clones_merges_as_text(tmp_path: Path, git_home: Path) -> None:
    one, two = shared_repository(tmp_path, 2, driver=False)
    # neighbouring targets in the file, the closest two offices' edits can be
    assert kzt(one, "set", "gdp-growth", "lead", "区统计局").exit_code == 0
    assert kzt(two, "set", "industry-value-added-growth", "lead", "区经济信息委").exit_code == 0
    commit_and_sync(one, "区统计局：设置牵头单位")
    commit_and_sync(two, "区经济信息委：设置牵头单位")
    commit_and_sync(one, "同步")
    for clone in (one, two):
        verified = kzt(clone, "verify")
        assert verified.exit_code == 0, verified.output
        shown = {t["id"]: t for t in _targets(clone)}
        assert shown["gdp-growth"]["lead"] == "区统计局"
        assert shown["industry-value-added-growth"]["lead"] == "区经济信息委"
    assert (one / "targets.toml").read_bytes() == (two / "targets.toml").read_bytes()


@needs_git
def test_verify_catches_a_bad_hand_resolved_merge_of_targets_toml(tmp_path: Path, git_home: Path) -> None:
    one, two = shared_repository(tmp_path, 2, driver=False)
    assert kzt(one, "set", "gdp-growth", "lead", "区统计局").exit_code == 0
    assert kzt(two, "set", "gdp-growth", "lead", "区发展改革委").exit_code == 0
    commit_and_sync(one, "区统计局")
    git(two, "add", "-A")
    git(two, "commit", "--quiet", "-m", "区发展改革委")
    pulled = git(two, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode != 0 and unmerged(two) == ["targets.toml"]  # a real conflict, left to a person

    ledger = two / "targets.toml"
    conflicted = ledger.read_text(encoding="utf-8")
    marker = conflicted.splitlines().index(next(x for x in conflicted.splitlines() if x.startswith("<<<<<<<"))) + 1
    refused = kzt(two, "verify")
    assert refused.exit_code != 0 and f"{ledger}:{marker}" in refused.stderr

    # The person "resolves" by deleting the marker lines only: both leads stay, the key twice.
    resolved = "".join(x + "\n" for x in conflicted.splitlines()
                       if not x.startswith(("<<<<<<<", "=======", ">>>>>>>")))
    ledger.write_text(resolved, encoding="utf-8")
    leads = [n for n, x in enumerate(resolved.splitlines(), start=1) if x.startswith("lead = ")]
    assert len(leads) == 2
    caught = kzt(two, "verify")
    assert caught.exit_code != 0
    assert f"{ledger}:{leads[1]}" in caught.stderr  # the second `lead` of the same target


def _targets(clone: Path) -> list[dict[str, object]]:
    import json

    listed = kzt(clone, "targets", "--json")
    assert listed.exit_code == 0, listed.output
    return list(json.loads(listed.stdout))


@needs_git
def test_the_driver_stops_a_merge_of_one_entry_changed_differently_in_two_clones(
        tmp_path: Path, git_home: Path) -> None:
    one, two = shared_repository(tmp_path, 2, driver=True)
    recorded = kzt(one, "record", "port-throughput", "250万吨", "--as-of", "2026-09-30", "--force")
    assert recorded.exit_code == 0, recorded.output
    commit_and_sync(one, "区港航中心")
    commit_and_sync(two, "同步")
    shard = "figures/port-throughput.toml"
    for clone, note in ((one, "快报"), (two, "年报")):  # each office edits the same line by hand
        text = (clone / shard).read_text(encoding="utf-8")
        (clone / shard).write_text(text.replace('by = ', f'note = "{note}", by = '), encoding="utf-8")
    commit_and_sync(one, "改备注")
    git(two, "commit", "--quiet", "-am", "改备注")
    pulled = git(two, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)

    assert pulled.returncode != 0 and unmerged(two) == [shard]
    assert "kzt merge-figures" in pulled.stderr and shard in pulled.stderr
    merged = (two / shard).read_text(encoding="utf-8").splitlines()
    marker = merged.index("<<<<<<< ours") + 1
    refused = kzt(two, "status")
    assert refused.exit_code != 0 and f"{two / shard}:{marker}" in refused.stderr


@needs_git
@pytest.mark.parametrize("driver", [True, False], ids=["merge-driver", "union-fallback"])
def test_a_line_repair_quarantined_in_one_clone_stays_out_after_the_merge(
        tmp_path: Path, git_home: Path, driver: bool) -> None:
    one, two = shared_repository(tmp_path, 2, driver=driver)
    shard = "figures/port-throughput.toml"
    assert kzt(one, "record", "port-throughput", "250万吨", "--as-of", "2026-08-31", "--force").exit_code == 0
    torn = "20261008T093000000000-abcdef = { recorded_at = 2026-10-08T09:30:00+08:00, as_of = 2026-09-30"
    with open(one / shard, "a", encoding="utf-8") as handle:  # a write cut off, committed unnoticed
        handle.write(torn + "\n")
    commit_and_sync(one, "区港航中心")
    commit_and_sync(two, "同步")
    repaired = kzt(one, "repair", "--yes")
    assert repaired.exit_code == 0, repaired.output
    assert kzt(two, "record", "port-throughput", "260万吨", "--as-of", "2026-09-30", "--force").exit_code == 0
    commit_and_sync(one, "kzt repair")
    commit_and_sync(two, "区统计局")
    commit_and_sync(one, "同步")

    for clone in (one, two):
        text = (clone / shard).read_text(encoding="utf-8")
        if not driver:
            # A line union brings back the removed line with the other side's
            # append (README says so): verify reports it, and repair moves it again.
            assert torn in text
            reported = kzt(clone, "verify")
            assert reported.exit_code != 0 and f"{clone / shard}:" in reported.stderr
            assert kzt(clone, "repair", "--yes").exit_code == 0
        assert torn not in (clone / shard).read_text(encoding="utf-8")
        verified = kzt(clone, "verify")
        assert verified.exit_code == 0, verified.output
        assert torn in (clone / "figures" / "quarantine" / "port-throughput.toml").read_text(encoding="utf-8")
        values = [f["value"] for f in json.loads(kzt(clone, "history", "port-throughput", "--json").stdout)]
        assert values == [250.0, 260.0]
