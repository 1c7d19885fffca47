"""The simulated world of one drill: the SimPy environment, the shared city, the incidents and the log.

Recording is cheap on purpose: :meth:`World.emit` appends one tuple and runs the few hooks listening
for that kind (plan steps, injects); events become :class:`~drillsim.engine.timeline.Event` objects only
after the run (or when a snapshot asks for them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import simpy

from drillsim.engine.draw import DrillDraw, Stream
from drillsim.engine.params import Delay
from drillsim.engine.state import CityState
from drillsim.model import Content, Scenario

if TYPE_CHECKING:
    from drillsim.engine.injects import InjectBook
    from drillsim.engine.medical import Casualty
    from drillsim.engine.site import Incident

Hook = Callable[[int, dict[str, Any] | None], None]


class World:
    """Everything one drill run shares: clock, streams, city resources, incidents, casualties, log."""

    def __init__(self, content: Content, scenario: Scenario, draw: DrillDraw):
        self.content = content
        self.scenario = scenario
        self.draw = draw
        self.seed = draw.seed
        self.env = simpy.Environment()
        self.city = CityState(self.env, content.city, draw.hour)
        self.log: list[tuple[float, str, str, int, dict[str, Any] | None]] = []
        self.hooks: dict[str, list[Hook]] = {}
        self.incidents: list[Incident] = []
        self.casualties: list[Casualty] = []
        self.injects: InjectBook | None = None
        self.horizon = scenario.duration_min
        self.unresolved = 0  # casualties not yet treated or dead
        self._streams: dict[str, Stream] = {}

    # ------------------------------------------------------------------ randomness
    def rng(self, name: str) -> Stream:
        """The stream for one stochastic input (created on first use, then reused)."""
        r = self._streams.get(name)
        if r is None:
            r = self._streams[name] = Stream(self.seed, name)
        return r

    def delay(self, name: str, d: Delay, scale: float = 1.0) -> float:
        """A lognormal delay (``draw.delay``) from the stream ``name``."""
        r = self._streams.get(name)
        if r is None:
            r = self._streams[name] = Stream(self.seed, name)
        return d.median * scale * math.exp(d.sigma * r.gauss(0.0, 1.0))

    # ------------------------------------------------------------------ recording
    def emit(
        self,
        kind: str,
        actor: str,
        incident: int = 0,
        fields: dict[str, Any] | None = None,
        known: bool = True,
    ) -> None:
        """Record an event at the current time and, if responders know of it (``known``), run the hooks
        listening for ``kind`` (plan triggers, injects)."""
        self.log.append((self.env.now, kind, actor, incident, fields))
        if known:
            self.notify(kind, incident, fields)

    def notify(self, kind: str, incident: int, fields: dict[str, Any] | None = None) -> None:
        """Responders learn of an event of ``kind`` (possibly after it happened): run its hooks."""
        hooks = self.hooks.get(kind)
        if hooks:
            for hook in tuple(hooks):
                hook(incident, fields)

    def on(self, kind: str, hook: Hook) -> None:
        """Call ``hook(incident, fields)`` every time an event of ``kind`` is emitted."""
        self.hooks.setdefault(kind, []).append(hook)

    def start(self, gen: Any) -> simpy.Process:
        return self.env.process(gen)

    @property
    def now(self) -> float:
        return self.env.now
