"""The one judge of what is damaged under figures/: `kzt verify` reports what `survey` finds and
`kzt repair` moves exactly the lines (and journals) it finds, nothing else.

`survey` reads every file of figures/ — the figures files (of the ledger's targets and orphans
alike), imports.toml, the import and rename journals — and sorts what is wrong into:
- `damaged`: lines that never count and that repair moves to figures/quarantine/ (a line cut off by a
  crash, changed by hand, not an entry; a torn or changed line of imports.toml; a journal that
  cannot be read). Each is an error of verify, so repair never moves anything verify accepts.
- `problems`: the rest, which repair leaves to a person or to the next writing command: a file that
  cannot be read at all, a figures file no target owns, an import or rename a kill interrupted,
  figures of an import that never completed, leftovers of interrupted writes.
The lines an interrupted import wrote are its own: the next writing command removes them (the
journal says which), so they are reported with the journal, not as damaged lines.
"""

import difflib
import os
import tomllib
from pathlib import Path
from typing import NamedTuple

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.model import Problem
from ..i18n import _, ngettext
from . import import_journal, rename_journal
from .confined import check_folder, is_link, read_own
from .figures import QUARANTINE_DIR, figures_dir, orphan_files, read_shard
from .output import temporary_files


class Damaged(NamedTuple):
    """A line `kzt repair` moves (line 0 and text None: a whole file, a journal)."""

    path: Path
    line: int
    text: str | None
    problem: Problem


class Survey(NamedTuple):
    damaged: list[Damaged]
    problems: list[Problem]

    def everything(self) -> list[Problem]:
        return [d.problem for d in self.damaged] + self.problems


