"""One incident's state: the drawn release, its zones, people, crews on site and milestones reached."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine import params
from drillsim.engine.draw import IncidentDraw
from drillsim.engine.state import Pool
from drillsim.hazard import HazardZone, erg_zone, wind_bearing
from drillsim.model import Chemical, HandoverBox, HazardUnit, SiteNode

if TYPE_CHECKING:
    from drillsim.engine.world import World


class Person:
    """One person on site: where, how fast they react, how their dose grows, where they end up."""

    __slots__ = (
        "at",
        "cas",
        "d_alarm",
        "d_self",
        "hurt",
        "indoor",
        "node",
        "pid",
        "rate0",
        "s_base",
        "state",
        "t_base",
        "t_leave",
        "t_stop",
        "version",
        "x",
        "y",
    )

    def __init__(self, pid: int, node: SiteNode, d_self: float, d_alarm: float):
        self.pid = pid
        self.node = node.id
        self.x = node.x_m
        self.y = node.y_m
        self.indoor = node.type in params.INDOOR_TYPES
        self.d_self = d_self
        self.d_alarm = d_alarm
        self.rate0 = 0.0  # severity per minute while at the origin
        self.s_base = 0.0  # severity accumulated up to t_base
        self.t_base = 0.0
        self.t_leave: float | None = None
        self.t_stop = math.inf  # the dose stops here (a rescue pair reaches a collapsed person)
        self.state = "origin"  # origin | walking | arrived | trapped | extracted
        self.version = 0
        self.at = node.id  # where the person is now (origin, assembly point, or where they collapsed)
        self.hurt = False  # already a casualty
        self.cas: Any = None  # the casualty record, once hurt

    def s_at(self, t: float, zone_end: float) -> float:
        """Severity at time ``t`` while in place (at the origin, or collapsed where they fell)."""
        end = zone_end if zone_end < self.t_stop else self.t_stop
        return self.s_base + self.rate0 * max((t if t < end else end) - self.t_base, 0.0)


@dataclass(slots=True)
class Pair:
    """A rescue pair in SCBA (enterprise team) or a fire crew pair; ``air_min`` left in the cylinders."""

    label: str
    kind: str  # "team" | "fire"
    air_min: float


class Incident:
    """The state of one incident of a drill (several may run at once and share the city)."""

    def __init__(self, world: World, draw: IncidentDraw, box: HandoverBox, chem: Chemical):
        self.world = world
        self.index = draw.index
        self.draw = draw
        self.box = box
        self.chem = chem
        unit = box.unit(draw.unit)
        assert unit is not None
        self.unit: HazardUnit = unit
        node = box.site.node(draw.node)
        self.source: SiteNode = node if node is not None else box.site.nodes[0]
        self.gate = box.road_node
        self.shift = world.draw.shift
        kind = draw.release_kind
        gas = chem.state in ("gas", "liquefied_gas")
        flammable = chem.is_("flammable")
        self.leak_active = (
            kind == "leak"
            or (kind == "fire" and gas)
            or (kind == "explosion" and chem.is_("toxic") and not (gas and flammable))
        )
        self.fire_active = kind in ("fire", "explosion") and flammable
        self.had_leak = self.leak_active
        self.had_fire = self.fire_active
        self.toxic = chem.is_("toxic")
        self.wind_from_deg = wind_bearing(world.draw.wind_from)
        self.tox_zone: HazardZone = self.make_zone("leak")
        self.cordon_zone: HazardZone = self.make_zone(kind)
        self.zone_end = math.inf
        self.water_curtain = False
        self.curtain = 1.0  # dose-rate factor of a water curtain on a soluble gas
        self.people: list[Person] = []
        self.moving = 0
        self.resolved = 0
        self.walk_cache: dict[str, Any] = {}  # node -> site.WalkPlan under the current zone
        self.flags: dict[str, simpy.Event] = {}
        self.milestones: set[str] = set()  # flags reached
        self.done: set[str] = set()  # once-only actions already carried out
        self.roles: dict[str, Pool] = {}
        self.role_counts: dict[str, int] = {}
        for r in box.roles:
            n = r.on_shift.get(self.shift)  # type: ignore[arg-type]
            self.role_counts[r.id] = n
            self.roles[r.id] = Pool(world.env, f"{box.id}/{r.id}", n, priority=True)
        res = box.resources
        self.spare_cylinders = res.spare_cylinders
        self.pairs = simpy.Store(world.env)
        self.team_pairs = 0
        self.engines_on_scene = 0
        self.hazmat_on_scene = 0
        self.units: list[Any] = []  # dispatched fire units (for return at all-clear)
        self.trapped: list[Any] = []
        self.guided = False
        self.esd_failed = False
        self.esd_fail_forced = False
        self.power_out = False
        self.detector_fault = False
        self.missing_injected = 0
        self.triage = Pool(world.env, f"{box.id}/triage", params.TRIAGE_TEAMS)
        self.decon_lanes = simpy.Store(world.env)
        self.first_aid_actor = "safety_officer"
        self.antidote_transfer = True
        self.pending_relocation = 0  # people at assembly points caught by a wind shift
        self.closed_road: tuple[str, str] | None = None
        self.full_hospital: str | None = None
        self.ambulance_delay = 0.0  # extra minutes for the next ambulance (inject)
        rng = world.rng(f"esd/{self.index}")
        self.esd_base_fails = rng.random() < params.ESD_BASE_FAILURE_P
        self.esd_effective = rng.random() < params.ESD_EFFECTIVE_P
        self.ems_priority: str | None = None  # hospital chosen by a player's "divert"
        self.field_antidote = 0  # courses carried by hazmat units on scene (FIELD_ANTIDOTES)
        self.field_kinds: tuple[str, ...] = ()
        self.antidote_chem = chem.clinical.antidote_doses_per_casualty > 0 and bool(chem.antidotes)

    # ------------------------------------------------------------------ zones
    def make_zone(self, release_kind: str, wind_from_deg: float | None = None) -> HazardZone:
        d = self.draw
        w = self.world.draw
        return erg_zone(
            self.chem,
            d.size,
            d.container,
            w.night,
            w.wind_speed_ms,
            self.wind_from_deg if wind_from_deg is None else wind_from_deg,
            origin=(self.source.x_m, self.source.y_m),
            release_kind=release_kind,
            frame_north_deg=self.box.site.north_deg,
        )

    # ------------------------------------------------------------------ milestones
    def flag(self, name: str) -> simpy.Event:
        """The event that fires once ``name`` is reached (created on first use)."""
        ev = self.flags.get(name)
        if ev is None:
            ev = self.flags[name] = self.world.env.event()
        return ev

    def reach(self, name: str) -> None:
        if name not in self.milestones:
            self.milestones.add(name)
            self.flag(name).succeed()

    def reached(self, name: str) -> bool:
        return name in self.milestones

    def once(self, action: str) -> bool:
        """True the first time ``action`` is claimed for this incident, False after."""
        if action in self.done:
            return False
        self.done.add(action)
        return True

    @property
    def spm(self) -> float:
        return self.chem.clinical.severity_per_exposure_min

    def emit(self, kind: str, actor: str, known: bool = True, **fields: Any) -> None:
        """``World.emit`` for this incident (inlined: it runs for every timeline event)."""
        if kind == "plan_gap":  # whose plan and roles: every incident acts on its own enterprise's
            fields["enterprise"] = self.box.id
        w = self.world
        f = fields or None
        w.log.append((w.env.now, kind, actor, self.index, f))
        if known:
            hooks = w.hooks.get(kind)
            if hooks:
                for hook in tuple(hooks):
                    hook(self.index, f)
