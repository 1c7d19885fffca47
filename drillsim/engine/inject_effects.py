"""What each inject kind does to the model, and what each decision option does (docs/engine.md)."""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from drillsim.engine import site
from drillsim.model import Inject

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident
    from drillsim.engine.injects import InjectBook


# --------------------------------------------------------------------------- effects
def _p(inj: Inject, key: str, default: float) -> float:
    v = inj.params.get(key, default)
    return float(v) if isinstance(v, int | float) else default


def _esd_fails(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    return "the ESD valve does not close"


def _wind_shift(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    if not inc.leak_active and book.world.now >= inc.zone_end:
        return None
    deg = _p(inj, "shift_deg", 90.0) * (1 if book.rngs[inj.id].random() < 0.5 else -1)
    n = site.shift_wind(inc, deg)
    inc.pending_relocation = n
    if inj.decision is None and n:
        book.world.start(site.relocate(inc, 5.0))
    return f"wind turns {deg:+.0f}°, now from {inc.wind_from_deg:.0f}°; {n} people at assembly points now in the zone"


def _worker_missing(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    left = [p for p in inc.people if p.state == "origin" and not p.hurt]
    if not left:
        return None
    inside = [p for p in left if p.rate0 > 0] or left
    p = inside[int(book.rngs[inj.id].random() * len(inside))]
    s = max(site.DOWN, p.s_at(book.world.now, inc.zone_end)) if p.rate0 > 0 else 1.5
    site.trap(inc, p, s, p.node)
    return f"a worker at {p.node} does not reach the assembly point (collapsed)"


def _ambulance_delayed(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    extra = _p(inj, "delay_min", 15.0)
    inc.ambulance_delay += extra
    return f"the next ambulance is held up {extra:.0f} min"


def _antidote_stockout(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    city = book.world.city
    names = inc.chem.antidotes
    holding = [h for h in city.hospitals if any(h.stock(a) > 0 and h.antidote(a) is not None for a in names)]
    if not holding:
        return None
    h = min(holding, key=lambda h: (city.travel(inc.gate, h.node, book.world.now), h.id))
    for a in names:
        box = h.antidote(a)
        if box is not None and box.level > 0:
            box.get(box.level)
    return f"{h.id}: antidote stock ({', '.join(names)}) found expired / unusable"


def _secondary_fire(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    if inc.fire_active or not any(c.is_("flammable") for c in _site_chems(book, inc)):
        return None
    inc.fire_active = inc.had_fire = True
    inc.zone_end = math.inf
    book.start_step(inc, "fire_service", "cool_tanks", inj.id)
    if inj.decision is None:
        book.world.start(_burn(book, inc, _p(inj, "burn_min", 45.0), "foam"))
    return "a secondary fire breaks out next to the release"


def _burn(book: InjectBook, inc: Incident, minutes: float, how: str) -> Generator[Any, Any, None]:
    if how == "foam":
        yield inc.flag("engines_2")
        minutes = minutes / 2
    yield book.world.env.timeout(minutes)
    site.fire_out(
        inc, "fire_service", "secondary fire " + ("foamed" if how == "foam" else "burnt out under cooling")
    )


def _site_chems(book: InjectBook, inc: Incident) -> list[Any]:
    return [
        book.world.content.chemicals[c] for c in inc.box.chemical_ids if c in book.world.content.chemicals
    ]


def _power_failure(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    if inc.power_out or inc.reached("esd_done"):
        return None
    inc.power_out = True
    return "site power lost: no remote ESD, alarm by hand"


def _road_closed(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    w = book.world
    city = w.city
    stations = sorted(
        ((city.travel(b.node, inc.gate, w.now), b.id, b.node) for b in city.unit_bases), key=lambda k: k[:2]
    )
    if not stations or not math.isfinite(stations[0][0]):
        return None
    route = city.net.route(stations[0][2], inc.gate, city.hour(w.now))
    edges = list(pairwise(route.nodes))
    for a, b in reversed(edges[:-1] or edges):
        trial = city.closed | {(a, b)}
        if math.isfinite(city.net.travel_min(stations[0][2], inc.gate, city.hour(w.now), trial)):
            city.closed = frozenset(trial)
            inc.closed_road = (a, b)
            return f"road {a}–{b} closed (crash); responders detour"
    return None


def _hospital_full(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    w = book.world
    cands = [h for h in w.city.hospitals if h.poison.capacity > 0]
    if not cands:
        return None
    h = min(cands, key=lambda h: (w.city.travel(inc.gate, h.node, w.now), h.id))
    n = 0
    while h.poison.occupy():
        n += 1
    while h.icu.occupy():
        n += 1
    inc.full_hospital = h.id
    return f"{h.id}: {n} remaining poison/ICU beds taken by other patients"


def _detector_fault(book: InjectBook, inj: Inject, inc: Incident) -> str | None:
    if inc.reached("detected") or inc.box.resources.fixed_gas_detectors == 0:
        return None
    inc.detector_fault = True
    return "the fixed gas detectors at the unit are faulty: detection by people"


EFFECTS: dict[str, Callable[[InjectBook, Inject, Incident], str | None]] = {
    "esd_fails": _esd_fails,
    "wind_shift": _wind_shift,
    "worker_missing": _worker_missing,
    "ambulance_delayed": _ambulance_delayed,
    "antidote_stockout": _antidote_stockout,
    "secondary_fire": _secondary_fire,
    "power_failure": _power_failure,
    "road_closed": _road_closed,
    "hospital_full": _hospital_full,
    "detector_fault": _detector_fault,
}


# --------------------------------------------------------------------------- decision options
def nothing(book: InjectBook, inj: Inject, inc: Incident) -> None:
    return None


def _reopen(book: InjectBook, inj: Inject, inc: Incident) -> None:
    def later() -> Generator[Any, Any, None]:
        yield book.world.env.timeout(_p(inj, "reopen_min", 20.0))
        road = inc.closed_road
        if road is not None:
            book.world.city.closed = frozenset(book.world.city.closed - {road})

    book.world.start(later())


def _surge(book: InjectBook, inj: Inject, inc: Incident) -> None:
    def later() -> Generator[Any, Any, None]:
        yield book.world.env.timeout(_p(inj, "surge_after_min", 30.0))
        h = book.world.city.hospital(inc.full_hospital or "")
        if h is None or h.poison.resource is None:
            return
        for _ in range(min(int(_p(inj, "surge_beds", 4)), len(h.poison.held))):
            h.poison.resource.release(h.poison.held.pop())

    book.world.start(later())


def _relocate(delay_min: float) -> Callable[[InjectBook, Inject, Incident], None]:
    def choice(book: InjectBook, inj: Inject, inc: Incident) -> None:
        if inc.pending_relocation:
            wait = delay_min if delay_min >= 0 else min(max(inc.zone_end - book.world.now, 0.0), 60.0)
            book.world.start(site.relocate(inc, wait))

    return choice


def _manual_close(book: InjectBook, inj: Inject, inc: Incident) -> None:
    inc.reach("esd_manual_needed")
    book.start_step(inc, "process_team", "manual_esd", inj.id)


def _send_team(book: InjectBook, inj: Inject, inc: Incident) -> None:
    inc.reach("trapped_known")


def _reroute(book: InjectBook, inj: Inject, inc: Incident) -> None:
    inc.ambulance_delay /= 2


def _no_transfer(book: InjectBook, inj: Inject, inc: Incident) -> None:
    inc.antidote_transfer = False


def _fight(how: str) -> Callable[[InjectBook, Inject, Incident], None]:
    def choice(book: InjectBook, inj: Inject, inc: Incident) -> None:
        book.world.start(_burn(book, inc, _p(inj, "burn_min", 45.0), how))

    return choice


CHOICES: dict[tuple[str, str], Callable[[InjectBook, Inject, Incident], None]] = {
    ("esd_fails", "manual_close"): _manual_close,
    ("power_failure", "manual_esd"): _manual_close,
    ("wind_shift", "relocate"): _relocate(5.0),
    ("wind_shift", "stay"): _relocate(-1.0),
    ("worker_missing", "send_team"): _send_team,
    ("ambulance_delayed", "reroute"): _reroute,
    ("antidote_stockout", "no_transfer"): _no_transfer,
    ("secondary_fire", "foam"): _fight("foam"),
    ("secondary_fire", "cool_only"): _fight("cool"),
    ("road_closed", "clear_road"): _reopen,
    ("hospital_full", "open_surge"): _surge,
}
