"""Outcome figures of a scenario over many seeds: the check that the casualty model stays believable.

docs/engine.md states the plausibility targets; ``tests/test_engine_calibration.py`` runs this over 50
seeds of every main scenario and holds the engine to them (``pytest tests/test_engine_calibration.py -s``
prints the table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from drillsim.engine.run import run_drill
from drillsim.model import Content


@dataclass(frozen=True, slots=True)
class Outcomes:
    """What happened to people over ``runs`` drills of one scenario."""

    scenario: str
    runs: int
    on_site: int
    casualties: int
    deaths: int
    immediate: int
    worst_run_deaths: int
    worst_run_share: float
    call_119: tuple[float, ...]
    colours: Counter[str] = field(default_factory=Counter)

    @property
    def death_share(self) -> float:
        """Deaths per casualty, pooled over the runs."""
        return self.deaths / self.casualties if self.casualties else 0.0

    def mean(self, what: str) -> float:
        return float(getattr(self, what)) / self.runs if self.runs else 0.0

    def call_119_p(self, q: float) -> float | None:
        """The ``q``-quantile (0-1, nearest rank) of the 119 call time."""
        xs = sorted(self.call_119)
        if not xs:
            return None
        k = min(len(xs) - 1, max(0, round(q * len(xs) + 0.5) - 1))
        return xs[k]

    def row(self) -> str:
        p90 = self.call_119_p(0.9)
        mean_119 = sum(self.call_119) / len(self.call_119) if self.call_119 else float("nan")
        return (
            f"{self.scenario:26s} casualties {self.mean('casualties'):6.2f}  deaths {self.mean('deaths'):5.2f}"
            f" ({self.death_share:5.1%}; immediate {self.immediate})  worst run {self.worst_run_deaths}"
            f" ({self.worst_run_share:.0%} of those on site)  119 mean {mean_119:4.1f} p90 {p90 or 0:4.1f}"
        )


def outcomes(content: Content, scenario: str, seeds: Iterable[int]) -> Outcomes:
    """Run ``scenario`` once per seed and count casualties, deaths (immediate ones apart) and 119 times."""
    runs = on_site = cas = dead = imm = worst = 0
    worst_share = 0.0
    calls: list[float] = []
    colours: Counter[str] = Counter()
    for seed in seeds:
        tl = run_drill(content, scenario, seed)
        runs += 1
        people = 0
        d = 0
        for e in tl.events:
            if e.kind == "evacuation_ordered":
                people += int(e.get("people", 0))
            elif e.kind == "casualty_exposed":
                colours[str(e.get("colour"))] += 1
            elif e.kind == "casualty_died":
                d += 1
                imm += e.get("timing") == "immediate"
        on_site += people
        cas += int(tl.kpis["casualties"] or 0)
        dead += d
        worst = max(worst, d)
        if people:
            worst_share = max(worst_share, d / people)
        if tl.kpis["t_call_119"] is not None:
            calls.append(float(tl.kpis["t_call_119"]))  # type: ignore[arg-type]
    return Outcomes(scenario, runs, on_site, cas, dead, imm, worst, worst_share, tuple(calls), colours)
