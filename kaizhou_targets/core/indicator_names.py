"""Matching an indicator's name across reports, the ledger and the 统计局's sheets, and finding a
pasted phrase in a report.

Two questions, kept apart because they need different strictness:

- **Is this phrase in the report?** (`find_phrase`, `phrase_occurs`.) A phrase pasted from a
  report or typed by a person matches the report where the two differ ONLY in width and spacing:
  a full-width and an ASCII comma match (，/,), so do （）and (), ：and :, ５ and 5, Ⅲ and III, and
  any white space is ignored. Nothing else is forgiven: 、 is not ，, “ is not ", and a digit never
  matches another digit — nor does a match start or end inside a number (5.5% is not found in
  15.5%, 730 not in 7300). `find_phrase` returns the span of the report it matched, so a caller
  can quote the report; what the user typed is theirs to store byte for byte — this module
  never hands back a normalised phrase to be stored.

- **Which indicator of the ledger is this name?** (`name_key`, `similarity`, `match_name`.) A name
  read from a new report (规模以上工业增加值增长) or a sheet (社会消费品零售总额) is compared with each
  candidate's name and the phrasing of its earlier sources, through a key that ignores width,
  spacing and punctuation and reads a few real abbreviations as their full form (规上 →
  规模以上, 社零 → 社会消费品零售总额, 新增就业 → 城镇新增就业, 固投 → 固定资产投资, GDP →
  地区生产总值). Every candidate gets a score in [0, 1]; `match_name` says "matched" only for
  one clear winner and otherwise "ambiguous" or "unmatched" with the candidates — it never
  picks between close ones.

Pure functions of strings: no files, no ledger, no terminal.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal, NamedTuple

# ── phrases: width and spacing only ───────────────────────────────────────────────────────────


def fold_char(ch: str) -> str:
    """One character with its width difference removed: full-width and half-width forms become
    their ordinary form (，→ , ５ → 5 ％ → %), a Roman numeral its letters (Ⅲ → III), white
    space nothing. Every other character is itself."""
    if ch.isspace():
        return ""
    if unicodedata.decomposition(ch).startswith(("<wide>", "<narrow>")) or 0x2160 <= ord(ch) <= 0x217F:
        return unicodedata.normalize("NFKC", ch)
    return ch


def fold(text: str) -> str:
    """The text with width and spacing differences removed (see `fold_char`)."""
    return "".join(fold_char(ch) for ch in text)


class PhraseMatch(NamedTuple):
    """Where a phrase was found: `text` is the report's own characters, `report[start:end]`."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=8)
def _folded_with_origins(text: str) -> tuple[str, tuple[int, ...]]:
    # Cached: `kzt verify` looks for every phrase of a ledger in the same report.
    chars: list[str] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        chars.append(folded)
        origins.extend([i] * len(folded))
    return "".join(chars), tuple(origins)


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _cuts_a_number(folded: str, at: int) -> bool:
    """Whether a match edge at `at` would split a run of ASCII letters and digits (730|0, I|II)
    or a decimal number (1|.5, 1.|5)."""
    if at <= 0 or at >= len(folded):
        return False
    left, right = folded[at - 1], folded[at]
    if _word(left) and _word(right):
        return True
    if right == "." and left.isdigit() and at + 1 < len(folded) and folded[at + 1].isdigit():
        return True
    return left == "." and right.isdigit() and at >= 2 and folded[at - 2].isdigit()


def find_phrase(phrase: str, text: str) -> PhraseMatch | None:
    """The first place `phrase` occurs in `text`, ignoring only width and spacing; None if it
    does not occur (an empty or all-blank phrase occurs nowhere)."""
    wanted = fold(phrase)
    if not wanted:
        return None
    folded, origins = _folded_with_origins(text)
    at = folded.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        aligned = (at == 0 or origins[at - 1] != origins[at]) and \
            (end == len(folded) or origins[end] != origins[end - 1])
        if aligned and not _cuts_a_number(folded, at) and not _cuts_a_number(folded, end):
            start, stop = origins[at], origins[end - 1] + 1
            return PhraseMatch(start, stop, text[start:stop])
        at = folded.find(wanted, at + 1)
    return None


def phrase_occurs(phrase: str, text: str) -> bool:
    """Whether `phrase` occurs in `text`, ignoring only width and spacing."""
    return find_phrase(phrase, text) is not None


def same_phrase(a: str, b: str) -> bool:
    """Whether two phrases differ only in width and spacing."""
    return fold(a) == fold(b)


# ── names: keys, synonyms, scores ─────────────────────────────────────────────────────────────

# (full form, abbreviations): real abbreviations of the 统计局's and the reports' indicator names.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("规模以上", ("规上",)),
    ("社会消费品零售总额", ("社会消费品零售额", "社会消费品零售", "社零总额", "社零额", "社零")),
    ("城镇新增就业", ("新增就业",)),
    ("固定资产投资", ("固投",)),
    ("地区生产总值", ("gdp",)),
    ("一般公共预算收入", ("一般预算收入",)),
    ("研发经费投入强度", ("研发投入强度", "r&d经费投入强度")),
    ("增长", ("增速",)),
)
_ALIASES = sorted(((alias, full) for full, aliases in SYNONYMS for alias in (full, *aliases)),
                  key=lambda pair: len(pair[0]), reverse=True)


