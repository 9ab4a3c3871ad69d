"""Text from data, as it may reach a terminal: the one escaping function of every output.

Names, units, notes, who recorded a figure (`KZT_USER`, shared with every office through git),
cells of an imported sheet: none of it is kzt's to interpret. A terminal obeys what its bytes say —
ESC sequences set the title, clear the screen, hide a hyperlink (OSC 8); a carriage return or a
backspace writes over what was printed; a bidirectional override shows text in another order than it
is stored — so every such character is written as a visible escape (`\\x1b`, `\\n`, `\\u202e`).

rich reads `[...]` in a plain string as markup (`[/x]` ends in a MarkupError, `[link=…]` makes
a hidden hyperlink) and `:name:` as an emoji: data goes to rich only as `Text(shown(value))`, which
rich prints as it is. Bytes that were not UTF-8 (a surrogate-escaped byte from the environment) are
written as the byte they were (`\\xff`) rather than end the run in a UnicodeEncodeError.
"""

from __future__ import annotations

from ..i18n import _

_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
# Bidirectional embeddings, overrides and isolates, and the line and paragraph separators some
# terminals break lines at.
_FORMAT_CONTROLS = (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _table() -> dict[int, str]:
    table = {code: _SHORT.get(code, f"\\x{code:02x}") for code in (*range(0x20), *range(0x7F, 0xA0))}
    table |= {code: f"\\u{code:04x}" for code in _FORMAT_CONTROLS}
    # surrogateescape turns an undecodable byte 0xNN into U+DCNN: show the byte
    table |= {code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)}
    table |= {code: f"\\u{code:04x}" for code in (*range(0xD800, 0xDC80), *range(0xDD00, 0xE000))}
    return table


_escapes: dict[int, str] = {}  # _table(), built the first time some text needs it (~0.8 ms of every start-up)


def shown(text: str) -> str:
    """`text` with every character a terminal would act on, rather than show, written as an escape."""
    if text.isprintable():  # the common case: nothing to do (isprintable is False for every one above)
        return text
    if not _escapes:
        _escapes.update(_table())
    return text.translate(_escapes)


def shown_lines(text: str) -> str:
    """A message of several lines, each `shown`: its own line breaks stay, nothing else acts."""
    return "\n".join(shown(line) for line in text.split("\n"))


def undecodable(text: str) -> str:
    """The bytes of `text` that were not UTF-8 (surrogate-escaped, as Python reads a command line and
    the environment), written as `\xff`; "" when there are none."""
    return "".join(f"\\x{ord(ch) - 0xDC00:02x}" for ch in text if "\udc80" <= ch <= "\udcff")


def not_utf8_message(where: str, text: str) -> str:
    """The refusal of `text` with bytes that are not UTF-8 ("" when it has none); `where` names it, with
    {arg} for the text as shown."""
    found = undecodable(text)
    if not found:
        return ""
    return _("{where}含有不是 UTF-8 的字节（{bytes}）：kzt 只接受 UTF-8 文本。请把终端或脚本的编码设为 UTF-8"
             "（例如 LANG=zh_CN.UTF-8），或改用 UTF-8 重新输入；什么也没有记录。").format(
        where=where.format(arg=shown(text)), bytes=found)
