"""Editing the hand-written targets file without disturbing it.

tomlkit keeps every comment, blank line and key order; only the keys set
change. The result is validated before it replaces the file (atomically,
under the ledger's lock, through a symbolic link to the real file, keeping
its mode and owner), so a bad edit never reaches the disk.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from ..core.errors import InputError, KztError, LedgerError
from ..core.validation import ID_PATTERN, build_ledger
from ..i18n import _
from .confined import read_own
from .figures import figures_dir, locked, shard_path
from .figures_cache import forget
from .figures_format import refuse_conflict
from .ledger_file import declared_ids
from .os_errors import write_failure
from .output import clean_temporary_files, write_atomically
from .text import decode, parse_toml


def _edit(path: Path, change: Any) -> None:
    """Read, change with tomlkit, validate, write — under the lock."""
    import tomlkit

    raw = path.read_bytes()
    text = decode(raw, path)
    parse_toml(text, path)  # a file that does not parse is never written to
    document = tomlkit.parse(text)
    change(document)
    new_text = tomlkit.dumps(document)
    ledger, problems = build_ledger(tomllib.loads(new_text), str(path), new_text)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        raise InputError(_("这一改动会使台账无效，所以什么都没有写入：\n{listing}").format(
            listing="\n".join(f"  {p}" for p in errors)))
    data = new_text.encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    write_atomically(path, data, follow=True)  # the targets file the user named, through its link


def _table(document: Any, path: Path, target_id: str) -> Any:
    table = next((t for t in document.get("target", []) if t.get("id") == target_id), None)
    if table is None:
        raise InputError(_("{path} 中没有 id 为 {id} 的 [[target]]。").format(path=path, id=target_id))
    return table


def edit_ledger_file(path: Path, change: Any) -> None:
    """Apply `change` (a function of the tomlkit document) under the ledger's lock, validated."""
    with locked(path):
        clean_temporary_files(path)
        _edit(path, change)


def set_target_keys(path: Path, target_id: str, updates: dict[str, Any], year: int | None = None) -> None:
    """Set keys of a [[target]], or with `year` of its [target.years.Y] table."""
    def change(document: Any) -> None:
        table = _table(document, path, target_id)
        if year is not None:
            years = table.get("years", {})
            if str(year) not in years:
                raise InputError(_("{id} 没有 {year} 年的条目（[target.years.{year}]）；先运行 kzt year add {year}。")
                                 .format(id=target_id, year=year))
            table = years[str(year)]
        for key, value in updates.items():
            table[key] = value
        if year is not None and "source" in table and ("target" in table or "increase" in table):
            _drop_fill_in_comment(table, years, str(year))

    edit_ledger_file(path, change)


def _drop_fill_in_comment(table: Any, years: Any, year: str) -> None:
    """Once a year's target and source are in, the "待填" comment `kzt year add` left says nothing
    true: the table is written again with its keys only (tomlkit keeps no way to drop one comment)."""
    import tomlkit

    fresh = tomlkit.table()
    for key, value in table.items():
        fresh[key] = value
    fresh.add(tomlkit.nl())
    years[year] = fresh


def rename_target(path: Path, old_id: str, new_id: str) -> None:
    """Give a target a new id and move its history with it (references by relative_to follow),
    in steps a kill at any point leaves recoverable (rename_journal.py)."""
    from . import kill_points, rename_journal

    if not ID_PATTERN.match(new_id):
        raise InputError(_("新的 id {id} 不合格：只能用小写字母、数字和连字符，且以字母或数字开头，"
                           "如 port-throughput。").format(id=new_id))

    def change(document: Any) -> None:
        if any(t.get("id") == new_id for t in document.get("target", [])):
            raise InputError(_("{path} 中已经有 id 为 {id} 的指标；请换一个 id。").format(path=path, id=new_id))
        _table(document, path, old_id)["id"] = new_id
        for table in document.get("target", []):
            if table.get("relative_to") == old_id:
                table["relative_to"] = new_id

    with locked(path):
        clean_temporary_files(path)
        folder = figures_dir(path)
        old_file, new_file = shard_path(path, old_id), shard_path(path, new_id)
        if new_id in declared_ids(path):
            raise InputError(_("{path} 中已经有 id 为 {id} 的指标；请换一个 id。").format(path=path, id=new_id))
        if os.path.lexists(new_file):
            raise LedgerError(_("{path} 已经存在（另一个指标的历史，或在别的副本里改名留下的？），kzt 不会覆盖它；"
                                "什么都没有改动。请先运行 `kzt verify` 查看它。").format(path=new_file))
        moving = os.path.lexists(old_file)
        if moving:  # a history git left half-merged is not moved either (issue 14), nor a link
            data = read_own(old_file)
            refuse_conflict(decode(data or b"", old_file), old_file)
        rename_journal.begin(folder, old_id, new_id)
        if moving:
            rename_journal.link_history(old_file, new_file)
        kill_points.reached("rename:linked")
        try:
            _edit(path, change)
        except KztError:
            # Refused (the new id taken, the edit invalid) or not written: targets.toml is as it was.
            if moving:
                new_file.unlink(missing_ok=True)
            rename_journal.finish(folder)
            raise
        kill_points.reached("rename:ledger")
        if moving:
            try:
                old_file.unlink()
            except OSError as error:
                raise write_failure(error, old_file) from None
            forget(old_file)
        rename_journal.finish(folder)


def adopt_history(path: Path, orphan_id: str, target_id: str) -> int:
    """`kzt rename ORPHAN TARGET` where no target has the id ORPHAN any more but figures/ORPHAN.toml is
    still there: its entries join TARGET's history (by entry id, each once) and the orphan file goes.
    Returns how many entries moved."""
    from .rename_journal import adopt

    if not ID_PATTERN.match(orphan_id):
        raise InputError(_("{id} 不是有效的指标编号。").format(id=orphan_id))
    with locked(path):
        orphan = shard_path(path, orphan_id)
        if not os.path.lexists(orphan):
            raise InputError(_("没有数据文件 {path}，没有什么可以并入。").format(path=orphan))
        return adopt(orphan, shard_path(path, target_id), target_id)
