"""Finding, reading and copying the targets file and the reports it cites."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import LedgerError
from ..model import Ledger, Problem
from ..validation import build_ledger
from .output import write_atomically
from .text import parse_toml, read_text

ENV_FILE = "KZT_FILE"
LEDGER_NAME = "targets.toml"


@dataclass(frozen=True)
class LedgerLocation:
    path: Path
    bundled: bool
    how: str  # which rule chose it: --file, KZT_FILE, ./targets.toml, bundled


def bundled_ledger_path() -> Path:
    """The read-only copy shipped with the package.

    A wheel carries it as package data; a source checkout (an editable
    install, or running from the repository) has it at the top level.
    """
    # The package's own folder, as importlib.resources.files() gives it for an installed
    # package, without importing importlib.resources (a few ms on every command).
    packaged = Path(__file__).resolve().parents[1] / "data" / LEDGER_NAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / LEDGER_NAME


def locate_ledger(option: str | None, cwd: Path | None = None) -> LedgerLocation:
    """--file, then $KZT_FILE, then ./targets.toml, then the bundled copy."""
    if option:
        return LedgerLocation(Path(option), False, "--file")
    env = os.environ.get(ENV_FILE)
    if env:
        return LedgerLocation(Path(env), False, ENV_FILE)
    here = (cwd or Path.cwd()) / LEDGER_NAME
    if here.is_file():
        bundled = here.resolve() == bundled_ledger_path().resolve()
        return LedgerLocation(here, bundled, "./targets.toml")
    return LedgerLocation(bundled_ledger_path(), True, "bundled")


def load_ledger(path: Path) -> tuple[Ledger | None, list[Problem]]:
    """Read and validate a ledger; a file that cannot be parsed raises LedgerError.
    A clean ledger's parse is reused from the user's cache (storage/ledger_cache.py)."""
    from .ledger_cache import cached_build

    text = read_text(path)
    return cached_build(path, text, lambda: build_ledger(parse_toml(text, path), str(path), text))


def load_ledger_strict(path: Path) -> Ledger:
    """A ledger good enough to work with, or a LedgerError listing its problems."""
    ledger, problems = load_ledger(path)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        listing = "\n".join(f"  {p}" for p in errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise LedgerError(
            f"{path} has {len(errors)} problem(s); fix them in an editor (or run `kzt verify` "
            f"for the full list) and run the command again:\n{listing}{more}",
            errors,
        )
    return ledger


def read_sources(ledger: Ledger) -> dict[str, str | None]:
    """The text of every seed file the ledger cites, None where missing."""
    folder = Path(ledger.path).parent / ledger.sources_dir
    texts: dict[str, str | None] = {}
    for name in {t.source_file for t in ledger.targets if t.source_file}:
        candidate = folder / name
        texts[name] = read_text(candidate) if candidate.is_file() else None
    return texts


def init_ledger(folder: Path, *, force: bool = False) -> Path:
    """Write a writable copy of the bundled ledger and its reports into `folder`."""
    import shutil  # only `kzt init` copies files

    source = bundled_ledger_path()
    target = folder / LEDGER_NAME
    if target.exists() and not force:
        raise LedgerError(
            f"{target} already exists; kzt will not overwrite a ledger. "
            "Choose another folder, or remove the file first if you really mean to start again."
        )
    folder.mkdir(parents=True, exist_ok=True)
    seeds = source.parent / "seeds"
    if seeds.is_dir():
        destination = folder / "seeds"
        destination.mkdir(exist_ok=True)
        for report in seeds.iterdir():
            if report.is_file():
                shutil.copyfile(report, destination / report.name)
    write_atomically(target, source.read_bytes())
    return target


def refuse_bundled(location: LedgerLocation) -> None:
    if location.bundled:
        raise LedgerError(
            f"The ledger in use is the read-only copy bundled with kzt ({location.path}). "
            "Make a writable copy with `kzt init DIR`, then work in DIR "
            "(cd DIR, or pass -f DIR/targets.toml, or set KZT_FILE)."
        )
