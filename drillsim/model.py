"""The domain model: frozen, slotted dataclasses built by the loading layer; no I/O, no UI.

Every record keeps ``path`` and ``line`` (where it was defined) so that later checks can report
``path:line`` and search hits can open the right place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

Shift = Literal["day", "night", "holiday"]
SHIFTS: tuple[Shift, ...] = ("day", "night", "holiday")
RiskColour = Literal["red", "yellow", "green"]
RISK_COLOURS: tuple[RiskColour, ...] = ("red", "yellow", "green")

NODE_TYPES = (
    "gate",
    "building",
    "process_unit",
    "tank",
    "warehouse",
    "control_room",
    "assembly_point",
    "hydrant",
    "esd_point",
    "wind_sock",
    "road_junction",
)
HAZARD_GROUPS = ("flammable", "toxic", "corrosive", "oxidizer", "explosive", "water_reactive")
SPECIALIST_CLASSES = (
    "cyanide",
    "hf",
    "chlorine_ammonia",
    "phosgene",
    "flammable_gas",
    "flammable_liquid",
    "acid",
    "oxidizer_explosive",
    "toxic_other",
    "none",
)
STORAGE_GROUPS = ("fuel", "oxidizer", "water_reactive", "aqueous", "toxic", "acid", "base", "inert")
STATES = ("gas", "liquefied_gas", "liquid", "solid")
CONTAINERS = (
    "rail_tank_car",
    "highway_tank_truck",
    "multiple_ton_cylinders",
    "small_cylinders_or_single_ton",
    "agricultural_nurse_tank",
    "multiple_small_cylinders",
    "fixed_tank",
    "spherical_tank",
    "pressure_vessel",
    "reactor",
    "pipeline",
    "drums",
    "bags",
    "ibc",
    "bulk_pile",
    "cylinders",
)
STATION_KINDS = ("ordinary", "special_service", "park_fulltime")
PLAN_KINDS = ("comprehensive", "special", "onsite")
STANDARD_ROLES = (
    "shift_leader",
    "control_room",
    "process_team",
    "emergency_team",
    "safety_officer",
    "security",
    "unit_head",
)
EXTERNAL_ACTORS = ("fire_service", "ems", "authority", "hazmat_team", "hospital")
ACTIONS = (
    "raise_alarm",
    "report_unit_head",
    "call_119",
    "call_120",
    "report_authority",
    "activate_esd",
    "manual_esd",
    "evacuate",
    "headcount",
    "mobilize_team",
    "set_isolation",
    "water_curtain",
    "leak_seal",
    "foam_attack",
    "cool_tanks",
    "decontaminate",
    "extract_casualties",
    "first_aid",
    "guide_responders",
    "request_mutual_aid",
    "monitor_gas",
    "all_clear",
)
EVENT_KINDS = (
    "release",
    "detected",
    "alarm_internal",
    "report_unit_head",
    "call_119",
    "call_120",
    "report_authority",
    "esd_activated",
    "esd_failed",
    "evacuation_ordered",
    "headcount_complete",
    "team_mobilized",
    "fire_dispatched",
    "fire_arrived",
    "hazmat_arrived",
    "isolation_zone_set",
    "leak_controlled",
    "fire_controlled",
    "casualty_exposed",
    "casualty_extracted",
    "casualty_triaged",
    "ambulance_dispatched",
    "casualty_at_hospital",
    "treatment_started",
    "antidote_given",
    "antidote_stockout",
    "hospital_diverted",
    "casualty_died",
    "inject",
    "decision",
    "all_clear",
)
TRIGGERS = (
    "release",
    "detected",
    "alarm_internal",
    "report_unit_head",
    "call_119",
    "call_120",
    "esd_activated",
    "esd_failed",
    "evacuation_ordered",
    "headcount_complete",
    "team_mobilized",
    "fire_arrived",
    "hazmat_arrived",
    "isolation_zone_set",
    "leak_controlled",
    "fire_controlled",
    "casualty_exposed",
    "casualty_extracted",
)
KPI_NAMES = (
    "t_detected",
    "t_alarm",
    "t_call_119",
    "t_report_authority",
    "t_esd",
    "t_first_fire_arrival",
    "t_hazmat_arrival",
    "t_headcount_complete",
    "t_leak_controlled",
    "t_last_casualty_treated",
    "casualties",
    "deaths",
    "max_wait_poison_bed_min",
    "antidote_stockouts",
    "diversions",
)
INJECT_KINDS = (
    "esd_fails",
    "wind_shift",
    "worker_missing",
    "ambulance_delayed",
    "antidote_stockout",
    "secondary_fire",
    "power_failure",
    "road_closed",
    "hospital_full",
    "detector_fault",
)
RELEASE_KINDS = ("leak", "fire", "explosion")
APPLIES = ("always", "casualties", "antidote", "leak", "fire")
SPILL_SIZES = ("small", "large")
WIND_DIRS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")

EMPTY_MAP: Mapping = MappingProxyType({})


def frozen_map(d: Mapping | None) -> Mapping:
    """Return a read-only mapping view of ``d`` (an empty one for None).

    >>> m = frozen_map({"a": 1}); m["a"]
    1
    """
    return MappingProxyType(dict(d or {}))


# --------------------------------------------------------------------------- shared bits
@dataclass(frozen=True, slots=True)
class Sourced:
    """A figure with its provenance: the value, where it came from, whether it was verified."""

    value: object
    source: str
    verified: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class ShiftCounts:
    """A head count per shift."""

    day: int = 0
    night: int = 0
    holiday: int = 0

    def get(self, shift: Shift) -> int:
        return int(getattr(self, shift))

    @property
    def max(self) -> int:
        return max(self.day, self.night, self.holiday)


# --------------------------------------------------------------------------- chemicals
@dataclass(frozen=True, slots=True)
class UNEntry:
    number: str
    name_en: str
    erg_guide: str
    tih: bool = False


@dataclass(frozen=True, slots=True)
class ErgSpill:
    """ERG Table 1 row for one spill size: isolation radius and downwind protective distances."""

    isolate_m: float
    day_km: float
    night_km: float


@dataclass(frozen=True, slots=True)
class ErgTable3Row:
    """ERG Table 3 large-spill row by container; distances per wind band (low, moderate, high)."""

    container: str
    isolate_m: float
    day_km: tuple[float, float, float]
    night_km: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Erg:
    source: str
    verified: bool = True
    guide_spill_isolate_m: float | None = None
    fire_isolate_m: float | None = None
    small: ErgSpill | None = None
    large: ErgSpill | None = None
    table3: tuple[ErgTable3Row, ...] = ()


@dataclass(frozen=True, slots=True)
class Gb18218Entry:
    table: int
    entry: str
    critical_quantity_t: float
    beta: float
    source: str
    verified: bool = True


@dataclass(frozen=True, slots=True)
class Clinical:
    """Drill-engine parameters for casualties of one chemical (documented, mostly expert estimates)."""

    source: str
    verified: bool
    red_to_death_min: float
    yellow_to_red_min: float
    treatment_window_min: float
    needs_poison_bed: bool
    decon_required: bool
    antidote_doses_per_casualty: int
    severity_per_exposure_min: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Chemical:
    id: str
    name_zh: str
    name_en: str
    synonyms_zh: tuple[str, ...]
    synonyms_en: tuple[str, ...]
    cas: str | None
    cas_components: tuple[str, ...]
    un: tuple[UNEntry, ...]
    state: str
    molecular_weight_g_mol: float | None
    hazard_groups: tuple[str, ...]
    specialist_class: str
    storage_group: str
    erg: Erg | None
    ghs_classes: Sourced
    flash_point_c: Sourced
    lel_pct: Sourced
    uel_pct: Sourced
    idlh_ppm: Sourced | None
    idlh_mg_m3: Sourced | None
    exposure_route: Sourced
    antidotes: tuple[str, ...]
    antidote_note: Sourced
    extinguishing: Sourced
    water_reactive: Sourced
    gb18218: Gb18218Entry | None
    clinical: Clinical
    path: str = ""
    line: int = 0

    @property
    def tih(self) -> bool:
        return any(u.tih for u in self.un)

    @property
    def un_numbers(self) -> tuple[str, ...]:
        return tuple(u.number for u in self.un)

    @property
    def erg_guides(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.erg_guide for u in self.un))

    def is_(self, group: str) -> bool:
        return group in self.hazard_groups


@dataclass(frozen=True, slots=True)
class SdsSection:
    no: int
    title_zh: str
    title_en: str
    body_md: str
    line: int


@dataclass(frozen=True, slots=True)
class Sds:
    chemical: str
    revised: date | None
    language: str
    source: str
    title: str
    sections: tuple[SdsSection, ...]
    path: str = ""

    def section(self, no: int) -> SdsSection | None:
        for s in self.sections:
            if s.no == no:
                return s
        return None


# --------------------------------------------------------------------------- enterprises
@dataclass(frozen=True, slots=True)
class Contact:
    role: str
    name_zh: str
    name_en: str
    phone: str


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name_zh: str
    name_en: str
    on_shift: ShiftCounts


@dataclass(frozen=True, slots=True)
class OnSiteResources:
    scba_sets: int = 0
    scba_cylinder_min: float = 45.0
    spare_cylinders: int = 0
    gas_tight_suits: int = 0
    fixed_gas_detectors: int = 0
    portable_detectors: int = 0
    fire_water_m3: float = 0.0
    foam_m3: float = 0.0
    leak_sealing_kits: int = 0
    micro_fire_station: bool = False
    decon_showers: int = 0


@dataclass(frozen=True, slots=True)
class InventoryItem:
    chemical: str
    max_quantity_t: float
    state: str
    container: str
    node: str | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class HazardUnit:
    """A GB 18218 unit: a production or storage unit with its design-maximum inventory."""

    id: str
    name_zh: str
    name_en: str
    kind: str
    nodes: tuple[str, ...]
    declared_level: int | None
    inventory: tuple[InventoryItem, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    name_zh: str
    name_en: str
    node: str
    key: bool = True
    line: int = 0


@dataclass(frozen=True, slots=True)
class SiteNode:
    id: str
    type: str
    name_zh: str
    name_en: str
    x_m: float
    y_m: float
    occupancy: ShiftCounts = ShiftCounts()
    flammable_explosive: bool = False
    tag: str = ""
    capacity: int = 0
    controls: tuple[str, ...] = ()
    remote: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class SiteEdge:
    a: str
    b: str
    length_m: float
    walk: bool = True
    vehicle: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class SitePlan:
    north_deg: float
    nodes: tuple[SiteNode, ...]
    edges: tuple[SiteEdge, ...]

    def node(self, node_id: str) -> SiteNode | None:
        for n in self.nodes:
            if n.id == node_id:
                return n
        return None

    def of_type(self, *types: str) -> tuple[SiteNode, ...]:
        return tuple(n for n in self.nodes if n.type in types)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document kept in the box (scanned drawing, permit...), by path relative to the content root."""

    title_zh: str
    title_en: str
    file: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class HandoverBox:
    """An enterprise's emergency handover box (应急交底箱): identity, people, resources, inventory, site."""

    id: str
    fictional: bool
    name_zh: str
    name_en: str
    short_names: tuple[str, ...]
    industry_zh: str
    industry_en: str
    address_zh: str
    address_en: str
    district: str
    park: str | None
    road_node: str
    risk: str
    last_verified: date
    people_within_500m: int
    phone_24h: str
    contacts: tuple[Contact, ...]
    roles: tuple[Role, ...]
    resources: OnSiteResources
    units: tuple[HazardUnit, ...]
    posts: tuple[Post, ...]
    site: SitePlan
    attachments: tuple[Attachment, ...] = ()
    path: str = ""
    line: int = 0

    def role(self, role_id: str) -> Role | None:
        for r in self.roles:
            if r.id == role_id:
                return r
        return None

    def unit(self, unit_id: str) -> HazardUnit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    @property
    def chemical_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.chemical for u in self.units for i in u.inventory))


