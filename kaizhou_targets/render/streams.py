"""Output that survives any console encoding.

A Chinese Windows console (GBK/cp936) cannot encode every symbol kzt
prints (⏰, 🟢, sparklines). Instead of dying with UnicodeEncodeError
halfway through a report, stdout and stderr encode each such symbol as a
plain mark the reader still understands (🔴 → 红, ⏰ → [陈旧]), and
anything else the encoding lacks as "?". An ASCII stream (`LANG=C` on an
old system, PYTHONIOENCODING=ascii) is a misconfigured locale rather than
a choice: as Python's UTF-8 mode and click do, kzt writes UTF-8 there.
Files written with -o do not go through here: they are always UTF-8.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import Any

ERRORS = "kzt-plain"
ASCII_NAMES = ("ascii", "us-ascii", "646", "ansi-x3.4-1968")

# Each symbol with the marks to try in turn: the first the encoding can hold wins.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "⏰": ("[陈旧]", "[stale]"),
    "🔴": ("红", "[R]"), "🟡": ("黄", "[Y]"), "🟢": ("绿", "[G]"), "⚪": ("灰", "[-]"),
    "●": ("*",), "○": ("o",),
    "█": ("#",), "░": ("-",), "▁": ("_",), "▂": (".",), "▃": (":",), "▄": ("-",), "▅": ("=",),
    "▆": ("+",), "▇": ("*",),
    "—": ("-",), "–": ("-",), "…": ("...",), "“": ('"',), "”": ('"',), "‘": ("'",), "’": ("'",),
    "→": ("->",), "✓": ("OK",), "✗": ("x",), "⟦": ("[[",), "⟧": ("]]",), "【": ("[",), "】": ("]",),
    "、": (",",), "，": (",",), "：": (":",), "；": (";",), "（": ("(",), "）": (")",), "。": (".",),
}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def plain(ch: str, encoding: str) -> str:
    """The mark to print for a character the encoding cannot hold."""
    for mark in FALLBACKS.get(ch, ()):
        if _encodable(mark, encoding):
            return mark
    return "?"


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(plain(ch, error.encoding) for ch in text), error.end


def configure_streams() -> None:
    """Make stdout and stderr degrade unencodable symbols instead of raising."""
    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _handler)
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Any = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if reconfigure is None or encoding in ("utf-8", "utf8"):
            continue
        with contextlib.suppress(ValueError, OSError, LookupError):  # a closed or exotic stream: leave it
            if encoding in ASCII_NAMES:
                # ASCII means a misconfigured locale (LANG=C on an old system): like Python's UTF-8 mode
                # and click, write UTF-8 rather than turn every Chinese character into "?".
                reconfigure(encoding="utf-8", errors=ERRORS)
            else:
                reconfigure(errors=ERRORS)
