"""The fire service (119): dispatch by travel time and capability, turnout, travel, set-up, and tasks.

The 119 centre sends a first-alarm assignment sized by the release (``ENGINES_NEEDED``, and hazmat
units for toxic releases, ``HAZMAT_NEEDED``). Each unit is one unit of its station's SimPy pool, taken
from dispatch until it is back at its station after the all-clear, so a unit busy at one incident is not
available to another. A free unit is always preferred to a busy one; among free ones the fastest.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from drillsim.engine import medical, params, ppe, rescue, site

if TYPE_CHECKING:
    from drillsim.engine.acts import Act
    from drillsim.engine.incident import Incident
    from drillsim.engine.state import UnitBase

SOLUBLE_GASES = frozenset(
    {"chlorine", "ammonia_anhydrous", "hydrogen_chloride", "hydrogen_fluoride", "sulfur_dioxide"}
)
"""Gases a water curtain knocks down (water-soluble; model assumption backed by ERG guides 124/125)."""
CURTAIN_FACTOR = 0.5
DEFAULT_CAPABILITIES = ("water_curtain", "foam", "leak_sealing", "decontamination", "gas_detection")
"""What a station that lists no capabilities is taken to bring."""
"""A water curtain halves the dose rate of people still in the zone (model assumption)."""


def needs(inc: Incident, kind: str) -> frozenset[str]:
    """Capabilities a unit of ``kind`` must bring to this incident (a station that lists none is generic).

    >>> sorted(NEEDS["hazmat_toxic"]), sorted(NEEDS["engine_liquid_fire"])
    (['gas_tight_suits', 'leak_sealing'], ['foam'])
    """
    if kind == "hazmat":
        return NEEDS["hazmat_toxic"] if ppe.gas_tight(inc.chem) else NEEDS["hazmat"]
    liquid_fire = inc.had_fire and inc.chem.state not in ("gas", "liquefied_gas")
    return NEEDS["engine_liquid_fire"] if liquid_fire else frozenset()


NEEDS = {
    "hazmat_toxic": frozenset({"gas_tight_suits", "leak_sealing"}),
    "hazmat": frozenset({"leak_sealing"}),
    "engine_liquid_fire": frozenset({"foam"}),
}


def _pick(inc: Incident, kind: str) -> UnitBase | None:
    """The fastest base (turnout + road time) with a free unit of ``kind`` that brings what is needed,
    else the fastest such base (the call waits there); None if none can reach the gate."""
    city = inc.world.city
    now = inc.world.now
    need = needs(inc, kind)
    hazmat = kind == "hazmat"
    bases = city.unit_bases

    def rank() -> list[tuple[float, str, int]]:
        out = []
        for i, b in enumerate(bases):
            pool = b.hazmat if hazmat else b.engines
            if pool.capacity == 0 or (b.capabilities and not need <= b.capabilities):
                continue
            t = b.turnout_min + city.travel(b.node, inc.gate, now)
            if math.isfinite(t):
                out.append((t, b.id, i))
        return out

    order = city.ranked(("unit", hazmat, need, inc.gate, int(city.hour(now)), city.closed), rank)
    for _, _, i in order:
        b = bases[i]
        if (b.hazmat if hazmat else b.engines).free > 0:
            return b
    return bases[order[0][2]] if order else None


def respond(inc: Incident) -> Generator[Any, Any, None]:
    """The 119 centre processes the call and sends the first-alarm assignment."""
    w = inc.world
    yield w.env.timeout(w.delay(f"119/{inc.index}", params.DISPATCH_119))
    d = inc.draw
    engines = params.ENGINES_NEEDED.get((d.release_kind, d.size), 2)
    hazmat = params.HAZMAT_NEEDED[d.size] if inc.toxic else (1 if inc.had_leak else 0)
    send(inc, "engine", engines, "first alarm")
    send(inc, "hazmat", hazmat, "first alarm")


def send(inc: Incident, kind: str, n: int, why: str) -> int:
    """Dispatch ``n`` units of ``kind``; returns how many could be sent at all."""
    sent = 0
    for _ in range(n):
        base = _pick(inc, kind)
        if base is None:
            inc.emit(
                "plan_gap",
                "fire_service",
                what=f"dispatch_{kind}",
                reason=f"no {kind} unit in the city can reach the site",
            )
            break
        k = len(inc.units)
        pool = base.hazmat if kind == "hazmat" else base.engines
        assert pool.resource is not None
        req = pool.resource.request()
        if not req.triggered:
            inc.emit(
                "warning",
                "fire_service",
                what=f"{kind}_queued",
                station=base.id,
                reason=f"every {kind} unit is busy; waiting for {base.id}",
            )
        proc = inc.world.start(_unit(inc, base, kind, k, req, why))
        inc.units.append(proc)
        sent += 1
    return sent


def _unit(inc: Incident, base: UnitBase, kind: str, k: int, req: Any, why: str) -> Generator[Any, Any, None]:
    w = inc.world
    env = w.env
    pool = base.hazmat if kind == "hazmat" else base.engines
    assert pool.resource is not None
    try:
        yield req
        travel = w.city.travel(base.node, inc.gate, env.now)
        inc.emit(
            "fire_dispatched",
            base.id,
            station=base.id,
            unit=kind,
            why=why,
            eta_min=round(base.turnout_min + travel, 2),
        )
        noise = math.exp(params.TRAVEL_NOISE_SIGMA * w.rng(f"fire/{inc.index}/{kind}/{k}").gauss(0.0, 1.0))
        yield env.timeout(base.turnout_min + travel * noise)
        inc.emit("fire_arrived", base.id, station=base.id, unit=kind)
        if kind == "hazmat":
            inc.emit("hazmat_arrived", base.id, station=base.id)
        setup = w.delay(f"setup/{inc.index}/{kind}/{k}", params.SETUP)
        if not inc.guided:
            setup += w.delay(f"unguided/{inc.index}/{kind}/{k}", params.UNGUIDED_EXTRA)
        yield env.timeout(setup)
        if kind == "hazmat":
            inc.hazmat_on_scene += 1
            inc.reach("hazmat_ready")
            carried = ppe.field_antidotes(inc, base.capabilities)
            if carried:
                medical.field_antidote_arrived(inc, carried)
        else:
            inc.engines_on_scene += 1
            inc.reach(f"engines_{inc.engines_on_scene}")
        for cap in base.capabilities or DEFAULT_CAPABILITIES:
            inc.reach(f"cap_{cap}")
        inc.reach("fire_ready")
        rescue.add_fire_pair(inc, f"{base.id}-{kind}-{k + 1}")
        yield inc.flag("closed")
        yield env.timeout(w.city.travel(inc.gate, base.node, env.now))
    finally:
        if req.triggered:
            pool.resource.release(req)
        else:
            req.cancel()


def mutual_aid(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    """Ask 119 for more engines (and hazmat units for a toxic release); EMS and hospitals ask their own
    networks, which the engine records but does not model further."""
    ok = yield from act.start(on_scene=False, skip=lambda: "mutual_aid" in inc.done)
    if not ok:
        return
    if act.actor in ("ems", "hospital"):
        if inc.once(f"mutual_aid/{act.actor}"):
            inc.emit("milestone", act.actor, **act.fields(what="request_mutual_aid"))
        return
    if not inc.once("mutual_aid"):
        return
    n = send(inc, "engine", params.MUTUAL_AID_ENGINES, "mutual aid")
    if inc.toxic:
        n += send(inc, "hazmat", params.MUTUAL_AID_HAZMAT, "mutual aid")
    inc.emit("milestone", act.actor, **act.fields(what="request_mutual_aid", units=n))


# --------------------------------------------------------------------------- tasks on scene
def _enterprise_can(inc: Incident, act: Act, what: str, ok: bool, reason: str) -> bool:
    if not act.external and not ok:
        act.gap(reason)
        return False
    return True


def water_curtain(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    res = inc.box.resources
    if not _enterprise_can(
        inc, act, "water_curtain", res.fire_water_m3 > 0, "no fire water listed in the box"
    ):
        return
    waits = (inc.flag("cap_water_curtain"),) if act.external else ()
    ok = yield from act.start(*waits)
    if not ok or not inc.leak_active or not inc.once("water_curtain"):
        return
    yield from act.work(None)
    inc.emit("milestone", act.actor, **act.fields(what="water_curtain"))
    if inc.chem.id in SOLUBLE_GASES and not inc.water_curtain:
        inc.water_curtain = True
        inc.curtain = CURTAIN_FACTOR
        site.rerate(inc)


def leak_seal(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    res = inc.box.resources
    if not act.external:
        kit = f"team sealing needs a kit and {ppe.describe(inc)}"
        if res.leak_sealing_kits < 1:
            act.gap(f"{kit}; the box lists no sealing kit")
            return
        short = ppe.shortfall(inc, 2)
        if short:
            act.gap(f"{kit}; {short}")
            return
    elif act.actor not in ("hazmat_team", "fire_service"):
        act.gap(f"'{act.actor}' does not seal leaks")
        return
    if act.actor == "fire_service":
        act.actor = "hazmat_team"  # sealing is the hazmat unit's job
    waits = (inc.flag("team_ready"),) if not act.external else (inc.flag("cap_leak_sealing"),)
    ok = yield from act.start(*waits)
    if not ok or not inc.leak_active:
        return
    if act.external:
        key = "leak_seal_hazmat_large" if inc.draw.size == "large" else "leak_seal_hazmat"
        yield from act.work(params.ACTION_DURATION[key])
        site.stop_release(inc, act.actor, "sealed by the hazmat unit")
        return
    yield from act.work(params.ACTION_DURATION["leak_seal_team"])
    if not inc.leak_active:
        return
    if inc.world.rng(f"seal/{inc.index}").random() < params.TEAM_SEAL_SUCCESS_P[inc.draw.size]:
        site.stop_release(inc, act.actor, "sealed by the enterprise team")
    else:
        inc.emit(
            "milestone",
            act.actor,
            **act.fields(what="leak_seal_failed", reason=f"{inc.draw.size} leak beyond the team's kit"),
        )


def foam_attack(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    res = inc.box.resources
    if not _enterprise_can(inc, act, "foam_attack", res.foam_m3 > 0, "no foam concentrate listed in the box"):
        return
    if inc.chem.state in ("gas", "liquefied_gas"):
        return  # foam is for liquid fires; a gas fire goes out when the fuel is isolated (cool meanwhile)
    need = max(1, math.ceil(params.ENGINES_NEEDED.get((inc.draw.release_kind, inc.draw.size), 2) / 2))
    waits = (inc.flag(f"engines_{need}"), inc.flag("cap_foam")) if act.external else ()
    ok = yield from act.start(*waits)
    if not ok or not inc.fire_active or not inc.once(f"foam/{act.external}"):
        return
    large = inc.draw.size == "large"
    if not act.external and large:
        inc.emit(
            "milestone",
            act.actor,
            **act.fields(what="foam_attack_holding", reason="large fire beyond the micro fire station"),
        )
        return
    yield from act.work(params.ACTION_DURATION["foam_attack_large" if large else "foam_attack"])
    site.fire_out(inc, act.actor, "foam")


def cool_tanks(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from act.start()
    if ok and inc.fire_active and inc.once(f"cool/{act.external}"):
        inc.emit("milestone", act.actor, **act.fields(what="cool_tanks"))


def decontaminate(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    showers = inc.box.resources.decon_showers
    if not _enterprise_can(
        inc, act, "decontaminate", showers > 0, "no decontamination shower listed in the box"
    ):
        return
    waits = (inc.flag("cap_decontamination"),) if act.actor in ("fire_service", "hazmat_team") else ()
    ok = yield from act.start(*waits)
    if not ok or not inc.once(f"decon/{act.external}"):
        return
    yield from act.work(None)
    lanes = 2 if act.external else showers
    for k in range(lanes):
        inc.decon_lanes.put(f"{act.actor}-{k + 1}")
    inc.emit("milestone", act.actor, **act.fields(what="decontamination_ready", lanes=lanes))
    inc.reach("decon_ready")


def monitor_gas(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    if not act.external and inc.box.resources.portable_detectors < 1:
        act.gap("no portable gas detector listed in the box")
        return
    ok = yield from act.start(inc.flag("contained"))
    if not ok or not inc.once("monitor"):
        return
    yield from act.work(params.ACTION_DURATION["monitor_gas"])
    inc.emit("milestone", act.actor, **act.fields(what="gas_below_limits"))
    inc.reach("monitored")
