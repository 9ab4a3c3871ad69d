"""Golden output: what status, report and check print on the example ledger, byte for byte.

Speed work must change no output. Each case runs the real CLI as a separate process with
stdout piped (not a terminal), on the pinned day, in Chinese and English, at 80 and 120
columns, on a copy of examples/ (so its caches never touch the repository), and compares
stdout, stderr and the exit code with tests/expected/<case>.txt.

A deliberate change of wording or layout regenerates the expected files:

    KZT_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden_output.py

then review `git diff tests/expected/` before committing: every changed line there is a
change users will see.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, run_kzt

EXPECTED = REPO / "tests" / "expected"
DAY = "2026-10-08"
REGENERATE = os.environ.get("KZT_REGENERATE_GOLDEN") == "1"

COMMANDS: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "status-owner": ("status", "--group-by", "owner"),
    "report-md": ("report", "--format", "md"),
    "report-text": ("report",),
    "report-json": ("report", "--format", "json"),
    "report-csv": ("report", "--format", "csv"),
    "check": ("check",),
}
CASES = [(name, lang, columns) for name in COMMANDS for lang in ("zh", "en") for columns in (80, 120)]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden") / "example"
    shutil.copytree(REPO / "examples", folder, ignore=shutil.ignore_patterns(".cache", "__pycache__"))
    return folder


def observed(example: Path, name: str, lang: str, columns: int) -> str:
    done = run_kzt("-f", str(example / "targets.toml"), *COMMANDS[name],
                   env={"KZT_LANG": lang, "COLUMNS": str(columns), "KZT_TODAY": DAY, "NO_COLOR": "1",
                        "TERM": "dumb"})
    # The copy's folder differs per run; nothing else may.
    text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    return text.replace(str(example), "<example>")


@pytest.mark.parametrize(("name", "lang", "columns"), CASES, ids=[f"{n}-{lang}-{c}" for n, lang, c in CASES])
def test_output_is_unchanged(example: Path, name: str, lang: str, columns: int) -> None:
    expected_file = EXPECTED / f"{name}-{lang}-{columns}.txt"
    text = observed(example, name, lang, columns)
    if REGENERATE:
        expected_file.write_text(text, encoding="utf-8")
    assert expected_file.exists(), f"{expected_file} is missing: regenerate it (see this module's docstring)"
    assert text == expected_file.read_text(encoding="utf-8")


def test_a_second_run_from_the_caches_prints_the_same(example: Path) -> None:
    """The first run of a case above filled the caches; a run without them must agree byte for byte."""
    warm = observed(example, "status", "zh", 120)
    for cache in example.rglob(".cache"):
        shutil.rmtree(cache)
    cold = observed(example, "status", "zh", 120)
    assert cold == warm


@pytest.mark.parametrize("columns", ["80", "120", None])
@pytest.mark.parametrize("group_by", ["area", "owner"])
def test_the_plain_status_table_is_what_rich_prints(example: Path, monkeypatch: pytest.MonkeyPatch,
                                                    columns: str | None, group_by: str) -> None:
    """Piped, `kzt status` skips rich's console; rich, made to print the same lines, must agree."""
    from click.testing import CliRunner

    from kaizhou_targets.cli import cli
    from kaizhou_targets.render import status_table

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    args = ["-f", str(example / "targets.toml"), "status", "--group-by", group_by]
    through_rich_print = status_table._print_with_rich

    def refuse(*args: object) -> None:
        raise AssertionError("a piped status went through rich")

    monkeypatch.setattr(status_table, "_print_with_rich", refuse)
    plain = CliRunner().invoke(cli, args, catch_exceptions=False)
    monkeypatch.setattr(status_table, "_print_with_rich", through_rich_print)
    monkeypatch.setattr(status_table, "plain_stdout", lambda: False)
    through_rich = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert plain.exit_code == through_rich.exit_code == 0
    assert "【" in plain.stdout
    assert plain.stdout == through_rich.stdout