def raw_ids(ledger_path: Path) -> list[str]:
    """Every id the targets file names, valid or not (a target with a typo in its kind still exists)."""
    try:
        document = tomllib.loads(Path(os.path.realpath(ledger_path)).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return []
    tables = document.get("target", [])
    return [t["id"] for t in tables if isinstance(t, dict) and isinstance(t.get("id"), str)] \
        if isinstance(tables, list) else []


def survey(ledger_path: Path) -> Survey:
    """Everything wrong under figures/ (see the module). A file git left half-merged raises
    ConflictMarkersError, as it does for every command."""
    folder = figures_dir(ledger_path)
    damaged: list[Damaged] = []
    problems: list[Problem] = []
    try:
        check_folder(folder, folder.parent)
        check_folder(folder / QUARANTINE_DIR, folder.parent)
    except LedgerError as error:
        return Survey([], [Problem(str(error), str(folder))])
    if not folder.is_dir():
        return Survey([], _leftovers(ledger_path))
    ids = raw_ids(ledger_path)
    own = _pending_import(folder, damaged, problems)
    renaming = _pending_rename(folder, damaged, problems)
    batches = _imports(folder, damaged, problems, own)
    for path in sorted(p for p in folder.glob("*.toml") if p.name != import_journal.IMPORTS_NAME):
        _figures_file(path, damaged, problems, own.get(path.name, set()), batches)
    problems += _orphans(ledger_path, ids, renaming)
    problems += _leftovers(ledger_path)
    return Survey(damaged, problems)


def _whole_file(path: Path, problem: Problem) -> Damaged:
    return Damaged(path, 0, None, problem)


def _pending_import(folder: Path, damaged: list[Damaged], problems: list[Problem]) -> dict[str, set[int]]:
    """An interrupted import: file name → the numbers of the lines it wrote (the next writer's to remove)."""
    try:
        journal = import_journal.read_journal(folder)
    except LedgerError as error:
        damaged.append(_whole_file(import_journal.journal_path(folder), Problem(
            str(error), str(import_journal.journal_path(folder)))))
        return {}
    if journal is None:
        return {}
    own: dict[str, set[int]] = {}
    for name, (_size, ids) in journal.files.items():
        path = folder / name
        if is_link(path):
            continue
        try:
            data = read_own(path)
        except (OSError, LedgerError):
            continue
        if data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        own[name] = {number for number, line in enumerate(text.split("\n"), start=1)
                     if import_journal.is_own_line(line, journal.batch, ids, name == import_journal.IMPORTS_NAME)}
    count = sum(map(len, own.values()))
    problems.append(Problem(ngettext(
        "有一次导入（批次 {batch}）没有完成，它写下的 {count} 行不计入；下一个写入命令（record、import、undo、set）"
        "会撤销它写入的内容",
        "有一次导入（批次 {batch}）没有完成，它写下的 {count} 行不计入；下一个写入命令（record、import、undo、set）"
        "会撤销它写入的内容", count).format(batch=journal.batch, count=count),
        str(import_journal.journal_path(folder)), None, "warning"))
    return own


def _pending_rename(folder: Path, damaged: list[Damaged], problems: list[Problem]) -> set[str]:
    """An interrupted rename: the two ids (their files are not orphans, the next writer settles them)."""
    path = rename_journal.journal_path(folder)
    try:
        pending = rename_journal.read_journal(folder)
    except LedgerError as error:
        damaged.append(_whole_file(path, Problem(str(error), str(path))))
        return set()
    if pending is None:
        return set()
    problems.append(Problem(_("上次 kzt rename {old} {new} 被中断；下一个写入命令（record、import、undo、set、repair）"
                              "会按 targets.toml 现在的 id 完成或撤销它，历史数据一条不丢").format(
        old=pending.old, new=pending.new), str(path), None, "error"))
    return {pending.old, pending.new}


def _imports(folder: Path, damaged: list[Damaged], problems: list[Problem],
             own: dict[str, set[int]]) -> dict[str, str]:
    path = import_journal.imports_path(folder)
    try:
        batches, found = import_journal.read_batches(folder)
    except ConflictMarkersError:
        raise
    except LedgerError as error:
        problems.append(Problem(str(error), str(path)))
        return {}
    _lines(path, found, damaged, own.get(path.name, set()))
    return batches


def _lines(path: Path, found: list[Problem], damaged: list[Damaged], own: set[int]) -> None:
    """The problems of single lines of `path`, as damaged lines (its text, to move it)."""
    if not found:
        return
    data = read_own(path) or b""
    lines = data.decode("utf-8", errors="replace").split("\n")
    for problem in found:
        if problem.line and problem.line <= len(lines) and problem.line not in own:
            damaged.append(Damaged(path, problem.line, lines[problem.line - 1], problem))


def _figures_file(path: Path, damaged: list[Damaged], problems: list[Problem], own: set[int],
                  batches: dict[str, str]) -> None:
    try:
        parsed = read_shard(path)
    except ConflictMarkersError:
        raise
    except LedgerError as error:
        problems.extend(error.problems or [Problem(str(error), str(path))])
        return
    if parsed is None:
        return
    if parsed.legacy:
        problems.extend(parsed.problems)  # version 1 (no checksums) is left to an editor
        return
    _lines(path, [p for p in parsed.problems if p.line], damaged, own)
    problems.extend(p for p in parsed.problems if not p.line)
    unfinished = sorted({row[9] for row in parsed.rows if row[9] and row[9] not in batches})
    if unfinished and not own:
        count = sum(1 for row in parsed.rows if row[9] in unfinished)
        problems.append(Problem(ngettext(
            "有 {count} 行属于没有完成的导入（批次 {batches}，imports.toml 里没有它），不计为数据；"
            "若要这些数据，请重新导入那个文件",
            "有 {count} 行属于没有完成的导入（批次 {batches}，imports.toml 里没有它），不计为数据；"
            "若要这些数据，请重新导入那个文件", count).format(count=count, batches="、".join(unfinished[:3])),
            str(path), None, "warning"))


def _orphans(ledger_path: Path, ids: list[str], renaming: set[str]) -> list[Problem]:
    problems = []
    for orphan in orphan_files(ledger_path, ids):
        if orphan.stem in renaming:
            continue
        likely = difflib.get_close_matches(orphan.stem, ids, n=1, cutoff=0.0)
        hint = _("可能是指标 {id} 改名前的历史（在别的副本里改名、git 没能跟上时会这样）：运行 `kzt rename {old} {id}` "
                 "把它的数据并入 {id} 的历史（每条只并入一次）。不要用 git rm 删除它：那会删掉这些数据。").format(
            id=likely[0], old=orphan.stem) \
            if likely else _("请用 `kzt rename {old} 指标编号` 把它的数据并入对应指标的历史，或把它移出 figures/。"
                             ).format(old=orphan.stem)
        problems.append(Problem(_("台账中没有这个数据文件的指标，它的数据不计入。{hint}").format(hint=hint),
                                str(orphan), None, "error"))
    return problems


def _leftovers(ledger_path: Path) -> list[Problem]:
    return [Problem(_("被中断的写入留下的临时文件；下次 `kzt set` 或 `kzt init --force` 会删除它，也可以直接删除"),
                    str(leftover), None, "warning") for leftover in temporary_files(ledger_path)]
