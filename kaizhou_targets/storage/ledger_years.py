"""Adding a year of the plan to the targets file (`kzt year add`).

One edit of the hand-written file through tomlkit, so comments and layout
survive: a `[ledger.years.Y]` table naming the report that sets the year's
targets, and under every recurring indicator of the year before an empty
`[target.years.Y]` table with a comment saying how to fill it. The edit is
validated and written like every other ledger edit (ledger_edit.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.model import Ledger
from ..core.plan_years import declared_years, is_recurring, targets_of_year
from ..i18n import _, join_items
from .ledger_edit import edit_ledger_file
from .os_errors import write_failure


def check_new_year(ledger: Ledger, year: int) -> None:
    """Refuse a year the ledger has, or one that is not the next (InputError): before anything is asked."""
    years = declared_years(ledger)
    if year in years:
        raise InputError(_("{year} 年已经在台账中（台账的年份：{years}）。要填写该年的目标，用 "
                           "kzt set 指标 target 数值 --year {year}。").format(
            year=year, years=join_items(list(map(str, years)))))
    if year != max(years) + 1:
        raise InputError(_("台账的最后一年是 {last}，下一年只能是 {next}；{year} 年不能跳着加入（各年的目标依次带入）。"
                           ).format(last=max(years), next=max(years) + 1, year=year))


def add_year(path: Path, ledger: Ledger, year: int, report: Path, name: str = "",
             terms: Mapping[str, Mapping[str, object]] | None = None) -> list[str]:
    """Declare `year` with its report and carry every recurring indicator of the year before
    into it: with the `terms` accepted for it (id → the keys of its [target.years.Y] table, read
    from the report: core/year_proposals.py), else empty with a comment saying how to fill it.
    Returns the ids carried. The report is copied into the ledger's sources folder when it is
    elsewhere, so `kzt verify` finds it."""
    import tomlkit

    check_new_year(ledger, year)
    years = declared_years(ledger)
    filled = terms or {}
    source_name = _place_report(path, ledger, report)
    if not name and str(ledger.year) in ledger.name:
        name = ledger.name.replace(str(ledger.year), str(year))  # 开州区2026年… → 开州区2027年…
    carried = [t.id for t in targets_of_year(ledger, max(years)) if is_recurring(t)]

    def change(document: Any) -> None:
        head = document["ledger"]
        if "years" not in head:
            head["years"] = tomlkit.table(is_super_table=True)
        entry = tomlkit.table()
        entry["source_file"] = source_name
        if name:
            entry["name"] = name
        entry.add(tomlkit.nl())
        head["years"][str(year)] = entry
        for table in document.get("target", []):
            if table.get("id") not in carried:
                continue
            if "years" not in table:
                table["years"] = tomlkit.table(is_super_table=True)
            own = tomlkit.table()
            for key, value in filled.get(table.get("id"), {}).items():
                own[key] = value
            if not own:
                own.add(tomlkit.comment(_("{year}年目标待填：kzt set {id} target 数值 --year {year} --note 依据；"
                                          "kzt set {id} source 报告原话 --year {year}").format(
                    year=year, id=table.get("id"))))
            own.add(tomlkit.nl())
            table["years"][str(year)] = own

    edit_ledger_file(path, change)
    return carried


def _place_report(path: Path, ledger: Ledger, report: Path) -> str:
    """The report's file name in the ledger's sources folder, copying it there if need be."""
    import shutil

    from .text import read_text

    if not report.is_file():
        raise InputError(_("找不到报告文件 {path}。请给出该年政府工作报告的文本文件（UTF-8），"
                           "例如 --source seeds/2027年政府工作报告.txt。").format(path=report))
    read_text(report)  # a report kzt cannot read (GBK, binary) is refused now, not at the first `kzt set … source`
    folder = path.parent / ledger.sources_dir
    destination = folder / report.name
    if destination.exists() and (destination.resolve() == report.resolve()
                                 or destination.read_bytes() == report.read_bytes()):
        return report.name
    if destination.exists():
        raise InputError(_("{folder} 中已有同名文件 {name}，内容可能不同；kzt 不会覆盖它。请改名后再加入。").format(
            folder=folder, name=report.name))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report, destination)
    except OSError as error:
        raise write_failure(error, destination) from None
    return report.name
