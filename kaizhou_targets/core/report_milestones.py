"""Milestones: the commitments of a report that set no figure, and what they commit to.

A clause such as 力争创成汉丰湖国家级旅游度假区 or 推进汉丰湖国家水上国民休闲运动中心、水乐园建成投运
names a result one can mark done (建成/创成/投用/完成/开工/组建/启动 …): commitment "result", one
milestone for each thing of a list (创成A、B; A、B建成投运). A clause that only promises to push
(推动/打造/加快建设/推进 …) is a milestone of commitment "step" — and only where it leads to a thing
one can point at when it is done (…度假区, …中心, …试点, “中国崖柏之乡”); 推动高质量发展取得新突破
is no milestone. Lists of modifiers (重点行业、重点场所、重点部位隐患排查整治) stay one.

Called by report_reader.py on clauses without figures; pure: offsets into the caller's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import report_layout as layout
from .report_records import Commitment, CommitmentType

RESULT = re.compile(
    r"建成投用|建成投运|建成开放|建成(?![区率])|创成|投用|投运|投产|完成(?!率)|开工|挂牌成立|成立|上线运行|上线"
    r"|组建|启动|制定|出台|编制|建立|引进|开展|通车|开通|竣工|开街|开馆|揭牌|获批|纳入|落户|新建|实质化运营"
    r"|全覆盖|零突破|清零|如期实现|迈入|成为|居[^，,、]{0,6}前列|走在[^，,、]{0,8}前列")
STEP_VERBS = ("加快建设", "加快打造", "加快推进", "提速推进", "高效推进", "全力打造", "全力争取", "推动", "推进",
              "打造", "共建", "促进", "争创", "创建", "争取")
MILESTONE_ADVERBS = ("力争", "确保", "全力", "持续", "积极", "大力", "着力", "稳步", "有序", "切实", "扎实",
                     "深入", "系统", "圆满", "主动", "一体", "全面", "高质量", "高标准", "常态化", "进一步",
                     "成功", "努力", "联合", "率先", "逐步", "实质性")
# What a promised step leads to: a place, an institution, a project, a title (打造…度假区).
STEP_OBJECTS = re.compile(
    r"(区|园|馆|中心|基地|平台|项目|工程|机制|体系|规划|试点|评级|申报|修缮|之乡|之城|之都|名片|高地|样板|联盟"
    r"|基金|场景|站|城|院|校|事项|任务|集群|产业带|走廊|枢纽|公司|集团|港|圈|铁路|高速|机场|隧道|大桥|县|镇|村|网络"
    r"|“[^”]+”)$")
_CLOSING = "”’》）)」』】]"


def _strip_adverbs(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in MILESTONE_ADVERBS:
            if text.startswith(word) and len(text) > len(word) + 1:
                text, changed = text[len(word):], True
    return text


def _milestone_qualifier(strive: bool, clause: str) -> str:
    if strive:
        return "力争"
    return next((w for w in ("全力争取", "争创") if clause.startswith(w)), "")


def milestones_of(text: str, c: int, d: int, strive: bool, base: dict, needs: tuple[str, ...]) -> Iterator[Commitment]:
    """A clause without figures: a milestone if it names a result or a step towards a thing."""
    clause = text[c:d]
    if len(clause) < 4:
        return
    qualifier = _milestone_qualifier(strive, clause)
    body = _strip_adverbs(clause)
    # A result stated at the start (创成A、B), or at the end of a list (A、B建成投运), or anywhere.
    result = RESULT.search(body)
    step = next((v for v in STEP_VERBS if body.startswith(v)), "")
    if result is None and not step:
        return
    listed = "等" not in body and layout.outside_quotes(body, 0, len(body), "、") is not None
    flags = tuple(needs)

    def make(name: str, kind_of: CommitmentType, start: int = c, end: int = d) -> Commitment:
        return Commitment(name, "milestone", "up", None, "", qualifier, phrase=text[start:end], start=start,
                          end=end, commitment=kind_of, needs_review=flags, **base)

    if result is not None and result.start() == 0:
        verb = result.group()
        pieces = layout.split(text, c, d, "、")
        objects = [text[a:b] for a, b in pieces]
        objects[0] = _strip_adverbs(objects[0])[len(verb):]
        objects = objects[:-1] + (layout.split_names(objects[-1]) if "和" in objects[-1] else [objects[-1]])
        # 创成A、B: one milestone each — where each is a thing (开展重点行业、重点场所…整治 is one).
        if listed and all(_is_thing(obj) for obj in objects):
            for i, obj in enumerate(objects):
                a, b = pieces[min(i, len(pieces) - 1)]
                yield make(verb + obj, "result", a, b)
            return
        yield make(body, "result")
        return
    if result is not None:
        lead = next((v for v in ("一体推动", "推动", "推进", "促进") if body.startswith(v)), "")
        subject = body[len(lead):]
        verb_at = RESULT.search(subject)
        assert verb_at is not None
        subjects = [subject[x:y] for x, y in layout.split(subject, 0, verb_at.start(), "、")]
        one_tail = layout.outside_quotes(subject, verb_at.start(), len(subject), "、") is None
        # 首创性、差别化改革成果…: a list of qualities of one thing, not of things.
        if listed and len(subjects) > 1 and one_tail and not any(s.endswith(("性", "化", "型", "式"))
                                                                  for s in subjects[:-1]):
            at = verb_at.start()
            at -= 1 if at and subject[at - 1] in layout.OPENERS else 0
            at -= 2 if subject[:at].endswith("实现") else 0   # 口岸功能实现“零突破”
            tail = subject[at:]
            for a, b in layout.split(subject, 0, at, "、"):
                yield make(subject[a:b] + tail, "result")
            return
        yield make(subject if lead else body, "result")
        return
    # Only a step: kept where it leads to a thing (an area, a centre, a project, a title).
    pieces = layout.split(text, c, d, "、")
    if listed and _is_thing(text[pieces[-1][0]:pieces[-1][1]]):
        for i, (a, b) in enumerate(pieces):
            piece = _strip_adverbs(text[a:b]) if i == 0 else step + text[a:b]
            if _is_thing(piece) and len(piece) - len(step) >= 4:
                yield make(piece, "step", a, b)
        return
    if _is_thing(body) and len(body) - len(step) >= 4:
        yield make(body, "step")


def _is_thing(words: str) -> bool:
    """Whether words end in a thing one can point at when it is done: a place, an institution,
    a project, a title (…度假区, …中心, …试点, “中国崖柏之乡”)."""
    return bool(STEP_OBJECTS.search(words.rstrip(_CLOSING)))
