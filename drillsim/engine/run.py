"""The run object a front end drives (advance, step, snapshot, pause, decisions) and the autonomous run.

A drill is reproducible from its seed and the players' recorded actions: each action is recorded with
the drill time and the number of simulation steps processed when it was taken, and a replay applies it
at exactly that point. While paused nothing moves, casualty clocks included (the clock is the
simulation's own; wall time never enters the model).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from drillsim.engine import params, site
from drillsim.engine.draw import DrillDraw, draw_drill
from drillsim.engine.incident import Incident
from drillsim.engine.injects import InjectBook
from drillsim.engine.policy import Policy, Step, perform
from drillsim.engine.timeline import EXERCISE_LABEL, Event, Timeline, compute_kpis
from drillsim.engine.validation import validate
from drillsim.engine.world import World
from drillsim.errors import ScenarioError
from drillsim.model import ACTIONS, EMPTY_MAP, Content

PLAYER_KINDS = ("decide", "action", "dispatch", "divert")


@dataclass(frozen=True, slots=True)
class PlayerAction:
    """A player's decision or order. ``kind``: ``decide`` (decision, option), ``action`` (an ACTIONS
    verb by ``actor``), ``dispatch`` (``unit`` "engine"/"hazmat" from any free station, or ``station``),
    ``divert`` (send casualties of ``incident`` to ``hospital`` first)."""

    kind: str
    incident: int = 0
    decision: str | None = None
    option: str | None = None
    action: str | None = None
    actor: str | None = None
    unit: str | None = None
    station: str | None = None
    hospital: str | None = None
    t: float | None = None
    step: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}  # type: ignore[attr-defined]

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> PlayerAction:
        known = {k: obj[k] for k in cls.__slots__ if k in obj}  # type: ignore[attr-defined]
        if known.get("kind") not in PLAYER_KINDS:
            raise ScenarioError(f"player action kind must be one of {', '.join(PLAYER_KINDS)}: {dict(obj)!r}")
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An immutable view of a running drill for a front end (one per refresh)."""

    t: float
    paused: bool
    finished: bool
    label: str
    scenario: str
    title_zh: str
    title_en: str
    seed: int
    draw: Mapping[str, Any]
    events: tuple[Event, ...]
    kpis: Mapping[str, Any]
    incidents: tuple[Mapping[str, Any], ...]
    casualties: Mapping[str, int]
    units: tuple[Mapping[str, Any], ...]
    hospitals: tuple[Mapping[str, Any], ...]
    ambulances: tuple[Mapping[str, Any], ...]
    decisions: tuple[Mapping[str, Any], ...]
    actions: tuple[PlayerAction, ...] = field(default_factory=tuple)