# --------------------------------------------------------------------------- city
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


# --------------------------------------------------------------------------- plans
@dataclass(frozen=True, slots=True)
class PlanStep:
    id: str
    trigger: str
    actor: str
    action: str
    target_min: float
    duration_min: float | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class PlanSection:
    level: int
    title: str
    anchor: str
    body_md: str
    line: int


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    enterprise: str  # enterprise id or "city"
    kind: str
    title_zh: str
    title_en: str
    version: str
    approved: date | None
    hazards: tuple[str, ...]
    posts: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    body_md: str
    sections: tuple[PlanSection, ...]
    path: str = ""
    line: int = 0


# --------------------------------------------------------------------------- scenarios, injects, rubrics
@dataclass(frozen=True, slots=True)
class SourceChoice:
    enterprise: str
    unit: str
    chemical: str
    weight: float
    line: int = 0


@dataclass(frozen=True, slots=True)
class IncidentGenerator:
    start_min: tuple[float, float]
    sources: tuple[SourceChoice, ...]
    release_kind: Mapping[str, float]
    size: Mapping[str, float]
    line: int = 0


@dataclass(frozen=True, slots=True)
class WeatherModel:
    wind_dir: Mapping[str, float]
    wind_speed_ms: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title_zh: str
    title_en: str
    rubric: str
    duration_min: float
    shift: Mapping[str, float]
    weather: WeatherModel
    incidents: tuple[IncidentGenerator, ...]
    injects: tuple[str, ...]
    inject_probability: Mapping[str, float]
    description_zh: str = ""
    description_en: str = ""
    path: str = ""
    line: int = 0

    @property
    def enterprises(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.enterprise for inc in self.incidents for s in inc.sources))


