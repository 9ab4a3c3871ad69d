"""Proposing a new year's targets from its report (`kzt year add 2027 --source REPORT`).

Given the ledger and the reading of the new year's report (report_reader.read_report), each
recurring indicator of the year before (is_recurring: the annual quantities) is looked for among
the report's commitments by its name and by the phrasing of its sources in every earlier year
(indicator_names.match_name: 规模以上 = 规上, 新增就业 = 城镇新增就业). What comes back:

- a `Proposal` for each indicator the report sets again: the number read, in the indicator's own
  unit (0.75万人 → 7500 人), the qualifier, the phrase verbatim, and — where the report's review
  states last year's result for it — that result offered as the year's baseline, with its
  phrase. A proposal is `ready` (a person may accept it as it is) only when nothing about it is in
  doubt; otherwise its `problems` name what a person must look at (codes, worded by the caller):
  "kind" (the report reads as another kind of target than the indicator is: 达到57% for a floor
  稳定在56.5%以上), "direction", "unit" (a unit that does not convert: % against 个百分点),
  "unread" (the reader could not read it fully: its `needs_review`), "conflict" (the report gives
  the indicator two different figures), "shape" (a figure a year's terms cannot hold: 再上N个台阶);
- `unsure`: commitments that could be several indicators (a person chooses; never picked here);
- `new`: commitments no indicator of the ledger stands for (a new target, milestone or goal);
- `silent`: recurring indicators the new report no longer mentions (their year stays empty).

The review of last year (一、…工作回顾) never gives a target: the reader keeps its figures apart
as baselines, and only those of the year just gone are offered, as baselines. Pure: records in,
records out; nothing is written here (storage/ledger_years.py writes what a person accepts).
"""

from typing import NamedTuple

from .indicator_names import Candidate, match_name, name_key
from .model import Ledger, Target
from .plan_years import declared_years, is_recurring, targets_of_year
from .report_records import Baseline, Commitment, Reading
from .units import PERCENT, RATIO, split_unit

# Kinds whose baseline is last year's level or total; a growth rate's "baseline" (last year's
# rate) is no base to measure this year's rate from.
BASELINE_KINDS = frozenset({"cumulative", "level", "floor", "ceiling"})


class Proposal(NamedTuple):
    """One recurring indicator's terms for the new year, as the new report states them."""

    last: Target               # the indicator as the year before set it (its target, unit, source)
    read: Commitment           # the commitment of the new report it was matched with
    target: float | None       # in the indicator's unit; None for an increase or a relative target
    increase: float | None
    baseline: Baseline | None  # last year's result from the review, offered as this year's baseline
    baseline_value: float | None  # … in the indicator's unit
    problems: tuple[str, ...] = ()
    others: tuple[Commitment, ...] = ()  # further commitments matched with the indicator (a conflict)

    @property
    def id(self) -> str:
        return self.last.id

    @property
    def ready(self) -> bool:
        return not self.problems

    def terms(self, note: str) -> dict[str, object]:
        """The keys of the year's [target.years.Y] table, in the order written: the figure, its
        qualifier, the phrase verbatim, `note` (naming the report) and the baseline offered."""
        found: dict[str, object] = {}
        if self.target is not None:
            found["target"] = _whole(self.target)
        if self.increase is not None:
            found["increase"] = _whole(self.increase)
        if self.read.qualifier:
            found["qualifier"] = self.read.qualifier
        found["source"] = self.read.phrase
        found["target_note"] = note
        if self.baseline is not None and self.baseline_value is not None:
            found["baseline"] = _whole(self.baseline_value)
            found["baseline_source"] = self.baseline.phrase
        return found


class Unsure(NamedTuple):
    """A commitment that could be more than one indicator: the ids it could be, best first."""

    read: Commitment
    candidates: tuple[str, ...]


class YearReview(NamedTuple):
    year: int
    proposals: tuple[Proposal, ...]    # in the ledger's order
    unsure: tuple[Unsure, ...]
    new: tuple[Commitment, ...]        # in the report's order
    silent: tuple[Target, ...]         # in the ledger's order

    @property
    def ready(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if p.ready)


def _whole(value: float) -> float | int:
    return int(value) if value == int(value) else value


def convert(value: float, unit: str, into: str) -> float | None:
    """`value` in `unit` expressed in `into` (0.75 万人 → 7500 人); None when the two do not convert
    (% and 个百分点, 亿元 and 吨)."""
    if unit == into:
        return value
    if PERCENT in (unit, into) or RATIO in (unit, into):
        return None
    a, b = split_unit(unit), split_unit(into)
    if not a.base or a.base != b.base:
        return None
    return round(value * a.scale / b.scale, 10)


