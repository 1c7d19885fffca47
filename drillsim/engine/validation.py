"""Checks before a drill starts: a scenario that cannot run is refused with every reason at once.

The loader already rejects most of these in files; the engine checks again because it may be handed a
model built in code (tests, batch studies, the TUI's editor) and must never start a run it cannot finish.
"""

from __future__ import annotations

from drillsim.engine.injects import OPTIONS
from drillsim.errors import ScenarioError
from drillsim.model import (
    ACTIONS,
    EVENT_KINDS,
    HAZARD_GROUPS,
    INJECT_KINDS,
    RELEASE_KINDS,
    SHIFTS,
    SPILL_SIZES,
    TRIGGERS,
    WIND_DIRS,
    Content,
    Scenario,
)

TOLERANCE = 0.001


def _weights(name: str, weights: object, allowed: tuple[str, ...], problems: list[str]) -> None:
    items = dict(weights.items()) if hasattr(weights, "items") else {}  # type: ignore[union-attr]
    for k, v in items.items():
        if k not in allowed:
            problems.append(f"{name}: unknown key '{k}' (expected one of: {', '.join(allowed)})")
        if not isinstance(v, int | float) or v < 0:
            problems.append(f"{name}: weight of '{k}' must be a non-negative number, not {v!r}")
    total = sum(float(v) for v in items.values() if isinstance(v, int | float))
    if abs(total - 1.0) > TOLERANCE:
        problems.append(f"{name}: weights sum to {total:.3f} (expected 1)")


def scenario_problems(content: Content, scenario: Scenario, enterprise: str | None = None) -> list[str]:
    """Every reason ``scenario`` cannot run on ``content`` (empty when it can)."""
    p: list[str] = []
    sid = scenario.id
    if scenario.rubric not in content.rubrics:
        p.append(f"scenario '{sid}': unknown rubric '{scenario.rubric}'")
    if scenario.duration_min <= 0:
        p.append(f"scenario '{sid}': duration_min must be positive")
    _weights(f"scenario '{sid}' shift", scenario.shift, SHIFTS, p)
    _weights(f"scenario '{sid}' wind_dir", scenario.weather.wind_dir, WIND_DIRS, p)
    lo, hi = scenario.weather.wind_speed_ms
    if not 0 < lo <= hi:
        p.append(f"scenario '{sid}': wind_speed_ms needs 0 < min <= max (got {lo}, {hi})")
    if not scenario.incidents:
        p.append(f"scenario '{sid}': no incident to draw")
    chems = set()
    for k, inc in enumerate(scenario.incidents):
        where = f"scenario '{sid}' incident {k + 1}"
        _weights(f"{where} release kind", inc.release_kind, RELEASE_KINDS, p)
        _weights(f"{where} size", inc.size, SPILL_SIZES, p)
        if inc.start_min[0] < 0 or inc.start_min[1] < inc.start_min[0]:
            p.append(f"{where}: start_min needs 0 <= min <= max")
        if inc.start_min[1] >= scenario.duration_min:
            p.append(
                f"{where}: starts after the drill ends (start_min max {inc.start_min[1]} >= duration {scenario.duration_min})"
            )
        total = sum(s.weight for s in inc.sources)
        if not inc.sources:
            p.append(f"{where}: no source")
        elif abs(total - 1.0) > TOLERANCE:
            p.append(f"{where}: source weights sum to {total:.3f} (expected 1)")
        for s in inc.sources:
            box = content.enterprises.get(s.enterprise)
            if box is None:
                p.append(f"{where}: unknown enterprise '{s.enterprise}'")
                continue
            unit = box.unit(s.unit)
            if unit is None:
                p.append(f"{where}: enterprise '{s.enterprise}' has no unit '{s.unit}'")
                continue
            if s.chemical not in content.chemicals:
                p.append(f"{where}: unknown chemical '{s.chemical}'")
            elif not any(i.chemical == s.chemical for i in unit.inventory):
                p.append(f"{where}: unit '{s.unit}' of '{s.enterprise}' holds no '{s.chemical}'")
            else:
                chems.add(s.chemical)
            if not box.road_node or not any(n.id == box.road_node for n in content.city.road_nodes):
                p.append(
                    f"{where}: enterprise '{s.enterprise}' gate node '{box.road_node}' is not on the road network"
                )
    if enterprise is not None and enterprise not in scenario.enterprises:
        if enterprise not in content.enterprises:
            p.append(f"unknown enterprise '{enterprise}'")
        else:
            p.append(
                f"scenario '{sid}' has no source at enterprise '{enterprise}' (it draws from: {', '.join(scenario.enterprises)})"
            )
    for k in scenario.inject_probability:
        if k not in scenario.injects:
            p.append(f"scenario '{sid}': inject_probability names '{k}', which is not in its injects")
    for iid in scenario.injects:
        inj = content.injects.get(iid)
        if inj is None:
            p.append(f"scenario '{sid}': unknown inject '{iid}'")
            continue
        p.extend(inject_problems(content, inj, scenario, chems))
    for eid in scenario.enterprises:
        for plan in content.plans_for(eid):
            for st in plan.steps:  # an unknown actor is not fatal: the run reports it as a plan gap
                if st.action not in ACTIONS:
                    p.append(
                        f"plan '{plan.id}' step '{st.id}': unknown action '{st.action}' (expected one of: {', '.join(ACTIONS)})"
                    )
                if st.trigger not in TRIGGERS:
                    p.append(f"plan '{plan.id}' step '{st.id}': unknown trigger '{st.trigger}'")
    return p


