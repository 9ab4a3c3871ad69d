"""The figures merge driver on its own: `kzt merge-figures %O %A %B` and its pure core.

The lines are written by hand in the version-2 format (docs: FIGURES-FORMAT,
one entry per line); the driver keys them by entry id and never reads the fields.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.errors import LedgerError
from kaizhou_targets.storage.figures_merge import merge_figures_texts, split_figures_text

from .conftest import invoke

HEADER = ("# 港口吞吐量 (port-throughput) — figures recorded by kzt: one entry per line, appended.\n"
          "# Do not edit entries by hand.\n")
OTHER_HEADER = "# a header written by another kzt\n"


def line(entry_id: str, value: float = 250.0, by: str = "张三") -> str:
    return (f'{entry_id} = {{ recorded_at = 2026-10-08T09:30:00.123456+08:00, as_of = 2026-09-30, '
            f'value = {value!r}, unit = "万吨", by = "{by}", input = "{value}", sum = "9f86d081884c7d65" }}')


def text(*lines: str, header: str = HEADER) -> str:
    return header + "".join(each + "\n" for each in lines)


A = line("20261008T093000123456-aaaaaa", 250.0, "港航中心")
B = line("20261008T101500000000-bbbbbb", 251.0, "统计局")
C = line("20261009T080000000000-cccccc", 260.0, "港航中心")
D = line("20261007T235959000000-dddddd", 240.0, "发改委")


def entry_lines(merged: str) -> list[str]:
    return [each for each in merged.splitlines() if each and not each.startswith("#")]


def test_two_appends_merge_to_both_entries_in_id_order_under_our_header() -> None:
    merged = merge_figures_texts(text(A), text(A, C), text(A, B, D, header=OTHER_HEADER))
    assert merged.clean
    assert merged.text == text(D, A, B, C)  # ordered by id = by the time typed; our header


def test_an_entry_both_sides_brought_is_kept_once() -> None:
    merged = merge_figures_texts("", text(A, B), text(B, A, header=OTHER_HEADER))
    assert merged.clean and merged.text == text(A, B)


def test_an_entry_one_side_removed_stays_removed() -> None:
    # `kzt repair` moved B to the quarantine in one clone; the other clone appended C.
    merged = merge_figures_texts(text(A, B), text(A), text(A, B, C))
    assert merged.clean and merged.text == text(A, C)
    assert merge_figures_texts(text(A, B), text(A, B, C), text(A)).text == text(A, C)


def test_the_same_id_with_different_lines_is_a_conflict_between_markers() -> None:
    changed = line("20261008T101500000000-bbbbbb", 999.0, "统计局")
    merged = merge_figures_texts(text(A), text(A, B), text(A, changed))
    assert not merged.clean
    assert [c.entry_id for c in merged.conflicts] == ["20261008T101500000000-bbbbbb"]
    assert merged.text == HEADER + A + "\n<<<<<<< ours\n" + B + "\n=======\n" + changed + "\n>>>>>>> theirs\n"


def test_a_line_changed_on_one_side_and_removed_on_the_other_is_a_conflict() -> None:
    changed = line("20261008T101500000000-bbbbbb", 999.0, "统计局")
    merged = merge_figures_texts(text(A, B), text(A), text(A, changed))
    assert [(c.ours, c.theirs) for c in merged.conflicts] == [(None, changed)]


@pytest.mark.parametrize(("bad", "line_number"), [
    ("[[entry]]\nid = \"x\"\n", 3),                      # version 1: cannot be keyed by line
    (A + "\n<<<<<<< HEAD\n" + B + "\n", 4),              # an unresolved earlier conflict
    (A + "\n# a note typed between entries\n", 4),        # a comment it could not place
    (A + "\n" + line("20261008T093000123456-aaaaaa", 1.0) + "\n", 4),  # one id, two lines, one side
])
def test_what_cannot_be_keyed_by_entry_is_refused_naming_the_line(bad: str, line_number: int) -> None:
    with pytest.raises(LedgerError) as raised:
        merge_figures_texts("", HEADER + bad, text(A), name="figures/port-throughput.toml")
    assert f"figures/port-throughput.toml (ours):{line_number}" in str(raised.value)


def test_crlf_lines_merge_with_lf_lines() -> None:
    merged = merge_figures_texts(text(A), text(A, B).replace("\n", "\r\n"), text(A, C))
    assert merged.clean and merged.text == text(A, B, C)


# ── the command git runs ───────────────────────────────────────────────────

def _three(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[Path, Path, Path]:
    paths = tmp_path / "O.toml", tmp_path / "A.toml", tmp_path / "B.toml"
    for path, content in zip(paths, (base, ours, theirs), strict=True):
        path.write_text(content, encoding="utf-8")
    return paths


def test_the_driver_writes_the_merge_to_ours_and_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    base, ours, theirs = _three(tmp_path, text(A), text(A, C), text(A, B))
    result = invoke(runner, "merge-figures", str(base), str(ours), str(theirs), "figures/port-throughput.toml")
    assert result.exit_code == 0, result.stderr
    assert ours.read_text(encoding="utf-8") == text(A, B, C)
    assert theirs.read_text(encoding="utf-8") == text(A, B)  # only %A is written


def test_the_driver_marks_a_conflict_in_ours_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    changed = line("20261008T101500000000-bbbbbb", 999.0)
    base, ours, theirs = _three(tmp_path, text(A), text(A, B), text(A, changed))
    result = invoke(runner, "merge-figures", str(base), str(ours), str(theirs), "figures/port-throughput.toml")
    assert result.exit_code == 1
    assert "figures/port-throughput.toml" in result.stderr and "20261008T101500000000-bbbbbb" in result.stderr
    assert "<<<<<<< ours" in ours.read_text(encoding="utf-8")
    assert "Traceback" not in result.output


def test_the_driver_leaves_git_style_markers_in_a_file_it_cannot_read(runner: CliRunner, tmp_path: Path) -> None:
    legacy = "[[entry]]\nid = \"a\"\nvalue = 1.0\n"
    base, ours, theirs = _three(tmp_path, legacy, legacy + "\n[[entry]]\nid = \"b\"\n",
                                legacy + "\n[[entry]]\nid = \"c\"\n")
    result = invoke(runner, "merge-figures", str(base), str(ours), str(theirs), "figures/x.toml")
    assert result.exit_code == 1
    assert "figures/x.toml" in result.stderr and "kzt verify" in result.stderr
    merged = ours.read_text(encoding="utf-8")
    assert "<<<<<<< ours" in merged and ">>>>>>> theirs" in merged  # `git merge-file`'s conflict


# ── property: any two histories that share a base ─────────────────────────

ids = st.builds(lambda stamp, tag: f"2026{stamp:010d}-{tag:06x}",
                st.integers(0, 10**10 - 1), st.integers(0, 0xFFFFFF))
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def shared_histories(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """A base, and two clones of it that each appended entries (some the same
    entry, as when one clone pulled the other's figure before recording) and
    each removed some of the base's entries (quarantined by `kzt repair`)."""
    every = draw(st.lists(st.tuples(ids, values), unique_by=lambda pair: pair[0], max_size=30))
    lines = {entry_id: line(entry_id, value) for entry_id, value in every}
    names = list(lines)
    base = {n: lines[n] for n in names if draw(st.booleans())}
    fresh = [n for n in names if n not in base]

    def clone() -> dict[str, str]:
        kept = {n: lines[n] for n in base if draw(st.integers(0, 9)) > 0}
        added = {n: lines[n] for n in fresh if draw(st.booleans())}
        order = draw(st.permutations(list({**kept, **added})))  # appended in any order
        return {n: lines[n] for n in order}

    return base, clone(), clone()


def _as_file(entries: dict[str, str]) -> str:
    return text(*entries.values())


@settings(max_examples=300, deadline=None)
@given(shared_histories())
def test_merging_two_histories_gives_the_union_of_entries_each_once_whichever_is_ours(
        histories: tuple[dict[str, str], dict[str, str], dict[str, str]]) -> None:
    base, ours, theirs = histories
    removed = (base.keys() - ours.keys()) | (base.keys() - theirs.keys())
    expected = sorted((ours.keys() | theirs.keys()) - removed)

    merged = merge_figures_texts(_as_file(base), _as_file(ours), _as_file(theirs))
    swapped = merge_figures_texts(_as_file(base), _as_file(theirs), _as_file(ours))

    assert merged.clean and swapped.clean
    assert merged.text == swapped.text  # the same file whichever side is "ours"
    result = split_figures_text(merged.text, "merged").entries
    assert list(result) == expected  # each once, in id order
    assert entry_lines(merged.text) == [ours.get(n) or theirs[n] for n in expected]
    # the merge of a merge with either side changes nothing more: merging is settled
    assert merge_figures_texts(_as_file(ours), merged.text, _as_file(ours)).text == merged.text


# ── the history a merged file gives ────────────────────────────────────────

def test_after_a_merge_revisions_follow_the_time_typed_and_an_entry_twice_counts_once() -> None:
    """A union merge can put one office's line after a later one of another
    office, and can bring the same entry from both sides."""
    from datetime import date, datetime, timedelta, timezone

    from kaizhou_targets.core.history import figures_of
    from kaizhou_targets.core.model import Entry

    zone = timezone(timedelta(hours=8))
    earlier = Entry("20261008T093000000000-aaaaaa", "port-throughput", datetime(2026, 10, 8, 9, 30, tzinfo=zone),
                    date(2026, 9, 30), 250.0, "万吨", "港航中心")
    later = Entry("20261008T101500000000-bbbbbb", "port-throughput", datetime(2026, 10, 8, 10, 15, tzinfo=zone),
                  date(2026, 9, 30), 251.0, "万吨", "统计局")
    figures = figures_of([later, earlier, later])  # file order after the merge
    assert [(f.entry.by, f.superseded) for f in figures] == [("港航中心", True), ("统计局", False)]


def test_two_clones_that_each_rewrote_a_version_1_file_merge_to_the_union() -> None:
    legacy = '[[entry]]\nid = "20261008T093000123456-aaaaaa"\nvalue = 250.0\n'
    merged = merge_figures_texts(legacy, text(A, B), text(A, C))
    assert merged.clean and merged.text == text(A, B, C)


def test_the_driver_marks_a_side_that_is_not_utf8_as_a_conflict(runner: CliRunner, tmp_path: Path) -> None:
    base, ours, theirs = _three(tmp_path, text(A), text(A, B), text(A))
    theirs.write_bytes(text(A, C).replace("张三", "港航").encode("gb18030"))
    result = invoke(runner, "merge-figures", str(base), str(ours), str(theirs), "figures/port-throughput.toml")
    assert result.exit_code == 1 and "UTF-8" in result.stderr
    assert "<<<<<<< ours" in ours.read_text(encoding="utf-8", errors="replace")