def _canonical(key: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(key):
        for alias, full in _ALIASES:
            if key.startswith(alias, i):
                out.append(full)
                i += len(alias)
                break
        else:
            out.append(key[i])
            i += 1
    return "".join(out)


def name_key(name: str) -> str:
    """The key two names of one indicator share: width, spacing, case and punctuation ignored
    (“开州金厨”授权店 = 开州金厨授权店), abbreviations read in full (规上工业增加值增长 =
    规模以上工业增加值增长)."""
    folded = fold(name).lower()
    kept = "".join(ch for ch in folded if not unicodedata.category(ch).startswith("P"))
    return _canonical(kept)


# What a source phrase says around an indicator's name: its figure, unit and bound, and the
# verbs of striving and holding (力争港口货物吞吐量突破300万吨 → 港口货物吞吐量).
_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?::1)?(?:万亿|千亿|百亿|亿|千万|百万|万|千)?"
                     r"(?:个百分点|万人次|人次|平方公里|平方米|公里|万亩次|亩次|亩|元|吨|标箱|人|个|家|户|项|名|座|所|件|天"
                     r"|条|次|倍|类|%)?(?:及以上|以上|以内|以下|左右)?")
_ROMAN = re.compile(r"(?<![A-Za-z])(?:III|II|IV|VI|V|I)类")
_FRAME_WORDS = ("力争", "确保", "推动", "全年", "高质量", "实施", "完成", "成功")
_VERB_ENDS = ("分别", "稳定保持", "稳定在", "保持", "控制在", "突破", "超过", "达到", "提升至", "提高至", "升至",
              "缩小至", "超", "达", "净增", "再上")


def phrase_stem(phrase: str) -> str:
    """A source phrase reduced to the indicator's name it states, as a key: figures, units,
    bounds and the verbs around them removed."""
    key = name_key(_FIGURE.sub("", _ROMAN.sub("", fold(phrase))))
    changed = True
    while changed:
        changed = False
        for word in _FRAME_WORDS:
            if key.startswith(word) and len(key) > len(word) + 1:
                key, changed = key[len(word):], True
        for word in _VERB_ENDS:
            if key.endswith(word) and len(key) > len(word) + 1:
                key, changed = key[:-len(word)], True
    return key


def _within(short: str, long: str) -> bool:
    """Whether the characters of `short` appear in `long` in order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _bigrams(key: str) -> Counter[str]:
    return Counter(key[i:i + 2] for i in range(len(key) - 1)) if len(key) > 1 else Counter(key)


_GROWTH = ("同比增长", "年均增长", "增长")


def similarity(a: str, b: str) -> float:
    """How alike two keys are, in [0, 1]: 1 equal; 0.95 equal but for a trailing 增长 (a sheet's
    社会消费品零售总额 against the target 社会消费品零售总额增长); 0.6–0.95 one inside the other, by how
    much of the longer it covers (a little less where its characters only appear in order, with
others between: 港口吞吐量 in 港口货物吞吐量); otherwise the share of two-character pieces they have in common,
    at most 0.85."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    core_a, core_b = (k.removesuffix(next((g for g in _GROWTH if k.endswith(g)), "")) for k in (a, b))
    if core_a and core_a == core_b:
        return 0.95
    short, long = sorted((a, b), key=len)
    if short in long:
        return 0.6 + 0.35 * len(short) / len(long)
    if len(short) >= 3 and _within(short, long):
        return 0.6 + 0.3 * len(short) / len(long)  # 港口吞吐量 in 港口货物吞吐量
    x, y = _bigrams(a), _bigrams(b)
    common = sum((x & y).values())
    return 0.85 * 2 * common / (sum(x.values()) + sum(y.values()))


class Candidate(NamedTuple):
    """One indicator a name may be: its id, and the names it is known by — the ledger's name
    first, then the phrases of its sources (this year's, earlier years')."""

    id: str
    names: tuple[str, ...]


class Scored(NamedTuple):
    id: str
    score: float
    via: str  # the candidate's name or phrase that scored best


class NameMatch(NamedTuple):
    """The verdict on one name. `status` is "matched" (one candidate clearly best, `best`),
    "ambiguous" (several about as good: a person chooses among `candidates`) or "unmatched"
    (none good enough; `candidates` are the nearest, for a "did you mean")."""

    status: Literal["matched", "ambiguous", "unmatched"]
    best: Scored | None
    candidates: tuple[Scored, ...]


def score(name: str, candidate: Candidate) -> Scored:
    """The best similarity of `name` to any of the candidate's names (by key) or phrases (by stem)."""
    key = name_key(name)
    stem = phrase_stem(name)
    best = Scored(candidate.id, 0.0, "")
    for i, known in enumerate(candidate.names):
        value = similarity(key, name_key(known)) if i == 0 else 0.0
        value = max(value, similarity(stem, phrase_stem(known)))
        if value > best.score:
            best = Scored(candidate.id, round(value, 4), known)
    return best


def match_name(name: str, candidates: Iterable[Candidate], accept: float = 0.8, margin: float = 0.08,
               near: float = 0.5) -> NameMatch:
    """Match `name` against the candidates. Matched only when the best scores at least `accept`
    and every other at least `margin` less; ambiguous when another comes that close; otherwise
    unmatched. The candidates scoring `near` or more come back best first either way. Pass only
    candidates that could take the name (this year's targets, say, not the plan's): the scorer
    reads names, not kinds."""
    scored = sorted((s for s in (score(name, c) for c in candidates) if s.score >= near),
                    key=lambda s: (-s.score, s.id))
    if not scored or scored[0].score < accept:
        return NameMatch("unmatched", None, tuple(scored))
    if len(scored) > 1 and scored[1].score > scored[0].score - margin:
        return NameMatch("ambiguous", None, tuple(scored))
    return NameMatch("matched", scored[0], tuple(scored))
