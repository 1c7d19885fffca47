"""The city: districts, parks, roads, fire stations, hospitals, EMS, hazmat teams, antidotes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from drillsim.model.vocab import EMPTY_MAP


@dataclass(frozen=True, slots=True)
class District:
    id: str
    name_zh: str
    name_en: str
    kind: str
    hazmat_target_min: float
    line: int = 0


@dataclass(frozen=True, slots=True)
class Park:
    id: str
    name_zh: str
    name_en: str
    district: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class RoadClass:
    id: str
    speed_kmh: float
    source: str


@dataclass(frozen=True, slots=True)
class Congestion:
    from_h: float
    to_h: float
    factor: float


@dataclass(frozen=True, slots=True)
class RoadNode:
    id: str
    name_zh: str
    name_en: str
    x_km: float
    y_km: float
    district: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class RoadEdge:
    a: str
    b: str
    road_class: str
    length_km: float
    oneway: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class FireStation:
    id: str
    fictional: bool
    name_zh: str
    name_en: str
    kind: str
    district: str
    node: str
    engines: int
    hazmat_units: int
    crew: int
    scba_sets: int
    turnout_min: float
    capabilities: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Hospital:
    id: str
    fictional: bool
    name_zh: str
    name_en: str
    district: str
    node: str
    level: str
    poison_center: bool
    poison_beds: int
    icu_beds: int
    baseline_occupancy_pct: float
    ambulances: int
    decon: bool
    hyperbaric: bool
    antidote_stock: Mapping[str, int] = field(default_factory=lambda: EMPTY_MAP)
    line: int = 0


@dataclass(frozen=True, slots=True)
class EmsCentre:
    id: str
    fictional: bool
    name_zh: str
    name_en: str
    node: str
    call_to_dispatch_min: float
    ambulances: int
    line: int = 0


@dataclass(frozen=True, slots=True)
class HazmatTeam:
    id: str
    fictional: bool
    name_zh: str
    name_en: str
    kind: str
    node: str
    turnout_min: float
    units: int
    capabilities: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Antidote:
    id: str
    name_zh: str
    name_en: str
    for_chemicals: tuple[str, ...]
    dose: str
    source: str
    verified: bool = True
    line: int = 0


@dataclass(frozen=True, slots=True)
class City:
    name_zh: str
    name_en: str
    districts: tuple[District, ...]
    parks: tuple[Park, ...]
    road_classes: tuple[RoadClass, ...]
    congestion: tuple[Congestion, ...]
    road_nodes: tuple[RoadNode, ...]
    road_edges: tuple[RoadEdge, ...]
    fire_stations: tuple[FireStation, ...]
    hospitals: tuple[Hospital, ...]
    ems_centres: tuple[EmsCentre, ...]
    hazmat_teams: tuple[HazmatTeam, ...]
    antidotes: tuple[Antidote, ...]

    def district(self, district_id: str) -> District | None:
        return next((d for d in self.districts if d.id == district_id), None)

    def park(self, park_id: str | None) -> Park | None:
        return next((p for p in self.parks if p.id == park_id), None)

    def station(self, station_id: str) -> FireStation | None:
        return next((s for s in self.fire_stations if s.id == station_id), None)

    def hospital(self, hospital_id: str) -> Hospital | None:
        return next((h for h in self.hospitals if h.id == hospital_id), None)

    def antidote(self, antidote_id: str) -> Antidote | None:
        return next((a for a in self.antidotes if a.id == antidote_id), None)
