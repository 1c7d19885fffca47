"""The site during a drill: the release, detection, people walking out, dose and casualties, headcount.

Dose is a severity score (sample-city.md): ``s`` grows by the local dose rate (``exposure.rate_at``: the
chemical's near-field rate close to the release, falling off with distance, a tenth off the plume axis)
per minute, less indoors. A person whose score reaches twice the red threshold before reaching an
assembly point collapses where they are and must be carried out by a rescue pair in SCBA; while they lie
in the atmosphere the dose keeps growing, and at ``LETHAL`` they die there. Others walk out along the
evacuation route from ``drillsim.site`` (which avoids the zone) and are assessed at the assembly point.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Generator, Iterable
from itertools import pairwise
from operator import itemgetter
from typing import Any

import networkx as nx

from drillsim import site as site_graph
from drillsim.engine import medical, params
from drillsim.engine.exposure import rate_at, segment_rate
from drillsim.engine.incident import Incident, Person
from drillsim.hazard import HazardZone, fire_distances_m
from drillsim.model import HandoverBox, SiteNode

RED = params.TRIAGE_RED
DOWN = params.INCAPACITATED
LETHAL = params.LETHAL
SYMPTOMS = params.SYMPTOMS


# --------------------------------------------------------------------------- setup (before the run)
def populate(inc: Incident) -> None:
    """Put the shift's people on site, with their reaction delays drawn from per-node streams."""
    w = inc.world
    pid = 0
    ds, da = params.SELF_EVAC_REACTION, params.PERSON_REACTION
    exp = math.exp
    for node in site_graph.occupied_nodes(inc.box):
        n = node.occupancy.get(inc.shift)  # type: ignore[arg-type]
        if n <= 0:
            continue
        rng = w.rng(f"people/{inc.index}/{node.id}")
        for _ in range(n):  # person k of a node draws the same delays whatever the head count
            z1, z2 = rng.normal_pair()
            inc.people.append(
                Person(pid, node, ds.median * exp(ds.sigma * z1), da.median * exp(da.sigma * z2))
            )
            pid += 1
    set_rates(inc)
    walk_plans(inc)


def set_rates(inc: Incident) -> None:
    """Severity rate of everyone in place (at their origin, or collapsed) under the current zone."""
    at_node: dict[str, float] = {}  # people still at their origin share their node's rate
    for p in inc.people:
        if p.state == "origin":
            r = at_node.get(p.node)
            if r is None:
                r = at_node[p.node] = rate_here(inc, p)
            p.rate0 = r
        elif p.state == "trapped":
            p.rate0 = rate_here(inc, p)


def rate_here(inc: Incident, p: Person) -> float:
    """Severity per minute where ``p`` is (less indoors and behind a water curtain)."""
    r = rate_at(inc.tox_zone, inc.spm, p.x, p.y)
    if r and p.indoor:
        r *= params.INDOOR_FACTOR
    return r * inc.curtain


Segment = tuple[float, float, str, float, float, float, float]
"""(minutes, severity rate, from node, from x, from y, to x, to y)."""
WalkPlan = tuple[tuple[Segment, ...], float, str | None]
_PLANS: OrderedDict[tuple[int, HazardZone, float], tuple[HandoverBox, dict[str, WalkPlan]]] = OrderedDict()
_PLANS_MAX = 512


def walk_plans(inc: Incident) -> dict[str, WalkPlan]:
    """Every occupied node's walk out under the current zone (cached across drills: same box, same zone)."""
    if inc.walk_cache:
        return inc.walk_cache
    key = (id(inc.box), inc.tox_zone, inc.spm)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is inc.box:
        _PLANS.move_to_end(key)
        inc.walk_cache = hit[1]
        return hit[1]
    plans = _compute_plans(inc.box, inc.tox_zone, inc.spm)
    _PLANS[key] = (inc.box, plans)
    while len(_PLANS) > _PLANS_MAX:
        _PLANS.popitem(last=False)
    inc.walk_cache = plans
    return plans


