"""Five offices share one ledger through a bare git repository.

Each office records figures in its own clone — for targets others record too
(the same target and period in two clones), for periods of a target others
also fill, and for targets only it keeps — then commits, pulls and pushes in
turn, three rounds; two offices also import a table in the same round. Run once with the merge driver registered (`kzt
git-setup` in every clone) and once with only the union fallback of
.gitattributes. Afterwards every clone must hold every figure exactly once,
no merge may have stopped, `kzt verify` passes everywhere, the status is the
same in all five clones, and nothing kzt keeps for itself is tracked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .gitrepo import commit_and_sync, git, git_home, kzt, needs_git, shared_repository

__all__ = ["git_home"]  # the fixture, imported for the tests below

OFFICES = ("区统计局", "区港航中心", "区发展改革委", "区经济信息委", "区商务委")
# The targets each office keeps on its own.
OWN = ("retail-sales-growth", "public-budget-revenue-growth", "fixed-investment-growth",
       "industry-value-added-growth", "online-retail-growth")
SHARED = "gdp-growth"          # offices 0 and 1 both record 1-9月 before either has pulled
OVERLAPPING = "jobs-new-urban"  # every office records its own period of it
ROUNDS = 3


def _record(clone: Path, office: str, target: str, value: str, as_of: str) -> str:
    result = kzt(clone, "record", target, value, "--as-of", as_of, "--by", office, "--force", "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["id"])


def _history(clone: Path, target: str) -> list[dict[str, object]]:
    result = kzt(clone, "history", target, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


@needs_git
@pytest.mark.parametrize("driver", [True, False], ids=["merge-driver", "union-fallback"])
def test_five_offices_record_pull_and_push_in_turn(tmp_path: Path, git_home: Path, driver: bool) -> None:
    clones = shared_repository(tmp_path, len(OFFICES), driver=driver)
    recorded: dict[str, set[str]] = {}

    def record(number: int, target: str, value: str, as_of: str) -> None:
        entry_id = _record(clones[number], OFFICES[number], target, value, as_of)
        recorded.setdefault(target, set()).add(entry_id)

    def imported(number: int, rows: list[tuple[str, str, str]]) -> None:
        """Two offices import a table in the same round: figures/imports.toml merges too."""
        clone = clones[number]
        table = clone.parent / f"import-{number}.csv"
        table.write_text("target,value,period\n" + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
        targets = {row[0] for row in rows}
        before = {t: {str(f["id"]) for f in _history(clone, t)} for t in targets}
        done = kzt(clone, "import", str(table), "--yes", "--force", "--by", OFFICES[number])
        assert done.exit_code == 0, done.output
        for target in targets:
            new = {str(f["id"]) for f in _history(clone, target)} - before[target]
            assert len(new) == sum(row[0] == target for row in rows)
            recorded.setdefault(target, set()).update(new)

    for round_number in range(ROUNDS):
        for number, clone in enumerate(clones):
            if round_number == 0 and number in (0, 1):
                record(number, SHARED, f"{5.8 + number / 10:.1f}", "2026-09-30")
            record(number, OVERLAPPING, str(1000 * (round_number + 1) + number),
                   f"2026-09-{10 + 5 * round_number + number:02d}")
            record(number, OWN[number], f"{6 + round_number / 10:.1f}", "2026-09-30")  # rounds 2, 3: revisions
            if round_number == 1 and number in (2, 3):
                imported(number, [(OVERLAPPING, str(500 + number), f"2026-08-{20 + number}"),
                                  (OWN[number], "5.5", "2026-06-30")])
            if round_number == 0 and number == 3:
                # An office pastes in the file another office e-mailed it, before pulling:
                # the same entry now arrives from both sides of the merge.
                shutil.copyfile(clones[0] / "figures" / f"{SHARED}.toml", clone / "figures" / f"{SHARED}.toml")
            commit_and_sync(clone, f"{OFFICES[number]}：第 {round_number + 1} 轮")
    for clone in clones:  # everyone brings in what the offices after them pushed
        commit_and_sync(clone, "同步")

    heads = {git(clone, "rev-parse", "HEAD").stdout.strip() for clone in clones}
    assert len(heads) == 1
    merges = int(git(clones[0], "rev-list", "--merges", "--count", "HEAD").stdout)
    assert merges >= 2 * (len(OFFICES) - 1)  # real merges happened, every round
    used = git(clones[0], "check-attr", "merge", "--", f"figures/{SHARED}.toml").stdout.split(": ")[-1].strip()
    assert used == ("kzt-figures" if driver else "union")
    if driver:  # the driver writes entries in id order: every file a merge touched is in that order
        for shard in (clones[0] / "figures").glob("*.toml"):
            ids = [x.split(" ", 1)[0] for x in shard.read_text(encoding="utf-8").splitlines()
                   if x and not x.startswith("#")]
            assert ids == sorted(ids), shard.name
    statuses = set()
    for clone in clones:
        verified = kzt(clone, "verify")
        assert verified.exit_code == 0, f"{clone.name}: {verified.output}"
        status = kzt(clone, "status", "--json")
        assert status.exit_code == 0, status.output
        statuses.add(status.stdout)
        for target, ids in recorded.items():
            history = _history(clone, target)
            listed = [str(f["id"]) for f in history]
            assert sorted(listed) == sorted(ids), f"{clone.name}: {target}"  # every figure, each once
        tracked = git(clone, "ls-files").stdout.splitlines()
        assert not [p for p in tracked if ".cache" in p or ".journal" in p or p.endswith((".lock", ".tmp"))]
        assert not git(clone, "status", "--porcelain").stdout.strip()  # the cache and lock are ignored
    assert len(statuses) == 1  # the same standing in every office

    # Both offices typed 1-9月 before either had the other's: both are kept, in the order typed, each with
    # who typed it; the later-stamped stands for now, and since they differ it is a disagreement to settle —
    # named by verify, one line of check, marked in history — in every clone alike.
    shared = [f for f in _history(clones[0], SHARED) if f["as_of"] == "2026-09-30"]
    assert [(f["by"], f["superseded"], f["disputed"]) for f in shared] == [(OFFICES[0], True, True),
                                                                           (OFFICES[1], False, True)]
    assert shared[0]["recorded_at"] < shared[1]["recorded_at"]  # type: ignore[operator]
    shown = kzt(clones[2], "history", SHARED)
    assert OFFICES[0] in shown.stdout and OFFICES[1] in shown.stdout and "有分歧" in shown.stdout
    for clone in clones:
        verified = kzt(clone, "verify")
        assert sum("数据不一致" in line and OFFICES[0] in line and OFFICES[1] in line
                   for line in verified.stderr.splitlines()) == 1
        checked = kzt(clone, "check", "--json")
        assert len(json.loads(checked.stdout)["findings"]) == 1
    # Figures of every office for the overlapping target, all standing.
    overlapping = _history(clones[4], OVERLAPPING)
    assert len(overlapping) == ROUNDS * len(OFFICES) + 2  # two of them imported
    assert {f["by"] for f in overlapping} == set(OFFICES)
    assert not any(f["superseded"] for f in overlapping)
