"""The engine's ambulance and bed pools against queueing theory (Erlang C for M/M/c, Erlang B for M/M/c/c).

The harness drives the engine's own parts: ``state.Pool`` (a SimPy resource per base or bed kind), the
dispatcher's FIFO request on it, ``transport.has_bed`` (admit or divert) and ``transport.occupy`` (a bed
held for the length of stay). Reference values are computed here from the formulas, not copied.
"""

from __future__ import annotations

import math
import random
from types import SimpleNamespace

import pytest
import simpy

from drillsim.engine import transport
from drillsim.engine.state import HospitalState, Pool
from drillsim.model import Hospital


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of M/M/c/c with offered load ``a`` (stable recursion).

    >>> round(erlang_b(1, 1.0), 3)
    0.5
    """
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c (a < c)."""
    b = erlang_b(c, a)
    rho = a / c
    return b / (1.0 - rho * (1.0 - b))


def mmc_mean_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/c: C(c, a) / (c mu - lambda)."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def test_reference_formulas() -> None:
    # M/M/1: Wq = rho / (mu - lambda); Erlang B(2, 1) = 0.2 by hand: (1/2) / (1 + 1 + 1/2)
    lam, mu = 0.5, 1.0
    assert math.isclose(mmc_mean_wait(1, lam, mu), (lam / mu) / (mu - lam))
    assert math.isclose(erlang_b(2, 1.0), 0.2)


def _ambulance_fleet(c: int, lam: float, mu: float, customers: int, seed: int, warmup: int) -> float:
    """Mean wait for an ambulance when calls arrive Poisson(lam) and trips last Exp(mu)."""
    env = simpy.Environment()
    fleet = Pool(env, "ems/ambulances", c)
    rng = random.Random(seed)
    waits: list[float] = []

    def call(k: int):
        t0 = env.now
        with fleet.resource.request() as req:  # type: ignore[union-attr]
            yield req
            if k >= warmup:
                waits.append(env.now - t0)
            yield env.timeout(rng.expovariate(mu))

    def source():
        for k in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(call(k))

    env.process(source())
    env.run()
    return sum(waits) / len(waits)


def _hospital(env: simpy.Environment, beds: int) -> HospitalState:
    h = Hospital("h", True, "医院", "Hospital", "d", "n", "三级", True, beds, 0, 0.0, 0, False, False)
    return HospitalState(h, Pool(env, "h/poison", beds), Pool(env, "h/icu", 0), env)


def _blocking(c: int, lam: float, mu: float, customers: int, seed: int) -> float:
    """Share of yellow poison casualties a c-bed hospital diverts (no waiting room)."""
    env = simpy.Environment()
    h = _hospital(env, c)
    casualty = SimpleNamespace(
        colour="yellow",
        inc=SimpleNamespace(chem=SimpleNamespace(clinical=SimpleNamespace(needs_poison_bed=True))),
    )
    rng = random.Random(seed)
    blocked = 0

    def source():
        nonlocal blocked
        for _ in range(customers):
            yield env.timeout(rng.expovariate(lam))
            if transport.has_bed(h, casualty):  # type: ignore[arg-type]
                kind, pool = transport.bed_pool(h, casualty)  # type: ignore[arg-type]
                assert kind == "poison" and pool is h.poison
                req = pool.resource.request()  # type: ignore[union-attr]
                assert req.triggered
                env.process(transport.occupy(env, pool, req, rng.expovariate(mu)))
            else:
                blocked += 1

    env.process(source())
    env.run()
    return blocked / customers


@pytest.mark.slow
def test_ambulances_match_erlang_c() -> None:
    c, lam, mu = 3, 0.09, 1.0 / 20.0  # offered load 1.8 ambulances, utilisation 0.6; trips of 20 min
    expected = mmc_mean_wait(c, lam, mu)
    reps = [_ambulance_fleet(c, lam, mu, 40_000, seed, 2_000) for seed in range(8)]
    got = sum(reps) / len(reps)
    assert abs(got - expected) / expected < 0.05, (got, expected)


def test_bed_diversion_matches_erlang_b() -> None:
    c, mu = 6, 1.0 / 60.0
    for lam in (0.05, 0.1, 0.2):  # offered load 3, 6, 12 beds
        expected = erlang_b(c, lam / mu)
        got = sum(_blocking(c, lam, mu, 20_000, seed) for seed in range(3)) / 3
        assert abs(got - expected) < 0.01, (lam, got, expected)


def test_baseline_occupancy_is_held_from_the_start() -> None:
    env = simpy.Environment()
    pool = Pool(env, "h/poison", 10, baseline=7)
    assert (pool.capacity, pool.in_use, pool.free) == (10, 7, 3)
    assert pool.resource is not None and pool.resource.capacity == 3  # baseline patients cost no events
    assert pool.occupy() and (pool.in_use, pool.free) == (8, 2)
    assert Pool(env, "none", 0).free == 0