def inject_problems(content: Content, inj: object, scenario: Scenario, chems: set[str]) -> list[str]:
    """Why an inject can never fire, or can fire but not run, in ``scenario``."""
    from drillsim.model import Inject

    assert isinstance(inj, Inject)
    p: list[str] = []
    where = f"inject '{inj.id}'"
    if inj.kind not in INJECT_KINDS:
        p.append(f"{where}: unknown kind '{inj.kind}'")
    if not 0.0 <= inj.probability <= 1.0:
        p.append(f"{where}: probability {inj.probability} is not within 0..1")
    w = inj.when
    if w.on_event is not None and w.on_event not in EVENT_KINDS:
        p.append(f"{where}: on_event '{w.on_event}' is not an event kind (impossible condition)")
    if w.after_min is not None and w.before_min is not None and w.before_min <= w.after_min:
        p.append(
            f"{where}: before_min {w.before_min} is not after after_min {w.after_min} (impossible condition)"
        )
    if w.after_min is not None and w.after_min >= scenario.duration_min:
        p.append(
            f"{where}: after_min {w.after_min} is past the end of scenario '{scenario.id}' ({scenario.duration_min} min) (impossible condition)"
        )
    if w.before_min is not None and w.before_min < 0:
        p.append(f"{where}: before_min {w.before_min} is before the release (impossible condition)")
    if w.hazard_group is not None:
        if w.hazard_group not in HAZARD_GROUPS:
            p.append(f"{where}: hazard_group '{w.hazard_group}' unknown (impossible condition)")
        elif chems and not any(
            content.chemicals[c].is_(w.hazard_group) for c in chems if c in content.chemicals
        ):
            p.append(
                f"{where}: no chemical of scenario '{scenario.id}' has hazard group '{w.hazard_group}' (impossible condition)"
            )
    if inj.decision is not None:
        known = OPTIONS.get(inj.kind, frozenset())
        for o in inj.decision.options:
            if o.id not in known:
                p.append(
                    f"{where}: decision option '{o.id}' is not one the engine can carry out for {inj.kind} (expected: {', '.join(sorted(known))})"
                )
        if inj.decision.deadline_min <= 0:
            p.append(f"{where}: decision deadline must be positive")
    return p


_CHECKED: dict[tuple[int, str, str | None], tuple[Content, Scenario, list[str]]] = {}


def validate(content: Content, scenario: Scenario, enterprise: str | None = None) -> None:
    """Raise :class:`ScenarioError` listing every problem, or return when the scenario can run.

    The verdict is remembered for the same content and scenario objects (a batch checks once).
    """
    key = (id(content), scenario.id, enterprise)
    hit = _CHECKED.get(key)
    if hit is not None and hit[0] is content and hit[1] is scenario:
        problems = hit[2]
    else:
        problems = scenario_problems(content, scenario, enterprise)
        if len(_CHECKED) > 64:
            _CHECKED.clear()
        _CHECKED[key] = (content, scenario, problems)
    if problems:
        head = "\n".join(f"  - {x}" for x in problems)
        raise ScenarioError(f"scenario '{scenario.id}' cannot run ({len(problems)} problem(s)):\n{head}")
