"""What `kzt check` says about the recorded figures beyond the targets' colours: offices that
disagree about a period (something to settle) and figures files no target owns (figures that count
nowhere). One line each at most; either makes the check a WARNING."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core.findings import orphan_line, settle_line
from ..core.history import Disagreement, Standing, disagreements
from ..core.model import Target
from .context import Env


def check_findings(env: Env, targets: Sequence[Target], judged: Mapping[str, Any]) -> list[str]:
    """The lines, from what the check judged by (`judged`: standing series, or whole histories with
    --as-known-on) and a look at figures/ for orphan files."""
    from ..storage.figures import orphan_files

    found: list[tuple[Target, Disagreement]] = []
    for target in targets:
        series = judged.get(target.id)
        if not series:
            continue
        disputes = series.disputes if isinstance(series, Standing) else disagreements(series)
        found += [(target, d) for d in disputes]
    orphans = [p.name for p in orphan_files(env.path, [t.id for t in env.whole_ledger().targets])]
    return [line for line in (settle_line(found), orphan_line(orphans)) if line]
