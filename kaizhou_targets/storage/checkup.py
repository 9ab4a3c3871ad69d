"""What `kzt verify` checks of the files kzt writes beside the ledger."""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path

from ..core.model import Problem
from ..i18n import _
from . import import_journal
from .figures import figures_dir, orphan_files
from .output import temporary_files


def _raw_ids(ledger_path: Path) -> list[str]:
    """Every id the targets file names, valid or not (a target with a typo in its kind still exists)."""
    try:
        document = tomllib.loads(Path(os.path.realpath(ledger_path)).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return []
    tables = document.get("target", [])
    return [t["id"] for t in tables if isinstance(t, dict) and isinstance(t.get("id"), str)] \
        if isinstance(tables, list) else []


def storage_problems(ledger_path: Path) -> list[Problem]:
    ids = _raw_ids(ledger_path)
    problems = []
    for orphan in orphan_files(ledger_path, ids):
        likely = difflib.get_close_matches(orphan.stem, ids, n=1, cutoff=0.0)
        hint = _("可能是指标 {id} 改名前的历史：用 `kzt rename {old} {id}` 之外的办法改过 id 时，"
                 "请把文件改名为 {id}.toml（或把 id 改回来）。").format(id=likely[0], old=orphan.stem) \
            if likely else _("请把它改名为对应指标的 id，或移出 figures/。")
        problems.append(Problem(_("台账中没有这个数据文件的指标，它的数据不计入。{hint}").format(hint=hint),
                                str(orphan), None, "error"))
    for leftover in temporary_files(ledger_path):
        problems.append(Problem(_("被中断的写入留下的临时文件；下次 `kzt set` 或 `kzt init --force` 会删除它，"
                                  "也可以直接删除"), str(leftover), None, "warning"))
    if import_journal.journal_path(figures_dir(ledger_path)).exists():
        problems.append(Problem(_("有一次导入没有完成；下一个写入命令（record、import、undo、set）会撤销它写入的内容"),
                                str(import_journal.journal_path(figures_dir(ledger_path))), None, "warning"))
    return problems
