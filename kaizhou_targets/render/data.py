"""Plain dicts for --json output; the keys are a promise to scripts."""

from __future__ import annotations

from typing import Any

from ..core.model import Entry, Figure, Target
from ..core.progress import Progress


def round_or_none(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def target_to_dict(target: Target) -> dict[str, Any]:
    return {
        "id": target.id,
        "name": target.name,
        "area": target.area,
        "kind": target.kind,
        "direction": target.direction,
        "target": target.goal,
        "unit": target.unit,
        "qualifier": target.qualifier,
        "increase": target.increase,
        "period": target.period_label,
        "deadline": target.deadline.isoformat(),
        "baseline": target.baseline,
        "baseline_date": target.baseline_date.isoformat() if target.baseline_date else None,
        "baseline_source": target.baseline_source or None,
        "frequency": target.frequency,
        "relative_to": target.relative_to or None,
        "lead": target.lead or None,
        "owners": list(target.owners),
        "note": target.note or None,
        "target_note": target.target_note or None,
        "baseline_note": target.baseline_note or None,
        "source": target.source,
        "source_file": target.source_file,
        # How the year is judged (core/judging.py): a floor/ceiling on the year's figure or at every
        # reading; binding (约束性): no 基本完成.
        "judged": target.judged if target.kind in ("floor", "ceiling") else None,
        "binding": target.binding,
        "commitment": target.commitment if target.kind == "milestone" else None,
    }


def figure_to_dict(figure: Figure) -> dict[str, Any]:
    e = figure.entry
    return {
        "id": e.id,
        "target": e.target,
        "value": e.value,
        "unit": e.unit,
        "as_of": e.as_of.isoformat() if e.as_of else None,
        "recorded_at": e.recorded_at.isoformat(),
        "by": e.by,
        "note": e.note,
        "input": e.input,
        "superseded": figure.superseded,
        "withdrawn": figure.withdrawn,
    }


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    return figure_to_dict(Figure(entry))


def progress_to_dict(p: Progress) -> dict[str, Any]:
    t = p.target
    described = target_to_dict(t)
    return {
        **{key: described[key] for key in ("id", "name", "area", "kind", "unit", "target")},
        "period": described["period"],  # in January 2026's 城镇新增就业 and 2027's are both in view
        "value": p.value,
        "as_of": p.value_as_of.isoformat() if p.value_as_of else None,
        "judged_on": p.as_of.isoformat(),
        "completion": round_or_none(p.completion),
        "schedule": round_or_none(p.schedule),
        "gap_pp": round_or_none(p.gap_pp, 2),
        "margin": round_or_none(p.margin),
        "projection": round_or_none(p.projection),
        "reference": p.reference,
        "status": p.status,
        "stale": p.stale,
        "calendar": p.calendar.state if p.calendar else None,
        "done": p.done if t.kind == "milestone" else None,
        "due_in_days": p.due_in_days,
        **{key: described[key] for key in ("deadline", "lead", "owners")},
        "reason": p.reason,
    }
