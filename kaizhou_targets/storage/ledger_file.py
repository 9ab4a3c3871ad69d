"""Finding, reading and copying the targets file and the reports it cites."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import LedgerError
from ..core.model import Ledger, Problem
from ..i18n import _
from .os_errors import reason
from .output import clean_temporary_files, write_atomically
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
        return LedgerLocation(_in_folder(Path(option), "--file"), False, "--file")
    env = os.environ.get(ENV_FILE)
    if env:
        return LedgerLocation(_in_folder(Path(env), ENV_FILE), False, ENV_FILE)
    here = (cwd or Path.cwd()) / LEDGER_NAME
    if here.is_file():
        bundled = here.resolve() == bundled_ledger_path().resolve()
        return LedgerLocation(here, bundled, "./targets.toml")
    return LedgerLocation(bundled_ledger_path(), True, "bundled")


def _in_folder(path: Path, how: str) -> Path:
    """A folder given as the ledger means the targets.toml in it."""
    if not path.is_dir():
        return path
    inside = path / LEDGER_NAME
    if inside.is_file():
        return inside
    raise LedgerError(_("{how} 指向文件夹 {folder}，但其中没有 {name}。请指向台账文件本身，或先在该文件夹运行 `kzt ini"
        "t`。").format(how=how, folder=path, name=LEDGER_NAME))


def load_ledger(path: Path) -> tuple[Ledger | None, list[Problem]]:
    """Read and validate a ledger; a file that cannot be parsed raises LedgerError.
    A clean ledger's parse is reused from the user's cache (storage/ledger_cache.py)."""
    from .ledger_cache import cached_build

    text = read_text(path)

    def build() -> tuple[Ledger | None, list[Problem]]:
        from ..core.validation import build_ledger  # only when the cache misses

        return build_ledger(parse_toml(text, path), str(path), text)

    return cached_build(path, text, build)


def declared_ids(path: Path) -> set[str]:
    """Every id written in the file, the targets that failed validation included."""
    doc = parse_toml(read_text(path), path)
    entries = doc.get("target", [])
    if not isinstance(entries, list):
        return set()
    return {str(entry["id"]) for entry in entries if isinstance(entry, dict) and "id" in entry}


def load_ledger_strict(path: Path) -> Ledger:
    """A ledger good enough to work with, or a LedgerError listing its problems."""
    ledger, problems = load_ledger(path)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        listing = "\n".join(f"  {p}" for p in errors[:20])
        more = "\n  " + _("……另有 {count} 处").format(count=len(errors) - 20) if len(errors) > 20 else ""
        raise LedgerError(
            _("{path} 有 {count} 处问题；请在编辑器中改正（或运行 `kzt verify` 查看完整清单）后重新运行命令：").format(
                path=path, count=len(errors)) + f"\n{listing}{more}",
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
    """Write a writable copy of the bundled ledger and its reports into `folder`,
    with the .gitignore and .gitattributes that let offices share it through git."""
    import shutil  # only `kzt init` copies files

    from .git_share import write_git_files

    source = bundled_ledger_path()
    target = folder / LEDGER_NAME
    if target.exists() and not force:
        raise LedgerError(_("{path} 已经存在；kzt 不会覆盖台账。请换一个文件夹；若确实要重新开始，先删除这个文件。")
                          .format(path=target))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        seeds = source.parent / "seeds"
        if seeds.is_dir():
            destination = folder / "seeds"
            destination.mkdir(exist_ok=True)
            for report in seeds.iterdir():
                if report.is_file():
                    shutil.copyfile(report, destination / report.name)
    except OSError as error:
        raise LedgerError(_("无法在 {folder} 中创建台账：{reason}。").format(folder=folder, reason=reason(error))) \
            from None
    clean_temporary_files(target)
    write_atomically(target, source.read_bytes())
    write_git_files(folder)
    return target


def refuse_bundled(location: LedgerLocation) -> None:
    if location.bundled:
        raise LedgerError(
            _("当前使用的是 kzt 自带的只读台账（{path}）。请用 `kzt init 目录` 复制一份可写的台账，然后在该目录中工作"
                "（cd 目录，或加 -f 目录/targets.toml，或设置 KZT_FILE）。").format(path=location.path)
        )
