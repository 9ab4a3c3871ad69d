"""Plain typed records of the domain: targets, figures, problems.

Nothing here touches files, the terminal or the clock.
"""

from collections.abc import Mapping
from datetime import date, datetime
from math import floor
from typing import Literal, NamedTuple

from .rule_settings import NO_OVERRIDES, CalendarSettings, ClosingSettings, Frequency, Guards, TargetCalendar

Kind = Literal["growth", "cumulative", "level", "floor", "ceiling", "milestone", "relative"]
KINDS: tuple[Kind, ...] = ("growth", "cumulative", "level", "floor", "ceiling", "milestone", "relative")
Direction = Literal["up", "down"]
Status = Literal["green", "yellow", "red", "grey"]
# What a milestone commits to: the result by the deadline (创成/建成/投用), or
# only the step the report names (推动…创建, 打造, 高效推进), whose deadline is
# indicative, so passing it without a record is not a failed commitment.
Commitment = Literal["result", "step"]
COMMITMENTS: tuple[Commitment, ...] = ("result", "step")
# Which readings judge a floor or ceiling's year: its own year's figure, or every reading (a red line).
Judged = Literal["year-figure", "every-reading"]
STATUS_ORDER: dict[str, int] = {"red": 3, "yellow": 2, "grey": 1, "green": 0}

# Work areas in the order of the report: headline targets, the ten areas of
# section 三, then the 十五五 goals of section 二.
AREAS: tuple[str, ...] = (
    "主要目标", "区域协同", "工业", "内需", "改革", "开放",
    "城市", "乡村", "生态", "文化", "民生", "十五五",
)


class Problem(NamedTuple):
    """One thing wrong with an input, located as precisely as we can.

    Every record here is a NamedTuple rather than a frozen dataclass: every run defines them
    as it starts, and a frozen dataclass costs 0.5–5 ms to define (its methods' code is
    generated and compiled then; Target's 38 fields are the dearest), a NamedTuple a fraction
    of that — 7 ms of each command's start-up, measured. `_replace`, `_fields` and `_asdict()`
    stand for dataclasses.replace, fields and __dict__."""

    message: str
    path: str = ""
    line: int | None = None
    severity: Literal["error", "warning"] = "error"

    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class Bands(NamedTuple):
    """Thresholds for red/yellow/green; see [settings.bands] in the ledger."""

    schedule_yellow_pp: float = 0.0
    schedule_red_pp: float = 5.0
    growth_yellow_pp: float = 0.0
    growth_red_pp: float = 1.0
    margin_fraction: float = 0.01
    approx_fraction: float = 0.05


class NotifySettings(NamedTuple):
    """[settings.notify]: the work-chat robot `--notify` posts to. The URL carries
    the robot's key, so the ledger (kept in git) names only the environment
    variable that holds it."""

    url_env: str = ""
    format: str = ""       # wecom | dingtalk | feishu; empty: from the URL's host
    secret_env: str = ""   # variable holding a 钉钉/飞书 signing secret
    full_report: str = ""  # where the full report is, for the "完整报告见…" line


class Settings(NamedTuple):
    timezone: str = "Asia/Shanghai"
    default_frequency: Frequency = "quarterly"
    stale_grace_days: int = 5        # days after a figure's due date (which includes the publication lag)
    milestone_warning_days: int = 30
    bands: Bands = Bands()
    notify: NotifySettings = NotifySettings()
    # The reporting calendar: [settings.calendar], with grace, warning window and default frequency
    # copied from the keys above (one key each).
    calendar: CalendarSettings = CalendarSettings()
    guards: Guards = Guards()  # [settings.guards]: plausibility thresholds (issue 10)
    closing: ClosingSettings = ClosingSettings()  # [settings.closing]: 基本完成 band
    reporting_unit: str = ""  # [settings] reporting_unit: the 填报单位 printed on the 台账 workbook


