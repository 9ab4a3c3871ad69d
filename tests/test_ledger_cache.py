"""The cached parse of targets.toml: never stale, never in the package, never in the way."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kaizhou_targets.storage.ledger_file import bundled_ledger_path

from .conftest import invoke, run_kzt


def cache_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "kzt-cache"
    return sorted(folder.glob("ledger-*.pickle")) if folder.is_dir() else []


def test_a_clean_ledger_is_cached_in_kzt_cache_dir_and_an_edit_is_seen_at_once(runner, ledger: Path,
                                                                               tmp_path: Path) -> None:
    first = invoke(runner, "-f", str(ledger), "show", "port-throughput")
    assert first.exit_code == 0, first.output
    assert len(cache_files(tmp_path)) == 1
    # Same size, same mtime: only the content tells the cache that the name changed.
    text = ledger.read_text(encoding="utf-8")
    stat = ledger.stat()
    assert 'name = "港口货物吞吐量' in text
    ledger.write_text(text.replace('name = "港口货物吞吐量', 'name = "港口货运吞吐量', 1), encoding="utf-8")
    os.utime(ledger, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ledger.stat().st_size == stat.st_size
    second = run_kzt("-f", str(ledger), "show", "port-throughput")
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("港口货运吞吐量")
    assert len(cache_files(tmp_path)) == 1  # one file per ledger, replaced, not one per version


def test_a_ledger_with_problems_is_never_cached_and_its_problems_stay_reported(runner, ledger: Path,
                                                                               tmp_path: Path) -> None:
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace('kind = "growth"', 'kind = "growht"', 1), encoding="utf-8")
    for _ in range(2):
        result = run_kzt("-f", str(ledger), "status")
        assert result.returncode != 0
        assert "growht" in result.stderr
    assert cache_files(tmp_path) == []


def test_the_bundled_ledger_is_cached_outside_the_package(runner, tmp_path: Path) -> None:
    package = bundled_ledger_path().parent
    before = sorted(p.name for p in package.iterdir())
    result = run_kzt("status")
    assert result.returncode == 0, result.stderr
    assert len(cache_files(tmp_path)) == 1
    assert sorted(p.name for p in package.iterdir()) == before


@pytest.mark.skipif(sys.platform == "win32", reason="a file standing in for the folder is enough there")
def test_an_unusable_cache_folder_is_skipped_silently(ledger: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    for _ in range(2):
        result = run_kzt("-f", str(ledger), "status", env={"KZT_CACHE_DIR": str(blocker / "kzt")})
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "港口货物吞吐量" in result.stdout


def test_a_damaged_cache_file_is_rebuilt_not_believed(runner, ledger: Path, tmp_path: Path) -> None:
    assert invoke(runner, "-f", str(ledger), "status").exit_code == 0
    [cache] = cache_files(tmp_path)
    for garbage in (b"", b"\x80\x05garbage", cache.read_bytes()[: len(cache.read_bytes()) // 2]):
        cache.write_bytes(garbage)
        result = run_kzt("-f", str(ledger), "status")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "港口货物吞吐量" in result.stdout
    assert cache.stat().st_size > 1000  # written again, whole


def test_deleting_the_cache_changes_no_output(runner, ledger: Path, tmp_path: Path) -> None:
    cold = run_kzt("-f", str(ledger), "status")
    warm = run_kzt("-f", str(ledger), "status")
    [cache] = cache_files(tmp_path)
    cache.unlink()
    again = run_kzt("-f", str(ledger), "status")
    assert cold.stdout == warm.stdout == again.stdout
    assert cold.returncode == warm.returncode == again.returncode == 0


def test_the_code_fingerprint_covers_every_module_the_validator_imports_and_sees_any_change(tmp_path: Path) -> None:
    # The cached Ledger is what core/ builds; a fingerprint that missed one of its modules would serve a
    # copy the current code would not build (it once named files that had moved, and saw nothing).
    import ast

    from kaizhou_targets.storage import ledger_cache

    core = Path(ledger_cache.__file__).resolve().parents[1] / "core"
    stamped = {item for item in ledger_cache._code_fingerprint() if isinstance(item, str)}
    tree = ast.parse((core / "validation.py").read_text(encoding="utf-8"))
    imported = {f"{node.module.split('.')[0]}.py" for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert {"model.py", "notify_settings.py", "plausibility.py", "year_end.py"} <= imported
    assert imported | {"validation.py"} <= stamped

    folder = tmp_path / "core"
    folder.mkdir()
    (folder / "model.py").write_text("A = 1\n", encoding="utf-8")
    before = ledger_cache._code_fingerprint(folder)
    (folder / "model.py").write_text("A = 12\n", encoding="utf-8")
    grown = ledger_cache._code_fingerprint(folder)
    (folder / "new_rule.py").write_text("", encoding="utf-8")
    added = ledger_cache._code_fingerprint(folder)
    assert len({before, grown, added}) == 3
