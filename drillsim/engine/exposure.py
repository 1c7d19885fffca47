"""The toxic atmosphere on site: the dose rate at a point, falling off with distance from the release.

The ERG zone (``drillsim.hazard.erg_zone``) says *where* people must be protected; it is not a
concentration field. The engine turns it into one with three calibration choices (params.py):

* at the downwind edge of the ERG isolation circle the severity rate is ``EDGE_RATE_PER_MIN`` for every
  chemical and release (the isolation distance already encodes the chemical's toxicity and the release
  size): a person standing there outdoors turns red after about an hour;
* nearer the source the rate rises as ``(isolate_m / r) ** PLUME_DECAY_EXP`` (ground-level plume
  centreline), up to the chemical's near-field rate ``severity_per_exposure_min``;
* off the plume axis (inside the isolation circle but outside the downwind sector) it is
  ``CROSSWIND_FACTOR`` of that; beyond the circle it continues only inside the downwind sector.
"""

from __future__ import annotations

import math

from drillsim.engine import params
from drillsim.hazard import HazardZone


def rate_at(zone: HazardZone, spm: float, x: float, y: float) -> float:
    """Severity per minute outdoors at (x, y) (before any indoor or water-curtain reduction).

    >>> z = HazardZone((0.0, 0.0), 100.0, 1000.0, 30.0, 0.0)          # wind from the north
    >>> round(rate_at(z, 1.0, 0.0, -100.0), 3)                        # downwind edge of the circle
    0.05
    >>> rate_at(z, 1.0, 0.0, -5.0)                                    # at the source: the near-field rate
    1.0
    >>> round(rate_at(z, 1.0, 0.0, 100.0), 3)                         # upwind edge: off the plume axis
    0.005
    >>> rate_at(z, 1.0, 0.0, 200.0), rate_at(z, 1.0, 0.0, -2000.0)    # outside the zone
    (0.0, 0.0)
    """
    dx, dy = x - zone.origin[0], y - zone.origin[1]
    r = math.hypot(dx, dy)
    if r > zone.isolate_m and r > zone.protect_m:
        return 0.0
    downwind = False
    if r > 0.0:
        bearing = math.degrees(math.atan2(dx, dy)) % 360.0
        diff = abs(bearing - zone.downwind_deg) % 360.0
        downwind = min(diff, 360.0 - diff) <= zone.half_angle_deg + 1e-9
    if r > zone.isolate_m and not downwind:
        return 0.0
    r = max(r, params.NEAR_FIELD_MIN_M)
    rate = (
        params.EDGE_RATE_PER_MIN
        * (max(zone.isolate_m, params.NEAR_FIELD_MIN_M) / r) ** params.PLUME_DECAY_EXP
    )
    if not downwind:
        rate *= params.CROSSWIND_FACTOR
    return min(rate, spm)


def segment_rate(zone: HazardZone, spm: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Mean severity per minute walking the straight segment a→b (midpoints of pieces of at most 10 m).

    >>> z = HazardZone((0.0, 0.0), 100.0, 100.0, 30.0, 0.0)
    >>> segment_rate(z, 1.0, (200.0, 0.0), (300.0, 0.0))
    0.0
    >>> 0.0 < segment_rate(z, 1.0, (-50.0, 0.0), (50.0, 0.0)) < 1.0
    True
    """
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    n = min(max(1, math.ceil(length / 10.0)), 60)
    total = 0.0
    for i in range(n):
        t = (i + 0.5) / n
        total += rate_at(zone, spm, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return total / n