class Drill:
    """One drill: build it, then advance it in slices (or all at once with :func:`run_drill`)."""

    def __init__(
        self,
        content: Content,
        scenario_id: str,
        seed: int,
        enterprise: str | None = None,
        overrides: Mapping[str, Any] | None = None,
        actions: Iterable[PlayerAction | Mapping[str, Any]] = (),
    ):
        t0 = time.perf_counter()
        scenario = content.scenarios.get(scenario_id)
        if scenario is None:
            known = ", ".join(sorted(content.scenarios)) or "none"
            raise ScenarioError(f"unknown scenario '{scenario_id}' (known: {known})")
        validate(content, scenario, enterprise)
        self.content = content
        self.scenario = scenario
        self.enterprise = enterprise
        self.draw: DrillDraw = draw_drill(content, scenario, seed, enterprise, overrides)
        w = self.world = World(content, scenario, self.draw)
        for d in self.draw.incidents:
            box = content.enterprises[d.enterprise]
            inc = Incident(w, d, box, content.chemicals[d.chemical])
            site.populate(inc)
            w.incidents.append(inc)
        w.policy = Policy(w)  # type: ignore[attr-defined]
        w.injects = InjectBook(w)
        for inc in w.incidents:
            w.start(site.run_incident(inc))
        w.city.warm((inc.gate for inc in w.incidents), scenario.duration_min + 120.0)
        self.horizon = scenario.duration_min
        self.cap = scenario.duration_min + params.AFTERCARE_CAP_MIN
        self._steps = 0
        self._paused = False
        self._replay = sorted(
            (a if isinstance(a, PlayerAction) else PlayerAction.from_json(a) for a in actions),
            key=lambda a: (a.step if a.step is not None else 0, a.t or 0.0),
        )
        self.actions: list[PlayerAction] = []
        self._events: list[Event] = []
        self._names = [display_names(content, (inc.box,)) for inc in w.incidents]
        self.setup_s = time.perf_counter() - t0
        self.run_s = 0.0

    # ------------------------------------------------------------------ the clock
    @property
    def now(self) -> float:
        return self.world.env.now

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    @property
    def finished(self) -> bool:
        env = self.world.env
        if env.peek() > self.cap:
            return True
        return env.now >= self.horizon and self.world.unresolved == 0

    @property
    def sim_steps(self) -> int:
        """SimPy events processed so far (the replay's position counter)."""
        return self._steps

    def _one(self) -> None:
        while self._replay and (self._replay[0].step or 0) <= self._steps:
            a = self._replay.pop(0)
            if a.t is not None and a.t > self.now:
                self.world.env.run(until=a.t)
            self._apply(a, record=True)
        self.world.env.step()
        self._steps += 1

    def advance(self, minutes: float) -> None:
        """Run the drill ``minutes`` further (nothing happens while paused or once finished)."""
        if self._paused or minutes <= 0:
            return
        t0 = time.perf_counter()
        env = self.world.env
        target = min(env.now + minutes, self.cap)
        while not self.finished and env.peek() < target:
            self._one()
        if not self.finished and target > env.now:
            env.run(until=target)
        self.run_s += time.perf_counter() - t0

    def step(self) -> None:
        """Run to the next timeline event."""
        if self._paused:
            return
        t0 = time.perf_counter()
        n = len(self.world.log)
        while not self.finished and len(self.world.log) == n:
            self._one()
        self.run_s += time.perf_counter() - t0

    def run_to_end(self) -> None:
        t0 = time.perf_counter()
        env, w = self.world.env, self.world
        horizon, cap = self.horizon, self.cap
        while self._replay:
            if self.finished:
                break
            self._one()
        # The hot loop: the test of ``finished``, inlined on SimPy's own queue and clock (a drill cannot
        # finish before the horizon, so the casualty count is looked at only after it).
        step = env.step
        queue = env._queue  # type: ignore[attr-defined]
        n = 0
        while queue and queue[0][0] <= cap and env._now < horizon:  # type: ignore[attr-defined]
            step()
            n += 1
        while queue and queue[0][0] <= cap and w.unresolved:
            step()
            n += 1
        self._steps += n
        self.run_s += time.perf_counter() - t0

    # ------------------------------------------------------------------ players
    def decide(self, decision_id: str, option_id: str) -> None:
        """Answer an open decision (before its deadline; afterwards its default has already applied)."""
        self.act(PlayerAction("decide", decision=decision_id, option=option_id))

    def act(self, action: PlayerAction) -> None:
        """Apply a player's action now and record it for replay."""
        self._check(action)
        self._apply(action, record=True)

    def _check(self, a: PlayerAction) -> None:
        w = self.world
        if a.kind not in PLAYER_KINDS:
            raise ScenarioError(f"unknown player action '{a.kind}'")
        if not 0 <= a.incident < len(w.incidents):
            raise ScenarioError(f"no incident {a.incident} in this drill")
        if a.kind == "decide":
            assert w.injects is not None
            d = w.injects.decisions.get(a.decision or "")
            if d is None or d.chosen is not None:
                open_ids = ", ".join(x.id for x in w.injects.open_decisions()) or "none"
                raise ScenarioError(f"decision '{a.decision}' is not open (open: {open_ids})")
            options = {o.id for o in d.inject.decision.options} if d.inject.decision else set()
            if a.option not in options:
                raise ScenarioError(f"option '{a.option}' is not one of: {', '.join(sorted(options))}")
        elif a.kind == "action" and a.action not in ACTIONS:
            raise ScenarioError(f"unknown action '{a.action}'")
        elif a.kind == "dispatch" and a.unit not in ("engine", "hazmat"):
            raise ScenarioError("dispatch needs unit 'engine' or 'hazmat'")
        elif a.kind == "divert" and w.city.hospital(a.hospital or "") is None:
            raise ScenarioError(f"unknown hospital '{a.hospital}'")

    def _apply(self, a: PlayerAction, record: bool) -> None:
        from drillsim.engine import fire

        w = self.world
        inc = w.incidents[a.incident]
        stamped = PlayerAction(
            a.kind,
            a.incident,
            a.decision,
            a.option,
            a.action,
            a.actor,
            a.unit,
            a.station,
            a.hospital,
            self.now,
            self._steps,
        )
        if record:
            self.actions.append(stamped)
        if a.kind == "decide":
            assert w.injects is not None and a.decision is not None and a.option is not None
            w.injects.resolve(a.decision, a.option, by="player")
            return
        fields: dict[str, Any] = {"action": a.action or a.kind}
        fields.update(
            {k: v for k, v in (("unit", a.unit), ("station", a.station), ("hospital", a.hospital)) if v}
        )
        w.emit("player_action", a.actor or "player", a.incident, fields)
        if a.kind == "action":
            actor = a.actor or "shift_leader"
            w.start(perform(inc, Step("player", actor, a.action or "", "player")))
        elif a.kind == "dispatch":
            fire.send(inc, a.unit or "engine", 1, "player order")
        elif a.kind == "divert":
            inc.ems_priority = a.hospital

    # ------------------------------------------------------------------ views
    def events(self) -> tuple[Event, ...]:
        """Timeline events so far (built incrementally from the cheap log)."""
        log = self.world.log
        names = self._names  # each incident names its own site
        add = self._events.append
        empty = EMPTY_MAP
        for t, kind, actor, incident, fields in log[len(self._events) :]:
            f = MappingProxyType(fields) if fields else empty
            add(Event(round(t, 3), kind, actor, None, None, incident, f, names[incident]))
        return tuple(self._events)

    def timeline(self) -> Timeline:
        events = self.events()
        first = self.draw.incidents[0]
        return Timeline(
            scenario=self.scenario.id,
            enterprise=first.enterprise,
            seed=self.draw.seed,
            events=events,
            kpis=MappingProxyType(compute_kpis(events)),
            draw=MappingProxyType(self.draw.to_json()),
            actions=tuple(MappingProxyType(a.to_json()) for a in self.actions),
            title_zh=self.scenario.title_zh,
            title_en=self.scenario.title_en,
        )

    def snapshot(self) -> Snapshot:
        from drillsim.engine.views import snapshot_parts

        events = self.events()
        parts = snapshot_parts(self.world)
        return Snapshot(
            t=round(self.now, 3),
            paused=self._paused,
            finished=self.finished,
            label=EXERCISE_LABEL,
            scenario=self.scenario.id,
            title_zh=self.scenario.title_zh,
            title_en=self.scenario.title_en,
            seed=self.draw.seed,
            draw=MappingProxyType(self.draw.to_json()),
            events=events,
            kpis=MappingProxyType(compute_kpis(events)),
            actions=tuple(self.actions),
            **parts,
        )


