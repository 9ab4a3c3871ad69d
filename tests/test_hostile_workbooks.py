"""Workbooks are read with limits (issue 26.11): a hostile .xlsx ends within seconds, in one sentence,
with nothing recorded — through the real CLI in its own process."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from .conftest import run_kzt, snapshot

SHEET = "xl/worksheets/sheet1.xml"
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
ROWS = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c><c r="B1" t="inlineStr"><is><t>数值'
        '</t></is></c><c r="C1" t="inlineStr"><is><t>数据期</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is>'
        '<t>&lol9;</t></is></c><c r="B2"><v>5600</v></c><c r="C2" t="inlineStr"><is><t>1-9月</t></is></c></row>'
        '</sheetData></worksheet>')
LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BILLION_LAUGHS = HEAD.replace("<worksheet", f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{LAUGHS}]>\n<worksheet') + ROWS


def good_workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["指标", "数值", "数据期"])
    sheet.append(["城镇新增就业", 5600, "1-9月"])
    book.save(path)
    return path


def with_part(source: Path, target: Path, name: str, content: bytes | None, *, bomb: int = 0) -> Path:
    """A copy of `source` with the part `name` replaced by `content` (or by `bomb` bytes of spaces)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info, old.read(info))
        if bomb:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as part:
                part.write(HEAD.encode())
                chunk = b" " * (1 << 20)
                for _ in range(bomb // len(chunk)):
                    part.write(chunk)
                part.write(b"<sheetData/></worksheet>")
        else:
            assert content is not None
            new.writestr(name, content)
    return target


def hostile(tmp_path: Path, case: str) -> Path:
    good = good_workbook(tmp_path / "good.xlsx")
    path = tmp_path / f"{case}.xlsx"
    if case == "far-cell":  # 5 KB, one cell at XFD1048576 (openpyxl declares the dimension A1:XFD1048576)
        book = Workbook()
        sheet = book.active
        sheet.append(["指标", "数值", "数据期"])
        sheet["XFD1048576"] = 1
        book.save(path)
        assert path.stat().st_size < 10_000
        return path
    if case == "far-cell-undeclared":  # the same cell, the dimension element removed: the extent is checked after
        far = hostile(tmp_path, "far-cell")
        with zipfile.ZipFile(far) as book:
            xml = re.sub(rb"<dimension[^>]*/>", b"", book.read(SHEET))
        return with_part(far, path, SHEET, xml)
    if case in ("merged-everything", "merged-unreadable"):  # openpyxl makes an object per merged cell as it loads
        ref = "A5:XFD1048576" if case == "merged-everything" else "A5:&#88;FD1048576"
        with zipfile.ZipFile(good) as book:
            xml = book.read(SHEET).replace(b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell '
                                                              f'ref="{ref}"/></mergeCells>'.encode())
        return with_part(good, path, SHEET, xml)
    if case == "zip-bomb":  # under 1 MB on disk, 300 MB inflated
        bomb = with_part(good, path, SHEET, None, bomb=300 << 20)
        assert bomb.stat().st_size < 1 << 20
        return bomb
    if case == "many-rows":  # 300,000 empty rows: small inflated, but more rows than an import reads
        rows = "".join(f'<row r="{n}"/>' for n in range(1, 300_001))
        return with_part(good, path, SHEET, (HEAD + f"<sheetData>{rows}</sheetData></worksheet>").encode())
    if case == "billion-laughs":
        return with_part(good, path, SHEET, BILLION_LAUGHS.encode())
    if case == "billion-laughs-utf16":
        return with_part(good, path, SHEET, BILLION_LAUGHS.replace("UTF-8", "UTF-16").encode("utf-16"))
    if case == "xxe":
        xml = HEAD.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>\n'
                                         "<worksheet") + ROWS
        return with_part(good, path, SHEET, xml.encode())
    if case == "malformed":
        return with_part(good, path, SHEET, (HEAD + "<sheetData><row r='1'><c r='A1'").encode())
    if case == "malformed-workbook":
        return with_part(good, path, "xl/workbook.xml", b"<workbook><sheets><sheet name='x' </sheets>")
    raise AssertionError(case)


CASES = {
    "far-cell": "XFD1048576",
    "far-cell-undeclared": "1048576",
    "merged-everything": "A5:XFD1048576",
    "merged-unreadable": "不是 Excel 写出的样子",
    "zip-bomb": "解压后有 300 MB",
    "many-rows": "超过 200000 行",
    "billion-laughs": "DTD",
    "billion-laughs-utf16": "DTD",
    "xxe": "DTD",
    "malformed": "XML 已损坏",
    "malformed-workbook": "XML 已损坏",
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_workbook_ends_fast_in_one_sentence_with_nothing_recorded(case: str, ledger: Path,
                                                                            tmp_path: Path) -> None:
    path = hostile(tmp_path, case)
    before = snapshot(ledger.parent)
    started = time.monotonic()
    result = run_kzt("-f", str(ledger), "import", str(path), "--yes")
    took = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert took < 10, f"{case} took {took:.1f} s"
    assert "Traceback" not in result.stderr and "ParseError" not in result.stderr
    assert CASES[case] in result.stderr, result.stderr
    assert "没有记录任何数据" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one sentence, one line
    assert "root:" not in result.stderr  # nothing of /etc/passwd
    assert snapshot(ledger.parent) == before


def test_the_limits_leave_an_ordinary_workbook_alone(ledger: Path, tmp_path: Path) -> None:
    path = good_workbook(tmp_path / "good.xlsx")
    result = run_kzt("-f", str(ledger), "import", str(path), "--yes")
    assert result.returncode == 0, result.stderr
