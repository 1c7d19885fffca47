"""Who does an action, when they can start, and how long they take to react.

An enterprise role is a pool of the people in that role on the drawn shift: an action holds one of
them from the start of its reaction delay to its end, so a lone night-shift operator cannot raise the
alarm and phone 119 at the same moment; waiting tasks are taken up alarm and calls first, then reports,
then process work (``PRIORITY``). A role with nobody on shift phones in (reporting actions) or
hands on-site work to the shift leader; both are reported as plan gaps. External actors act once on
scene (fire service, hazmat team, EMS) or once informed (authority).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine import params

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident
    from drillsim.engine.state import Pool

PHONE_ACTIONS = frozenset(
    {"report_unit_head", "call_119", "call_120", "report_authority", "request_mutual_aid"}
)
"""Actions an off-site person can do by telephone."""

PRESENCE = {
    "fire_service": "fire_ready",
    "hazmat_team": "hazmat_ready",
    "ems": "ems_on_scene",
    "authority": "report_authority",
    "hospital": None,
}
"""What an external actor waits for before acting: its first unit set up on scene, or the report."""

PRIORITY = {
    "raise_alarm": 0,
    "activate_esd": 0,
    "evacuate": 0,
    "call_119": 0,
    "call_120": 1,
    "report_unit_head": 2,
    "report_authority": 2,
    "request_mutual_aid": 2,
}
"""Order in which a busy person takes up waiting tasks: the alarm, the remote ESD button, the evacuation
order and the 119 call first, then 120, then reports, then process and field work (``OTHER_PRIORITY``,
a walk to a local ESD point too); first come first served within a class, so the plan's order holds
among equals. A person already at a task finishes it. Model assumption after 493号令 第九条 (report
immediately) and the plans' own order (alarm, shut-off and call before anything else)."""
OTHER_PRIORITY = 3


class Act:
    """One action being carried out by one actor, on behalf of a plan step, the doctrine or a player."""

    __slots__ = (
        "action",
        "actor",
        "duration_min",
        "external",
        "extra",
        "inc",
        "pool",
        "priority",
        "req",
        "scale",
        "source",
        "target_min",
    )

    def __init__(
        self,
        inc: Incident,
        actor: str,
        action: str,
        source: str,
        target_min: float | None = None,
        scale: float = 1.0,
        duration_min: float | None = None,
    ):
        self.inc = inc
        self.actor = actor
        self.action = action
        self.source = source
        self.target_min = target_min
        self.scale = scale
        self.duration_min = duration_min
        self.extra = 0.0
        self.pool: Pool | None = None
        self.req: simpy.resources.resource.Request | None = None
        self.priority = PRIORITY.get(action, OTHER_PRIORITY)
        self.external = actor in PRESENCE  # fire service, hazmat team, 120, authority, hospital

    def fields(self, **more: Any) -> dict[str, Any]:
        """Structured fields every action event carries: which step, its target, whether it was late."""
        out: dict[str, Any] = {"step": self.source}
        if self.target_min is not None:
            out["target_min"] = self.target_min
            out["late"] = self.inc.world.now > self.target_min
        out.update(more)
        return out

    def gap(self, reason: str) -> None:
        self.inc.emit("plan_gap", self.actor, what=self.action, step=self.source, reason=reason)

    def start(
        self, *waits: simpy.Event, on_scene: bool = True, skip: Callable[[], bool] | None = None
    ) -> Generator[Any, Any, bool]:
        """Wait for the preconditions, then the reaction delay and the actor; False if nobody can act.

        The reaction delay (noticing, deciding, dialling) runs from the moment the preconditions hold,
        while the person may still be busy; the task starts when both are over, and holds the person
        from the moment they are free. An external actor waits to be on scene unless ``on_scene`` is
        False (it acts from where it is). ``skip`` is asked once the actor is free: True means someone
        else has already done it.
        """
        inc = self.inc
        w = inc.world
        for ev in waits:
            if not ev.triggered:
                yield ev
        count = 0
        if self.external:
            flag = PRESENCE[self.actor] if on_scene else None
            if flag is not None:
                yield inc.flag(flag)
        else:
            known = inc.role_counts.get(self.actor)
            if known is None:
                self.gap(f"actor '{self.actor}' does not exist in {inc.box.id}")
                return False
            count = known
            if count == 0:
                if self.action in PHONE_ACTIONS:
                    self.extra = w.delay(f"phone/{inc.index}/{self.action}", params.OFF_SHIFT_PHONE)
                elif inc.role_counts.get("shift_leader", 0) > 0:
                    self.gap(
                        f"nobody in role '{self.actor}' on the {inc.shift} shift; the shift leader acts instead"
                    )
                    self.actor = "shift_leader"
                else:
                    self.gap(f"nobody in role '{self.actor}' (or shift leader) on the {inc.shift} shift")
                    return False
        env = w.env
        t0 = env.now  # the reaction delay runs from here (drawn below, once the actor is free)
        if not self.external:
            pool = inc.roles.get(self.actor)
            if (
                pool is not None
                and pool.resource is not None
                and not (count == 0 and self.action in PHONE_ACTIONS)
            ):
                self.pool = pool
                self.req = pool.resource.request(self.priority)  # type: ignore[call-arg]
                yield self.req
        if skip is not None and skip():
            return False
        name = f"act/{inc.index}/{self.action}/{self.source}"
        ready = t0 + w.delay(name, params.ACTION_DELAY[self.action], self.scale) + self.extra
        if ready > env.now:
            yield env.timeout(ready - env.now)
        return True

    def work(self, default: params.Delay | None) -> Generator[Any, Any, None]:
        """The action's working time: the plan step's ``duration_min`` if given, else ``default``."""
        w = self.inc.world
        if self.duration_min is not None:
            minutes = self.duration_min
        elif default is not None:
            minutes = w.delay(f"work/{self.inc.index}/{self.action}/{self.source}", default)
        else:
            return
        if minutes > 0:
            yield w.env.timeout(minutes)

    def finish(self) -> None:
        if self.req is not None and self.pool is not None and self.pool.resource is not None:
            self.pool.resource.release(self.req)
            self.req = None
