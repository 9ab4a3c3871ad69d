"""Writing a drafted ledger (`kzt draft REPORT -o DIR`): targets.toml, the report in seeds/, the git files.

The draft (core/ledger_draft.py) is written as a hand-kept ledger looks: a header saying what is
the report's and what the keepers' choice, the work areas under banner comments in the report's
order, each [[target]] with its keys in the bundled ledger's order and the comments saying what a
person must fill. Nothing is written unless the text validates as a ledger and every phrase is
found in the report (what `kzt verify` checks); an existing targets.toml is never overwritten.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..core.errors import InputError, LedgerError
from ..core.ledger_draft import DraftEntry, LedgerDraft, todo_lines
from ..core.validation import build_ledger, check_provenance
from ..i18n import _
from .ledger_file import LEDGER_NAME
from .os_errors import write_failure
from .output import write_atomically

SOURCES = "seeds"
BANNER = "# " + "═" * 75


def _value(value: Any) -> str:
    import tomlkit

    return str(tomlkit.item(value).as_string())


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def render_draft(draft: LedgerDraft) -> str:
    """The targets.toml of a draft, as text."""
    lines = [_comment(_header(draft)), "", "[ledger]", f"name = {_value(draft.name)}"]
    if draft.region:
        lines.append(f"region = {_value(draft.region)}")
    lines += [f"year = {draft.year}", f"source_file = {_value(draft.source_file)}",
              f"sources_dir = {_value(SOURCES)}", "", "[settings]", 'timezone = "Asia/Shanghai"',
              _comment(_("未写 frequency 的指标按年报跟踪（次年2月底前报全年数）：台账维护者的选择，不是报告原话。")),
              'default_frequency = "annual"', ""]
    area = None
    for entry in draft.entries:
        if entry.area != area:
            area = entry.area
            heading = entry.heading if entry.heading and entry.heading != entry.area else ""
            lines += [BANNER, f"# {area}" + (f" — {heading}" if heading else ""), BANNER, ""]
        lines += [*_entry_lines(entry), ""]
    return "\n".join(lines)


def _entry_lines(entry: DraftEntry) -> list[str]:
    body = ["[[target]]"] + [f"{key} = {_value(value)}" for key, value in entry.keys]
    notes = [_comment(line) for line in todo_lines(entry)]
    if entry.held:
        return [body[0], *notes, *body[1:]]
    return [*notes, *(f"# {line}" for line in body)]


def _header(draft: LedgerDraft) -> str:
    return _(
        "{name}\n"
        "\n"
        "由 kzt draft 从报告 {file} 起草（报告的副本在 seeds/ 中）。每个 [[target]] 的 source 是报告的原话，\n"
        "逐字照录，kzt verify 检查每句原话都在报告中；baseline_source 是报告回顾上一年的原话。\n"
        "报告第一部分回顾的是上一年的完成情况：那里的数只作基期，从不作目标。\n"
        "\n"
        "下面几项不是报告的原话，而是台账维护者的选择，请核对：\n"
        "  id：由指标名称生成（常用词对照英文；对照不上的编号 target-NNN、task-NNN），\n"
        "      可用 kzt rename 旧id 新id 改名，历史数据随之移动；\n"
        "  area：报告小标题所说的工作领域，取其简称；\n"
        "  frequency：统计局发布的节奏（地区生产总值、居民收入、失业率等季报；规上工业、固定资产投资、\n"
        "      社会消费品零售总额、一般公共预算收入、就业、贷款余额、港口、外贸、空气和水质等月报；\n"
        "      其余按 default_frequency 年报），写了的在 note 中注明。\n"
        "以“待核”开头的注释标出报告没有说全、需要人工补充的地方。\n"
        "牵头单位都未填写：kzt set 指标 lead 单位；责任单位：kzt set 指标 owners 单位1,单位2。").format(
        name=draft.name, file=draft.source_file)


def write_draft(folder: Path, draft: LedgerDraft, report: Path, report_text: str) -> Path:
    """Write the draft into `folder` (targets.toml, seeds/REPORT, .gitignore/.gitattributes) and
    return the targets file. Refuses a folder that has a targets.toml already."""
    from .git_share import write_git_files

    target = folder / LEDGER_NAME
    if target.exists() or target.is_symlink():
        raise LedgerError(_("{path} 已经存在；kzt draft 不会覆盖台账。请换一个文件夹（-o 新文件夹）；"
                            "若确实要重新起草，先把这个文件移走。").format(path=target))
    if folder.exists() and not folder.is_dir():
        raise InputError(_("{path} 不是文件夹；请用 -o 给出要写入台账的文件夹。").format(path=folder))
    text = render_draft(draft)
    _check(text, target, draft, report_text)
    copy = folder / SOURCES / draft.source_file
    if copy.exists() and copy.read_bytes() != report.read_bytes():
        raise InputError(_("{path} 已经存在，内容与报告 {report} 不同；kzt 不会覆盖它，什么都没有写入。"
                           "请换一个文件夹。").format(path=copy, report=report))
    made = not copy.exists()
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_failure(error, copy.parent) from None
    if made:
        write_atomically(copy, report.read_bytes())
    try:
        write_atomically(target, text)
    except BaseException:
        if made:
            copy.unlink(missing_ok=True)
        raise
    write_git_files(folder)
    return target


def _check(text: str, target: Path, draft: LedgerDraft, report_text: str) -> None:
    """What `kzt verify` would say, before anything is written: a draft that fails is a bug of kzt,
    refused rather than left for the user to untangle."""
    ledger, problems = build_ledger(tomllib.loads(text), str(target), text)
    if ledger is not None:
        problems += check_provenance(ledger, {draft.source_file: report_text})
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        raise InputError(_("起草的台账没有通过检查，所以什么都没有写入（这是 kzt 的问题，请报告）：\n{listing}").format(
            listing="\n".join(f"  {p}" for p in errors)))