_NAMES: dict[tuple[int, tuple[str, ...]], tuple[Content, dict[str, tuple[str, str]]]] = {}


def display_names(content: Content, boxes: Iterable[Any]) -> dict[str, tuple[str, str]]:
    """Id → (zh, en) names for event texts: chemicals, stations, teams, hospitals, 120 centres, site nodes
    (remembered per content object and sites: every drill there names things alike)."""
    boxes = tuple(boxes)
    key = (id(content), tuple(b.id for b in boxes))
    hit = _NAMES.get(key)
    if hit is not None and hit[0] is content:
        return hit[1]
    if len(_NAMES) > 64:
        _NAMES.clear()
    names = _display_names(content, boxes)
    _NAMES[key] = (content, names)
    return names


def _display_names(content: Content, boxes: Iterable[Any]) -> dict[str, tuple[str, str]]:
    names = {c.id: (c.name_zh, c.name_en) for c in content.chemicals.values()}
    city = content.city
    for group in (city.fire_stations, city.hazmat_teams, city.hospitals, city.ems_centres):
        for x in group:
            names[x.id] = (x.name_zh, x.name_en)
    for box in boxes:
        for n in box.site.nodes:
            names.setdefault(n.id, (n.name_zh, n.name_en))
    return names


def run_drill(
    content: Content,
    scenario_id: str,
    seed: int,
    enterprise: str | None = None,
    actions: Iterable[PlayerAction | Mapping[str, Any]] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Timeline:
    """One autonomous drill (the plan acting as policy, default options at decision deadlines)."""
    drill = Drill(content, scenario_id, seed, enterprise, overrides, actions)
    drill.run_to_end()
    return drill.timeline()


__all__ = ["EMPTY_MAP", "Drill", "PlayerAction", "Snapshot", "run_drill"]