@dataclass(frozen=True, slots=True)
class InjectCondition:
    on_event: str | None = None
    after_min: float | None = None
    before_min: float | None = None
    hazard_group: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionOption:
    id: str
    label_zh: str
    label_en: str
    default: bool = False


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    prompt_zh: str
    prompt_en: str
    deadline_min: float
    options: tuple[DecisionOption, ...]

    @property
    def default_option(self) -> DecisionOption:
        return next((o for o in self.options if o.default), self.options[0])


@dataclass(frozen=True, slots=True)
class Inject:
    id: str
    kind: str
    title_zh: str
    title_en: str
    probability: float
    when: InjectCondition
    params: Mapping[str, object] = field(default_factory=lambda: EMPTY_MAP)
    decision: DecisionSpec | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    measure: str  # KPI name or "event:<kind>"
    target_min: float
    one_point_min: float
    weight: float
    source: str
    applies: str = "always"  # always | casualties | antidote | leak | fire (see docs/grading.md)
    line: int = 0


@dataclass(frozen=True, slots=True)
class QualitativeIndicator:
    id: str
    name_zh: str
    name_en: str
    weight: float
    source: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Rubric:
    id: str
    title_zh: str
    title_en: str
    version: str
    indicators: tuple[Indicator, ...]
    qualitative: tuple[QualitativeIndicator, ...]
    path: str = ""


# --------------------------------------------------------------------------- the whole content tree
@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded from one content tree, validated and cross-referenced."""

    root: str
    chemicals: Mapping[str, Chemical]
    sds: Mapping[str, Sds]
    enterprises: Mapping[str, HandoverBox]
    city: City
    plans: Mapping[str, Plan]
    scenarios: Mapping[str, Scenario]
    injects: Mapping[str, Inject]
    rubrics: Mapping[str, Rubric]
    digest: str = ""

    def plans_for(self, enterprise_id: str) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans.values() if p.enterprise == enterprise_id)

    def counts(self) -> dict[str, int]:
        return {
            "enterprises": len(self.enterprises),
            "chemicals": len(self.chemicals),
            "sds": len(self.sds),
            "plans": len(self.plans),
            "scenarios": len(self.scenarios),
            "rubrics": len(self.rubrics),
            "fire_stations": len(self.city.fire_stations),
            "hospitals": len(self.city.hospitals),
        }
