"""City-wide capacity as SimPy resources shared by every incident of a drill.

Fire engines and hazmat units per station (and per specialist hazmat team), ambulances per base (the
120 centre and each hospital), poison-treatment and ICU beds per hospital with their baseline occupancy
held from t = 0, and each hospital's antidote stock as a ``simpy.Container``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import simpy

from drillsim.model import City, Hospital
from drillsim.routing import RoadNetwork, road_network


class Pool:
    """A counted resource (engines, beds, ambulances) that may be empty: capacity 0 means none at all.

    ``baseline`` units are taken for the whole drill from t = 0 (beds already occupied); the SimPy
    resource holds the rest, so baseline patients cost no simulation events.
    """

    __slots__ = ("_env", "_resource", "baseline", "capacity", "held", "name", "priority")

    def __init__(
        self, env: simpy.Environment, name: str, capacity: int, baseline: int = 0, priority: bool = False
    ):
        self.name = name
        self.capacity = max(int(capacity), 0)
        self.baseline = min(max(int(baseline), 0), self.capacity)
        self.priority = priority
        self._env = env
        self._resource: simpy.Resource | None = None
        self.held: list[simpy.resources.resource.Request] = []

    @property
    def resource(self) -> simpy.Resource | None:
        """The SimPy resource of the open units (created when first used; None when there are none); a
        ``priority`` pool serves waiting requests by priority, then first come first served."""
        if self._resource is None and self.capacity > self.baseline:
            kind = simpy.PriorityResource if self.priority else simpy.Resource
            self._resource = kind(self._env, capacity=self.capacity - self.baseline)
        return self._resource

    def occupy(self) -> bool:
        """Take one unit now for the rest of the drill (an inject); False if none is free."""
        if self.resource is None or self.free <= 0:
            return False
        self.held.append(self.resource.request())
        return True

    @property
    def in_use(self) -> int:
        return self.baseline + (self._resource.count if self._resource is not None else 0)

    @property
    def queued(self) -> int:
        return len(self._resource.queue) if self._resource is not None else 0

    @property
    def free(self) -> int:
        open_ = self.capacity - self.baseline
        return open_ - self._resource.count if self._resource is not None else open_


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
    env: simpy.Environment
    _antidotes: dict[str, simpy.Container] = field(default_factory=dict)
    stockout_reported: set[str] = field(default_factory=set)

    def antidote(self, antidote_id: str) -> simpy.Container | None:
        """The shelf of one antidote (a SimPy container, made when first touched); None if never stocked."""
        box = self._antidotes.get(antidote_id)
        if box is None:
            n = self.hospital.antidote_stock.get(antidote_id)
            if n is None:
                return None
            box = self._antidotes[antidote_id] = simpy.Container(self.env, init=max(int(n), 0))
        return box

    def levels(self) -> dict[str, int]:
        """Doses on the shelf by antidote id, now."""
        out = {a: max(int(n), 0) for a, n in self.hospital.antidote_stock.items()}
        out.update({a: int(c.level) for a, c in self._antidotes.items()})
        return dict(sorted(out.items()))

    @property
    def id(self) -> str:
        return self.hospital.id

    @property
    def node(self) -> str:
        return self.hospital.node

    def stock(self, antidote: str) -> float:
        if antidote == "hyperbaric_oxygen" and self.hospital.hyperbaric:
            return math.inf
        if antidote in self._antidotes:
            return self._antidotes[antidote].level
        return max(int(self.hospital.antidote_stock.get(antidote, 0)), 0)


_TRAVEL: dict[int, tuple[City, dict[tuple[str, str, int, frozenset], float]]] = {}


def _travel_cache(city: City) -> dict[tuple[str, str, int, frozenset], float]:
    """Road times already asked for in this city (shared by every drill on the same City object)."""
    hit = _TRAVEL.get(id(city))
    if hit is None or hit[0] is not city:
        if len(_TRAVEL) > 8:
            _TRAVEL.clear()
        hit = _TRAVEL[id(city)] = (city, {})
    return hit[1]


_ORDERS: dict[int, tuple[City, dict[tuple[Any, ...], tuple[tuple[float, str, int], ...]]]] = {}


def _order_cache(city: City) -> dict[tuple[Any, ...], tuple[tuple[float, str, int], ...]]:
    """Rankings already worked out in this city (nearest stations, bases, hospitals by road time)."""
    hit = _ORDERS.get(id(city))
    if hit is None or hit[0] is not city:
        if len(_ORDERS) > 8:
            _ORDERS.clear()
        hit = _ORDERS[id(city)] = (city, {})
    return hit[1]


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
                UnitBase(
                    s.id,
                    "station",
                    s.name_zh,
                    s.name_en,
                    s.node,
                    s.turnout_min,
                    frozenset(s.capabilities),
                    Pool(env, f"{s.id}/engines", s.engines),
                    Pool(env, f"{s.id}/hazmat", s.hazmat_units),
                )
            )
        for t in city.hazmat_teams:
            self.unit_bases.append(
                UnitBase(
                    t.id,
                    "hazmat_team",
                    t.name_zh,
                    t.name_en,
                    t.node,
                    t.turnout_min,
                    frozenset(t.capabilities),
                    Pool(env, f"{t.id}/engines", 0),
                    Pool(env, f"{t.id}/hazmat", t.units),
                )
            )
        self.hospitals: list[HospitalState] = []
        self.ambulance_bases: list[AmbulanceBase] = []
        for e in city.ems_centres:
            self.ambulance_bases.append(
                AmbulanceBase(
                    e.id,
                    e.node,
                    e.call_to_dispatch_min,
                    Pool(env, f"{e.id}/ambulances", e.ambulances, priority=True),
                )
            )
        ems_dispatch = min((e.call_to_dispatch_min for e in city.ems_centres), default=2.0)
        for h in city.hospitals:
            self.hospitals.append(
                HospitalState(
                    h,
                    Pool(
                        env,
                        f"{h.id}/poison",
                        h.poison_beds,
                        _baseline(h.poison_beds, h.baseline_occupancy_pct),
                    ),
                    Pool(env, f"{h.id}/icu", h.icu_beds, _baseline(h.icu_beds, h.baseline_occupancy_pct)),
                    env,
                )
            )
            if h.ambulances > 0:
                self.ambulance_bases.append(
                    AmbulanceBase(
                        h.id,
                        h.node,
                        ems_dispatch,
                        Pool(env, f"{h.id}/ambulances", h.ambulances, priority=True),
                    )
                )
        self._travel_cache = _travel_cache(city)
        self._orders = _order_cache(city)

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

    def ranked(
        self, key: tuple[Any, ...], rank: Callable[[], Iterable[tuple[float, str, int]]]
    ) -> tuple[tuple[float, str, int], ...]:
        """``(minutes, id, index)`` sorted, remembered under ``key`` for every drill in this city: the road
        times do not depend on the drill, only on the hour band and the closed roads in ``key``."""
        hit = self._orders.get(key)
        if hit is None:
            hit = self._orders[key] = tuple(sorted(rank()))
        return hit

    def warm(self, gates: Iterable[str], horizon_min: float) -> None:
        """Compute, before the run, the road times the run will ask for (bases ↔ gates, every hour);
        done once per city and set of gates."""
        gates = list(gates)
        key: tuple[str, str, int, frozenset] = (
            "warm",
            ",".join(gates),
            int(self.hour0),
            frozenset({int(horizon_min)}),
        )
        if key in self._travel_cache:  # type: ignore[comparison-overlap]
            return
        self._travel_cache[key] = 0.0  # type: ignore[index]
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
