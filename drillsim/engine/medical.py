"""Casualties: exposure, the deterioration clock, extraction, triage, decontamination, care.

Clinical parameters come from the chemical record's ``clinical`` block (sample-city.md): an untreated
yellow casualty turns red after ``yellow_to_red_min``, an untreated red one dies after
``red_to_death_min``. Definitive care stops the clock: for a chemical with an antidote course
(``antidote_doses_per_casualty`` > 0) that is the antidote, for the others admission to a bed. Hospital
supportive care, from the emergency department on, slows the clock (``SUPPORTIVE_CARE_FACTOR``) but
does not stop it.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine import params, rescue, transport
from drillsim.engine.draw import delay

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident, Person


def colour_of(s: float) -> str:
    """Triage colour of a severity score (red >= 3, yellow >= 1, green > 0).

    >>> colour_of(3.0), colour_of(1.2), colour_of(0.1)
    ('red', 'yellow', 'green')
    """
    if s >= params.TRIAGE_RED:
        return "red"
    if s >= params.TRIAGE_YELLOW:
        return "yellow"
    return "green"


class Casualty:
    """One casualty and where they are in the chain from exposure to care."""

    __slots__ = (
        "antidote",
        "care_factor",
        "cid",
        "colour",
        "dead",
        "deadline",
        "gone",
        "inc",
        "proc",
        "rng",
        "s",
        "stabilized",
        "status",
        "t_exposed",
        "t_first_hospital",
        "trapped",
        "trip",
        "where",
    )

    def __init__(self, cid: int, inc: Incident, s: float, where: str, trapped: bool, now: float):
        self.cid = cid
        self.inc = inc
        self.s = s
        self.colour = colour_of(s)
        self.where = where
        self.trapped = trapped
        self.t_exposed = now
        self.dead = False
        self.gone = inc.world.env.event()  # fires if the casualty dies
        self.rng = inc.world.rng(f"cas/{inc.index}/{cid}")  # every draw about this casualty
        self.stabilized = False
        self.care_factor = 1.0
        self.antidote = False
        self.status = "exposed"  # exposed | extracted | triaged | transport | hospital | treated | dead
        self.t_first_hospital: float | None = None
        self.trip: Any = None
        self.proc: simpy.Process | None = None
        clin = inc.chem.clinical
        if self.colour == "red":
            self.deadline = now + clin.red_to_death_min
        elif self.colour == "yellow":
            self.deadline = now + clin.yellow_to_red_min
        else:
            self.deadline = math.inf

    @property
    def needs_antidote(self) -> bool:
        clin = self.inc.chem.clinical
        return (
            clin.antidote_doses_per_casualty > 0 and bool(self.inc.chem.antidotes) and self.colour != "green"
        )


def expose(inc: Incident, person: Person | None, s: float, where: str, trapped: bool) -> Casualty:
    """A new casualty: record it, start its clock and its way through the chain of care."""
    w = inc.world
    c = Casualty(len(w.casualties) + 1, inc, s, where, trapped, w.now)
    w.casualties.append(c)
    w.unresolved += 1
    inc.emit(
        "casualty_exposed",
        inc.box.id,
        known=not trapped,
        casualty=c.cid,
        colour=c.colour,
        severity=round(s, 2),
        where=where,
        trapped=trapped,
        chemical=inc.chem.id,
    )
    c.proc = w.start(_care(c))
    if math.isfinite(c.deadline):
        w.start(_clock(c))
    return c


def _clock(c: Casualty) -> Generator[Any, Any, None]:
    """The deterioration clock: yellow → red → dead, unless care stabilises the casualty first."""
    env = c.inc.world.env
    clin = c.inc.chem.clinical
    while not c.dead and not c.stabilized:
        if c.deadline > env.now:
            yield env.timeout(c.deadline - env.now)
            continue
        if c.colour == "yellow":
            c.colour = "red"
            c.deadline = env.now + clin.red_to_death_min * c.care_factor
            c.inc.emit("milestone", "casualty", what="casualty_deteriorated", casualty=c.cid, colour="red")
            continue
        c.dead = True
        c.gone.succeed()
        where = c.status
        settle(c, "dead")
        c.inc.emit(
            "casualty_died",
            "casualty",
            casualty=c.cid,
            stage=where,
            chemical=c.inc.chem.id,
            minutes_since_exposure=round(env.now - c.t_exposed, 2),
        )
        if c.proc is not None and c.proc.is_alive:
            c.proc.interrupt("died")
        return


def settle(c: Casualty, status: str) -> None:
    """The casualty reaches an outcome (treated or dead); the drill ends only when all have one."""
    if c.status not in ("treated", "dead"):
        c.inc.world.unresolved -= 1
    c.status = status


def supportive_care(c: Casualty) -> None:
    """Hospital care without the antidote: the time left on the clock is stretched."""
    if c.care_factor == 1.0 and not c.stabilized:
        env = c.inc.world.env
        f = params.SUPPORTIVE_CARE_FACTOR
        if math.isfinite(c.deadline):
            c.deadline = env.now + (c.deadline - env.now) * f
        c.care_factor = f


def stabilize(c: Casualty) -> None:
    c.stabilized = True


def _care(c: Casualty) -> Generator[Any, Any, None]:
    inc = c.inc
    try:
        if c.trapped:
            yield inc.flag("trapped_known")  # a collapsed person is known only once missed or found
            inc.world.notify("casualty_exposed", inc.index)
            label = yield from rescue.extract(inc, c.where)
            c.status = "extracted"
            inc.emit("casualty_extracted", label, casualty=c.cid, where=c.where)
        yield from _triage(c)
        if c.colour == "green":
            if inc.chem.clinical.decon_required:
                yield from _decon(c)
            yield inc.flag("ems_on_scene")
            settle(c, "treated")
            inc.emit("treatment_started", "ems", casualty=c.cid, place="scene", colour=c.colour)
            stabilize(c)
            return
        trip = transport.request(c)  # the ambulance is on its way while the casualty is decontaminated
        if inc.chem.clinical.decon_required:
            yield from _decon(c)
        trip.ready.succeed()
        yield from transport.ride(c, trip)
    except simpy.Interrupt:
        transport.cancel(c)


def _triage(c: Casualty) -> Generator[Any, Any, None]:
    inc = c.inc
    env = inc.world.env
    first_aid, ems = inc.flag("first_aid"), inc.flag("ems_on_scene")
    if not (first_aid.triggered or ems.triggered):
        yield first_aid | ems
    actor = "ems" if ems.triggered else inc.first_aid_actor
    pool = inc.triage
    with pool.resource.request() as req:  # type: ignore[union-attr]
        yield req
        yield env.timeout(delay(c.rng, params.EMS_TRIAGE_PER_CASUALTY))
    c.status = "triaged"
    inc.emit("casualty_triaged", actor, casualty=c.cid, colour=c.colour)


def _decon(c: Casualty) -> Generator[Any, Any, None]:
    """Wet decontamination when a line is set up; otherwise clothing off (dry) after a while."""
    inc = c.inc
    env = inc.world.env
    ready = inc.flag("decon_ready")
    if not ready.triggered:
        yield ready | env.timeout(params.DRY_DECON_AFTER_MIN)
    if not ready.triggered:
        return  # dry decontamination only: clothing removed, on to care
    with inc.decon_lanes.get() as req:
        lane = yield req
        try:
            yield env.timeout(delay(c.rng, params.DECON_PER_CASUALTY))
        finally:
            inc.decon_lanes.put(lane)


def ems_response(inc: Incident) -> Generator[Any, Any, None]:
    """After the 120 call the nearest crew drives to the gate to triage and treat on scene."""
    w = inc.world
    city = w.city
    best = math.inf
    for b in city.ambulance_bases:
        best = min(best, b.dispatch_min + city.travel(b.node, inc.gate, w.now))
    if not math.isfinite(best):
        inc.emit(
            "plan_gap", "ems", what="ems_response", reason="no ambulance base can reach the site by road"
        )
        return
    yield w.env.timeout(
        best * math.exp(params.TRAVEL_NOISE_SIGMA * w.rng(f"ems/{inc.index}").gauss(0.0, 1.0))
    )
    inc.emit("milestone", "ems", what="ems_arrived")
    inc.reach("ems_on_scene")
