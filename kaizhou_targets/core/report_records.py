"""The records the report reader returns (report_reader.py): plain typed tuples, no behaviour."""

from typing import Literal, NamedTuple

from .report_layout import Section

Kind = Literal["growth", "cumulative", "level", "floor", "ceiling", "milestone", "relative"]
Direction = Literal["up", "down"]
CommitmentType = Literal["result", "step", ""]


class Commitment(NamedTuple):
    """One target the report sets, as read. `phrase == text[start:end]`, verbatim.

    `target` is the figure to reach, in `unit` as the report writes it (7300 人, 2.7 万亩,
    1.8 :1); None where the report states an increase (`increase`: 净增2.5万元), a number of
    steps (`steps` × `step`: 再上3个百亿台阶 → 3 × 100 亿元), or no figure (milestones,
    relative targets). `period` is the report's year ("2026") or the plan's span
    ("2026-2030"). `needs_review` names the fields a person must fill or check: "name" (two
    figures for one name: 城乡…分别保持100%、92%; or no name before the figure), "unit" (a unit
    this reader does not know), "target" (a range, 5%—6%; or a figure the report leaves to the
    city: 完成市上下达目标), "period" (the report names no year). Empty: read completely."""

    name: str
    kind: Kind
    direction: Direction
    target: float | None
    unit: str
    qualifier: str
    period: str
    phrase: str
    start: int
    end: int
    heading: str                       # "(一)坚定不移推进区域协同发展…", or "主要预期目标"
    section: Literal["year", "plan"]
    increase: float | None = None
    steps: int | None = None
    step: float | None = None
    commitment: CommitmentType = ""    # milestones: "result" or "step"
    relative_to: str = ""              # a relative target: the indicator it follows (经济增长)
    needs_review: tuple[str, ...] = ()


class Baseline(NamedTuple):
    """A figure of the review: a result, useful as a target's baseline. `period` is the year
    reviewed ("2025") or the past plan's span ("2021-2025") for the five-year review."""

    name: str
    value: float
    unit: str
    qualifier: str
    period: str
    phrase: str
    start: int
    end: int
    heading: str


class Reading(NamedTuple):
    """What `read_report` found: the report's year (None when it names none), its parts,
    the commitments of its year and plan parts, and the figures of its review."""

    year: int | None
    sections: tuple[Section, ...]
    commitments: tuple[Commitment, ...]
    baselines: tuple[Baseline, ...]