def _compute_plans(box: HandoverBox, z: HazardZone, spm: float) -> dict[str, WalkPlan]:
    """Walking segments (see ``Segment``) to an assembly point, per occupied node.

    Workers walk the way that keeps them out of the gas — crosswind and upwind, to an assembly point out
    of the plume (wind socks, the shift leader's instructions): the route minimises the dose on the way
    plus ``AP_WAIT_MIN`` at the assembly point, with ``ROUTE_MINUTE_COST`` per minute walked so that, dose
    being equal, the shorter way wins. A node that reaches no assembly point shelters where it is."""
    g = site_graph.walk_graph(box)
    edges: dict[tuple[str, str], tuple[float, float]] = {}
    h = nx.Graph()
    for a, b, d in g.edges(data=True):
        pa = (g.nodes[a]["x"], g.nodes[a]["y"])
        pb = (g.nodes[b]["x"], g.nodes[b]["y"])
        length = d["length_m"]
        minutes = site_graph.walk_time_min(length)
        rate = segment_rate(z, spm, pa, pb) if length > 0 else 0.0
        edges[(a, b)] = edges[(b, a)] = (minutes, rate)
        h.add_edge(a, b, cost=minutes * (rate + params.ROUTE_MINUTE_COST))
    sink = ("assembly", "sink")
    for n in box.site.nodes:
        if n.type == "assembly_point" and n.id in h:
            h.add_edge(sink, n.id, cost=rate_at(z, spm, n.x_m, n.y_m) * params.AP_WAIT_MIN)
    paths = nx.single_source_dijkstra_path(h, sink, weight="cost") if sink in h else {}
    out: dict[str, WalkPlan] = {}
    for node in site_graph.occupied_nodes(box):
        path = paths.get(node.id)
        if path is None:
            out[node.id] = ((), 0.0, None)
            continue
        nodes = tuple(reversed(path[1:]))  # origin ... assembly point (sink dropped)
        segs = []
        for a, b in pairwise(nodes):
            minutes, rate = edges[(a, b)]
            pa = (g.nodes[a]["x"], g.nodes[a]["y"])
            pb = (g.nodes[b]["x"], g.nodes[b]["y"])
            segs.append((minutes, rate, a, pa[0], pa[1], pb[0], pb[1]))
        out[node.id] = (tuple(segs), sum(s[0] for s in segs), nodes[-1])
    return out


def walk_plan(inc: Incident, node_id: str) -> WalkPlan:
    return walk_plans(inc).get(node_id, ((), 0.0, None))


# --------------------------------------------------------------------------- the release
def run_incident(inc: Incident) -> Generator[Any, Any, None]:
    """The incident's own clock: wait for its start, release, injure, and start detection."""
    w = inc.world
    if inc.draw.start_min > 0:
        yield w.env.timeout(inc.draw.start_min)
    z = inc.cordon_zone
    inc.emit(
        "release",
        inc.box.id,
        chemical=inc.chem.id,
        unit=inc.unit.id,
        node=inc.source.id,
        release_kind=inc.draw.release_kind,
        size=inc.draw.size,
        container=inc.draw.container,
        leak=inc.leak_active,
        fire=inc.fire_active,
        enterprise=inc.box.id,
        isolate_m=round(inc.tox_zone.isolate_m, 1),
        protect_m=round(inc.tox_zone.protect_m, 1),
        cordon_m=round(z.extent_m, 1),
        wind_from_deg=round(inc.wind_from_deg, 1),
    )
    inc.reach("released")
    for p in inc.people:
        p.t_base = w.now
    injure(inc)
    if not inc.leak_active and not inc.fire_active:
        _end_zone(inc)
    for p in inc.people:
        if p.rate0 > 0 and p.state == "origin":
            w.start(watch(inc, p, p.version))
    w.start(detect(inc))


