"""The engine's reference: a bare SimPy model scheduling the same events, on resources of the same capacities.

:func:`trace` runs one drill with SimPy instrumented (class-level hooks, removed afterwards) and records
how many events of each type the environment processed, which resources existed and how many requests
each received. :func:`run_bare` rebuilds that workload with nothing but SimPy: as many processes, the
same number of timeouts, resource requests (and releases) spread over resources of the recorded
capacities, plain events, conditions, store puts and gets and interruptions. Counting the bare model with
the same hooks checks that it processes the same number of events.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import simpy
from simpy.resources.base import BaseResource


@dataclass
class Trace:
    """What one run processed: events by type, resources as (type, capacity), requests per resource."""

    events: Counter[str] = field(default_factory=Counter)
    resources: list[tuple[str, float]] = field(default_factory=list)
    requests: Counter[int] = field(default_factory=Counter)  # index into ``resources`` -> requests
    horizon: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.events.values())


def trace(fn: Callable[[], Any]) -> tuple[Trace, Any]:
    """Call ``fn`` with SimPy instrumented; return what it processed and ``fn``'s result."""
    tr = Trace()
    index: dict[int, int] = {}
    step0 = simpy.Environment.step
    init0 = BaseResource.__init__

    def step(env: simpy.Environment) -> None:
        queue = env._queue  # type: ignore[attr-defined]
        if not queue:
            step0(env)  # raises EmptySchedule, as SimPy does
        ev = queue[0][3]
        tr.events[type(ev).__name__] += 1
        res = getattr(ev, "resource", None)
        if res is not None and type(ev).__name__ == "Request":
            tr.requests[index.get(id(res), -1)] += 1
        step0(env)
        tr.horizon = max(tr.horizon, env.now)

    def init(self: BaseResource, *args: Any, **kwargs: Any) -> None:
        init0(self, *args, **kwargs)
        index[id(self)] = len(tr.resources)
        tr.resources.append((type(self).__name__, float(getattr(self, "capacity", 1))))

    simpy.Environment.step = step  # type: ignore[method-assign]
    BaseResource.__init__ = init  # type: ignore[method-assign]
    try:
        result = fn()
    finally:
        simpy.Environment.step = step0  # type: ignore[method-assign]
        BaseResource.__init__ = init0  # type: ignore[method-assign]
    return tr, result


def run_bare(tr: Trace, seed: int = 1) -> tuple[float, float]:
    """Build and run the bare model of ``tr``; returns (set-up seconds, ``env.run`` seconds)."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    env = simpy.Environment()
    horizon = max(tr.horizon, 1.0)
    resources: list[Any] = []
    for kind, cap in tr.resources:
        if kind == "Container":
            resources.append(simpy.Container(env, capacity=cap, init=cap / 2 if cap != float("inf") else 100))
        elif kind in ("Store", "FilterStore", "PriorityStore"):
            resources.append(simpy.Store(env, capacity=cap))
        elif kind == "PriorityResource":
            resources.append(simpy.PriorityResource(env, capacity=max(1, int(cap))))
        else:
            resources.append(simpy.Resource(env, capacity=max(1, int(cap))))
    store = simpy.Store(env)

    ev = tr.events
    n_proc = max(1, ev.get("Process", 0))
    n_req = ev.get("Request", 0)
    n_rel = min(ev.get("Release", 0), n_req)
    n_plain = ev.get("Event", 0)
    n_cond = ev.get("Condition", 0)
    n_put = ev.get("StorePut", 0)
    n_get = min(ev.get("StoreGet", 0), n_put)
    n_int = ev.get("Interruption", 0)
    # timeouts: the budget left after holds of released requests and one timeout per condition
    n_timeout = max(0, ev.get("Timeout", 0) - n_rel - n_cond - n_int)
    # processes: the helpers below (store getter, interrupted sleepers, their interrupter) count too
    n_workers = max(1, n_proc - (1 if n_get else 0) - n_int - (1 if n_int else 0))

    ops: list[list[str]] = [[] for _ in range(n_workers)]

    def deal(op: str, n: int) -> None:
        for _ in range(n):
            ops[rng.randrange(n_workers)].append(op)

    for op, res_index in _requests(tr, n_rel, rng):
        ops[rng.randrange(n_workers)].append(f"{op}:{res_index}")
    deal("timeout", n_timeout)
    deal("event", max(0, n_plain - n_cond))
    deal("cond", n_cond)
    deal("put", n_put)
    for p in ops:
        rng.shuffle(p)
    victims: list[simpy.Process] = []

    def worker(i: int, plan: list[str]) -> Any:
        for op in plan:
            if op == "timeout":
                yield env.timeout(rng.random() * horizon / max(1, len(plan)))
            elif op.startswith("req_"):
                kind, _, at = op.partition(":")
                res = resources[int(at)]
                req = res.request()
                yield req
                if kind == "req_rel":
                    yield env.timeout(rng.random() * horizon / max(1, len(plan)))
                    res.release(req)
            elif op == "event":
                e = env.event()
                e.succeed()
                yield e
            elif op == "cond":
                e = env.event()
                e.succeed()
                yield e | env.timeout(rng.random())
            elif op == "put":
                yield store.put(i)

    def getter(n: int) -> Any:
        for _ in range(n):
            yield store.get()

    def sleeper() -> Any:
        try:
            yield env.event()  # never triggered: only an interruption wakes it
        except simpy.Interrupt:
            return

    def interrupter() -> Any:
        for v in victims:
            yield env.timeout(0)
            v.interrupt()

    for i, plan in enumerate(ops):
        env.process(worker(i, plan))
    if n_get:
        env.process(getter(n_get))
    victims.extend(env.process(sleeper()) for _ in range(n_int))
    if victims:
        env.process(interrupter())
    t1 = time.perf_counter()
    env.run(until=horizon * 2)
    return t1 - t0, time.perf_counter() - t1


def _requests(tr: Trace, n_rel: int, rng: random.Random) -> list[tuple[str, int]]:
    """Every recorded request as (``req_hold`` | ``req_rel``, resource index), holds placed so none blocks.

    A held request never gives its slot back, so a resource takes at most ``capacity - 1`` holds while
    released requests still need it (else ``capacity``); the holds that do not fit become releases.
    """
    holds_left = sum(tr.requests.values()) - n_rel
    out: list[tuple[str, int]] = []
    for i, count in sorted(tr.requests.items(), key=lambda kv: -kv[1]):
        if i < 0 or i >= len(tr.resources):
            continue
        cap = tr.resources[i][1]
        cap_slots = count if cap == float("inf") else int(cap)
        room = cap_slots if count <= cap_slots else cap_slots - 1
        holds = max(0, min(holds_left, room, count))
        holds_left -= holds
        out += [("req_hold", i)] * holds + [("req_rel", i)] * (count - holds)
    rng.shuffle(out)
    return out
