"""Injects: drawn from the scenario's library, fired when their condition holds in the model's state.

Whether an inject is armed is drawn once at the start from its own stream (so one inject's fate never
depends on another's). An armed inject fires the first time its condition holds: its ``on_event`` in
an incident whose chemical has its ``hazard_group``, inside ``[after_min, before_min]`` (an event
before ``after_min`` defers it to ``after_min``); without ``on_event`` it fires at a time drawn in the
window. ``esd_fails`` is consulted at the moment an ESD is demanded. Each inject changes the model and
is logged with its cause; one with a decision waits for the players until its deadline, then the default.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drillsim.engine.draw import Stream
from drillsim.engine.inject_effects import CHOICES, EFFECTS, nothing
from drillsim.engine.policy import Step, perform
from drillsim.model import Inject

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident
    from drillsim.engine.world import World

OPTIONS: dict[str, frozenset[str]] = {
    "esd_fails": frozenset({"manual_close", "wait_fire"}),
    "wind_shift": frozenset({"relocate", "stay"}),
    "worker_missing": frozenset({"send_team", "wait_fire"}),
    "ambulance_delayed": frozenset({"wait", "reroute"}),
    "antidote_stockout": frozenset({"transfer", "no_transfer"}),
    "secondary_fire": frozenset({"foam", "cool_only"}),
    "power_failure": frozenset({"manual_esd", "wait_power"}),
    "road_closed": frozenset({"detour", "clear_road"}),
    "hospital_full": frozenset({"divert", "open_surge"}),
    "detector_fault": frozenset({"patrol", "wait"}),
}
"""Decision options the engine knows for each inject kind (validation rejects others)."""


@dataclass(slots=True)
class Decision:
    """A decision put to the players: open until answered or until its deadline (then the default)."""

    id: str
    inject: Inject
    incident: int
    deadline: float
    chosen: str | None = None
    by: str | None = None


class InjectBook:
    """The armed injects of one drill, their hooks, and the open decisions."""

    def __init__(self, world: World):
        self.world = world
        self.armed: dict[str, Inject] = {}
        self.rngs: dict[str, Stream] = {}
        self.fired: set[str] = set()
        self.decisions: dict[str, Decision] = {}
        scen = world.scenario
        for iid in scen.injects:
            inj = world.content.injects[iid]
            p = float(scen.inject_probability.get(iid, inj.probability))
            rng = world.rng(f"inject/{iid}")
            if rng.random() < p:
                self.armed[iid] = inj
                self.rngs[iid] = rng
        for iid, inj in self.armed.items():
            if inj.kind == "esd_fails":
                continue
            if inj.when.on_event:
                world.on(inj.when.on_event, self._hook(iid))
            else:
                world.start(self._timed(iid))

    # ------------------------------------------------------------------ conditions
    def _matches(self, inj: Inject, inc: Incident) -> bool:
        group = inj.when.hazard_group
        return group is None or inc.chem.is_(group)

    def _hook(self, iid: str) -> Callable[[int, dict[str, Any] | None], None]:
        def hook(incident: int, fields: dict[str, Any] | None) -> None:
            inj = self.armed[iid]
            if iid in self.fired or incident >= len(self.world.incidents):
                return
            inc = self.world.incidents[incident]
            now = self.world.now
            if not self._matches(inj, inc) or (inj.when.before_min is not None and now > inj.when.before_min):
                return
            cause = f"{inj.when.on_event} at t={now:.1f}"
            after = inj.when.after_min
            if after is not None and now < after:
                self.fired.add(iid)
                self.world.start(self._later(iid, inc, after - now, cause))
                return
            self._fire(iid, inc, cause)

        return hook

    def _later(self, iid: str, inc: Incident, wait: float, cause: str) -> Generator[Any, Any, None]:
        yield self.world.env.timeout(wait)
        self.fired.discard(iid)
        self._fire(iid, inc, cause + f", held until t={self.world.now:.1f}")

    def _timed(self, iid: str) -> Generator[Any, Any, None]:
        inj = self.armed[iid]
        lo = inj.when.after_min or 0.0
        hi = inj.when.before_min if inj.when.before_min is not None else self.world.horizon
        t = lo + (max(hi, lo) - lo) * self.rngs[iid].random()
        yield self.world.env.timeout(t)
        for inc in self.world.incidents:
            if self._matches(inj, inc) and inc.reached("released"):
                self._fire(iid, inc, f"scheduled at t={t:.1f}")
                return

    def esd_attempt(self, inc: Incident) -> bool:
        """An ESD is demanded now: does an armed ``esd_fails`` inject make it fail?"""
        now = self.world.now
        for iid, inj in self.armed.items():
            if inj.kind != "esd_fails" or iid in self.fired or not self._matches(inj, inc):
                continue
            if (inj.when.after_min is not None and now < inj.when.after_min) or (
                inj.when.before_min is not None and now > inj.when.before_min
            ):
                continue
            return self._fire(iid, inc, f"ESD demanded at t={now:.1f}")
        return False

    # ------------------------------------------------------------------ firing
    def _fire(self, iid: str, inc: Incident, cause: str) -> bool:
        if iid in self.fired:
            return False
        inj = self.armed[iid]
        effect = EFFECTS[inj.kind](self, inj, inc)
        if effect is None:
            return False  # the model's state makes it meaningless (e.g. nothing left to fail)
        self.fired.add(iid)
        inc.emit(
            "inject",
            "exercise_control",
            inject=iid,
            inject_kind=inj.kind,
            title=inj.title_en,
            title_zh=inj.title_zh,
            cause=cause,
            effect=effect,
        )
        if inj.decision is not None:
            d = Decision(iid, inj, inc.index, self.world.now + inj.decision.deadline_min)
            self.decisions[iid] = d
            inc.emit(
                "decision",
                "exercise_control",
                decision=iid,
                status="open",
                prompt=inj.decision.prompt_en,
                prompt_zh=inj.decision.prompt_zh,
                deadline_min=round(d.deadline, 3),
                options=[o.id for o in inj.decision.options],
            )
            self.world.start(self._deadline(d))
        return True

    def _deadline(self, d: Decision) -> Generator[Any, Any, None]:
        yield self.world.env.timeout(max(d.deadline - self.world.now, 0.0))
        if d.chosen is None:
            assert d.inject.decision is not None
            self.resolve(d.id, d.inject.decision.default_option.id, by="default")

    def resolve(self, decision_id: str, option: str, by: str = "player") -> None:
        """Apply the chosen option of an open decision."""
        d = self.decisions[decision_id]
        if d.chosen is not None:
            return
        d.chosen, d.by = option, by
        inc = self.world.incidents[d.incident]
        inc.emit(
            "decision",
            by,
            decision=decision_id,
            status="decided",
            option=option,
            on_time=self.world.now <= d.deadline,
        )
        CHOICES.get((d.inject.kind, option), nothing)(self, d.inject, inc)

    def open_decisions(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions.values() if d.chosen is None)

    def start_step(self, inc: Incident, actor: str, action: str, iid: str) -> None:
        self.world.start(perform(inc, Step("inject", actor, action, f"inject:{iid}")))
