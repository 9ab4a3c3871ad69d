"""The plan view as plain dicts for `kzt plan --format json`; the keys are a promise to scripts
(README, “The plan view”) and stay English whatever the language."""

from __future__ import annotations

from typing import Any

from ..core.plan_pace import GoalPace, PlanView
from .data import round_or_none
from .plan_midterm import counts


def goal_to_dict(goal: GoalPace) -> dict[str, Any]:
    t = goal.target
    return {
        "id": t.id,
        "name": t.name,
        "unit": t.unit,
        "form": goal.form,
        "direction": t.direction,
        "baseline_year": goal.baseline_year,
        "baseline": goal.baseline,
        "goal_year": goal.goal_year,
        "goal": round_or_none(goal.goal),
        "series": [{"year": y.year, "value": y.value, "as_of": y.as_of.isoformat() if y.as_of else None,
                    "path": round_or_none(y.path)} for y in goal.series],
        "measure": goal.measure,
        "required_pace": round_or_none(goal.required_pace),
        "achieved_pace": round_or_none(goal.achieved_pace),
        "remaining_pace": round_or_none(goal.remaining_pace),
        "projection": round_or_none(goal.projection),
        "latest_year": goal.latest_year,
        "task_share": round_or_none(goal.task_share),
        "elapsed_share": round_or_none(goal.elapsed_share),
        "schedule_share": round_or_none(goal.schedule_share),
        "missing_year": goal.missing_year,  # a due year-end figure not recorded (null: none missing)
        "gap_pp": round_or_none(goal.gap_pp, 2),
        "schedule": goal.schedule,
        "half_done": goal.half_done,
        "time_share": round_or_none(goal.time_share),
        "half_time": goal.half_time,
        "category": goal.category,  # early / ahead / on-pace / behind: the mid-term review's four sorts
        "verdict": goal.verdict,
    }


def milestone_to_dict(goal: GoalPace) -> dict[str, Any]:
    return {"id": goal.target.id, "name": goal.target.name, "done": goal.verdict == "done",
            "done_on": goal.done_on.isoformat() if goal.done_on else None,
            "deadline": goal.target.deadline.isoformat(), "verdict": goal.verdict}


def plan_to_dict(view: PlanView, ledger_name: str) -> dict[str, Any]:
    return {
        "name": ledger_name,
        "as_of": view.as_of.isoformat(),
        "first_year": view.first_year,
        "last_year": view.last_year,
        "tolerance_pp": view.tolerance_pp,
        "counts": counts(view),
        "goals": [goal_to_dict(g) for g in view.goals],
        "milestones": [milestone_to_dict(m) for m in view.milestones],
    }
