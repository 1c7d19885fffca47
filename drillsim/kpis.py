"""KPIs from a timeline's events: the one definition shared by the engine, grading and live logs.

A timed KPI is the time (minutes since the release) of the first event of its kind; a KPI whose event
never happened is ``None`` (null in JSON), never 0. Counts are always numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# KPI -> the event kind whose first occurrence it times.
FIRST_EVENT_KPIS: Mapping[str, str] = {
    "t_detected": "detected",
    "t_alarm": "alarm_internal",
    "t_call_119": "call_119",
    "t_report_authority": "report_authority",
    "t_esd": "esd_activated",
    "t_first_fire_arrival": "fire_arrived",
    "t_hazmat_arrival": "hazmat_arrived",
    "t_headcount_complete": "headcount_complete",
    "t_leak_controlled": "leak_controlled",
}
COUNT_KPIS: Mapping[str, str] = {
    "casualties": "casualty_exposed",
    "deaths": "casualty_died",
    "antidote_stockouts": "antidote_stockout",
    "diversions": "hospital_diverted",
}
TIMED_KPIS = (*FIRST_EVENT_KPIS, "t_last_casualty_treated", "max_wait_poison_bed_min")


def _get(event: Any, name: str) -> Any:
    if isinstance(event, Mapping):
        return event.get(name)
    return getattr(event, name, None)


def compute_kpis(events: Iterable[Any]) -> dict[str, float | int | None]:
    """The DESIGN.md KPIs of a list of events (mappings or objects with t/kind/fields).

    >>> ev = [{"t": 0, "kind": "release"}, {"t": 1.5, "kind": "detected"}, {"t": 3, "kind": "alarm_internal"},
    ...       {"t": 4, "kind": "casualty_exposed"}, {"t": 30, "kind": "treatment_started", "wait_min": 2.5}]
    >>> k = compute_kpis(ev)
    >>> k["t_detected"], k["t_alarm"], k["t_call_119"], k["casualties"], k["t_last_casualty_treated"]
    (1.5, 3.0, None, 1, 30.0)
    >>> k["max_wait_poison_bed_min"]
    2.5
    """
    firsts: dict[str, float] = {}
    counts = dict.fromkeys(COUNT_KPIS.values(), 0)
    last_treated: float | None = None
    max_wait: float | None = None
    for ev in events:
        kind = _get(ev, "kind")
        t = float(_get(ev, "t") or 0.0)
        if kind not in firsts:
            firsts[kind] = t
        if kind in counts:
            counts[kind] += 1
        if kind == "treatment_started":
            last_treated = t if last_treated is None else max(last_treated, t)
            wait = _get(ev, "wait_min")
            fields = _get(ev, "fields")
            if wait is None and isinstance(fields, Mapping):
                wait = fields.get("wait_min")
            bed = _get(ev, "bed") or (fields.get("bed") if isinstance(fields, Mapping) else None)
            if wait is not None and bed in (None, "poison"):
                max_wait = float(wait) if max_wait is None else max(max_wait, float(wait))
    out: dict[str, float | int | None] = {k: firsts.get(kind) for k, kind in FIRST_EVENT_KPIS.items()}
    out["t_last_casualty_treated"] = last_treated
    out.update({k: counts[kind] for k, kind in COUNT_KPIS.items()})
    out["max_wait_poison_bed_min"] = max_wait
    return {k: (float(v) if isinstance(v, float) else v) for k, v in out.items()}
