"""The drill engine: scriptless drills on SimPy against team, fire-station, ambulance and hospital capacity.

``run_drill(content, scenario_id, seed)`` runs one drill autonomously and returns its
:class:`~drillsim.engine.timeline.Timeline`; :class:`~drillsim.engine.run.Drill` is the run object a
front end advances in slices. The model, its parameters and what it simplifies are in docs/engine.md.
"""

from __future__ import annotations

from drillsim.engine.run import Drill, PlayerAction, Snapshot, run_drill
from drillsim.engine.timeline import EXERCISE_LABEL, Event, Timeline, compute_kpis
from drillsim.engine.validation import scenario_problems, validate

__all__ = [
    "EXERCISE_LABEL",
    "Drill",
    "Event",
    "PlayerAction",
    "Snapshot",
    "Timeline",
    "compute_kpis",
    "run_drill",
    "scenario_problems",
    "validate",
]
