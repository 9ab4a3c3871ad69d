"""The layout of a government work report: its parts, headings, paragraphs, sentences and clauses.

A 政府工作报告 is written to one pattern: numbered parts (一、…回顾 / 二、“十五五”…目标任务 /
三、2026年工作安排), each with numbered headings ((一)… or （一）…), paragraphs of sentences
ending in 。, clauses between ，, and lists between 、. This module finds those pieces as
offsets into the text, so that whatever is read from them can be quoted back verbatim.

It only reads the text it is given: no files, and it never changes a character — every piece
is a (start, end) slice of the caller's string. Punctuation is recognised in both widths
（，and ,; ：and :; （）and ()), and nothing inside quotes or brackets (“…”, 《…》, (…)) splits a
clause or a list, so “迎老乡、回故乡、建家乡” stays one name.
"""

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

SectionKind = Literal["preamble", "review", "plan", "year", "other"]

# A numbered part: 一、 二、 … at the start of a line.
_PART = re.compile(r"[一二三四五六七八九十]+[、.．]")
# A numbered heading within a part: (一) （一） at the start of a line.
_HEADING = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
_LINE = re.compile(r"[^\n\r]+")
_YEAR = re.compile(r"(20\d\d)年")
# “十五五” → the 15th five-year plan. From the 3rd plan on (1966–1970) the plans follow one another
# every five years, so the n-th covers 1966 + 5(n − 3) to four years later.
_PLAN_NUMBER = re.compile(r"十([一二三四五六七八九])五")
_CHINESE_DIGITS = "一二三四五六七八九"

OPENERS = "“‘《（(「『【[〔"
CLOSERS = "”’》）)」』】]〕"
SENTENCE_ENDS = "。！？；!?;"
CLAUSE_ENDS = "，,：:"
DIGITS = "0123456789０１２３４５６７８９"


class Section(NamedTuple):
    """One numbered part of the report, from its heading line to the next part."""

    kind: SectionKind
    heading: str  # the heading line as written, e.g. "一、“十四五”时期和2025年工作回顾"
    start: int
    end: int


class Paragraph(NamedTuple):
    """One line of a part's body. `heading` is the numbered heading it stands under
    ("(一)坚定不移推进区域协同发展，着力增强战略引领"), "" before a part's first heading."""

    section: Section
    heading: str
    start: int
    end: int


def classify_part(heading: str) -> SectionKind:
    """What a part heading announces: the review of past work, the five-year plan's goals,
    or the year's work (the targets); anything else (政府自身建设 …) is "other"."""
    if any(word in heading for word in ("回顾", "总结", "过去")):
        return "review"
    if _PLAN_NUMBER.search(heading) or "规划" in heading or "五年" in heading:
        return "plan"
    if any(word in heading for word in ("工作安排", "工作任务", "主要任务", "重点工作", "工作建议")):
        return "year"
    return "other"


def _lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Non-blank lines of text[start:end], trimmed of surrounding white space."""
    for match in _LINE.finditer(text, start, len(text) if end is None else end):
        a, b = trim(text, match.start(), match.end())
        if a < b:
            yield a, b


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink (start, end) past white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sections(text: str) -> tuple[Section, ...]:
    """The report's numbered parts, with whatever precedes the first as the preamble."""
    heads = [(a, b) for a, b in _lines(text) if _PART.match(text, a)]
    found: list[Section] = []
    first = heads[0][0] if heads else len(text)
    if first > 0:
        found.append(Section("preamble", "", 0, first))
    for i, (a, b) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        found.append(Section(classify_part(text[a:b]), text[a:b], a, end))
    return tuple(found)


def report_year(text: str, parts: tuple[Section, ...]) -> int | None:
    """The year the report plans: named in its year part's heading (三、2026年工作安排), else in
    the title (2026年…政府工作报告) or the line of the session that adopts it (——2026年2月4日在…
    会议上). None when the report names none of them."""
    for part in parts:
        if part.kind == "year" and (match := _YEAR.search(part.heading)):
            return int(match.group(1))
    for a, b in list(_lines(text))[:5]:
        line = text[a:b]
        if any(word in line for word in ("报告", "会议", "大会")) and (match := _YEAR.search(line)):
            return int(match.group(1))
    return None


