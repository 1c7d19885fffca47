"""Rescue in SCBA: the enterprise team's pairs and their air (rotations on spare cylinders), fire crews.

The enterprise team works 2-in-2-out: one pair stands by for every pair inside, so ``n`` SCBA wearers
give ``n // 2 - 1`` entry pairs. A pair enters only with enough air for the round trip plus the
withdrawal reserve; otherwise it changes cylinders (two spares, a few minutes) or, with no spares left,
is stood down. Fire crews bring their own air logistics (one entry pair per engine on scene).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from drillsim.engine import params
from drillsim.engine.incident import Incident, Pair


def add_team_pairs(inc: Incident, actor: str) -> int:
    """Put the enterprise's rescue pairs to work; report why not when 2-in-2-out is impossible."""
    if not inc.once("team_pairs"):
        return inc.team_pairs
    res = inc.box.resources
    wearers = min(res.scba_sets, inc.role_counts.get("emergency_team", 0))
    pairs = wearers // 2 - 1
    if pairs < 1:
        inc.emit(
            "plan_gap",
            actor,
            what="extract_casualties",
            reason=f"2-in-2-out needs at least 4 SCBA wearers; {wearers} available (SCBA sets {res.scba_sets})",
        )
        return 0
    for k in range(pairs):
        inc.pairs.put(Pair(f"team-{k + 1}", "team", res.scba_cylinder_min))
    inc.team_pairs = pairs
    _start_search(inc)
    return pairs


def add_fire_pair(inc: Incident, label: str) -> None:
    inc.pairs.put(Pair(label, "fire", math.inf))
    _start_search(inc)


def _start_search(inc: Incident) -> None:
    if inc.once("search"):
        inc.world.start(_search(inc))


def _search(inc: Incident) -> Generator[Any, Any, None]:
    """Without a headcount, rescuers still find collapsed people after a search."""
    yield inc.world.env.timeout(params.SEARCH_WITHOUT_HEADCOUNT_MIN)
    inc.reach("trapped_known")


def entry_minutes(inc: Incident, node_id: str) -> float:
    """Round trip to carry a casualty out from ``node_id`` (to the nearest gate, walking graph)."""
    from drillsim.engine.site import node_xy

    x, y = node_xy(inc, node_id)
    gates = inc.box.site.of_type("gate") or inc.box.site.nodes[:1]
    dist = min(math.hypot(g.x_m - x, g.y_m - y) for g in gates) * 1.3
    return 2.0 * dist / params.CARRY_SPEED_M_MIN + params.RESCUE_HANDLING_MIN


def extract(inc: Incident, where: str, person: Any = None) -> Generator[Any, Any, str]:
    """Wait until the casualty is known and a pair with air is free; carry them out; return the pair's label.

    The pair reaches ``person`` half-way through the entry: their dose stops there."""
    env = inc.world.env
    yield inc.flag("trapped_known")
    entry = entry_minutes(inc, where)
    while True:
        with inc.pairs.get() as req:
            pair: Pair = yield req
        if pair.kind == "team" and pair.air_min < entry + params.SCBA_RESERVE_MIN:
            full = inc.box.resources.scba_cylinder_min
            if inc.spare_cylinders >= 2 and full >= entry + params.SCBA_RESERVE_MIN:
                inc.spare_cylinders -= 2
                inc.world.start(_rotate(inc, pair, full))
            else:
                inc.emit(
                    "warning",
                    pair.label,
                    what="scba_air_exhausted",
                    reason="not enough air for another entry and no spare cylinders; the pair stands down",
                )
            continue
        if person is not None:
            from drillsim.engine.site import reached

            reached(inc, person, env.now + entry / 2.0)
        try:
            yield env.timeout(entry)
        except BaseException:
            inc.world.start(_return_later(inc, pair, entry))
            raise
        pair.air_min -= entry
        inc.pairs.put(pair)
        return pair.label


def _return_later(inc: Incident, pair: Pair, minutes: float) -> Generator[Any, Any, None]:
    yield inc.world.env.timeout(minutes)
    pair.air_min -= minutes
    inc.pairs.put(pair)


def _rotate(inc: Incident, pair: Pair, full_min: float) -> Generator[Any, Any, None]:
    """The pair withdraws and changes cylinders, then is available again."""
    yield inc.world.env.timeout(params.CYLINDER_CHANGE_MIN)
    pair.air_min = full_min
    inc.pairs.put(pair)
