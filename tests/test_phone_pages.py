"""The weekly report, the plan and the year-end page on a phone and on paper (issue 25.2), in headless
Chromium: laid out 360–430 px wide they never scroll sideways, and they print on as many A4 pages as
before; status reads in words as well as colour."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import REPO, invoke
from .test_browser import CHROMIUM, chromium

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
WIDTHS = (360, 390, 430)
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# The A4 page counts of the example ledger's pages when the phone layout was added (the week on one sheet).
# The year-end page grew by a page with issue 23: 26 more annual targets of the third reading and the 说明.
PRINTED_PAGES = {"week": 1, "plan": 3, "year-end": 10}


@pytest.fixture
def pages(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The three pages of the example ledger, and the plan of a ledger two years into the plan (charts)."""
    example = tmp_path / "examples"
    shutil.copytree(REPO / "examples", example, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    ledger = str(example / "targets.toml")
    out = {name: tmp_path / f"{name}.html" for name in ("week", "plan", "year-end", "plan-charts")}
    for name, args in (("week", ["report", "--as-of", "2026-11-22"]), ("plan", ["plan", "--as-of", "2026-11-22"]),
                       ("year-end", ["report", "--year-end", "2026", "--as-of", "2027-02-10"])):
        result = invoke(runner, "-f", ledger, *args, "--format", "html", "-o", str(out[name]))
        assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("KZT_TODAY", "2028-03-01")
    for target, value, period in (("城镇化率", "55.4", "2026-12-31"), ("城镇化率", "56.1", "2027-12-31"),
                                  ("城乡居民收入比", "1.98", "2026-12-31"),
                                  ("城乡居民收入比", "1.96:1", "2027-12-31"), ("rd-intensity-growth", "16", "2026年"),
                                  ("rd-intensity-growth", "12%", "2027-12-31")):
        assert invoke(runner, "-f", ledger, "record", target, value, "--as-of", period).exit_code == 0
    result = invoke(runner, "-f", ledger, "plan", "--format", "html", "-o", str(out["plan-charts"]))
    assert result.exit_code == 0, result.stderr
    assert out["plan-charts"].read_text(encoding="utf-8").count("<svg") >= 3
    return out


def scroll_widths(tmp_path: Path, page: Path) -> dict[int, int]:
    """document.documentElement.scrollWidth of the page laid out in a frame of each width (a desktop
    window is at least 500 px wide; a frame is laid out at its own width, as a phone lays out the page)."""
    frames = "".join(f'<iframe id="w{w}" src="{page.as_uri()}" style="width:{w}px;height:20000px;border:0">'
                     "</iframe>" for w in WIDTHS)
    probe = tmp_path / f"{page.stem}.phones.html"
    probe.write_text(
        f"<!DOCTYPE html><html><body>{frames}<script>addEventListener('load', () => {{"
        f"const sizes = {{}}; for (const w of {list(WIDTHS)}) {{ const d = document.getElementById('w' + w)"
        ".contentDocument.documentElement; sizes[w] = [d.scrollWidth, d.clientWidth]; }"
        " document.body.setAttribute('data-sizes', JSON.stringify(sizes)); });</script></body></html>",
        encoding="utf-8")
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'phone-profile'}",
               "--window-size=1400,900", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    sizes = json.loads(re.search(r"data-sizes=\"([^\"]+)\"", dom)[1].replace("&quot;", '"'))
    assert all(client == int(width) for width, (_scroll, client) in sizes.items())  # laid out at that width
    return {int(width): scroll for width, (scroll, _client) in sizes.items()}


@pytest.mark.parametrize("name", ["week", "plan", "year-end", "plan-charts"])
def test_the_page_never_scrolls_sideways_on_a_phone(pages: dict[str, Path], tmp_path: Path, name: str) -> None:
    page = pages[name]
    assert VIEWPORT in page.read_text(encoding="utf-8")
    widths = scroll_widths(tmp_path, page)
    assert widths == {w: w for w in WIDTHS}, widths  # scrollWidth ≤ the frame: nothing sticks out


@pytest.mark.parametrize("name", ["week", "plan", "year-end"])
def test_the_printed_page_count_stays(pages: dict[str, Path], tmp_path: Path, name: str) -> None:
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    pdf = tmp_path / f"{name}.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", pages[name].as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == PRINTED_PAGES[name]


def test_status_is_a_word_beside_its_colour(pages: dict[str, Path], tmp_path: Path) -> None:
    """A black-and-white print keeps the status: each weekly item carries 红/黄/绿/灰 as text, in a box
    drawn with a border (printed whether or not backgrounds are); the year-end's verdict is a word."""
    week = pages["week"].read_text(encoding="utf-8")
    items = week.count("<li>")
    badges = re.findall(r'<span class="badge (\w+)"[^>]*>([^<]+)</span>', week)
    assert len(badges) == items > 20
    assert {word for _status, word in badges} == {"红", "黄", "绿", "灰"}
    assert all({"red": "红", "yellow": "黄", "green": "绿", "grey": "灰"}[s] == w for s, w in badges)
    year_end = pages["year-end"].read_text(encoding="utf-8")
    assert re.search(r'class="verdict"[^>]*><span class="dot"[^>]*></span>(完成|未完成|待年报|无数据)', year_end)
    if shutil.which("pdftotext"):
        pdf = tmp_path / "week.pdf"
        chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", pages["week"].as_uri())
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert re.search(r"红\s*城镇新增就业", text)  # the word is printed before the name


def test_the_plan_charts_scale_with_the_page(pages: dict[str, Path]) -> None:
    html = pages["plan-charts"].read_text(encoding="utf-8")
    assert re.search(r'<svg class="chart" width="480" height="230" viewBox="0 0 480 230"', html)
    assert "max-width: 480px; height: auto" in html