def plan_span(heading: str) -> tuple[int, int] | None:
    """The years of the five-year plan a part heading names: “十五五” → (2026, 2030)."""
    match = _PLAN_NUMBER.search(heading)
    if not match:
        return None
    number = 10 + _CHINESE_DIGITS.index(match.group(1)) + 1
    first = 1966 + 5 * (number - 3)
    return first, first + 4


def paragraphs(text: str, part: Section) -> Iterator[Paragraph]:
    """The body lines of a part, each with the numbered heading it stands under. A heading that
    runs on into its paragraph ("(一)推动高质量发展积厚成势、跨越突破。加快构建…") ends at its 。;
    the rest of the line is a paragraph under it."""
    heading = ""
    for a, b in _lines(text, part.start, part.end):
        if a == part.start:
            continue  # the part's own heading line
        if _HEADING.match(text, a):
            stop = text.find("。", a, b)
            heading = text[a:stop if stop >= 0 else b]
            if stop < 0:
                continue
            a, b = trim(text, stop + 1, b)
            if a >= b:
                continue
        yield Paragraph(part, heading, a, b)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end], split after 。！？；. Quotes do not protect a sentence end:
    an unclosed quote then spoils one sentence, not the rest of the paragraph."""
    found: list[tuple[int, int]] = []
    a = start
    for i in range(start, end):
        if text[i] in SENTENCE_ENDS:
            found.append(trim(text, a, i))
            a = i + 1
    found.append(trim(text, a, end))
    return [(x, y) for x, y in found if x < y]


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1] in DIGITS and text[i + 1] in DIGITS


def split(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """text[start:end] cut at the separators that stand outside quotes and brackets, and not
    between two digits (1.8:1, 5,600). Separators themselves belong to no piece."""
    found: list[tuple[int, int]] = []
    depth = 0
    a = start
    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = depth - 1 if depth else 1
        elif depth == 0 and ch in separators and not _between_digits(text, i):
            found.append(trim(text, a, i))
            a = i + 1
    found.append(trim(text, a, end))
    return [(x, y) for x, y in found if x < y]


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a sentence, between ，and ：(either width)."""
    return split(text, start, end, CLAUSE_ENDS)


def depth_at(text: str, start: int, position: int) -> int:
    """How many quotes or brackets are open at `position`, counting from `start`."""
    depth = 0
    for ch in text[start:position]:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = depth - 1 if depth else 1
    return depth


def outside_quotes(text: str, c: int, d: int, word: str) -> int | None:
    """Where `word` first stands in text[c:d] outside quotes and brackets; None if nowhere."""
    position = text.find(word, c, d)
    while position >= 0:
        if depth_at(text, c, position) == 0:
            return position
        position = text.find(word, position + 1, d)
    return None


def _split_at_and(name: str) -> list[str]:
    """A name cut at its 和 (outside quotes), except the 和 of a word: 和美乡村, 和谐, 和平."""
    cuts = [i for i, ch in enumerate(name) if ch == "和" and depth_at(name, 0, i) == 0
            and not name.startswith(("和美", "和谐", "和平", "和睦"), i)]
    pieces = [name[a + 1 if a >= 0 else 0:b] for a, b in zip([-1, *cuts], [*cuts, len(name)], strict=True)]
    return [p for p in pieces if p]


def split_names(head: str) -> list[str]:
    """The names of a list: 粮食播面和产量 → [粮食播面, 产量]; 科技金融、普惠金融、绿色金融贷款余额
    → three. A 和 joins the last two names of a list (A、B和C), or the two of a pair."""
    names = [head[a:b] for a, b in split(head, 0, len(head), "、")]
    return [*names[:-1], *_split_at_and(names[-1])] if names else []
