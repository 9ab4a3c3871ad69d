"""Finding, reading and copying the targets file and the reports it cites."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import LedgerError
from ..i18n import _
from ..model import Ledger, Problem
from ..validation import build_ledger
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
    packaged = Path(str(resources.files("kaizhou_targets"))) / "data" / LEDGER_NAME
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
    """Read and validate a ledger; a file that cannot be parsed raises LedgerError."""
    text = read_text(path)
    doc = parse_toml(text, path)
    return build_ledger(doc, str(path), text)


def load_ledger_strict(path: Path) -> Ledger:
    """A ledger good enough to work with, or a LedgerError listing its problems."""
    ledger, problems = load_ledger(path)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        listing = "\n".join(f"  {p}" for p in errors[:20])
        more = "\n  " + _("……另有 {count} 处").format(count=len(errors) - 20) if len(errors) > 20 else ""
        raise LedgerError(_("{path} 有 {count} 处问题；请在编辑器里修正（`kzt verify` 列出全部），"
                            "然后重新运行命令：\n{listing}{more}").format(
            path=path, count=len(errors), listing=listing, more=more), errors)
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
        raise LedgerError(_("正在使用的是 kzt 自带的只读台账（{path}）。请用 `kzt init 文件夹` 复制一份可写的台账，"
                            "然后在那里工作（cd 进去，或用 -f 文件夹/targets.toml，或设置 KZT_FILE）。").format(
            path=location.path))
