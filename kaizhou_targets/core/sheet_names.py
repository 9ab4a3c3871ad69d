"""Which target an indicator named in a statistics sheet is: the 统计局 writes full names
(规模以上工业增加值, 社会消费品零售总额), the ledger the report's short ones (规上工业增加值增长).

A name matches a target when both read the same once normalised: width, spaces, numbering
(一、 1. 其中：), brackets and quotes aside, the synonyms of SYNONYMS folded to one form, and a
trailing 增长/增速 dropped (a wide sheet gives the growth in a column of its own). A target is
known by its name and by the report's own words for it, its `source` and `baseline_source`
phrases without their figures. Only an exact match counts: nothing is guessed, and a name that
matches nothing, or two targets of the same kind, is left for the person to settle.

The interface (`indicator_key`, `IndicatorNames.named`) is small on purpose: a fuller name matcher can
take its place without the sheet readers changing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .model import Target

# Each pair: the long form the 统计局 writes → the short form the report uses. Applied to both sides.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("规模以上", "规上"),
    ("社会消费品零售总额", "社零"),
    ("城镇新增就业", "新增就业"),
)
_NUMBERING = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]{1,3}[)）.、．]|[#＃*]+|其中[:：]?|[:：])+")
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_QUOTES = re.compile(r"[“”\"'‘’《》「」<>·・]")
_TRAILING = ("增长", "增速", "增幅")
# A source phrase without its figure: "城镇新增就业7300人" → "城镇新增就业"; the verbs before the figure go too.
_FIGURE = re.compile(r"[0-9０-９.．]+.*$")
_VERBS = ("提高至", "提高到", "提升至", "达到", "突破", "稳定在", "控制在", "保持在", "超过", "力争", "左右", "实现",
          "分别")


def indicator_key(name: str) -> str:
    """The form two names of one indicator share: '（一）规模以上工业增加值增长（%）' → '规上工业增加值'."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(text.split())
    text = _NUMBERING.sub("", text)
    text = _QUOTES.sub("", _BRACKETED.sub("", text))
    for long, short in SYNONYMS:
        text = text.replace(long, short)
    for suffix in _TRAILING:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text.lower()


def _source_name(phrase: str) -> str:
    name = _FIGURE.sub("", unicodedata.normalize("NFKC", phrase)).strip()
    changed = True
    while changed:
        changed = False
        for verb in _VERBS:
            if name.endswith(verb):
                name, changed = name[: -len(verb)], True
    return name


def source_keys(target: Target) -> set[str]:
    """The keys of the target's source phrases without their figures."""
    keys = set()
    for phrase in (target.source, target.baseline_source):
        name = _source_name(phrase) if phrase else ""
        if len(name) >= 2:
            keys.add(indicator_key(name))
    keys.discard("")
    return keys


class IndicatorNames:
    """The ledger's targets by every key they are known by (built once per import)."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.by_key: dict[str, list[Target]] = {}
        for target in targets:
            self.by_key.setdefault(indicator_key(target.name), []).append(target)
            if target not in self.by_key.setdefault(target.id.lower(), []):  # a sheet may give the id itself
                self.by_key[target.id.lower()].append(target)
        # A phrase that names several targets (“科技金融、普惠金融、绿色金融贷款余额”) names none of them.
        from_sources: dict[str, list[Target]] = {}
        for target in targets:
            for key in source_keys(target):
                from_sources.setdefault(key, []).append(target)
        for key, named in from_sources.items():
            if len(named) == 1 and named[0] not in self.by_key.setdefault(key, []):
                self.by_key[key].append(named[0])
        self.by_key.pop("", None)

    def named(self, name: str) -> list[Target]:
        """The targets a sheet's indicator name is, in the ledger's order: none, one, or (a total and its
        growth, say) several. Exact matches of the keys only."""
        return list(self.by_key.get(indicator_key(name), []))
