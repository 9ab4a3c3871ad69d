"""`kzt draft`: a new district's ledger drafted from its government work report."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from .common import argument, command, option


@command(name="draft", help=N_(
    "从一份政府工作报告起草新的台账（另一个区县，或新的一届）：读出报告中的每个目标——主要预期目标、"
    "各项工作中的数量指标和节点任务、五年规划的目标——写成 目录/targets.toml，并把报告复制到 目录/seeds/。"
    "报告第一部分回顾上一年，那里的数只作基期，从不作目标。\n\n"
    "每个指标的 source 是报告原话（逐字），kzt verify 可检查。id 由指标名称生成：按常用词对照表译成英文"
    "（地区生产总值增长 → gdp-growth，港口货物吞吐量 → port-throughput），对照不上的按在台账中的序号编为 "
    "target-NNN（节点任务 task-NNN），重名的加 -2、-3；可用 kzt rename 改。area 取报告小标题所说的工作领域，"
    "frequency 按统计局的发布节奏（地区生产总值季报，规上工业、投资、社零等月报，其余年报）——这两项是"
    "台账维护者的选择，文件中注明。报告没有说全的（区间、单位不明、一句两个数）不作猜测，以“待核”注释"
    "标出要人工补充的内容。牵头单位留空，用 kzt set 指标 lead 单位 填写。目录中已有 targets.toml 时不覆盖。\n\n"
    "\b\n示例：\n    kzt draft 2027年某区政府工作报告.txt -o ~/某区-2027\n"
    "    kzt -f ~/某区-2027 verify\n    kzt -f ~/某区-2027 set gdp-growth lead 区发展改革委"))
@argument("report", metavar=N_("报告文件"), type=click.Path(dir_okay=False))
@option("-o", "--output", "output", metavar=N_("目录"), required=True, type=click.Path(file_okay=False),
        help=N_("写入台账的文件夹（没有则新建；其中已有 targets.toml 时不写）。"))
@option("--year", "year", metavar=N_("年份"), type=int,
        help=N_("报告所定目标的年份；报告的标题或“…年工作安排”写明年份时不用给出。"))
def draft(report: str, output: str, year: int | None) -> None:
    from ..core.ledger_draft import draft_ledger, read_targets
    from ..render.shown import shown_lines
    from ..storage.ledger_draft_file import write_draft
    from ..storage.report_files import read_report_file

    source = Path(report)
    text = read_report_file(source)
    drafted = draft_ledger(read_targets(text), text, source.name, year)
    path = write_draft(Path(output), drafted, source, text)
    held = [e for e in drafted.entries if e.held]
    milestones = sum(e.read.kind == "milestone" for e in held)
    message = _("已从 {report} 起草 {path}：{count} 个指标（数量指标 {numeric} 个、节点任务 {milestones} 个），"
                "{todo} 处以“待核”注释标出要人工补充的内容（其中 {commented} 项缺目标值，暂写作注释）；"
                "报告已复制到 {seeds}。下一步：kzt -f {path} verify，再用 kzt -f {path} set 指标 lead 单位 "
                "填写牵头单位。").format(
        report=source.name, path=path, count=len(held), numeric=len(held) - milestones, milestones=milestones,
        todo=sum(bool(e.todo) for e in drafted.entries), commented=len(drafted.entries) - len(held),
        seeds=path.parent / "seeds")
    click.echo(shown_lines(message), err=True)
    click.echo(shown_lines(str(path)))


COMMANDS = [draft]
