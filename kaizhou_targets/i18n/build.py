"""Keep the catalogues in step with the code (maintainers only; needs Babel).

    python -m kaizhou_targets.i18n.build          # update both .po files, compile the .mo files
    python -m kaizhou_targets.i18n.build --check  # exit 1 if anything is missing or out of date

en: every kzt message (Chinese msgids) needs an English msgstr.
zh: every message of click's that kzt can show needs a Chinese msgstr.
New messages are added with an empty msgstr for a person to fill in;
translations are never invented here.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extracted(folder: Path, keywords: dict) -> dict[Any, list[tuple[str, int]]]:
    found: dict[Any, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.py", "python")], keywords=keywords):
        if filename.startswith("i18n/"):
            continue
        found.setdefault(message, []).append((filename, lineno))
    return found


def kzt_messages() -> dict:
    return extracted(PACKAGE, KEYWORDS)


def click_messages() -> dict:
    import click

    return extracted(Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)})


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with open(path, "rb") as handle:
            return read_po(handle, locale=lang)
    return Catalog(locale=lang, domain=DOMAIN)


def updated(lang: str, messages: dict) -> Catalog:
    old = load(lang)
    new = Catalog(locale=lang, domain=DOMAIN, project="kaizhou-targets", charset="utf-8")
    for msgid, places in sorted(messages.items(), key=lambda item: str(item[0])):
        before = old.get(msgid)
        new.add(msgid, before.string if before is not None else ("", "") if isinstance(msgid, tuple) else "",
                locations=[(f, n) for f, n in places])
    return new


def missing(catalogue: Catalog) -> list[str]:
    out = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            out.append(str(message.id))
    return out


def po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=120, omit_header=False, no_location=False, sort_output=True)
    return buffer.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if out of date")
    args = parser.parse_args(argv)
    problems = []
    for lang, messages in (("en", kzt_messages()), ("zh", click_messages())):
        catalogue = updated(lang, messages)
        for msgid in missing(catalogue):
            problems.append(f"{po_path(lang)}: no translation for {msgid!r}")
        po, mo = po_bytes(catalogue), mo_bytes(catalogue)
        mo_path = po_path(lang).with_suffix(".mo")
        if args.check:
            if not po_path(lang).exists() or read_po(io.BytesIO(po_bytes(load(lang))), locale=lang) is None:
                problems.append(f"{po_path(lang)} is missing")
            elif {m.id for m in load(lang) if m.id} != {m.id for m in catalogue if m.id}:
                problems.append(f"{po_path(lang)} does not list exactly the messages of the code; run the build")
            if not mo_path.exists() or mo_path.read_bytes() != mo_bytes(load(lang)):
                problems.append(f"{mo_path} is older than its .po; run the build")
        else:
            po_path(lang).parent.mkdir(parents=True, exist_ok=True)
            po_path(lang).write_bytes(po)
            mo_path.write_bytes(mo)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
