"""No user-facing word outside the catalogue.

Under the pseudo-locale KZT_LANG=qps every message that went through the
catalogue is marked ⟦…⟧; an English word left outside the marks was never
translated. Ledger data (ids, names, units, paths, dates, numbers) is
taken out first: it is the user's, not ours. The converse: `--lang en`
prints no Chinese but the ledger's own words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.cli import cli

from .conftest import invoke

MARKED = re.compile(r"⟦[^⟦⟧]*⟧", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]+")
FILES = "x.csv"

SESSION: list[list[str]] = [
    ["--help"],
    *[[name, "--help"] for name in sorted(cli.commands)],
    ["record", "就业", "5600", "--as-of", "1-9月", "--note", "九月快报"],
    ["record", "就业", "5650", "--as-of", "1-9月"],
    ["record", "港口", "180万吨", "--as-of", "1-9月"],
    ["record", "gdp-growth", "5.1%", "--as-of", "Q3"],
    ["record", "forest-coverage", "56.0", "--as-of", "上半年"],
    ["record", "hanfeng-lake-resort", "完成", "--as-of", "9月"],
    ["status"],
    ["status", "--group-by", "owner", "--only", "红,黄,绿"],
    ["targets", "--area", "生态"],
    ["show", "就业"],
    ["history", "就业"],
    ["report", "--format", "term"],
    ["report", "--format", "md"],
    ["report", "--format", "csv"],
    ["report", "--format", "txt"],
    ["check"],
    ["verify"],
    ["import", FILES, "--dry-run"],
    ["undo", "港口", "--yes"],
    ["set", "港口", "lead", "区交通运输委"],
    ["record", "就业", "abc"],
    ["record", "就业", "5600", "--as-of", "第二周"],
    ["status", "--only", "purple"],
    ["status", "--nonsense"],
    ["record", "不存在的指标", "1"],
    ["show", "贷款"],
    ["report", "-o", "周报.docx"],
    ["undo", "--yes"],
]


def ledger_words(ledger: Path, runner: CliRunner) -> list[str]:
    """Everything the ledger itself says, longest first (so a name goes before a piece of it)."""
    targets = json.loads(invoke(runner, "-f", str(ledger), "targets", "--json").stdout)
    import tomllib

    head = tomllib.loads(ledger.read_text(encoding="utf-8"))["ledger"]
    words = {str(ledger.parent), str(ledger), ledger.name, "kzt", str(head["name"]), str(head.get("region", ""))}
    for t in targets:
        words |= {str(t[k]) for k in ("id", "name", "area", "unit", "qualifier", "source", "lead", "note",
                                      "source_file", "baseline_source") if t.get(k)}
        words |= set(t.get("owners") or [])
    return sorted(words, key=len, reverse=True)


def run_session(runner: CliRunner, ledger: Path, *lang: str) -> list[tuple[list[str], str]]:
    (ledger.parent / FILES).write_text("指标,数值,数据期,备注\n就业,5700,1-9月,复核\n", encoding="utf-8")
    out = []
    for args in SESSION:
        path_args = [str(ledger.parent / a) if a == FILES else a for a in args]
        result = runner.invoke(cli, [*lang, "-f", str(ledger), *path_args], catch_exceptions=False)
        out.append((args, result.stdout + result.stderr))
    return out


def without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return text


def test_pseudo_locale_leaves_no_english_outside_the_catalogue(runner: CliRunner, ledger: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    words = ledger_words(ledger, runner)
    monkeypatch.setenv("KZT_LANG", "qps")
    leaks = {}
    for args, output in run_session(runner, ledger):
        assert "⟦" in output, args  # the pseudo-locale is in force
        plain = without(MARKED.sub(" ", output), words)
        # What a user types back (options, the program's name) and what is data rather than words.
        plain = re.sub(r"(?<![\w-])--?[a-z][a-z-]*", " ", plain)
        plain = re.sub(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?", " ", plain)
        found = [w for w in WORD.findall(plain) if w not in ALLOWED and w not in TYPED]
        if found:
            leaks[" ".join(args)] = sorted(set(found))
    assert not leaks, json.dumps(leaks, ensure_ascii=False, indent=1)


TYPED = {"abc", "purple", "nonsense"}  # what the session typed: quoted back, not ours to translate
# Words that are not language: file names, format names, the login name the tests run as, Nagios level
# names kept beside their Chinese for monitoring, the encoding a CSV was read in, and the figures' recorder.
ALLOWED = {"toml", "csv", "md", "html", "json", "txt", "utf", "sig", "gbk", "zh", "en", "CRITICAL", "WARNING",
           "UNKNOWN", "OK", "root", "KZT", "FILE", "USER", "LANG", "jq", "select", "superseded", "not", "docx",
           "cron", "mail", "office", "example", "org", "echo", "srv", "py", "cli", *cli.commands,
           "add", "list",  # the subcommands of `kzt year`
           # command names and the git command lines quoted in examples
           "git", "setup", "merge", "figures", "config", "driver",
           # format names a user types (--format, --notify-format)
           "term", "text", "xlsx", "wecom", "dingtalk", "feishu"}


def test_english_prints_no_chinese_but_the_ledgers_own_words(runner: CliRunner, ledger: Path) -> None:
    words = ledger_words(ledger, runner)
    leaks = {}
    for args, output in run_session(runner, ledger, "--lang", "en"):
        if "--help" in args:
            continue  # help examples quote the ledger's Chinese (kzt record 就业 …) on purpose
        # Besides the ledger: what was typed, and the Chinese words kzt accepts as input, which an
        # English message quotes as examples (periods such as 上半年, colours such as 红).
        typed = ["九月快报", "复核", "第二周", "不存在的指标", "贷款", "周报.docx", "区交通运输委", "红,黄,绿"]
        accepted = ["2026年9月", "1-9月", "三季度", "上半年", "全年", "昨天", "红", "黄", "绿", "灰", "万/亿"]
        plain = without(output, sorted(typed + accepted + words, key=len, reverse=True))
        found = CJK.findall(plain)
        if found:
            leaks[" ".join(args)] = sorted(set(found))
    assert not leaks, json.dumps(leaks, ensure_ascii=False, indent=1)


def test_click_speaks_the_chosen_language(runner: CliRunner) -> None:
    assert invoke(runner, "--version").stdout.startswith("kzt，版本 ")
    assert invoke(runner, "--lang", "en", "--version").stdout.startswith("kzt, version ")
    usage = runner.invoke(cli, ["status", "--bogus"])
    assert usage.exit_code == 2 and "用法：" in usage.stderr and "[选项]" in usage.stderr
    assert "没有选项 '--bogus'" in usage.stderr and "Usage" not in usage.stderr
    english = runner.invoke(cli, ["--lang", "en", "status", "--bogus"])
    assert "Usage: " in english.stderr and "[OPTIONS]" in english.stderr and "No such option" in english.stderr
    missing = runner.invoke(cli, ["show"])
    assert missing.exit_code == 2 and "缺少参数" in missing.stderr and "指标" in missing.stderr
    assert "选项：" in invoke(runner, "status", "--help").stdout
    assert "Show this message and exit." in invoke(runner, "--lang", "en", "status", "--help").stdout
    assert "显示本帮助并退出。" in invoke(runner, "status", "--help").stdout


def test_the_chinese_catalogue_translates_only_ascii_messages_so_chinese_ones_skip_it() -> None:
    # i18n._ returns a Chinese message as it is in zh without opening the catalogue: that is exact
    # only while the zh catalogue translates nothing but click's English.
    import gettext
    import subprocess
    import sys

    from kaizhou_targets.i18n import DOMAIN, LOCALE_DIR

    with open(LOCALE_DIR / "zh" / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    msgids = [key if isinstance(key, str) else key[0] for key in catalogue._catalog if key]  # type: ignore[attr-defined]
    assert len(msgids) > 50 and all(msgid.isascii() for msgid in msgids)
    probe = ("import kaizhou_targets.i18n as i18n; print(i18n._('未知时区')); print(i18n._catalogues == {}); "
             "print(i18n._('Show this message and exit.'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["未知时区", "True", "显示本帮助并退出。"]