def known_names(ledger: Ledger) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The names every indicator is known by: its name, then the source phrases of every year it
    has (the first year's and each later year's); and apart, the phrases of its baselines."""
    names: dict[str, list[str]] = {t.id: [t.name] for t in ledger.targets}
    reviews: dict[str, list[str]] = {t.id: [] for t in ledger.targets}
    for year in declared_years(ledger):
        for target in targets_of_year(ledger, year):
            if target.source and target.source not in names[target.id]:
                names[target.id].append(target.source)
            if target.baseline_source and target.baseline_source not in reviews[target.id]:
                reviews[target.id].append(target.baseline_source)
    return ({key: tuple(value) for key, value in names.items()},
            {key: tuple(value) for key, value in reviews.items()})


def propose_year(ledger: Ledger, reading: Reading, year: int) -> YearReview:
    """What the report of `year` proposes for the ledger's recurring indicators; see the module
    docstring."""
    names, reviews = known_names(ledger)
    last_year = max(declared_years(ledger))
    recurring = [t for t in targets_of_year(ledger, last_year) if is_recurring(t)]
    by_id = {t.id: t for t in recurring}
    # A commitment is matched by the indicators' names and sources; a review's wording (the
    # baselines' phrases) only helps to recognise a review's result.
    sources = [Candidate(t.id, names[t.id]) for t in recurring]
    everything = [Candidate(t.id, names[t.id]) for t in ledger.targets]
    matched: dict[str, list[Commitment]] = {}
    unsure: list[Unsure] = []
    new: list[Commitment] = []
    for c in reading.commitments:
        this_year = c.section == "year" and c.kind != "milestone" and c.period in ("", str(year))
        if this_year:
            verdict = match_name(c.name, sources)
            if verdict.status == "matched" and verdict.best is not None:
                matched.setdefault(verdict.best.id, []).append(c)
                continue
            if verdict.status == "ambiguous":
                unsure.append(Unsure(c, tuple(s.id for s in verdict.candidates)))
                continue
        if match_name(c.name, everything).status == "unmatched":
            new.append(c)
    results = [Candidate(t.id, (*names[t.id], *reviews[t.id])) for t in recurring]
    baselines = _baselines(reading, results, year)
    proposals = [_proposal(by_id[key], found, baselines.get(key, [])) for key in by_id
                 if (found := matched.get(key))]
    asked_about = {key for u in unsure for key in u.candidates}
    silent = tuple(t for t in recurring if t.id not in matched and t.id not in asked_about)
    return YearReview(year, tuple(proposals), tuple(unsure), tuple(new), silent)


def result_of(name: str, candidates: list[Candidate]) -> str | None:
    """The candidate a review's result is a figure of, or None. Stricter than matching a target:
    a result is only offered as a baseline when its name says clearly whose it is — a close match
    (accept 0.84) of at least four characters (总投资超10亿元 is no baseline of 完成投资145亿元)."""
    verdict = match_name(name, candidates, accept=0.84)
    if verdict.status != "matched" or verdict.best is None or len(name_key(name)) < 4:
        return None
    return verdict.best.id


def _baselines(reading: Reading, candidates: list[Candidate], year: int) -> dict[str, list[Baseline]]:
    """The review's results of the year just gone, by the indicator they are a result of."""
    found: dict[str, list[Baseline]] = {}
    for b in reading.baselines:
        if b.period != str(year - 1):
            continue  # the past plan's five-year totals are no year's baseline
        if (key := result_of(b.name, candidates)) is not None:
            found.setdefault(key, []).append(b)
    return found


def _proposal(last: Target, found: list[Commitment], baselines: list[Baseline]) -> Proposal:
    read = found[0]
    others = tuple(c for c in found[1:] if (c.target, c.increase, c.unit, c.qualifier)
                   != (read.target, read.increase, read.unit, read.qualifier))
    problems: list[str] = []
    if read.needs_review:
        problems.append("unread")
    if read.kind != last.kind:
        problems.append("kind")
    elif read.direction != last.direction:
        problems.append("direction")
    if read.steps is not None:
        problems.append("shape")
    target = increase = None
    if read.kind != "relative" or read.target is not None:
        unit = read.unit or last.unit
        if read.target is not None:
            target = convert(read.target, unit, last.unit)
        if read.increase is not None:
            increase = convert(read.increase, unit, last.unit)
        if (read.target is not None and target is None) or (read.increase is not None and increase is None):
            problems.append("unit")
        elif target is None and increase is None and "unread" not in problems and "shape" not in problems:
            problems.append("unread")
    if others:
        problems.append("conflict")
    baseline, value = _one_baseline(last, baselines)
    return Proposal(last, read, target, increase, baseline, value, tuple(problems), others)


def _one_baseline(last: Target, baselines: list[Baseline]) -> tuple[Baseline | None, float | None]:
    """The review's one result for the indicator, in its unit; none where the review gives two
    different figures for it, or one in a unit that does not convert."""
    if last.kind not in BASELINE_KINDS:
        return None, None
    values = {(b, v) for b in baselines if (v := convert(b.value, b.unit, last.unit)) is not None}
    if len({v for _b, v in values}) != 1:
        return None, None
    baseline, value = min(values, key=lambda pair: pair[0].start)
    return baseline, value