class Target(NamedTuple):
    id: str
    name: str
    area: str
    kind: Kind
    source: str
    period_start: date
    deadline: date
    direction: Direction = "up"
    target: float | None = None
    unit: str = ""
    qualifier: str = ""
    increase: float | None = None
    baseline: float | None = None
    baseline_date: date | None = None
    baseline_source: str = ""
    frequency: Frequency | None = None
    relative_to: str = ""
    lead: str = ""
    owners: tuple[str, ...] = ()
    phasing: tuple[float, ...] = ()
    margin: float | None = None
    bands: Bands = Bands()
    note: str = ""
    source_file: str = ""
    line: int = 0
    tolerance: float | None = None      # 左右: the band around the target, in the target's own unit
    steps: int | None = None            # “再上N个百亿台阶”: thresholds to cross above the baseline
    step: float | None = None           # the size of one 台阶, in the target's unit (百亿 = 100亿元)
    commitment: Commitment = "result"   # milestones: see Commitment
    calendar: TargetCalendar = NO_OVERRIDES  # tracking, due_day, release, warning_days
    target_note: str = ""               # why the target differs from its source phrase, and on whose authority
    baseline_note: str = ""             # where a baseline the report does not give comes from
    # How the year is judged (judging.py): a floor or ceiling on the year's own figure, or at every
    # reading (a red line: 粮食播面, 水质); a binding (约束性) target has no 基本完成; `closing`
    # overrides [settings.closing]'s 基本完成 band for this target.
    judged: Judged = "year-figure"
    binding: bool = False
    closing: ClosingSettings | None = None

    @property
    def goal(self) -> float | None:
        """The value to reach: stated outright, baseline + increase, or the
        threshold N steps above the baseline's own step:
        (⌊baseline / step⌋ + N) × step. None until the baseline is set."""
        if self.target is not None:
            return self.target
        if self.baseline is None:
            return None
        if self.steps is not None and self.step:
            return (floor(self.baseline / self.step) + self.steps) * self.step
        if self.increase is not None:
            return self.baseline + self.increase
        return None

    @property
    def year(self) -> int:
        return self.period_start.year

    @property
    def is_annual(self) -> bool:
        """A target of one year (that year's annual target), not a multi-year goal of the plan."""
        return self.period_start.year == self.deadline.year

    def is_annual_of(self, year: int) -> bool:
        """`year`'s own annual target."""
        return self.is_annual and self.period_start.year == year

    @property
    def period_label(self) -> str:
        if self.is_annual:
            return str(self.deadline.year)
        return f"{self.period_start.year}-{self.deadline.year}"

    @property
    def owner_units(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + self.owners


class YearTerms(NamedTuple):
    """One year's terms of a recurring indicator: a `[target.years.2027]` table (plan_years.py)."""

    year: int
    values: tuple[tuple[str, object], ...] = ()  # (Target field, value) pairs the table sets
    line: int = 0


class Ledger(NamedTuple):
    name: str
    path: str
    year: int
    settings: Settings
    targets: tuple[Target, ...]
    source_file: str = ""
    sources_dir: str = "seeds"
    # Years added to the ledger after its first (`kzt year add`): year → the report that sets them.
    # Mappings, never changed once built (so the empty defaults can be shared).
    year_sources: Mapping[int, str] = {}
    year_names: Mapping[int, str] = {}  # [ledger.years.Y] name, where given
    # id → year → that year's terms, for the indicators carried into later years.
    year_terms: Mapping[str, Mapping[int, YearTerms]] = {}

    def by_id(self) -> dict[str, Target]:
        return {t.id: t for t in self.targets}


class Entry(NamedTuple):
    """One line of a target's history: a figure, or the withdrawal of one.

    A NamedTuple rather than a dataclass: a long history holds hundreds of
    thousands of these, and tuples are built several times faster.
    """

    id: str
    target: str
    recorded_at: datetime
    as_of: date | None = None
    value: float | None = None
    unit: str = ""
    by: str = ""
    note: str = ""
    input: str = ""
    withdraws: str = ""
    # The ids of the figures it replaces, comma-separated ("" when nothing stood for its period as it
    # was typed); None for an entry written before kzt recorded this (core/history.py: the old rule).
    replaces: str | None = None


class Figure(NamedTuple):
    """A recorded figure with its standing in the history (a NamedTuple, as Entry is: one is built
    for every figure of a history, each time it is read)."""

    entry: Entry
    superseded: bool = False
    withdrawn: bool = False

    @property
    def valid(self) -> bool:
        return not (self.superseded or self.withdrawn)
