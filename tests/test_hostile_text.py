"""Issue 26.6: ledger text is data. Hostile strings — rich markup, emoji codes, terminal escape
sequences (title change, clear screen, OSC 8 hyperlinks), carriage returns, bidirectional overrides —
in a target's name and 牵头单位, in KZT_USER (stored as `by`, shared through git), in --note and in an
imported sheet's note go through every command's terminal output: nothing ends in a MarkupError,
nothing becomes a link or an emoji, no control character reaches the terminal raw, and each is
printed as the exact escaped text `render/shown.py` makes. Bytes that are not UTF-8 are refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.render.shown import shown
from kaizhou_targets.storage.figures import read_history
from kaizhou_targets.storage.figures_format import serialize

from .conftest import invoke, snapshot

TITLE = "\x1b]0;pwned\x07"                                   # sets the terminal's title
CLEAR = "\x1b[2J\x1b[H"                                      # clears the screen
LINK = "\x1b]8;;http://evil.invalid/\x1b\\点这里\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
MARKUP = "[/x] [link=http://evil.invalid/]看这里[/link] [bold red]:warning:"
BIDI = "\u202eabc"                                           # shows 'cba'
NAME = f"港口{TITLE}吞吐量{CLEAR}"
LEAD = f"区交通运输委{MARKUP}"
USER = f"{TITLE}tjj{CLEAR}\r伪造"
NOTE = f"统计局{MARKUP}{LINK}{BIDI}"
SHEET_NOTE = "[/x]导入[link=http://evil.invalid/]覆盖[/link] :warning: \u202e反"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\x9b")


def hostile_toml(text: str) -> str:
    """A TOML basic string holding `text` (control characters as \\u escapes)."""
    return '"' + "".join(f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or ch in '"\\\x7f\u202e' else ch
                         for ch in text) + '"'


@pytest.fixture
def hostile(runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    text = ledger.read_text(encoding="utf-8")
    text = text.replace('id = "port-throughput"\nname = "港口货物吞吐量"\n',
                        f'id = "port-throughput"\nname = {hostile_toml(NAME)}\nlead = {hostile_toml(LEAD)}\n')
    ledger.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KZT_USER", USER)
    done = invoke(runner, "-f", str(ledger), "record", "port-throughput", "150", "--as-of", "2026-06-30",
                  "--note", "统计局")
    assert done.exit_code == 0, done.output
    assert shown(NAME) in done.stderr and not any(ch in done.stderr for ch in RAW)
    # kzt refuses such a note when it is typed; another office's file, with its checksum made right
    # (anyone can), brings it through git all the same.
    [entry] = read_history(ledger, "port-throughput")[0]
    path = ledger.parent / "figures" / "port-throughput.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(serialize(entry), serialize(entry._replace(note=NOTE))), encoding="utf-8")
    assert read_history(ledger, "port-throughput")[0][0].note == NOTE
    return ledger


def flat(text: str) -> str:
    return " ".join(text.split())


def clean(text: str) -> None:
    assert not any(ch in text for ch in RAW), [ch for ch in RAW if ch in text]
    assert "⚠" not in text  # :warning: stays the text it is


def test_every_reading_command_prints_the_hostile_text_escaped(runner: CliRunner, hostile: Path) -> None:
    outputs = {}
    for args in (("status",), ("status", "--group-by", "owner"), ("show", "port-throughput"),
                 ("history", "port-throughput"), ("targets", "--area", "开放"), ("check", "--as-of", "2026-10-08"),
                 ("check", "--as-of", "2026-10-08", "--group-by", "owner"), ("report",),
                 ("report", "--format", "text"), ("report", "--format", "md"), ("status", "--year", "2026",
                                                                                 "--as-of", "2027-03-06")):
        result = invoke(runner, "-f", str(hostile), *args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        clean(result.stdout + result.stderr)
        outputs[args] = result.stdout
    for args in (("status",), ("show", "port-throughput"), ("targets", "--area", "开放"),
                 ("check", "--as-of", "2026-10-08"), ("report",), ("report", "--format", "text")):
        assert shown(NAME) in outputs[args], args
    # the closing table cuts a name past 30 cells with …
    assert shown(NAME)[:16] in outputs[("status", "--year", "2026", "--as-of", "2027-03-06")]
    assert "【" + shown(LEAD) + "】" in outputs[("status", "--group-by", "owner")]
    assert shown(LEAD) + "：" in outputs[("check", "--as-of", "2026-10-08", "--group-by", "owner")]
    history = flat(outputs[("history", "port-throughput")])  # a table cell may wrap at a space
    assert shown(USER) in history and flat(shown(NOTE)) in history
    assert "\\x1b]0;pwned\\x07tjj\\x1b[2J\\x1b[H\\r伪造" in history  # the exact escaped text
    assert "[/x] [link=http://evil.invalid/]看这里[/link] [bold red]:warning:" in history  # markup, as typed
    assert "\\x1b]8;;http://evil.invalid/\\x1b\\点这里\\x1b]8;;\\x1b\\\\u202eabc" in history
    show = flat(outputs[("show", "port-throughput")])
    assert flat(shown(LEAD)) in show and shown(USER) in show and flat(shown(NOTE)) in show


def test_the_import_preview_shows_a_hostile_sheet_note_as_text(runner: CliRunner, hostile: Path,
                                                               tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"指标,数值,数据期,备注\nport-throughput,170,2026-07-31,{SHEET_NOTE}\n", encoding="utf-8")
    before = snapshot(hostile.parent)
    preview = invoke(runner, "-f", str(hostile), "import", str(sheet), "--dry-run")
    assert preview.exit_code == 0, preview.output
    clean(preview.stderr + preview.stdout)
    assert shown(SHEET_NOTE) == "[/x]导入[link=http://evil.invalid/]覆盖[/link] :warning: \\u202e反"
    assert shown(SHEET_NOTE) in preview.stderr and shown(NAME) in preview.stderr
    assert snapshot(hostile.parent) == before
    done = invoke(runner, "-f", str(hostile), "import", str(sheet), "--yes")
    assert done.exit_code == 0, done.output
    history = invoke(runner, "-f", str(hostile), "history", "port-throughput").stdout
    assert "[/x]导入[link=http://evil.invalid/]覆盖[/link] :warning: \\u202e反" in flat(history)


def test_undo_and_errors_escape_what_they_quote(runner: CliRunner, hostile: Path) -> None:
    undone = invoke(runner, "-f", str(hostile), "undo", "port-throughput", "--yes")
    assert undone.exit_code == 0, undone.output
    clean(undone.stderr)
    assert shown(NAME) in undone.stderr
    typed = f"不存在{CLEAR}[/x]"
    missing = invoke(runner, "-f", str(hostile), "show", typed)
    assert missing.exit_code != 0
    clean(missing.stderr)
    assert shown(typed) in missing.stderr


@pytest.mark.parametrize("args", [("history", "port-throughput"), ("show", "port-throughput"), ("status",),
                                  ("targets", "--area", "开放"), ("report", "--format", "term")])
def test_on_a_colour_terminal_rich_interprets_nothing_either(hostile: Path, args: tuple[str, ...]) -> None:
    """FORCE_COLOR: rich's own console, with its styles; still none of the data's sequences."""
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env |= {"FORCE_COLOR": "1", "COLUMNS": "160", "KZT_TODAY": "2026-10-08"}
    done = subprocess.run([sys.executable, "-m", "kaizhou_targets", "-f", str(hostile), *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode in (0, 1, 2), done.stderr
    out = done.stdout
    assert "\x1b[" in out  # rich's colours are there: this is the terminal path
    for sequence in ("\x1b]0;pwned", "\x1b[2J", "\x1b]8;;http://evil", "\x07", "\r", "\u202e"):
        assert sequence not in out, (args, sequence)
    assert "Traceback" not in done.stderr and "MarkupError" not in done.stderr


def test_bytes_that_are_not_utf8_are_refused_with_a_message(hostile: Path) -> None:
    before = snapshot(hostile.parent)
    env = {**os.environ, "KZT_TODAY": "2026-10-08", "KZT_USER": "tjj"}
    typed = subprocess.run([os.fsencode(sys.executable), b"-m", b"kaizhou_targets", b"-f", os.fsencode(hostile),
                            b"record", b"port-throughput", b"160", b"--as-of", b"2026-06-30", b"--note", b"abc\xff"],
                           capture_output=True, env=env, timeout=120, check=False)
    assert typed.returncode == 2
    message = typed.stderr.decode("utf-8")
    assert "参数“abc\\xff”含有不是 UTF-8 的字节（\\xff）" in message and "Traceback" not in message
    env_bytes = {os.fsencode(k): os.fsencode(v) for k, v in env.items()} | {b"KZT_USER": b"tjj\xfe"}
    user = subprocess.run([os.fsencode(sys.executable), b"-m", b"kaizhou_targets", b"-f", os.fsencode(hostile),
                           b"record", b"port-throughput", b"160", b"--as-of", b"2026-06-30"],
                          capture_output=True, env=env_bytes, timeout=120, check=False)
    assert user.returncode == 2
    assert "环境变量 KZT_USER（“tjj\\xfe”）含有不是 UTF-8 的字节（\\xfe）" in user.stderr.decode("utf-8")
    assert snapshot(hostile.parent) == before


def test_the_escaping_function_itself() -> None:
    assert shown("规上工业增加值增长 5.6%") == "规上工业增加值增长 5.6%"
    assert shown("a\x1b[2Jb\x07\r\n\t\x7f\x9b") == "a\\x1b[2Jb\\x07\\r\\n\\t\\x7f\\x9b"
    assert shown("\u202eabc\u2066") == "\\u202eabc\\u2066"
    assert shown("x\udcff") == "x\\xff"
    assert shown("全角　空格") == "全角　空格"  # an ideographic space is text
