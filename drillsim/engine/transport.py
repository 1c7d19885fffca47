"""120 transport and hospital care: ambulances over the roads, beds, diversion, antidotes.

An ambulance is a unit of its base's pool (the 120 centre or a hospital) from dispatch until it is
back at base. The 120 dispatcher sends each casualty to the nearest suitable hospital (就近原则),
counting a hospital that held no course of the chemical's antidote at the start as
``ANTIDOTE_DETOUR_MIN`` further away. The ambulance hands over there and returns; a hospital with no
free bed of the kind needed transfers the casualty to the nearest hospital with one (within
``DIVERSION_MAX_EXTRA_MIN``), else the casualty waits in its emergency department for a bed.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine import params
from drillsim.engine.draw import delay
from drillsim.engine.state import AmbulanceBase, HospitalState, Pool

if TYPE_CHECKING:
    from drillsim.engine.medical import Casualty

ANTIDOTE_DETOUR_MIN = 60.0
"""Extra minutes the dispatcher accepts to reach a hospital holding the antidote (model assumption)."""
TRANSFER_PREP_MIN = 5.0
"""A full hospital hands a casualty to a transfer vehicle for the next hospital (model assumption; the
receiving network's transfer vehicles are not counted against the 120 fleet)."""
COURIER_DISPATCH_MIN = 10.0
"""Time to get an antidote transfer on the road (model assumption)."""


class Trip:
    """One casualty's ambulance trip: requested at triage, loading once the casualty is ``ready``."""

    __slots__ = ("arrived", "assigned", "courier", "hospital", "proc", "ready")

    def __init__(self, env: simpy.Environment):
        self.arrived = env.event()
        self.ready = env.event()
        self.assigned = False
        self.courier = False
        self.hospital: HospitalState | None = None
        self.proc: simpy.Process | None = None


# --------------------------------------------------------------------------- choices
def bed_pool(h: HospitalState, c: Casualty) -> tuple[str, Pool | None]:
    """The beds ``c`` takes at ``h``: a red casualty an ICU bed (else a poison-treatment bed), a yellow
    poisoning a poison-treatment bed (else ICU); the first kind with a free bed, else the first kind the
    hospital has at all (to wait for). ``None`` = general ward, never short."""
    for kind, pool in _kinds(h, c):
        if pool.free > 0:
            return kind, pool
    for kind, pool in _kinds(h, c):
        if pool.capacity > pool.baseline:
            return kind, pool
    return "general", None


def _kinds(h: HospitalState, c: Casualty) -> tuple[tuple[str, Pool], ...]:
    needs_poison = c.inc.chem.clinical.needs_poison_bed
    if c.colour == "red":
        return (("icu", h.icu), ("poison", h.poison)) if needs_poison else (("icu", h.icu),)
    if needs_poison:
        return (("poison", h.poison), ("icu", h.icu))
    return ()


def has_bed(h: HospitalState, c: Casualty) -> bool:
    """Whether ``c`` can be put to bed at ``h`` now (general-ward casualties always can)."""
    kinds = _kinds(h, c)
    if not kinds or all(pool.capacity <= pool.baseline for _, pool in kinds):
        return not kinds
    return any(pool.free > 0 for _, pool in kinds)


def _held_antidote(h: HospitalState, c: Casualty) -> bool:
    doses = c.inc.chem.clinical.antidote_doses_per_casualty
    if h.hospital.hyperbaric and "hyperbaric_oxygen" in c.inc.chem.antidotes:
        return True
    return any(h.hospital.antidote_stock.get(a, 0) >= doses for a in c.inc.chem.antidotes)


def hospital_order(c: Casualty) -> list[HospitalState]:
    """Hospitals in the order the 120 dispatcher would choose them for ``c`` (a player's ``divert``
    first, then by road time, a hospital without the antidote counted ``ANTIDOTE_DETOUR_MIN`` further)."""
    inc = c.inc
    city = inc.world.city
    now = inc.world.now
    needs_poison = inc.chem.clinical.needs_poison_bed
    antidote = c.needs_antidote
    hospitals = city.hospitals

    def rank() -> list[tuple[float, str, int]]:
        out = []
        for i, h in enumerate(hospitals):
            if needs_poison and h.poison.capacity == 0 and h.icu.capacity == 0:
                continue
            t = city.travel(inc.gate, h.node, now)
            if not math.isfinite(t):
                continue
            if antidote and not _held_antidote(h, c):
                t += ANTIDOTE_DETOUR_MIN
            out.append((t, h.id, i))
        return out

    key = ("hospital", inc.gate, int(city.hour(now)), city.closed, inc.chem.id, antidote)
    order = [hospitals[i] for _, _, i in city.ranked(key, rank)]
    if inc.ems_priority is not None:
        order.sort(key=lambda h: h.id != inc.ems_priority)  # stable: the rest keep their order
    return order


def choose_base(c: Casualty) -> AmbulanceBase | None:
    """A base with a free ambulance nearest the scene, else the nearest base (the call queues there)."""
    inc = c.inc
    city = inc.world.city
    now = inc.world.now
    bases = city.ambulance_bases

    def rank() -> list[tuple[float, str, int]]:
        out = []
        for i, b in enumerate(bases):
            if b.ambulances.capacity == 0:
                continue
            t = b.dispatch_min + city.travel(b.node, inc.gate, now)
            if math.isfinite(t):
                out.append((t, b.id, i))
        return out

    order = city.ranked(("ambulance", inc.gate, int(city.hour(now)), city.closed), rank)
    for _, _, i in order:
        if bases[i].ambulances.free > 0:
            return bases[i]
    return bases[order[0][2]] if order else None


# --------------------------------------------------------------------------- the casualty's way to a bed
def request(c: Casualty) -> Trip:
    """Ask 120 for an ambulance for ``c`` (once 120 has been called)."""
    w = c.inc.world
    trip = Trip(w.env)
    c.trip = trip
    trip.proc = w.start(_dispatch(c, trip))
    return trip


def ride(c: Casualty, trip: Trip) -> Generator[Any, Any, None]:
    """The casualty's side: reach a hospital and its emergency department (supportive care, and the
    antidote if the shelf has it); if it has no free bed of the kind needed, be transferred to the
    nearest hospital that has one (within ``DIVERSION_MAX_EXTRA_MIN``), else wait there for a bed."""
    from drillsim.engine.medical import supportive_care

    yield trip.arrived
    h = trip.hospital
    assert h is not None
    inc = c.inc
    env = inc.world.env
    supportive_care(c)
    _emergency_department(c, h)
    visited = {h.id}
    while not has_bed(h, c):
        alt = _diversion(c, h, visited)
        if alt is None:
            break
        inc.emit("hospital_diverted", h.id, casualty=c.cid, hospital=h.id, to=alt.id, reason="no free bed")
        yield env.timeout(TRANSFER_PREP_MIN + _noisy(c, inc.world.city.travel(h.node, alt.node, env.now)))
        h = alt
        visited.add(h.id)
        inc.emit("casualty_at_hospital", h.id, casualty=c.cid, hospital=h.id, colour=c.colour, transfer=True)
        _emergency_department(c, h)
    yield from _admit(c, h)


def _dispatch(c: Casualty, trip: Trip) -> Generator[Any, Any, None]:
    inc = c.inc
    try:
        yield inc.flag("ems_called")
    except simpy.Interrupt:
        return
    order = hospital_order(c)
    base = choose_base(c)
    if not order or base is None:
        inc.emit(
            "plan_gap",
            "ems",
            what="transport",
            casualty=c.cid,
            reason="no hospital or ambulance can be reached by road",
        )
        return
    yield from _drive(c, trip, base, order)


def cancel(c: Casualty) -> None:
    """The casualty died: an ambulance not yet assigned is no longer needed."""
    trip = c.trip
    if trip is not None and not trip.assigned and trip.proc is not None and trip.proc.is_alive:
        trip.proc.interrupt("casualty died")


def _noisy(c: Casualty, minutes: float) -> float:
    return minutes * math.exp(params.TRAVEL_NOISE_SIGMA * c.rng.gauss(0.0, 1.0))


def _drive(
    c: Casualty, trip: Trip, base: AmbulanceBase, order: list[HospitalState]
) -> Generator[Any, Any, None]:
    from drillsim.engine.medical import scene_care

    inc = c.inc
    w = inc.world
    env = w.env
    res = base.ambulances.resource
    assert res is not None
    req = res.request(0 if c.colour == "red" else 1)  # type: ignore[call-arg]  # red (immediate) first
    if not req.triggered:
        inc.emit(
            "warning",
            "ems",
            what="ambulance_queued",
            base=base.id,
            casualty=c.cid,
            reason=f"no free ambulance; the call waits for one from {base.id}",
        )
    try:
        yield req
    except simpy.Interrupt:
        req.cancel()
        return
    trip.assigned = True
    try:
        inc.emit("ambulance_dispatched", base.id, casualty=c.cid, hospital=order[0].id, base=base.id)
        extra, inc.ambulance_delay = inc.ambulance_delay, 0.0
        yield env.timeout(base.dispatch_min + _noisy(c, w.city.travel(base.node, inc.gate, env.now)) + extra)
        if not trip.ready.triggered and not c.dead:
            yield trip.ready | c.gone
        if not c.dead:
            c.status = "transport"
            scene_care(c, "ems")
            yield env.timeout(delay(c.rng, params.LOAD_MIN))
        node = inc.gate
        if not c.dead:
            h = order[0]
            yield env.timeout(_noisy(c, w.city.travel(node, h.node, env.now)))
            node = h.node
            if not c.dead:
                c.t_first_hospital = env.now
                inc.emit("casualty_at_hospital", base.id, casualty=c.cid, hospital=h.id, colour=c.colour)
                trip.hospital = h
                trip.arrived.succeed()
                yield env.timeout(delay(c.rng, params.HANDOVER_MIN))
        yield env.timeout(w.city.travel(node, base.node, env.now))
    finally:
        res.release(req)


def _diversion(c: Casualty, h: HospitalState, visited: set[str]) -> HospitalState | None:
    w = c.inc.world
    best = None
    for alt in w.city.hospitals:
        if alt.id in visited or not has_bed(alt, c):
            continue
        _, pool = bed_pool(alt, c)
        if pool is None and bed_pool(h, c)[1] is None:
            continue
        t = w.city.travel(h.node, alt.node, w.now)
        if t <= params.DIVERSION_MAX_EXTRA_MIN and (best is None or (t, alt.id) < best[0]):
            best = ((t, alt.id), alt)
    return best[1] if best else None


def occupy(
    env: simpy.Environment, pool: Pool, req: simpy.resources.resource.Request, hold_min: float
) -> Generator[Any, Any, None]:
    """Keep a bed for the length of stay, whatever becomes of the patient."""
    yield env.timeout(hold_min)
    assert pool.resource is not None
    pool.resource.release(req)


def _admit(c: Casualty, h: HospitalState) -> Generator[Any, Any, None]:
    """Wait for a bed at ``h`` (for ever if it has none of the kind needed); admission is definitive care."""
    from drillsim.engine.medical import settle, stabilize

    inc = c.inc
    w = inc.world
    env = w.env
    kind, pool = bed_pool(h, c)
    if c.status != "treated":
        c.status = "hospital"
    if pool is not None and pool.resource is not None:
        req = pool.resource.request()
        try:
            yield req
        except simpy.Interrupt:
            req.cancel()
            raise
        w.start(occupy(env, pool, req, delay(c.rng, params.LOS_MIN)))
    elif _kinds(h, c):
        yield c.gone  # no bed of the kind needed will ever free here during the drill
        return
    wait = env.now - (c.t_first_hospital if c.t_first_hospital is not None else env.now)
    settle(c, "treated")
    inc.emit(
        "treatment_started",
        h.id,
        casualty=c.cid,
        hospital=h.id,
        bed=kind,
        wait_min=round(wait, 3),
        colour=c.colour,
    )
    if not c.needs_antidote:
        stabilize(c)


def _take(h: HospitalState, antidote: str, doses: int) -> bool:
    if antidote == "hyperbaric_oxygen" and h.hospital.hyperbaric:
        return True
    box = h.antidote(antidote)
    if box is None or box.level < doses:
        return False
    box.get(doses)
    return True


def _give(c: Casualty, h: HospitalState, antidote: str, **more: Any) -> None:
    """The antidote is definitive care: the casualty is treated (a bed, if any, follows for observation)."""
    from drillsim.engine.medical import settle, stabilize

    chem = c.inc.chem
    now = c.inc.world.now
    if c.status != "treated":
        settle(c, "treated")
        c.inc.emit(
            "treatment_started",
            h.id,
            casualty=c.cid,
            hospital=h.id,
            place="emergency department",
            bed="none",
            colour=c.colour,
        )
    c.inc.emit(
        "antidote_given",
        h.id,
        casualty=c.cid,
        antidote=antidote,
        doses=chem.clinical.antidote_doses_per_casualty,
        hospital=h.id,
        within_window=now - c.t_exposed <= chem.clinical.treatment_window_min,
        **more,
    )
    c.antidote = True
    stabilize(c)


def _emergency_department(c: Casualty, h: HospitalState) -> None:
    """At a hospital's door: the antidote from its shelf, or a stock-out and an urgent transfer of doses."""
    if not c.needs_antidote or c.antidote or c.dead:
        return
    inc = c.inc
    chem = inc.chem
    doses = chem.clinical.antidote_doses_per_casualty
    for a in chem.antidotes:
        if _take(h, a, doses):
            _give(c, h, a)
            return
    key = "+".join(chem.antidotes)
    if key not in h.stockout_reported:
        h.stockout_reported.add(key)
        inc.emit("antidote_stockout", h.id, hospital=h.id, antidotes=list(chem.antidotes), chemical=chem.id)
    if inc.antidote_transfer and c.trip is not None and not c.trip.courier:
        c.trip.courier = True
        inc.world.start(_courier(c, h))


def _courier(c: Casualty, h: HospitalState) -> Generator[Any, Any, None]:
    """Doses for ``c`` sent by road from the nearest hospital that has them."""
    inc = c.inc
    w = inc.world
    env = w.env
    chem = inc.chem
    doses = chem.clinical.antidote_doses_per_casualty
    src = None
    for other in w.city.hospitals:
        if other is h or not any(other.stock(a) >= doses for a in chem.antidotes):
            continue
        t = w.city.travel(other.node, h.node, env.now)
        if math.isfinite(t) and (src is None or (t, other.id) < src[0]):
            src = ((t, other.id), other)
    if src is None:
        return
    other = src[1]
    a = next(a for a in chem.antidotes if other.stock(a) >= doses)
    _take(other, a, doses)
    yield env.timeout(COURIER_DISPATCH_MIN + src[0][0])
    if not c.dead and not c.antidote:
        _give(c, h, a, transferred_from=other.id)
