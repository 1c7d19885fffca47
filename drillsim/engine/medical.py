"""Casualties: exposure, the deterioration clock, extraction, triage, care on scene, decontamination.

Clinical parameters come from the chemical record's ``clinical`` block (sample-city.md): an untreated
yellow casualty turns red after ``yellow_to_red_min``, an untreated red one dies after
``red_to_death_min × g(s)`` (``g`` shortens the clock as the dose nears ``LETHAL``). A collapsed person
still in the atmosphere dies there at ``LETHAL`` (an *immediate* death); every other death is *delayed*
(the clock ran out). Care stretches the time left on the clock: for chemicals without an antidote course,
care on scene once triaged (``SCENE_CARE_FACTOR``), the ambulance, the emergency department
(``HOSPITAL_CARE_FACTOR``), and a bed stops it; for chemicals with one, only the antidote stops it (on
scene from a hazmat unit that carries it, or in the emergency department) and the emergency department
slows it (``SUPPORTIVE_CARE_FACTOR``).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine import params, rescue, site, transport
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
        "clock",
        "colour",
        "dead",
        "deadline",
        "gone",
        "inc",
        "person",
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

    def __init__(
        self, cid: int, inc: Incident, s: float, where: str, trapped: bool, now: float, person: Any = None
    ):
        self.cid = cid
        self.clock = 0
        self.person = person
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
            self.deadline = now + clin.red_to_death_min * red_clock(s)
        elif self.colour == "yellow":
            self.deadline = now + clin.yellow_to_red_min
        else:
            self.deadline = math.inf

    @property
    def needs_antidote(self) -> bool:
        return self.inc.antidote_chem and self.colour != "green"


def red_clock(s: float) -> float:
    """Share of ``red_to_death_min`` an untreated red casualty of severity ``s`` has left.

    >>> red_clock(3.0), round(red_clock(6.0), 3), red_clock(10.0)
    (1.0, 0.571, 0.1)
    """
    g = (params.LETHAL - s) / (params.LETHAL - params.TRIAGE_RED)
    return 1.0 if g > 1.0 else (params.RED_CLOCK_FLOOR if g < params.RED_CLOCK_FLOOR else g)


def expose(inc: Incident, person: Person | None, s: float, where: str, trapped: bool) -> Casualty:
    """A new casualty: record it, start its clock and its way through the chain of care."""
    w = inc.world
    c = Casualty(len(w.casualties) + 1, inc, s, where, trapped, w.now, person)
    if person is not None:
        person.cas = c
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
        w.start(_clock(c, c.clock))
    return c


def _clock(c: Casualty, version: int) -> Generator[Any, Any, None]:
    """The deterioration clock: yellow → red → dead, unless care stabilises the casualty first (a
    clock whose deadline was brought forward is replaced: ``version``)."""
    env = c.inc.world.env
    clin = c.inc.chem.clinical
    while not c.dead and not c.stabilized and c.clock == version:
        if c.deadline > env.now:
            yield env.timeout(c.deadline - env.now)
            continue
        if c.colour == "yellow":
            c.colour = "red"
            c.deadline = env.now + clin.red_to_death_min * c.care_factor
            c.inc.emit("milestone", "casualty", what="casualty_deteriorated", casualty=c.cid, colour="red")
            continue
        die(c, "delayed")
        return


def die(c: Casualty, timing: str) -> None:
    """``c`` dies: ``immediate`` (a lethal dose where they lay) or ``delayed`` (the clock ran out)."""
    if c.dead:
        return
    env = c.inc.world.env
    c.dead = True
    c.gone.succeed()
    where = c.status
    settle(c, "dead")
    c.inc.emit(
        "casualty_died",
        "casualty",
        casualty=c.cid,
        stage=where,
        timing=timing,
        where=c.where,
        chemical=c.inc.chem.id,
        minutes_since_exposure=round(env.now - c.t_exposed, 2),
    )
    if c.proc is not None and c.proc.is_alive and c.proc is not env.active_process:
        c.proc.interrupt("died")


def settle(c: Casualty, status: str) -> None:
    """The casualty reaches an outcome (treated or dead); the drill ends only when all have one."""
    if c.status not in ("treated", "dead"):
        c.inc.world.unresolved -= 1
    c.status = status


def care(c: Casualty, factor: float) -> None:
    """Care that multiplies the untreated pace of the clock by ``factor`` starts now (never slows it less)."""
    if factor <= c.care_factor or c.stabilized or c.dead:
        return
    if math.isfinite(c.deadline):
        now = c.inc.world.env.now
        if c.deadline > now:
            c.deadline = now + (c.deadline - now) * factor / c.care_factor
    c.care_factor = factor


def scene_care(c: Casualty, who: str) -> None:
    """Triaged and looked after on scene by ``who`` (``first_aid`` or ``ems``)."""
    care(c, params.ANTIDOTE_CHEM_SCENE_FACTOR if c.inc.antidote_chem else params.SCENE_CARE_FACTOR[who])


def supportive_care(c: Casualty) -> None:
    """The emergency department without the antidote: the time left on the clock is stretched."""
    care(c, params.SUPPORTIVE_CARE_FACTOR if c.inc.antidote_chem else params.HOSPITAL_CARE_FACTOR)


def stabilize(c: Casualty) -> None:
    c.stabilized = True


def _care(c: Casualty) -> Generator[Any, Any, None]:
    inc = c.inc
    try:
        if c.trapped:
            yield inc.flag("trapped_known")  # a collapsed person is known only once missed or found
            inc.world.notify("casualty_exposed", inc.index)
            label = yield from rescue.extract(inc, c.where, c.person)
            c.status = "extracted"
            if c.person is not None:
                _out_of_atmosphere(c, site.carried_out(inc, c.person))
            inc.emit("casualty_extracted", label, casualty=c.cid, where=c.where, severity=round(c.s, 2))
        yield from _triage(c)
        if c.needs_antidote and inc.field_antidote > 0 and not c.antidote:
            field_antidote(c)
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


def _out_of_atmosphere(c: Casualty, s: float) -> None:
    """A collapsed casualty carried out with severity ``s``: the clock is what that dose leaves."""
    if s > c.s:
        c.s = s
        if c.colour == "red" and math.isfinite(c.deadline) and not c.stabilized:
            now = c.inc.world.env.now
            sooner = now + c.inc.chem.clinical.red_to_death_min * red_clock(s) * c.care_factor
            if sooner < c.deadline:  # the running clock sleeps until the old deadline: start a new one
                c.deadline = sooner
                c.clock += 1
                c.inc.world.start(_clock(c, c.clock))


def field_antidote(c: Casualty) -> None:
    """A hazmat unit on scene gives ``c`` the antidote it carries: definitive care, before transport."""
    inc = c.inc
    inc.field_antidote -= 1
    c.antidote = True
    stabilize(c)
    settle(c, "treated")
    a = next((a for a in inc.chem.antidotes if a in inc.field_kinds), inc.chem.antidotes[0])
    inc.emit("treatment_started", "hazmat_team", casualty=c.cid, place="scene", bed="none", colour=c.colour)
    inc.emit(
        "antidote_given",
        "hazmat_team",
        casualty=c.cid,
        antidote=a,
        doses=inc.chem.clinical.antidote_doses_per_casualty,
        hospital=None,
        place="scene",
        within_window=inc.world.now - c.t_exposed <= inc.chem.clinical.treatment_window_min,
    )


def field_antidote_arrived(inc: Incident, kinds: tuple[str, ...]) -> None:
    """A hazmat unit carrying antidotes for this chemical is set up: treat those waiting on scene."""
    inc.field_antidote += params.FIELD_ANTIDOTE_COURSES_PER_UNIT
    inc.field_kinds = inc.field_kinds + kinds
    waiting = [
        c
        for c in inc.world.casualties
        if c.inc is inc and c.status == "triaged" and c.needs_antidote and not c.antidote and not c.dead
    ]
    waiting.sort(key=lambda c: (c.colour != "red", c.deadline, c.cid))
    for c in waiting:
        if inc.field_antidote <= 0:
            break
        field_antidote(c)


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
    who = "ems" if actor == "ems" else "first_aid"
    scene_care(c, who)
    inc.emit("casualty_triaged", actor, casualty=c.cid, colour=c.colour, care=who)


def _decon(c: Casualty) -> Generator[Any, Any, None]:
    """Wet decontamination in a lane when a line is set up (the walking wounded shower en masse, no lane);
    otherwise clothing off (dry) after a while."""
    inc = c.inc
    env = inc.world.env
    ready = inc.flag("decon_ready")
    if not ready.triggered:
        yield ready | env.timeout(params.DRY_DECON_AFTER_MIN)
    if not ready.triggered or c.colour == "green":
        return  # dry decontamination (clothing off), or the walking wounded's mass shower: on to care
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
    for c in w.casualties:  # the 120 crew takes over the casualties the first-aiders are looking after
        if c.inc is inc and c.status == "triaged" and not c.dead:
            scene_care(c, "ems")
