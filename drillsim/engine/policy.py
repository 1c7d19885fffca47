"""The plan as policy: plan steps (trigger → actor → action) carried out, default doctrine where silent.

For each incident the engine takes the enterprise's comprehensive plan, its special plans covering the
chemical, the on-site plans of the posts at the unit, and the city plans. A step fires on the first
event of its trigger kind in that incident. Where no plan step carries out an action, the documented
default doctrine (``DOCTRINE``) does, with enterprise delays ``DOCTRINE_SLOWDOWN`` times those of a
drilled step; the fire service, hazmat teams and EMS follow their own doctrine at normal speed unless a
city plan gives the same actor and action. A step that cannot act is reported as a ``plan_gap`` event.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drillsim.engine import params
from drillsim.engine.actions import HANDLERS
from drillsim.engine.acts import PRESENCE, Act
from drillsim.model import Content, Plan

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident
    from drillsim.engine.world import World


@dataclass(frozen=True, slots=True)
class Step:
    """One executable step: from a plan (``source`` = plan/step id), the doctrine, or a player."""

    trigger: str
    actor: str
    action: str
    source: str
    target_min: float | None = None
    duration_min: float | None = None
    scale: float = 1.0


# (trigger, actor, action, applies-to predicate name)
DOCTRINE: tuple[tuple[str, str, str, str], ...] = (
    ("detected", "control_room", "raise_alarm", "always"),
    ("detected", "control_room", "activate_esd", "always"),
    ("esd_failed", "process_team", "manual_esd", "always"),
    ("alarm_internal", "shift_leader", "evacuate", "always"),
    ("alarm_internal", "shift_leader", "call_119", "always"),
    ("alarm_internal", "shift_leader", "report_unit_head", "always"),
    ("casualty_exposed", "shift_leader", "call_120", "always"),
    ("report_unit_head", "unit_head", "report_authority", "always"),
    ("alarm_internal", "emergency_team", "mobilize_team", "always"),
    ("team_mobilized", "emergency_team", "extract_casualties", "always"),
    ("evacuation_ordered", "security", "headcount", "always"),
    ("alarm_internal", "security", "guide_responders", "always"),
    ("casualty_exposed", "safety_officer", "first_aid", "always"),
    # the fire service, hazmat teams and EMS
    ("fire_arrived", "fire_service", "set_isolation", "always"),
    ("fire_arrived", "fire_service", "water_curtain", "toxic"),
    ("fire_arrived", "fire_service", "foam_attack", "liquid_fire"),
    ("fire_arrived", "fire_service", "cool_tanks", "fire"),
    ("fire_arrived", "fire_service", "extract_casualties", "always"),
    ("fire_arrived", "fire_service", "monitor_gas", "always"),
    ("fire_arrived", "fire_service", "all_clear", "always"),
    ("hazmat_arrived", "hazmat_team", "leak_seal", "leak"),
    ("hazmat_arrived", "hazmat_team", "decontaminate", "decon"),
    ("casualty_exposed", "ems", "first_aid", "always"),
)
EXTERNAL = frozenset(PRESENCE)

EXTERNAL_CAN: dict[str, frozenset[str]] = {
    "fire_service": frozenset(
        {
            "mobilize_team",
            "set_isolation",
            "water_curtain",
            "leak_seal",
            "foam_attack",
            "cool_tanks",
            "decontaminate",
            "extract_casualties",
            "monitor_gas",
            "all_clear",
            "request_mutual_aid",
            "evacuate",
            "manual_esd",
        }
    ),
    "hazmat_team": frozenset(
        {
            "mobilize_team",
            "leak_seal",
            "decontaminate",
            "monitor_gas",
            "manual_esd",
            "water_curtain",
            "extract_casualties",
            "set_isolation",
            "all_clear",
        }
    ),
    "ems": frozenset({"mobilize_team", "first_aid", "request_mutual_aid", "decontaminate"}),
    "authority": frozenset(
        {"mobilize_team", "request_mutual_aid", "report_authority", "evacuate", "set_isolation", "all_clear"}
    ),
    "hospital": frozenset({"mobilize_team", "decontaminate", "request_mutual_aid", "first_aid"}),
}
"""What each external actor does in this engine; any other action of theirs is a plan gap."""


def _applies(inc: Incident, when: str) -> bool:
    if when == "toxic":
        return inc.toxic and inc.had_leak
    if when == "fire":
        return inc.had_fire
    if when == "liquid_fire":  # foam is for burning liquids; a gas fire is isolated and cooled
        return inc.had_fire and inc.chem.state not in ("gas", "liquefied_gas")
    if when == "leak":
        return inc.had_leak
    if when == "decon":
        return inc.chem.clinical.decon_required
    return True


def plans_for(content: Content, inc: Incident) -> list[Plan]:
    """The plans that govern ``inc``: the enterprise's applicable plans and the city plans."""
    out = []
    posts = {p.id: p.node for p in inc.box.posts}
    nodes = set(inc.unit.nodes) | {inc.source.id}
    for plan in content.plans.values():
        if plan.enterprise == "city":
            if not plan.hazards or inc.chem.id in plan.hazards:
                out.append(plan)
            continue
        if plan.enterprise != inc.box.id:
            continue
        covers = not plan.hazards or inc.chem.id in plan.hazards
        if plan.kind == "comprehensive" or (plan.kind == "special" and covers):
            out.append(plan)
        elif plan.kind == "onsite":
            at_unit = any(posts.get(p) in nodes for p in plan.posts)
            if at_unit or (not plan.posts and inc.chem.id in plan.hazards):
                out.append(plan)
    return sorted(out, key=lambda p: p.id)


