"""The HTML report in a real browser: headless Chromium renders it with CJK glyphs.

Skipped (not failed) only where Chromium is absent; .ci/run installs Chromium,
a CJK font and poppler so CI runs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import REPO, invoke
from .png import png_pixels

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")


def chromium(tmp_path: Path, *args: str) -> None:
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    subprocess.run(command, capture_output=True, timeout=120, check=True)


@pytest.fixture
def page(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    result = invoke(runner, "-f", str(REPO / "examples" / "targets.toml"), "report", "--as-of", "2026-11-22",
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def test_page_is_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=900,1200", page.as_uri())
    _, _, rows = png_pixels(shot)
    # Rows with anything other than the white background: text, dots, charts.
    inked = sum(1 for row in rows if row.count(b"\xff") < len(row) * 0.98)
    assert inked > 100


def test_chinese_text_is_in_the_printed_a4_page(page: Path, tmp_path: Path) -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "目标任务周报" in text and "完成全年目标的" in text and "慢于序时进度" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


def test_no_missing_glyph_boxes(page: Path, tmp_path: Path) -> None:
    """A missing glyph is drawn as the same empty box whatever the character:
    two different Chinese strings in the report's own fonts must look different."""
    style = page.read_text(encoding="utf-8").split("<style>")[1].split("</style>")[0]
    shots = []
    for n, words in enumerate(("目标任务", "周报序时")):
        probe = tmp_path / f"probe{n}.html"
        probe.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{style}</style>'
                         f"</head><body><h1>{words}</h1></body></html>", encoding="utf-8")
        shot = tmp_path / f"probe{n}.png"
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=400,120", probe.as_uri())
        shots.append(png_pixels(shot)[2])
    assert shots[0] != shots[1]
    inked = [sum(1 for row in rows if row.count(b"\xff") < len(row) * 0.99) for rows in shots]
    assert min(inked) > 5


def test_the_example_week_prints_on_one_a4_page(page: Path, tmp_path: Path) -> None:
    """Issue 9: the weekly report of a typical week fits one A4 sheet."""
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    assert [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")] == ["1"]
