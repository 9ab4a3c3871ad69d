"""Keep the catalogues in step with the code (maintainers only; needs Babel).

    python -m kaizhou_targets.i18n.build          # update the .po files, compile the .mo files
    python -m kaizhou_targets.i18n.build --check  # change nothing; exit 1 if anything is out of date

po/en/<module>.po  English for the Chinese messages of one module of kzt
                   (po/en/storage.figures.po for storage/figures.py): one
                   file per module, so work on different modules never
                   touches the same catalogue file.
po/zh/click.po     Chinese for the English messages of click.
locale/<lang>/LC_MESSAGES/kzt.mo  what gettext reads at run time, compiled from them.

New messages are added with an empty msgstr for a person to fill in; a
translation is never invented here, and --check fails while one is empty.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parents[1]
PO_DIR = Path(__file__).parent / "po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Fixed dates keep the compiled files byte-identical from one build to the next.
STAMP = datetime(2026, 1, 1)

Messages = dict[Any, list[str]]


def extracted(folder: Path, keywords: dict[str, Any], skip: str = "") -> Messages:
    found: Messages = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.py", "python")], keywords=keywords):
        if skip and filename.startswith(skip):
            continue
        found.setdefault(message, []).append(filename)
    return found


def fragment_name(filename: str) -> str:
    """storage/figures.py → storage.figures"""
    return filename.removesuffix(".py").replace("/", ".").replace("\\", ".")


def new_catalogue(lang: str) -> Catalog:
    return Catalog(locale=lang, domain=DOMAIN, project="kaizhou-targets", charset="utf-8",
                   creation_date=STAMP, revision_date=STAMP)


def read(path: Path, lang: str) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=lang)


def known_translations(lang: str) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for path in sorted((PO_DIR / lang).glob("*.po")):
        for message in read(path, lang):
            if message.id and message.string:
                out[message.id] = message.string
    return out


def planned() -> dict[str, dict[str, Catalog]]:
    """lang → fragment name → catalogue, as the code stands."""
    plan: dict[str, dict[str, Catalog]] = {"en": {}, "zh": {}}
    english = known_translations("en")
    for msgid, files in sorted(extracted(PACKAGE, KEYWORDS, skip="i18n").items(), key=lambda i: str(i[0])):
        name = fragment_name(sorted(files)[0])
        catalogue = plan["en"].setdefault(name, new_catalogue("en"))
        empty = ("", "") if isinstance(msgid, tuple) else ""
        catalogue.add(msgid, english.get(msgid, empty))
    import click

    # click's messages: those of the installed click and those already in the catalogue, so that
    # a different click release neither loses translations nor makes the catalogue "out of date".
    chinese = known_translations("zh")
    catalogue = plan["zh"].setdefault("click", new_catalogue("zh"))
    click_messages = set(extracted(Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)}))
    committed = PO_DIR / "zh" / "click.po"
    if committed.exists():
        click_messages |= {m.id for m in read(committed, "zh") if m.id}
    for msgid in sorted(click_messages, key=str):
        empty = ("", "") if isinstance(msgid, tuple) else ""
        catalogue.add(msgid, chinese.get(msgid, empty))
    return plan


def po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=120, omit_header=True, no_location=True, sort_output=True)
    return buffer.getvalue()


def mo_bytes(fragments: list[Catalog], lang: str) -> bytes:
    whole = new_catalogue(lang)
    for fragment in fragments:
        for message in fragment:
            if message.id:
                whole.add(message.id, message.string)
    buffer = io.BytesIO()
    write_mo(buffer, whole, use_fuzzy=False)
    return buffer.getvalue()


def mo_messages(data: bytes) -> dict[Any, Any]:
    """What a compiled catalogue says: each message and its translation, and the header's own
    without the header, whose `Generated-By: Babel 2.18.0` banner changes with the Babel a machine
    happens to have, not with anything a user reads."""
    out: dict[Any, Any] = {}
    for message in read_mo(io.BytesIO(data)):
        if message.id:
            key = tuple(message.id) if isinstance(message.id, list | tuple) else message.id
            value = tuple(message.string) if isinstance(message.string, list | tuple) else message.string
            out[key] = value
    return out


def untranslated(catalogue: Catalog) -> list[str]:
    out = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(strings):
            out.append(str(message.id))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Update and compile the message catalogues.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    problems: list[str] = []
    for lang, fragments in planned().items():
        folder = PO_DIR / lang
        wanted = {folder / f"{name}.po": po_bytes(c) for name, c in fragments.items()}
        mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo = mo_bytes(list(fragments.values()), lang)
        for name, catalogue in fragments.items():
            # click's catalogue covers every message of the installed click; only
            # kzt's own messages must all be translated.
            if lang == "en":
                problems += [f"{folder / name}.po: no English for {msgid!r}" for msgid in untranslated(catalogue)]
        stale = sorted(set(folder.glob("*.po")) - set(wanted))
        if args.check:
            if lang == "zh":
                # Which click is installed is the machine's business: check only that the
                # compiled catalogue is the committed one.
                wanted = {path: path.read_bytes() for path in wanted if path.exists()}
                mo = mo_bytes([read(path, lang) for path in wanted], lang)
            problems += [f"{path} is out of date; run python -m kaizhou_targets.i18n.build"
                         for path, data in wanted.items() if not path.exists() or path.read_bytes() != data]
            problems += [f"{path} holds messages no code uses; run the build" for path in stale]
            if not mo_path.exists() or mo_messages(mo_path.read_bytes()) != mo_messages(mo):
                problems.append(f"{mo_path} is out of date; run python -m kaizhou_targets.i18n.build")
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for path in stale:
            path.unlink()
        for path, data in wanted.items():
            path.write_bytes(data)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        mo_path.write_bytes(mo)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
