"""The report a command reads targets from (`kzt year add --source`, `kzt draft`): read as UTF-8
text, refused with advice otherwise, before anything is asked or written."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from ..i18n import _
from .text import read_text


def read_report_file(report: Path) -> str:
    """The report's text; an InputError naming the file when it is missing, and the usual
    advice when it is not UTF-8 text (a GBK file, a PDF)."""
    if not report.is_file():
        raise InputError(_("找不到报告文件 {path}。请给出政府工作报告的文本文件（UTF-8 编码的 .txt；"
                           "PDF 或 Word 文件请先另存为文本）。").format(path=report))
    return read_text(report)
