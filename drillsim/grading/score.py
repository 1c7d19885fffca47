"""Scoring a timeline against a rubric: 2 / 1 / 0 per timed indicator, evaluator ratings for the rest.

Fair (a pure function of timeline + rubric + ratings), explainable (every point carries its indicator,
target, actual and source) and monotone (a slower actual never earns more points).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drillsim.errors import InputError
from drillsim.grading.timeline import TimelineDoc
from drillsim.model import Indicator, Rubric

# HSEEP 2020 performance ratings (P/S/M/U) and the points each stands for.
RATINGS = {"P": 2, "S": 1, "M": 0, "U": 0}
NOT_APPLICABLE = "N/A"
RATING_NAMES = {
    "P": ("完成且无挑战", "Performed without challenges"),
    "S": ("完成但有一定挑战", "Performed with some challenges"),
    "M": ("完成但有重大挑战", "Performed with major challenges"),
    "U": ("未能完成", "Unable to be performed"),
    "N/A": ("不适用", "Not applicable"),
}
# Who normally owns each measure: the owner of a corrective action (doctrine of the sample plans).
OWNERS = {
    "t_detected": "control_room",
    "t_alarm": "control_room",
    "t_call_119": "shift_leader",
    "t_report_authority": "unit_head",
    "t_esd": "process_team",
    "t_first_fire_arrival": "fire_service",
    "t_hazmat_arrival": "fire_service",
    "t_headcount_complete": "safety_officer",
    "t_leak_controlled": "emergency_team",
    "t_last_casualty_treated": "ems",
    "casualties": "safety_officer",
    "deaths": "ems",
    "max_wait_poison_bed_min": "hospital",
    "antidote_stockouts": "hospital",
    "diversions": "hospital",
    "event:report_unit_head": "shift_leader",
    "event:call_120": "shift_leader",
    "event:evacuation_ordered": "shift_leader",
    "event:team_mobilized": "emergency_team",
    "event:isolation_zone_set": "emergency_team",
    "event:fire_dispatched": "fire_service",
    "event:ambulance_dispatched": "ems",
    "event:casualty_extracted": "emergency_team",
    "event:casualty_triaged": "ems",
    "event:casualty_at_hospital": "ems",
    "event:treatment_started": "hospital",
    "event:antidote_given": "hospital",
    "event:fire_controlled": "fire_service",
    "event:all_clear": "unit_head",
}


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name_zh: str
    name_en: str
    measure: str
    target: float | None
    one_point: float | None
    actual: float | None
    points: int
    max: int
    weight: float
    rating: str
    source: str
    kind: str  # "timed" | "qualitative"
    reason: str = ""
    overridden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "kind": self.kind,
            "measure": self.measure,
            "target": self.target,
            "one_point": self.one_point,
            "actual": self.actual,
            "points": self.points,
            "max": self.max,
            "weight": self.weight,
            "rating": self.rating,
            "source": self.source,
            "reason": self.reason,
            "overridden": self.overridden,
        }


@dataclass(frozen=True, slots=True)
class Grade:
    rubric_id: str
    rubric_version: str
    score: float
    max: float
    criteria: tuple[Criterion, ...]
    comparisons: Mapping[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max if self.max else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric_id,
            "rubric_version": self.rubric_version,
            "score": self.score,
            "max": self.max,
            "percent": round(self.percent, 1),
            "criteria": [c.as_dict() for c in self.criteria],
            **({"comparisons": dict(self.comparisons)} if self.comparisons else {}),
        }


def measure_value(timeline: TimelineDoc, measure: str) -> float | None:
    """The actual value of a rubric measure in a timeline (None when it never happened)."""
    if measure.startswith("event:"):
        return timeline.first(measure[6:])
    value = timeline.kpis.get(measure)
    return None if value is None else float(value)


def points_for(actual: float | None, target: float, one_point: float) -> int:
    """2 at or within target, 1 at or within the one-point limit, 0 beyond or missing.

    >>> points_for(3, 3, 6), points_for(5.9, 3, 6), points_for(6.1, 3, 6), points_for(None, 3, 6)
    (2, 1, 0, 0)
    """
    if actual is None:
        return 0
    if actual <= target + 1e-9:
        return 2
    if actual <= one_point + 1e-9:
        return 1
    return 0


def rating_for(points: int, happened: bool) -> str:
    """HSEEP rating derived from the points: 2 P, 1 S, 0 M (if it happened late) or U (never).

    >>> rating_for(2, True), rating_for(1, True), rating_for(0, True), rating_for(0, False)
    ('P', 'S', 'M', 'U')
    """
    if points >= 2:
        return "P"
    if points == 1:
        return "S"
    return "M" if happened else "U"


def parse_rating(text: str) -> tuple[str, str, str]:
    """``ID=RATING[:reason]`` → (id, rating, reason); InputError on anything else.

    >>> parse_rating("command=S:slow to set up the post")
    ('command', 'S', 'slow to set up the post')
    """
    ident, sep, rest = text.partition("=")
    rating, _, reason = rest.partition(":")
    rating = rating.strip().upper()
    if not sep or not ident.strip() or rating not in RATINGS:
        raise InputError(f"rating {text!r}: expected ID=P|S|M|U[:reason]")
    return ident.strip(), rating, reason.strip()


def antidote_chemicals(content: Any) -> frozenset[str]:
    """The chemicals of a content tree that have an antidote (for ``applies: antidote`` indicators)."""
    return frozenset(cid for cid, ch in content.chemicals.items() if ch.antidotes)


COUNT_MEASURES = frozenset({"casualties", "deaths", "antidote_stockouts", "diversions"})
"""Measures that are counts, not minutes since the release."""


def applicable(
    ind: Indicator, timeline: TimelineDoc, antidote_chemicals: frozenset[str] | None = None
) -> bool:
    """Whether an indicator applies to what happened in this drill (docs/grading.md).

    ``casualties``: someone was exposed; ``antidote``: someone was exposed to a chemical that has an antidote
    (``antidote_chemicals``; unknown → any casualty counts); ``leak`` / ``fire``: a release of that kind.
    """
    if ind.applies == "always":
        return True
    releases = [e for e in timeline.events if e.kind == "release"]
    if ind.applies == "leak":
        return (
            any(e.fields.get("leak", e.fields.get("release_kind", "leak") == "leak") for e in releases)
            or not releases
        )
    if ind.applies == "fire":
        return any(
            e.fields.get("fire") or e.fields.get("release_kind") in ("fire", "explosion") for e in releases
        ) or any(e.kind in ("fire_controlled",) for e in timeline.events)
    exposed = (timeline.kpis.get("casualties") or 0) > 0 or any(
        e.kind == "casualty_exposed" for e in timeline.events
    )
    if ind.applies == "casualties":
        return exposed
    if ind.applies == "antidote":
        if not exposed:
            return False
        if any(e.kind in ("antidote_given", "antidote_stockout") for e in timeline.events):
            return True
        if antidote_chemicals is None:
            return True
        return any(e.fields.get("chemical") in antidote_chemicals for e in releases)
    return True


def _not_applicable(ind: Indicator) -> Criterion:
    return Criterion(
        ind.id,
        ind.name_zh,
        ind.name_en,
        ind.measure,
        ind.target_min,
        ind.one_point_min,
        None,
        0,
        0,
        ind.weight,
        "N/A",
        ind.source,
        "timed",
        f"not applicable: applies when {ind.applies}",
    )


def _timed(ind: Indicator, timeline: TimelineDoc, override: tuple[str, str] | None) -> Criterion:
    actual = measure_value(timeline, ind.measure)
    pts = points_for(actual, ind.target_min, ind.one_point_min)
    rating = rating_for(pts, actual is not None)
    reason = ""
    overridden = False
    if override is not None:
        rating, reason = override
        if not reason:
            raise InputError(f"override of '{ind.id}' needs a reason (ID=RATING:reason)")
        pts = RATINGS[rating]
        overridden = True
    return Criterion(
        ind.id,
        ind.name_zh,
        ind.name_en,
        ind.measure,
        ind.target_min,
        ind.one_point_min,
        actual,
        pts,
        2,
        ind.weight,
        rating,
        ind.source,
        "timed",
        reason,
        overridden,
    )


def grade(
    timeline: TimelineDoc,
    rubric: Rubric,
    ratings: Mapping[str, tuple[str, str]] | None = None,
    antidote_chemicals: frozenset[str] | None = None,
) -> Grade:
    """Score ``timeline`` with ``rubric``.

    ``ratings`` maps indicator id → (P/S/M/U, reason): the evaluator's rating of a qualitative indicator,
    or an override of a timed one (a reason is then required). Unrated qualitative indicators are not
    scored (they add nothing to score or max), so a simulated drill is graded on its timed indicators.
    An indicator that does not apply to what happened (casualty care in a drill without casualties) is
    listed as N/A and counts in neither score nor max. ``antidote_chemicals`` are the chemicals that have
    an antidote (from the content), for indicators that apply only then.
    """
    ratings = dict(ratings or {})
    known = {i.id for i in rubric.indicators} | {q.id for q in rubric.qualitative}
    for ident in ratings:
        if ident not in known:
            raise InputError(
                f"rating for unknown indicator '{ident}' (rubric {rubric.id} has: {', '.join(sorted(known))})"
            )
    criteria = [
        _timed(ind, timeline, ratings.get(ind.id))
        if applicable(ind, timeline, antidote_chemicals) or ind.id in ratings
        else _not_applicable(ind)
        for ind in rubric.indicators
    ]
    for q in rubric.qualitative:
        if q.id not in ratings:
            continue
        rating, reason = ratings[q.id]
        criteria.append(
            Criterion(
                q.id,
                q.name_zh,
                q.name_en,
                "qualitative",
                None,
                None,
                None,
                RATINGS[rating],
                2,
                q.weight,
                rating,
                q.source,
                "qualitative",
                reason,
            )
        )
    score = round(sum(c.points * c.weight for c in criteria), 2)
    top = round(sum(c.max * c.weight for c in criteria), 2)
    return Grade(rubric.id, rubric.version, score, top, tuple(criteria))
