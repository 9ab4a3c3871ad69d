"""Recording a figure: the draft (core/drafting.py) placed in the history and appended under
the ledger's lock, then the target judged afresh — for `kzt record`, its walk and `kzt import`.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from ..core.drafting import Confirm, Draft, Recorded, guard_messages, place, refuse_implausible
from ..core.errors import InputError
from ..core.history import Standing, figures_of, increment_base, standing_with, superseded_by, valid_series
from ..core.model import Entry, Ledger
from ..core.progress import evaluate
from ..core.values import normalize_text
from ..i18n import _

ENV_USER = "KZT_USER"


def default_recorder(given: str | None = None) -> str:
    """`given` (from --by) if any, else $KZT_USER, else the login name."""
    if given is not None:
        if not normalize_text(given, _("录入人姓名")):
            raise InputError(_("--by 给出的录入人是空的；请写上录入人的名字，或不加 --by（默认用 $KZT_USER 或登录名）"
                "。"))
        return given.strip()
    # What getpass.getuser() does, without importing getpass (and termios) on every record: the
    # variables first, then the password database.
    for name in (ENV_USER, "LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            from ..render.shown import not_utf8_message

            refusal = not_utf8_message(_("环境变量 {name}（“{{arg}}”）").format(name=name), os.environ[name])
            if refusal:  # stored as `by` and shared with every office, it could never be printed
                raise InputError(refusal)
            return os.environ[name]
    try:
        if os.name == "posix":
            import pwd

            return pwd.getpwuid(os.getuid())[0]
        import getpass

        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return ""


def record_one(ledger: Ledger, path: Path, draft: Draft, now: datetime, today: date, *,
               force: bool = False, confirm: Confirm | None = None) -> Recorded:
    """Append one figure under the ledger's lock and judge the target afresh.

    Unless `force`, the guards judge the figure first: `confirm` (a terminal) may accept what they find;
    without it the figure is refused and nothing is written. The question is asked before the lock is
    taken (nobody waits on a person); under the lock the guards judge again, and anything new refuses."""
    from ..storage.figures import append_entries, locked, read_for_write, read_history

    accepted: list[str] = []
    if not force:
        before, _problems = read_history(path, draft.target.id)
        accepted = guard_messages(draft, before, place(draft, before, now), now, ledger.settings)
        if accepted and (confirm is None or not confirm(accepted)):
            raise refuse_implausible(draft.target, accepted)
    with locked(path):
        current = read_for_write(path, draft.target.id)
        # Worked out once: on a long history, each figures_of is most of what recording costs.
        figures = figures_of(current)
        entry = place(draft, current, now, figures)
        base = increment_base(current, draft.as_of, figures) if draft.increment else None
        if not force:
            new = [m for m in guard_messages(draft, current, entry, now, ledger.settings) if m not in accepted]
            if new:
                raise refuse_implausible(draft.target, new)
        previous = superseded_by(figures, entry)
        append_entries(path, draft.target.id, [entry], current)
    reference: list[Entry] = []
    if draft.target.relative_to:
        reference_entries, _problems = read_history(path, draft.target.relative_to)
        reference = valid_series(figures_of(reference_entries))
    # The completion of the period just recorded (issue 10: not that of a later figure), and, when a
    # later period has a figure, where the target stands now, separately.
    assert entry.as_of is not None
    # The standing series of the history with the new entry, worked out once for both judgements.
    series = Standing(standing_with(current, figures, entry))
    # Judged as status judges it: a later year's target starts from the year before's final figure.
    from ..core.plan_years import carried_baseline

    target = carried_baseline(ledger, draft.target, series)
    progress = evaluate(target, series, entry.as_of, ledger.settings, reference)
    later = [e for e in series if e.as_of is not None and e.as_of > entry.as_of]
    standing = evaluate(target, series, max(today, later[-1].as_of or today), ledger.settings,
                        reference) if later else None
    return Recorded(entry, previous, progress, base, standing, draft.increment)


