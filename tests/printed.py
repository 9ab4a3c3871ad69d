"""Printing a workbook as LibreOffice would and reading the printed pages (poppler)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = bool(shutil.which("pdftotext") and shutil.which("pdfinfo"))


def xlsx_to_pdf(workbook: Path, folder: Path) -> Path:
    """The workbook printed to PDF by headless LibreOffice (its own profile in `folder`)."""
    profile = folder / "lo-profile"
    subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
                   capture_output=True, timeout=300, check=True)
    pdf = folder / workbook.with_suffix(".pdf").name
    assert pdf.read_bytes()[:5] == b"%PDF-"
    return pdf


def page_info(pdf: Path) -> tuple[str, float, float]:
    """pdfinfo's report, and the page's width and height in points."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
    return info, width, height


def first_page_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
