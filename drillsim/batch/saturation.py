"""Which city resources saturated in one drill, read from its timeline events (the bottlenecks of a batch).

A resource *saturated* in a run when some demand on it could not be met at once. The engine says so in
its events; this module is the one place that reads them:

==================  ==========================================================================================
resource            evidence in the timeline
==================  ==========================================================================================
``hazmat_units``    ``warning`` with ``what: hazmat_queued`` (every hazmat unit busy, the call waits), or
                    ``plan_gap`` with ``what: dispatch_hazmat`` (no hazmat unit can reach the site at all)
``fire_engines``    ``warning`` ``engine_queued`` / ``plan_gap`` ``dispatch_engine``
``ambulances``      ``warning`` ``ambulance_queued`` (a casualty waits for a free ambulance)
``poison_beds``     ``treatment_started`` in a poison bed with ``wait_min`` > 0, or ``hospital_diverted`` of a
                    casualty that arrived yellow (the bed it needed was full)
``icu_beds``        ``treatment_started`` in an ICU bed with ``wait_min`` > 0, or ``hospital_diverted`` of a
                    casualty that arrived red
``antidote_stock``  ``antidote_stockout`` (a hospital ran out of the chemical's antidote)
==================  ==========================================================================================

Any other ``warning`` whose ``what`` ends in ``_queued`` (``<pool>_queued``) is kept under that pool's
name, so a resource the engine starts flagging later shows up without a change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

RESOURCES = ("poison_beds", "icu_beds", "ambulances", "hazmat_units", "fire_engines", "antidote_stock")
_QUEUED = {
    "hazmat": "hazmat_units",
    "engine": "fire_engines",
    "ambulance": "ambulances",
    "poison": "poison_beds",
    "icu": "icu_beds",
}
_GAPS = {"dispatch_hazmat": "hazmat_units", "dispatch_engine": "fire_engines"}


def _get(ev: Any, key: str) -> Any:
    if isinstance(ev, Mapping):
        return ev.get(key)
    v = getattr(ev, key, None)
    if v is None:
        fields = getattr(ev, "fields", None)
        if isinstance(fields, Mapping):
            return fields.get(key)
    return v


def saturated(events: Iterable[Any]) -> dict[str, tuple[str, ...]]:
    """Resources that saturated in one run, each with the stations / hospitals where (sorted).

    Works on :class:`~drillsim.engine.timeline.Event` objects or their JSON mappings.

    >>> ev = [{"kind": "casualty_at_hospital", "casualty": 3, "colour": "yellow", "hospital": "h1"},
    ...       {"kind": "hospital_diverted", "casualty": 3, "hospital": "h1", "actor": "h1"},
    ...       {"kind": "warning", "what": "hazmat_queued", "station": "s9"},
    ...       {"kind": "antidote_stockout", "hospital": "h2", "actor": "h2"}]
    >>> saturated(ev)
    {'antidote_stock': ('h2',), 'hazmat_units': ('s9',), 'poison_beds': ('h1',)}
    """
    out: dict[str, set[str]] = {}
    colour: dict[Any, str] = {}

    def mark(resource: str, where: Any) -> None:
        out.setdefault(resource, set()).add(str(where or "?"))

    for ev in events:
        kind = _get(ev, "kind")
        if kind == "casualty_at_hospital":
            colour[_get(ev, "casualty")] = str(_get(ev, "colour") or "")
        elif kind == "hospital_diverted":
            red = colour.get(_get(ev, "casualty")) == "red"
            mark("icu_beds" if red else "poison_beds", _get(ev, "hospital") or _get(ev, "actor"))
        elif kind == "treatment_started":
            bed = _get(ev, "bed")
            wait = _get(ev, "wait_min")
            if bed in ("poison", "icu") and wait is not None and float(wait) > 0:
                mark(
                    "poison_beds" if bed == "poison" else "icu_beds",
                    _get(ev, "hospital") or _get(ev, "actor"),
                )
        elif kind == "antidote_stockout":
            mark("antidote_stock", _get(ev, "hospital") or _get(ev, "actor"))
        elif kind == "warning":
            what = str(_get(ev, "what") or "")
            if what.endswith("_queued"):
                pool = what[: -len("_queued")]
                mark(
                    _QUEUED.get(pool, pool),
                    _get(ev, "station") or _get(ev, "hospital") or _get(ev, "base") or _get(ev, "actor"),
                )
        elif kind == "plan_gap":
            what = str(_get(ev, "what") or "")
            if what in _GAPS:
                mark(_GAPS[what], "unreachable")
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def bottlenecks(per_run: Iterable[Mapping[str, Iterable[str]]], runs: int) -> list[dict[str, Any]]:
    """Share of runs in which each resource saturated, most often first, with where it happened.

    ``where`` counts runs per station / hospital (a run may count at several places).

    >>> b = bottlenecks([{"poison_beds": ("h1",)}, {"poison_beds": ("h1", "h2"), "ambulances": ("ems",)}, {}], 3)
    >>> [(x["resource"], x["runs"], round(x["share"], 3), x["where"]) for x in b]
    [('poison_beds', 2, 0.667, {'h1': 2, 'h2': 1}), ('ambulances', 1, 0.333, {'ems': 1})]
    """
    count: dict[str, int] = {}
    where: dict[str, dict[str, int]] = {}
    for sat in per_run:
        for resource, places in sat.items():
            count[resource] = count.get(resource, 0) + 1
            w = where.setdefault(resource, {})
            for p in places:
                w[p] = w.get(p, 0) + 1
    ranked = sorted(count, key=lambda r: (-count[r], r))
    return [
        {
            "resource": r,
            "runs": count[r],
            "share": count[r] / runs if runs else 0.0,
            "where": dict(sorted(where[r].items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        for r in ranked
    ]
