"""Who does an action, when they can start, and how long they take to react.

An enterprise role is a pool of the people in that role on the drawn shift: an action holds one of
them from the start of its reaction delay to its end, so a lone night-shift operator cannot raise the
alarm and phone 119 at the same moment. A role with nobody on shift phones in (reporting actions) or
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


class Act:
    """One action being carried out by one actor, on behalf of a plan step, the doctrine or a player."""

    __slots__ = (
        "action",
        "actor",
        "duration_min",
        "extra",
        "inc",
        "pool",
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

    @property
    def external(self) -> bool:
        return self.actor in PRESENCE

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
        """Wait for the preconditions and the actor, then the reaction delay; False if nobody can act.

        An external actor waits to be on scene unless ``on_scene`` is False (it acts from where it is).
        ``skip`` is asked once the actor is free: True means someone else has already done it.
        """
        inc = self.inc
        w = inc.world
        for ev in waits:
            if not ev.triggered:
                yield ev
        if self.external:
            flag = PRESENCE[self.actor] if on_scene else None
            if flag is not None:
                yield inc.flag(flag)
        else:
            count = inc.role_counts.get(self.actor)
            if count is None:
                self.gap(f"actor '{self.actor}' does not exist in {inc.box.id}")
                return False
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
            pool = inc.roles.get(self.actor)
            if (
                pool is not None
                and pool.resource is not None
                and not (count == 0 and self.action in PHONE_ACTIONS)
            ):
                self.pool = pool
                self.req = pool.resource.request()
                yield self.req
        if skip is not None and skip():
            return False
        d = params.ACTION_DELAY[self.action]
        yield w.env.timeout(
            w.delay(f"act/{inc.index}/{self.action}/{self.source}", d, self.scale) + self.extra
        )
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