def injure(inc: Incident) -> None:
    """Immediate thermal / blast injuries of a fire or explosion (casualties assessed when found)."""
    kind = inc.draw.release_kind
    if kind == "leak":
        return
    radii = _harm_radii(inc)
    if not radii:
        return
    r_red, r_yellow, r_green = radii
    sx, sy = inc.source.x_m, inc.source.y_m
    for p in inc.people:
        d = math.hypot(p.x - sx, p.y - sy)
        if kind == "explosion" and d <= r_red:
            trap(inc, p, DOWN, p.node)
        elif d <= r_yellow or p.node == inc.source.id:
            p.s_base += 1.5
        elif d <= r_green:
            p.s_base += 0.5


def _harm_radii(inc: Incident) -> tuple[float, float, float] | None:
    """Red / yellow / green radii (m): 37.5 / 12.5 / 4 kW/m² for flammables, fixed blast radii otherwise."""
    d = inc.draw
    if inc.chem.is_("flammable"):
        gas = inc.chem.state in ("gas", "liquefied_gas")
        if d.release_kind == "explosion" and gas:
            share = 0.5 if d.size == "large" else 0.02  # share of the inventory in the fireball (assumption)
            fd = fire_distances_m(inc.chem, d.quantity_t * share, "bleve")
        else:
            dia = (30.0 if d.size == "large" else 10.0) * (0.5 if gas else 1.0)
            fd = fire_distances_m(inc.chem, d.quantity_t, "pool_fire", pool_diameter_m=dia)
        if fd:
            return (fd["r_37_5_kw_m2"], fd["r_12_5_kw_m2"], fd["r_4_kw_m2"])
    if d.release_kind == "explosion":
        k = 1.0 if d.size == "large" else 0.5
        r = params.BLAST_RADII_M
        return (r[0] * k, r[1] * k, r[2] * k)
    return None


def detect(inc: Incident) -> Generator[Any, Any, None]:
    """Detection by fixed detector, a worker at the unit, or patrol; the isolation circle walks out at once."""
    w = inc.world
    name = f"detect/{inc.index}"
    if inc.draw.release_kind != "leak":
        dt, actor = w.delay(name, params.DETECT_FIRE), "worker"
    elif inc.box.resources.fixed_gas_detectors > 0 and not inc.detector_fault:
        dt, actor = w.delay(name, params.DETECT_FIXED), "gas_detector"
    elif inc.source.occupancy.get(inc.shift) > 0:  # type: ignore[arg-type]
        dt, actor = w.delay(name, params.DETECT_PERSON_NEAR), "worker"
    else:
        dt, actor = w.delay(name, params.DETECT_PATROL), "patrol"
    yield w.env.timeout(dt)
    inc.emit("detected", actor, how=actor)
    inc.reach("detected")
    z = inc.tox_zone
    ox, oy = z.origin
    r2 = z.isolate_m * z.isolate_m
    near = [  # in the isolation circle, or already hurt
        p
        for p in inc.people
        if p.state == "origin" and ((p.x - ox) ** 2 + (p.y - oy) ** 2 <= r2 or p.s_base > 0)
    ]
    move(inc, near, self_evac=True)


# --------------------------------------------------------------------------- people moving
def order_evacuation(inc: Incident) -> None:
    """Everyone still at their origin starts walking after their reaction delay."""
    move(inc, [p for p in inc.people if p.state == "origin" and not p.hurt], self_evac=False)
    _check_walkers(inc)