_STEPS: dict[tuple, tuple[Content, tuple[Step, ...]]] = {}


def steps_for(content: Content, inc: Incident) -> tuple[Step, ...]:
    """Plan steps (deduplicated: one per trigger, actor and action, the earliest target) plus doctrine.

    Remembered per content object and incident shape (a batch works them out once).
    """
    key = (
        id(content),
        inc.box.id,
        inc.unit.id,
        inc.source.id,
        inc.chem.id,
        inc.had_leak,
        inc.had_fire,
        inc.toxic,
    )
    hit = _STEPS.get(key)
    if hit is not None and hit[0] is content:
        return hit[1]
    if len(_STEPS) > 256:
        _STEPS.clear()
    steps = tuple(_steps_for(content, inc))
    _STEPS[key] = (content, steps)
    return steps


def _steps_for(content: Content, inc: Incident) -> list[Step]:
    chosen: dict[tuple[str, str, str], Step] = {}
    for plan in plans_for(content, inc):
        for s in plan.steps:
            key = (s.trigger, s.actor, s.action)
            step = Step(s.trigger, s.actor, s.action, f"{plan.id}/{s.id}", s.target_min, s.duration_min)
            if key not in chosen or (s.target_min, step.source) < (
                chosen[key].target_min or 0.0,
                chosen[key].source,
            ):
                chosen[key] = step
    steps = sorted(chosen.values(), key=lambda s: s.source)
    enterprise_actions = {s.action for s in steps if s.actor not in EXTERNAL}
    external_pairs = {(s.actor, s.action) for s in steps if s.actor in EXTERNAL}
    for trigger, actor, action, when in DOCTRINE:
        if not _applies(inc, when):
            continue
        if actor in EXTERNAL:
            if (actor, action) not in external_pairs:
                steps.append(Step(trigger, actor, action, "doctrine"))
        elif action not in enterprise_actions:
            steps.append(Step(trigger, actor, action, "doctrine", scale=params.DOCTRINE_SLOWDOWN))
    return steps


class Policy:
    """Wires the steps of every incident to the events that trigger them."""

    def __init__(self, world: World):
        self.world = world
        self.by_trigger: dict[tuple[int, str], list[Step]] = {}
        self.fired: set[tuple[int, str]] = set()
        for inc in world.incidents:
            for step in steps_for(world.content, inc):
                self.by_trigger.setdefault((inc.index, step.trigger), []).append(step)
        for kind in sorted({k for _, k in self.by_trigger}):
            world.on(kind, self._hook(kind))

    def _hook(self, kind: str) -> Callable[[int, dict[str, Any] | None], None]:
        def hook(incident: int, fields: dict[str, Any] | None) -> None:
            key = (incident, kind)
            if key in self.fired:
                return
            self.fired.add(key)
            inc = self.world.incidents[incident]
            for step in self.by_trigger.get(key, ()):
                self.world.start(perform(inc, step))

        return hook


def perform(inc: Incident, step: Step) -> Generator[Any, Any, None]:
    """Carry out one step; whatever happens, the actor is released at the end."""
    act = Act(inc, step.actor, step.action, step.source, step.target_min, step.scale, step.duration_min)
    if act.external and step.action not in EXTERNAL_CAN.get(step.actor, frozenset()):
        act.gap(f"'{step.actor}' does not {step.action.replace('_', ' ')} in this engine's doctrine")
        return
    handler = HANDLERS[step.action]
    try:
        yield from handler(inc, act)
    finally:
        act.finish()
