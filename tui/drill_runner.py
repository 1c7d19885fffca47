"""Driving a drill off the UI thread: the worker owns the Drill, takes commands from a queue, posts snapshots.

The UI never touches the Drill object: it sends commands (pause, speed, step, decide, order) and gets
back immutable :class:`drillsim.engine.Snapshot` objects, then the finished timeline.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SPEEDS = (1, 10, 60)
"""Drill seconds per wall second at each clock setting (1x real time, 10x, 60x = a minute a second)."""
TICK_S = 0.2
"""How often a running drill advances and a snapshot goes to the screen (5 per second)."""


@dataclass(frozen=True, slots=True)
class Command:
    """One instruction from the console to the drill worker."""

    op: str  # run | pause | speed | step | forward | decide | act | stop
    value: Any = None
    option: str = ""


@dataclass(frozen=True, slots=True)
class RunnerState:
    """What the console shows about the clock besides the snapshot."""

    running: bool
    speed: int


FORWARD_SLICE_MIN = 0.5
"""A jump forward runs in slices this long so that it can stop where a decision opens."""


def forward(drill: Any, minutes: float) -> None:
    """Run ``drill`` ``minutes`` further, stopping early when a new decision is put to the players."""
    before = {d["id"] for d in drill.snapshot().decisions}
    left = minutes
    while left > 1e-9 and not drill.finished:
        step = min(FORWARD_SLICE_MIN, left)
        drill.advance(step)
        left -= step
        if {d["id"] for d in drill.snapshot().decisions} - before:
            return


def drive(
    make_drill: Callable[[], Any],
    commands: queue.Queue[Command],
    post: Callable[[str, Any, RunnerState], None],
    cancelled: Callable[[], bool],
    clock: Callable[[], float] = time.monotonic,
    tick_s: float = TICK_S,
) -> None:
    """Run one drill until it ends or is cancelled.

    ``post(kind, payload, state)`` is called with ``("snapshot", Snapshot, state)`` after every change,
    ``("finished", Timeline, state)`` at the end and ``("error", message, state)`` when an order is refused
    or the drill cannot start (the drill goes on after a refused order).
    """
    from drillsim.engine import PlayerAction
    from drillsim.errors import DrillsimError

    running, speed = False, 10
    try:
        drill = make_drill()
    except DrillsimError as exc:
        post("fatal", str(exc), RunnerState(running, speed))
        return
    drill.pause()
    post("snapshot", drill.snapshot(), RunnerState(running, speed))
    last = clock()
    while not cancelled():
        try:
            cmd: Command | None = commands.get(timeout=tick_s if running else 0.5)
        except queue.Empty:
            cmd = None
        changed = False
        if cmd is not None:
            try:
                if cmd.op == "stop":
                    return
                if cmd.op == "run":
                    running = bool(cmd.value)
                    (drill.resume if running else drill.pause)()
                elif cmd.op == "speed":
                    speed = int(cmd.value)
                elif cmd.op in ("step", "forward"):
                    drill.resume()
                    if cmd.op == "step":
                        drill.step()
                    else:
                        forward(drill, float(cmd.value))
                    if not running:
                        drill.pause()
                elif cmd.op == "decide":
                    drill.decide(str(cmd.value), cmd.option)
                elif cmd.op == "act":
                    drill.act(PlayerAction(**cmd.value))
            except (DrillsimError, TypeError, ValueError) as exc:
                post("error", str(exc), RunnerState(running, speed))
            changed = True
        now = clock()
        if running and not drill.finished:
            drill.advance(speed * (now - last) / 60.0)
            changed = True
        last = now
        if changed:
            post("snapshot", drill.snapshot(), RunnerState(running, speed))
        if drill.finished:
            post("finished", drill.timeline(), RunnerState(False, speed))
            return