def move(inc: Incident, persons: Iterable[Person], self_evac: bool) -> None:
    w = inc.world
    now = w.now
    outcomes: list[tuple[float, int, str, Person, float, str, tuple[float, float] | None]] = []
    for p in persons:
        if p.state != "origin" or p.t_leave is not None:
            continue
        t_leave = now + (p.d_self if self_evac else p.d_alarm)
        p.t_leave = t_leave
        s = p.s_at(t_leave, inc.zone_end)
        if s >= DOWN:
            continue  # collapses before leaving: the watcher traps them
        segs, _, ap = walk_plan(inc, p.node)
        if ap is None:
            p.t_leave = None  # nowhere safe to go: shelters where they are
            continue
        p.state = "walking"
        inc.moving += 1
        t = t_leave
        outcome = None
        for dur, rate, at, ax, ay, bx, by in segs:
            if rate > 0 and t < inc.zone_end:
                if s + rate * dur >= DOWN:
                    f = (DOWN - s) / rate / dur
                    xy = (ax + f * (bx - ax), ay + f * (by - ay))
                    outcome = (t + (DOWN - s) / rate, p.pid, "collapse", p, DOWN, at, xy)
                    break
                s += rate * dur
            t += dur
        outcomes.append(outcome or (t, p.pid, "arrive", p, s, ap, None))
    if outcomes:
        outcomes.sort(key=_by_time_then_person)
        w.start(_arrivals(inc, outcomes))


_by_time_then_person = itemgetter(0, 1)


def _arrivals(
    inc: Incident, outcomes: list[tuple[float, int, str, Person, float, str, tuple[float, float] | None]]
) -> Generator[Any, Any, None]:
    env = inc.world.env
    for t, _, what, p, s, where, xy in outcomes:
        if t > env.now:
            yield env.timeout(t - env.now)
        if what == "arrive":
            p.state, p.at, p.s_base, p.t_base, p.rate0 = "arrived", where, s, env.now, 0.0
            if s >= SYMPTOMS and not p.hurt:
                p.hurt = True
                medical.expose(inc, p, s, where, trapped=False)
        else:
            if xy is not None:  # collapsed on the way, out of doors
                p.x, p.y, p.indoor = xy[0], xy[1], False
            trap(inc, p, s, where)
        inc.resolved += 1
        _check_walkers(inc)


def _check_walkers(inc: Incident) -> None:
    if inc.reached("evacuation_ordered") and inc.resolved >= inc.moving:
        inc.reach("walkers_done")


def trap(inc: Incident, p: Person, s: float, where: str) -> None:
    """``p`` collapses at ``where``: a casualty who must be carried out, still breathing the atmosphere."""
    env = inc.world.env
    p.state, p.at = "trapped", where
    p.s_base, p.t_base = s, env.now
    p.rate0 = rate_here(inc, p)
    p.version += 1
    if not p.hurt:
        p.hurt = True
        medical.expose(inc, p, s, where, trapped=True)
    if p.rate0 > 0:
        inc.world.start(watch(inc, p, p.version))


def watch(inc: Incident, p: Person, version: int) -> Generator[Any, Any, None]:
    """While ``p`` is in place in the atmosphere: collapse at ``DOWN`` (at the origin, before leaving),
    death at ``LETHAL`` (collapsed, before a rescue pair reaches them)."""
    env = inc.world.env
    while p.version == version and p.rate0 > 0:
        trapped = p.state == "trapped"
        if not trapped and p.state != "origin":
            return
        t_c = p.t_base + ((LETHAL if trapped else DOWN) - p.s_base) / p.rate0
        if t_c > inc.zone_end or t_c > p.t_stop:
            return
        if t_c > env.now:
            yield env.timeout(t_c - env.now)
            continue
        if trapped:
            medical.die(p.cas, timing="immediate")
        elif p.t_leave is None or p.t_leave > env.now:
            trap(inc, p, DOWN, p.node)
        return


def reached(inc: Incident, p: Person, at: float) -> None:
    """A rescue pair reaches collapsed ``p`` at time ``at``: the dose stops there."""
    if p.state == "trapped" and at < p.t_stop:
        p.t_stop = at
        p.version += 1
        if p.rate0 > 0:
            inc.world.start(watch(inc, p, p.version))


def carried_out(inc: Incident, p: Person) -> float:
    """``p`` is out of the atmosphere: their final severity score."""
    s = p.s_at(inc.world.now, inc.zone_end)
    p.state, p.s_base, p.t_base, p.rate0 = "extracted", s, inc.world.now, 0.0
    p.version += 1
    return s


