"""The jurisdiction gap matrix: each enterprise's credible worst cases against the city's response capacity.

For every enterprise and credible worst case (see :func:`worst_cases`) five cells are judged green,
yellow or red, each with its reason: the nearest hazmat unit, a second hazmat unit, antidote courses
within the chemical's treatment window, free poison-treatment beds within the window, and the specialist
capabilities the hazard class calls for. A ranked list of purchases and moves closes the biggest gaps
first. Method, thresholds and sources are written up in ``docs/capacity.md``; everything here is a pure
function of the content (the optional engine runs for expected casualties go through ``casualty_runs``).
"""

from drillsim.gaps.actions import HAZMAT_KIT, rank_actions
from drillsim.gaps.cases import (
    CAPABILITY_NEEDS,
    CELLS,
    EXPOSURE_MIN,
    GB_CLASSES,
    LAYOUT_RULE_MIN,
    MARGIN,
    PLANNING_HOUR,
    SEVERITY,
    Action,
    Cell,
    WorstCase,
    engine_casualties,
    estimate_casualties,
    gb_weight,
    worst_case_scenario,
    worst_cases,
)
from drillsim.gaps.study import GapStudy, study, to_json

__all__ = [
    "CAPABILITY_NEEDS",
    "CELLS",
    "EXPOSURE_MIN",
    "GB_CLASSES",
    "HAZMAT_KIT",
    "LAYOUT_RULE_MIN",
    "MARGIN",
    "PLANNING_HOUR",
    "SEVERITY",
    "Action",
    "Cell",
    "GapStudy",
    "WorstCase",
    "engine_casualties",
    "estimate_casualties",
    "gb_weight",
    "rank_actions",
    "study",
    "to_json",
    "worst_case_scenario",
    "worst_cases",
]
