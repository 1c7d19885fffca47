"""A bare SimPy model of a finished drill's timeline: the same events at the same times, no domain logic.

It is the floor a benchmark compares the engine against: one process per incident and per casualty
(the engine's long-lived processes), a timeout to each of their events, and the unit, ambulance and bed
requests the events imply on SimPy resources of the capacities the city declares. A finer reference
that replays the engine's own SimPy event mix is ``benchmarks/bare_simpy.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import simpy

from drillsim.engine.timeline import Event, Timeline
from drillsim.model import City

_HOLDS = {"fire_dispatched": "station", "ambulance_dispatched": "base", "treatment_started": "hospital"}
"""Events that take a unit of a pool (and give it back at the end of the drill)."""


@dataclass(frozen=True, slots=True)
class BareModel:
    """A runnable bare model: ``run()`` returns how many SimPy events it processed."""

    run: Callable[[], int]
    processes: int
    events: int


def bare_equivalent(timeline: Timeline, city: City | None = None) -> BareModel:
    """Build the bare model of ``timeline`` (capacities from ``city`` when given, else unbounded)."""
    caps: dict[str, int] = {}
    if city is not None:
        caps.update({s.id: max(s.engines + s.hazmat_units, 1) for s in city.fire_stations})
        caps.update({t.id: max(t.units, 1) for t in city.hazmat_teams})
        caps.update({e.id: max(e.ambulances, 1) for e in city.ems_centres})
        caps.update({h.id: max(h.poison_beds + h.icu_beds, 1) for h in city.hospitals})
    groups: dict[tuple[str, Any], list[Event]] = {}
    for e in timeline.events:
        cid = e.get("casualty")
        key = ("casualty", cid) if cid is not None else ("incident", e.incident)
        groups.setdefault(key, []).append(e)
    n_events = len(timeline.events)
    end = timeline.events[-1].t if timeline.events else 0.0

    def run() -> int:
        env = simpy.Environment()
        pools: dict[str, simpy.Resource] = {}
        steps = 0

        def actor(events: list[Event]) -> Generator[Any, Any, None]:
            held = []
            for e in events:
                if e.t > env.now:
                    yield env.timeout(e.t - env.now)
                field = _HOLDS.get(e.kind)
                where = e.get(field) if field else None
                if where is not None:
                    res = pools.get(where)
                    if res is None:
                        res = pools[where] = simpy.Resource(env, capacity=caps.get(where, 10**6))
                    req = res.request()
                    yield req
                    held.append((res, req))
            if held and env.now < end:
                yield env.timeout(end - env.now)
            for res, req in held:
                res.release(req)

        for events in groups.values():
            env.process(actor(events))
        while env.peek() != float("inf"):
            env.step()
            steps += 1
        return steps

    return BareModel(run=run, processes=len(groups), events=n_events)
