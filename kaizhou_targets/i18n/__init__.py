"""The message catalogue: every word a user reads, in Chinese or English.

The source strings (gettext msgids) are the Chinese the users read, so the
default language needs no lookup at all; `locale/en/LC_MESSAGES/kzt.po`
translates them into English. click's own messages ("No such option", …)
are English in click; `locale/zh/LC_MESSAGES/kzt.po` translates those.
The .mo files are compiled from the .po files with Babel
(`python -m kaizhou_targets.i18n.build`), and a test fails when a .mo is
older than its .po or a message in the code has no English.

The language is chosen once per run: `--lang`, else `KZT_LANG`, else zh.
`qps` is a pseudo-locale for tests: it marks every string that went through
the catalogue with ⟦…⟧, so a word outside the marks was never translated.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

LANGUAGES = ("zh", "en")
PSEUDO = "qps"
ENV_LANG = "KZT_LANG"
DOMAIN = "kzt"
LOCALE_DIR = Path(__file__).parent / "locale"

_language = "zh"
_catalogues: dict[str, gettext.NullTranslations] = {}


def language_from_env() -> str:
    """KZT_LANG if it names a language kzt speaks, else Chinese."""
    wanted = os.environ.get(ENV_LANG, "").strip().lower()
    if wanted.startswith("en"):
        return "en"
    if wanted == PSEUDO:
        return PSEUDO
    return "zh"


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in (*LANGUAGES, PSEUDO) else "zh"


def current_language() -> str:
    """zh or en; the pseudo-locale reads as zh to everything but the catalogue."""
    return "en" if _language == "en" else "zh"


def _catalogue(lang: str) -> gettext.NullTranslations:
    found = _catalogues.get(lang)
    if found is None:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with open(path, "rb") as handle:
                found = gettext.GNUTranslations(handle)
        except OSError:  # a broken install still speaks its source language
            found = gettext.NullTranslations()
        _catalogues[lang] = found
    return found


def _(message: str) -> str:
    """The message in the current language."""
    if _language == PSEUDO:
        return f"⟦{_catalogue('zh').gettext(message)}⟧"
    if _language == "zh" and not message.isascii():
        # kzt's own Chinese is its own translation; the zh catalogue holds only click's English
        # messages (tests/test_i18n.py: every msgid in it is ASCII), so a Chinese message needs no
        # lookup, and a run that prints no click message never loads the catalogue (~0.7 ms).
        return message
    return _catalogue(_language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """For click's plural messages; kzt's own Chinese needs no plural forms."""
    if _language == PSEUDO:
        return f"⟦{_catalogue('zh').ngettext(singular, plural, count)}⟧"
    return _catalogue(_language).ngettext(singular, plural, count)


def join_sentences(sentences: list[str]) -> str:
    """Sentences one after another: Chinese runs them together, English needs a space."""
    return (" " if current_language() == "en" else "").join(sentences)


def join_items(items: list[str]) -> str:
    """A list inside a sentence: 2026、2027 in Chinese, 2026, 2027 in English."""
    return (", " if current_language() == "en" else "、").join(items)


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet (help texts,
    labels in tables defined at import time): translate it where it is shown."""
    return message


CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion", "termui",
                 "types", "utils")


def translate_click() -> None:
    """Route click's own messages ("No such option", "Missing argument") through
    this catalogue: click binds gettext's functions as module globals."""
    import importlib

    # Shell completion runs as its own process with _KZT_COMPLETE (click's _<PROG>_COMPLETE) set;
    # any other run would import click.shell_completion only to translate it (~0.3 ms).
    completing = any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)
    for name in CLICK_MODULES:
        if name == "shell_completion" and not completing and f"click.{name}" not in sys.modules:
            continue
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a future click without the module
            continue
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