def zone_cleared(inc: Incident) -> Generator[Any, Any, None]:
    """When the zone clears, people who stayed put (shelter) are assessed."""
    env = inc.world.env
    if inc.zone_end > env.now:
        yield env.timeout(inc.zone_end - env.now)
    for p in inc.people:
        if p.state == "origin" and not p.hurt:
            s = p.s_at(env.now, inc.zone_end)
            if s >= SYMPTOMS:
                p.hurt = True
                medical.expose(inc, p, s, p.node, trapped=False)


def stop_release(inc: Incident, actor: str, how: str) -> None:
    """The leak is stopped: record it, start the zone's clearance clock, and put out a gas-fed fire."""
    if not inc.leak_active:
        return
    inc.leak_active = False
    inc.emit("leak_controlled", actor, how=how)
    inc.reach("leak_controlled")
    if not inc.fire_active:
        _end_zone(inc)
    elif inc.chem.state in ("gas", "liquefied_gas"):
        inc.world.start(_burn_out(inc, actor))


def _burn_out(inc: Incident, actor: str) -> Generator[Any, Any, None]:
    yield inc.world.env.timeout(2.0)
    fire_out(inc, actor, "fuel isolated")


def fire_out(inc: Incident, actor: str, how: str) -> None:
    if not inc.fire_active:
        return
    inc.fire_active = False
    inc.emit("fire_controlled", actor, how=how)
    inc.reach("fire_controlled")
    if not inc.leak_active:
        _end_zone(inc)


def _end_zone(inc: Incident) -> None:
    w = inc.world
    inc.reach("contained")
    inc.zone_end = min(inc.zone_end, w.now + params.ZONE_CLEARANCE_MIN)
    w.start(zone_cleared(inc))


# --------------------------------------------------------------------------- headcount
def headcount(inc: Incident) -> tuple[int, int]:
    """Present at assembly points and missing (trapped, or never left)."""
    present = sum(1 for p in inc.people if p.state == "arrived")
    return present, len(inc.people) - present


def node_xy(inc: Incident, node_id: str) -> tuple[float, float]:
    n: SiteNode | None = inc.box.site.node(node_id)
    return (n.x_m, n.y_m) if n is not None else (inc.source.x_m, inc.source.y_m)


def shift_wind(inc: Incident, shift_deg: float) -> int:
    """Turn the wind; re-rate people still in place; return how many at assembly points must relocate."""
    w = inc.world
    inc.wind_from_deg = (inc.wind_from_deg + shift_deg) % 360.0
    inc.tox_zone = inc.make_zone("leak")
    inc.cordon_zone = inc.make_zone(inc.draw.release_kind)
    inc.walk_cache = {}
    if w.now >= inc.zone_end:
        return 0
    rerate(inc)
    z = inc.tox_zone
    return sum(1 for p in inc.people if p.state == "arrived" and z.contains(*node_xy(inc, p.at)))


def rerate(inc: Incident) -> None:
    """The atmosphere changed (wind shift, water curtain): re-rate everyone in place and re-arm watchers."""
    w = inc.world
    now = w.now
    for p in inc.people:
        if p.state == "origin" or p.state == "trapped":
            p.s_base, p.t_base = p.s_at(now, inc.zone_end), now
            p.version += 1
    set_rates(inc)
    for p in inc.people:
        if (p.state == "origin" or p.state == "trapped") and p.rate0 > 0:
            w.start(watch(inc, p, p.version))


def relocate(inc: Incident, delay_min: float) -> Generator[Any, Any, None]:
    """People at an assembly point now inside the zone take ``delay_min`` to move; they may be hurt."""
    env = inc.world.env
    z, spm = inc.tox_zone, inc.spm
    hit = [(p, rate_at(z, spm, *node_xy(inc, p.at)) * delay_min) for p in inc.people if p.state == "arrived"]
    yield env.timeout(delay_min)
    for p, dose in hit:
        if dose >= SYMPTOMS and not p.hurt:
            p.hurt = True
            medical.expose(inc, p, dose, p.at, trapped=False)
