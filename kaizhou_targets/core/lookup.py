"""Find a target by its id or a piece of its Chinese name."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from ..i18n import _
from .errors import InputError
from .model import Target


@lru_cache(maxsize=8192)  # an import looks up every distinct 指标 against every target's name
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def matching_targets(query: str, targets: Sequence[Target]) -> list[Target]:
    """Exact id or name first; otherwise every target whose name contains the
    query or one of whose id's words starts with it."""
    q = _fold(query)
    if not q:
        return []
    exact = [t for t in targets if t.id == q or _fold(t.name) == q]
    if exact:
        return exact
    # An id matches from the start of one of its words (port → port-throughput,
    # not export-…), so that "employment" does not find "unemployment".
    return [t for t in targets if f"-{q}" in f"-{t.id}" or q in _fold(t.name)]


def suggestions(query: str, targets: Sequence[Target], limit: int = 3) -> list[Target]:
    import difflib  # only when suggesting: a few ms every run otherwise

    q = _fold(query)
    by_key = {t.id: t for t in targets} | {_fold(t.name): t for t in targets}
    close = difflib.get_close_matches(q, list(by_key), n=limit * 2, cutoff=0.5)
    if not close:
        # A piece of a Chinese name shares characters rather than spelling:
        # the longest run in common first (就业 in 城镇新增就业), then how many.
        def shared(t: Target) -> tuple[int, int]:
            match = difflib.SequenceMatcher(None, q, t.name).find_longest_match()
            return (-match.size, -len(set(q) & set(t.name)))

        scored = sorted(targets, key=shared)
        close = [t.id for t in scored[:limit] if set(q) & set(t.name)]
    found: list[Target] = []
    for key in close:
        target = by_key[key]
        if target not in found:
            found.append(target)
    return found[:limit]


def find_target(query: str, targets: Sequence[Target]) -> Target:
    """The one target `query` names, or an InputError that helps choose."""
    for ch in query:
        if unicodedata.category(ch) in ("Cf", "Cc"):
            raise InputError(
                _("指标“{query}”含有不可见字符 U+{code}。请重新输入；`kzt targets` 列出所有编号。").format(
                    query=query, code=f"{ord(ch):04X}")
            )
    found = matching_targets(query, targets)
    if len(found) == 1:
        return found[0]
    if found:
        listing = "\n".join(f"  {t.id:<34} {t.name}" for t in found[:15])
        more = "\n  " + _("……另有 {count} 个").format(count=len(found) - 15) if len(found) > 15 else ""
        raise InputError(
            _("“{query}”匹配 {count} 个指标；请给出编号，或名称中更长的一段：").format(query=query, count=len(found))
            + f"\n{listing}{more}"
        )
    near = suggestions(query, targets)
    hint = ""
    if near:
        hint = _("您是不是要找 {choices}？").format(choices=_("，或 ").join(f"{t.id}（{t.name}）" for t in near))
    raise InputError(_("没有与“{query}”匹配的指标。{hint}`kzt targets` 列出全部指标。").format(query=query, hint=hint))
