"""The plan view as plain text for the terminal and as Markdown (the document: plan_layout.py,
plan_midterm.py). Plain lines, no table: a goal's sentences are long Chinese phrases that a
terminal would wrap inside table cells."""

from __future__ import annotations

from .plan_layout import PlanDocument


def terminal_text(document: PlanDocument) -> str:
    lines = [document.title, document.subtitle]
    for section in document.sections:
        lines.append("")
        lines.append(f"【{section.heading}】" if section.level == 2 else section.heading)
        lines += [("  · " if section.bullets else "  ") + line for line in section.lines]
    return "\n".join(lines) + "\n"


def markdown(document: PlanDocument) -> str:
    lines = [f"# {document.title}", "", document.subtitle]
    for section in document.sections:
        lines += ["", f"{'#' * section.level} {section.heading}"]
        if section.lines:
            lines.append("")
        if section.bullets:
            lines += [f"- {line}" for line in section.lines]
        else:
            # A goal's sentences one per line: a hard line break keeps them apart in rendered Markdown.
            lines += [line + ("  " if i < len(section.lines) - 1 else "") for i, line in enumerate(section.lines)]
    return "\n".join(lines) + "\n"
