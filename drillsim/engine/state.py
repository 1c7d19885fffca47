"""City-wide capacity as SimPy resources shared by every incident of a drill.

Fire engines and hazmat units per station (and per specialist hazmat team), ambulances per base (the
120 centre and each hospital), poison-treatment and ICU beds per hospital with their baseline occupancy
held from t = 0, and each hospital's antidote stock as a ``simpy.Container``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import simpy

from drillsim.model import City, Hospital
from drillsim.routing import RoadNetwork, road_network


class Pool:
    """A counted resource (engines, beds, ambulances) that may be empty: capacity 0 means none at all."""

    __slots__ = ("capacity", "held", "name", "resource")

    def __init__(self, env: simpy.Environment, name: str, capacity: int, baseline: int = 0):
        self.name = name
        self.capacity = max(int(capacity), 0)
        self.resource = simpy.Resource(env, capacity=self.capacity) if self.capacity > 0 else None
        self.held: list[simpy.resources.resource.Request] = []
        for _ in range(min(max(baseline, 0), self.capacity)):
            self.occupy()

    def occupy(self) -> bool:
        """Take one unit now for the rest of the drill (baseline occupancy, an inject); False if none free."""
        if self.resource is None or self.free <= 0:
            return False
        self.held.append(self.resource.request())
        return True

    @property
    def in_use(self) -> int:
        return self.resource.count if self.resource is not None else 0

    @property
    def queued(self) -> int:
        return len(self.resource.queue) if self.resource is not None else 0

    @property
    def free(self) -> int:
        return self.capacity - self.in_use if self.resource is not None else 0


@dataclass(slots=True)
class UnitBase:
    """A fire station or a specialist hazmat team: engines and/or hazmat units, where, how fast out."""

    id: str
    kind: str  # "station" | "hazmat_team"
    name_zh: str
    name_en: str
    node: str
    turnout_min: float
    capabilities: frozenset[str]
    engines: Pool
    hazmat: Pool


@dataclass(slots=True)
class AmbulanceBase:
    """Where ambulances wait: the 120 centre or a hospital."""

    id: str
    node: str
    dispatch_min: float
    ambulances: Pool


@dataclass(slots=True)
class HospitalState:
    """One hospital during the drill: beds in use, antidotes on the shelf, stock-outs already reported."""

    hospital: Hospital
    poison: Pool
    icu: Pool
    antidotes: dict[str, simpy.Container]
    stockout_reported: set[str] = field(default_factory=set)
    surge_opened: bool = False

    @property
    def id(self) -> str:
        return self.hospital.id

    @property
    def node(self) -> str:
        return self.hospital.node

    def stock(self, antidote: str) -> float:
        if antidote == "hyperbaric_oxygen" and self.hospital.hyperbaric:
            return math.inf
        c = self.antidotes.get(antidote)
        return c.level if c is not None else 0


def _baseline(beds: int, pct: float) -> int:
    """Beds occupied at t = 0: ``round(beds x pct / 100)`` (half up), never more than the beds.

    >>> _baseline(20, 70), _baseline(3, 50), _baseline(0, 90)
    (14, 2, 0)
    """
    return min(beds, math.floor(beds * pct / 100.0 + 0.5))


class CityState:
    """Every shared resource of the city, built once per drill."""

    def __init__(self, env: simpy.Environment, city: City, hour0: float):
        self.env = env
        self.city = city
        self.hour0 = hour0
        self.net: RoadNetwork = road_network(city)
        self.closed: frozenset[tuple[str, str]] = frozenset()
        self.unit_bases: list[UnitBase] = []
        for s in city.fire_stations:
            self.unit_bases.append(
                UnitBase(s.id, "station", s.name_zh, s.name_en, s.node, s.turnout_min, frozenset(s.capabilities),
                         Pool(env, f"{s.id}/engines", s.engines), Pool(env, f"{s.id}/hazmat", s.hazmat_units))
            )
        for t in city.hazmat_teams:
            self.unit_bases.append(
                UnitBase(t.id, "hazmat_team", t.name_zh, t.name_en, t.node, t.turnout_min, frozenset(t.capabilities),
                         Pool(env, f"{t.id}/engines", 0), Pool(env, f"{t.id}/hazmat", t.units))
            )
        self.hospitals: list[HospitalState] = []
        self.ambulance_bases: list[AmbulanceBase] = []
        for e in city.ems_centres:
            self.ambulance_bases.append(AmbulanceBase(e.id, e.node, e.call_to_dispatch_min, Pool(env, f"{e.id}/ambulances", e.ambulances)))
        ems_dispatch = min((e.call_to_dispatch_min for e in city.ems_centres), default=2.0)
        for h in city.hospitals:
            antidotes = {a: simpy.Container(env, init=max(int(n), 0)) for a, n in h.antidote_stock.items()}
            self.hospitals.append(
                HospitalState(
                    h,
                    Pool(env, f"{h.id}/poison", h.poison_beds, _baseline(h.poison_beds, h.baseline_occupancy_pct)),
                    Pool(env, f"{h.id}/icu", h.icu_beds, _baseline(h.icu_beds, h.baseline_occupancy_pct)),
                    antidotes,
                )
            )
            if h.ambulances > 0:
                self.ambulance_bases.append(AmbulanceBase(h.id, h.node, ems_dispatch, Pool(env, f"{h.id}/ambulances", h.ambulances)))
        self._travel_cache: dict[tuple[str, str, int, frozenset], float] = {}

    def hour(self, t: float) -> float:
        """Clock hour at drill time ``t`` (for congestion)."""
        return (self.hour0 + t / 60.0) % 24.0

    def travel(self, src: str, dst: str, t: float) -> float:
        """Fastest road minutes from ``src`` to ``dst`` leaving at drill time ``t`` (``inf`` if cut off)."""
        if src == dst:
            return 0.0
        band = int(self.hour(t))
        key = (src, dst, band, self.closed)
        hit = self._travel_cache.get(key)
        if hit is None:
            hit = self.net.travel_min(src, dst, float(band) + 0.5, self.closed)
            self._travel_cache[key] = hit
        return hit

    def warm(self, gates: Iterable[str], horizon_min: float) -> None:
        """Compute, before the run, the road times the run will ask for (bases ↔ gates, every hour)."""
        gates = list(gates)
        for hour in range(int(horizon_min // 60) + 2):
            t = hour * 60.0
            for gate in gates:
                for b in self.unit_bases:
                    self.travel(b.node, gate, t)
                for a in self.ambulance_bases:
                    self.travel(a.node, gate, t)
                for h in self.hospitals:
                    self.travel(gate, h.node, t)
                    self.travel(h.node, gate, t)

    def hospital(self, hospital_id: str) -> HospitalState | None:
        return next((h for h in self.hospitals if h.id == hospital_id), None)

    def pools(self) -> Iterable[Pool]:
        for b in self.unit_bases:
            yield b.engines
            yield b.hazmat
        for a in self.ambulance_bases:
            yield a.ambulances
        for h in self.hospitals:
            yield h.poison
            yield h.icu
