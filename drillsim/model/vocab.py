"""The domain vocabulary: the fixed sets of values content and code agree on (node types, actions, events...)."""

from __future__ import annotations

from collections.abc import Mapping
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
