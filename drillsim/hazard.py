"""Hazard zones: ERG 2024 isolation / protective-action zones, a Gaussian plume and fire radiation distances.

Assumptions, sources and limits are written up in ``docs/hazard-models.md``. Everything here is a pure
function of the chemical record and the weather; the only I/O is reading the package's own data file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from drillsim.model import WIND_DIRS, Chemical, ErgSpill, ErgTable3Row

WIND_DEG = {d: 45.0 * i for i, d in enumerate(WIND_DIRS)}
"""Compass bearing (degrees) of each wind direction name; the name says where the wind blows FROM."""

PROTECTIVE_HALF_ANGLE_DEG = 30.0
"""Half-width of the downwind protective-action sector (see docs/hazard-models.md, "Zone shape")."""

ISOLATION_FACTOR = 1.0
PROTECTIVE_FACTOR = 0.3
"""Exposure weights the drill engine applies inside the isolation circle and the protective sector."""

MOLAR_VOLUME_L = 24.45
"""Litres per mole of ideal gas at 25 °C and 101.325 kPa (the NIOSH ppm ↔ mg/m³ convention)."""

RADIATION_THRESHOLDS_KW_M2 = (37.5, 12.5, 4.0)
"""Thermal-radiation levels reported by :func:`fire_distances_m` (equipment damage / 1 % lethality in
1 min and piloted ignition of wood / pain after about 20 s)."""

# ERG Table 3 container lookup for a site container that Table 3 does not name (most conservative first).
_TABLE3_FALLBACK: dict[str, tuple[str, ...]] = {
    "fixed_tank": ("rail_tank_car", "highway_tank_truck"),
    "spherical_tank": ("rail_tank_car", "highway_tank_truck"),
    "pressure_vessel": ("rail_tank_car", "highway_tank_truck"),
    "reactor": ("highway_tank_truck", "rail_tank_car"),
    "pipeline": ("rail_tank_car", "highway_tank_truck"),
    "bulk_pile": ("rail_tank_car", "highway_tank_truck"),
    "cylinders": ("multiple_ton_cylinders", "small_cylinders_or_single_ton", "multiple_small_cylinders"),
    "drums": ("small_cylinders_or_single_ton", "multiple_small_cylinders", "multiple_ton_cylinders"),
    "ibc": ("small_cylinders_or_single_ton", "multiple_ton_cylinders"),
    "bags": ("small_cylinders_or_single_ton", "multiple_small_cylinders"),
}

# ERG "as an immediate precautionary measure, isolate spill or leak area at least ..." when a chemical has
# no ERG record at all: 100 m for gases (guides 115-125), 50 m liquids / 25 m solids (most other guides);
# 800 m for a tank in fire (the smallest tank-in-fire figure of the guides).
_DEFAULT_SPILL_ISOLATE_M = {"gas": 100.0, "liquefied_gas": 100.0, "liquid": 50.0, "solid": 25.0}
_DEFAULT_FIRE_ISOLATE_M = 800.0


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("drillsim.data").joinpath("hazard_data.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def wind_bearing(wind_from: str | float) -> float:
    """Bearing in degrees the wind blows FROM, for a compass name or a number.

    >>> wind_bearing("NE"), wind_bearing("W"), wind_bearing(370)
    (45.0, 270.0, 10.0)
    """
    if isinstance(wind_from, str):
        try:
            return WIND_DEG[wind_from.upper()]
        except KeyError:
            raise ValueError(f"unknown wind direction {wind_from!r}; expected one of {WIND_DIRS}") from None
    return float(wind_from) % 360.0


def wind_band(wind_speed_ms: float) -> int:
    """ERG Table 3 wind band: 0 low (< 10 km/h), 1 moderate (10-20 km/h), 2 high (> 20 km/h).

    >>> wind_band(2.0), wind_band(3.0), wind_band(6.0)
    (0, 1, 2)
    """
    kmh = wind_speed_ms * 3.6
    if kmh < 10.0:
        return 0
    if kmh <= 20.0:
        return 1
    return 2


def _angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two bearings in degrees."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


@dataclass(frozen=True, slots=True)
class HazardZone:
    """An ERG-style zone: an isolation circle plus a downwind protective-action sector.

    Coordinates are metres in the caller's frame with y pointing at bearing 0 (pass the site's north
    rotation to :func:`erg_zone` to work in a rotated site frame). ``wind_from_deg`` is the bearing the
    wind blows from in that frame; the sector opens towards ``wind_from_deg + 180``.
    """

    origin: tuple[float, float]
    isolate_m: float
    protect_m: float
    half_angle_deg: float
    wind_from_deg: float
    basis: str = ""

    @property
    def downwind_deg(self) -> float:
        return (self.wind_from_deg + 180.0) % 360.0

    @property
    def extent_m(self) -> float:
        """Largest distance from the origin that is inside the zone."""
        return max(self.isolate_m, self.protect_m)

    def zone_at(self, x: float, y: float) -> str | None:
        """``"isolation"``, ``"protective"`` or None for the point (x, y).

        >>> z = HazardZone((0.0, 0.0), 100.0, 1000.0, 30.0, 0.0)   # wind from the north
        >>> z.zone_at(0, 50), z.zone_at(0, -500), z.zone_at(0, 500), z.zone_at(400, -400)
        ('isolation', 'protective', None, None)
        """
        dx, dy = x - self.origin[0], y - self.origin[1]
        d = math.hypot(dx, dy)
        if d <= self.isolate_m:
            return "isolation"
        if d <= self.protect_m:
            bearing = math.degrees(math.atan2(dx, dy)) % 360.0
            if _angle_diff(bearing, self.downwind_deg) <= self.half_angle_deg + 1e-9:
                return "protective"
        return None

    def factor_at(self, x: float, y: float) -> float:
        """Exposure weight at (x, y): 1.0 in the isolation circle, 0.3 in the protective sector, else 0."""
        z = self.zone_at(x, y)
        if z == "isolation":
            return ISOLATION_FACTOR
        if z == "protective":
            return PROTECTIVE_FACTOR
        return 0.0

    def contains(self, x: float, y: float) -> bool:
        return self.zone_at(x, y) is not None

    def polygon(self, n: int = 32) -> list[tuple[float, float]]:
        """The zone's outline as a closed-ring list of points (first point not repeated), ``n`` per circle."""
        n = max(n, 8)
        ox, oy = self.origin

        def pt(bearing: float, r: float) -> tuple[float, float]:
            rad = math.radians(bearing)
            return (ox + r * math.sin(rad), oy + r * math.cos(rad))

        if self.protect_m <= self.isolate_m:
            return [pt(360.0 * i / n, self.isolate_m) for i in range(n)]
        lo = self.downwind_deg - self.half_angle_deg
        hi = self.downwind_deg + self.half_angle_deg
        ring: list[tuple[float, float]] = [pt(lo, self.isolate_m)]
        arc_steps = max(2, round(n * (2 * self.half_angle_deg) / 360.0))
        ring += [pt(lo + (hi - lo) * i / arc_steps, self.protect_m) for i in range(arc_steps + 1)]
        ring.append(pt(hi, self.isolate_m))
        rest = 360.0 - (hi - lo)
        steps = max(2, round(n * rest / 360.0))
        ring += [pt(hi + rest * i / steps, self.isolate_m) for i in range(1, steps)]
        return ring

    def rotated(self, wind_from_deg: float) -> HazardZone:
        """The same zone with the wind from another bearing (the ``wind_shift`` inject)."""
        return HazardZone(
            self.origin,
            self.isolate_m,
            self.protect_m,
            self.half_angle_deg,
            wind_from_deg % 360.0,
            self.basis,
        )


# Working capacities (t) assumed for ERG Table 3's transport containers when a site container is matched
# by quantity: a site tank holding q tonnes reads as the smallest listed container that holds q. These are
# typical sizes (chlorine rail tank car about 90 t, cargo tank about 20 t, ton cylinder 0.9 t), a modelling
# choice documented in docs/hazard-models.md, not ERG figures.
TABLE3_CAPACITY_T = {
    "multiple_small_cylinders": 0.5,
    "small_cylinders_or_single_ton": 1.0,
    "agricultural_nurse_tank": 5.0,
    "multiple_ton_cylinders": 10.0,
    "highway_tank_truck": 20.0,
    "rail_tank_car": 90.0,
}


def _table3_row(
    rows: tuple[ErgTable3Row, ...], container: str | None, quantity_t: float | None = None
) -> ErgTable3Row:
    by_container = {r.container: r for r in rows}
    if container in by_container:
        return by_container[container]
    if quantity_t is not None and quantity_t > 0:
        fits = [r for r in rows if TABLE3_CAPACITY_T.get(r.container, 0.0) >= quantity_t]
        if fits:
            return min(fits, key=lambda r: TABLE3_CAPACITY_T[r.container])
        return max(rows, key=lambda r: (TABLE3_CAPACITY_T.get(r.container, 0.0), r.isolate_m))
    for alt in _TABLE3_FALLBACK.get(container or "", ()):
        if alt in by_container:
            return by_container[alt]
    return max(rows, key=lambda r: (max(r.night_km), r.isolate_m))


def _guide_downwind_m(chem: Chemical) -> float:
    table = _data()["erg_guides"]["large_spill_downwind_evacuation_m"]
    return max((float(table[g]) for g in chem.erg_guides if g in table), default=0.0)


def erg_zone(
    chem: Chemical,
    size: str,
    container: str | None,
    night: bool,
    wind_speed_ms: float,
    wind_from: str | float,
    origin: tuple[float, float] = (0.0, 0.0),
    release_kind: str = "leak",
    frame_north_deg: float = 0.0,
    quantity_t: float | None = None,
) -> HazardZone:
    """The ERG 2024 zone for a release of ``chem``.

    TIH chemicals use Table 1 (small spill; large spill unless "refer to Table 3") or Table 3 (large
    spill, by container and wind band); other chemicals use their orange guide's spill isolation and,
    for large spills, the guide's downwind evacuation distance. A ``fire`` or ``explosion`` release adds
    the guide's tank-in-fire isolation (large) as a circle. ``frame_north_deg`` is the bearing of the
    caller's y axis (a site plan's ``north_deg``), so the zone comes out in that frame.

    Args:
        chem: the chemical record.
        size: ``"small"`` or ``"large"`` (ERG: up to / over about 208 litres).
        container: the container of the release (Table 3 lookup); None when unknown.
        night: ERG night-time distances.
        wind_speed_ms: wind speed at 10 m.
        wind_from: compass name (``"NE"``) or bearing the wind blows from.
        origin: release point in the caller's frame, metres.
        release_kind: ``"leak"``, ``"fire"`` or ``"explosion"``.
        frame_north_deg: bearing of the frame's y axis.
        quantity_t: inventory at the release point; when ``container`` is not a Table 3 container, the
            row is the smallest Table 3 container holding this much (see :data:`TABLE3_CAPACITY_T`).
    """
    if size not in ("small", "large"):
        raise ValueError(f"spill size must be 'small' or 'large', not {size!r}")
    large = size == "large"
    erg = chem.erg
    isolate = protect = 0.0
    basis: list[str] = []
    if erg is not None and chem.tih and (erg.small or erg.large or erg.table3):
        row: ErgSpill | None = erg.large if large else erg.small
        if large and row is None and erg.table3:
            r3 = _table3_row(erg.table3, container, quantity_t)
            band = wind_band(wind_speed_ms)
            isolate = r3.isolate_m
            protect = 1000.0 * (r3.night_km[band] if night else r3.day_km[band])
            basis.append(f"ERG Table 3 {r3.container}, {('low', 'moderate', 'high')[band]} wind")
        else:
            # a large spill with no large row falls back to the small row (never smaller than it)
            row = row or erg.small or erg.large
            assert row is not None
            isolate = row.isolate_m
            protect = 1000.0 * (row.night_km if night else row.day_km)
            basis.append(f"ERG Table 1 {'large' if large and erg.large else 'small'} spill")
        basis.append("night" if night else "day")
    else:
        guide_iso = erg.guide_spill_isolate_m if erg and erg.guide_spill_isolate_m else None
        isolate = guide_iso or _DEFAULT_SPILL_ISOLATE_M.get(chem.state, 50.0)
        protect = max(isolate, _guide_downwind_m(chem)) if large else isolate
        basis.append(f"ERG guide {'/'.join(chem.erg_guides) or '(none)'} spill isolation")
        if large and protect > isolate:
            basis.append("guide large-spill downwind evacuation")
    if large:
        # ERG's small-spill row (Table 1, average weather) can exceed a Table 3 large-spill row in high
        # wind; a large release never gets a smaller zone than a small one of the same chemical.
        small = erg_zone(chem, "small", None, night, wind_speed_ms, wind_from, origin, "leak")
        if small.isolate_m > isolate or small.protect_m > protect:
            basis.append("raised to the small-spill distances")
        isolate, protect = max(isolate, small.isolate_m), max(protect, small.protect_m)
    if release_kind in ("fire", "explosion"):
        fire_iso = (erg.fire_isolate_m if erg and erg.fire_isolate_m else None) or _DEFAULT_FIRE_ISOLATE_M
        if large:
            isolate = max(isolate, fire_iso)
            basis.append("tank-in-fire isolation")
    protect = max(protect, isolate)
    wind_deg = (wind_bearing(wind_from) - frame_north_deg) % 360.0
    return HazardZone(
        (float(origin[0]), float(origin[1])),
        float(isolate),
        float(protect),
        PROTECTIVE_HALF_ANGLE_DEG,
        wind_deg,
        "; ".join(basis),
    )


# --------------------------------------------------------------------------- Gaussian plume
_DAY_TABLE = (  # Pasquill-Gifford (Turner 1970): wind < 2, 2-3, 3-5, 5-6, > 6 m/s; strong/moderate/slight sun
    ("A", "AB", "B"),
    ("AB", "B", "C"),
    ("B", "BC", "C"),
    ("C", "CD", "D"),
    ("C", "D", "D"),
)
_NIGHT_TABLE = (  # thin overcast or >= 4/8 low cloud; <= 3/8 cloud ("clear")
    ("F", "F"),
    ("E", "F"),
    ("D", "E"),
    ("D", "D"),
    ("D", "D"),
)


def stability_class(wind_speed_ms: float, night: bool, insolation: str = "moderate") -> str:
    """Pasquill-Gifford stability class A-F from the 10 m wind speed and day/night.

    ``insolation`` is ``strong``/``moderate``/``slight`` by day and ``cloudy``/``clear`` by night (a day
    value given at night means ``clear``). Where Turner's table gives two classes (A-B) the more stable
    one is used, which gives the longer hazard distance for a ground-level release; calm nights are F.

    >>> stability_class(1.5, night=True), stability_class(4.0, night=False), stability_class(7, False, "strong")
    ('F', 'C', 'C')
    """
    u = max(0.0, wind_speed_ms)
    row = 0 if u < 2 else 1 if u < 3 else 2 if u < 5 else 3 if u < 6 else 4
    if night:
        cell = _NIGHT_TABLE[row][0 if insolation == "cloudy" else 1]
    else:
        col = {"strong": 0, "moderate": 1, "slight": 2}.get(insolation, 1)
        cell = _DAY_TABLE[row][col]
    return cell[-1]


# Briggs (1973) open-country sigma_y / sigma_z, x in metres (valid about 100 m - 10 km).
def briggs_rural_sigmas(x_m: float, stability: str) -> tuple[float, float]:
    """Briggs open-country dispersion coefficients (σy, σz) in metres at downwind distance ``x_m``.

    >>> sy, sz = briggs_rural_sigmas(1000.0, "D"); round(sy, 1), round(sz, 1)
    (76.3, 37.9)
    """
    x = x_m
    s = stability.upper()
    if s == "A":
        return 0.22 * x / math.sqrt(1 + 0.0001 * x), 0.20 * x
    if s == "B":
        return 0.16 * x / math.sqrt(1 + 0.0001 * x), 0.12 * x
    if s == "C":
        return 0.11 * x / math.sqrt(1 + 0.0001 * x), 0.08 * x / math.sqrt(1 + 0.0002 * x)
    if s == "D":
        return 0.08 * x / math.sqrt(1 + 0.0001 * x), 0.06 * x / math.sqrt(1 + 0.0015 * x)
    if s == "E":
        return 0.06 * x / math.sqrt(1 + 0.0001 * x), 0.03 * x / (1 + 0.0003 * x)
    if s == "F":
        return 0.04 * x / math.sqrt(1 + 0.0001 * x), 0.016 * x / (1 + 0.0003 * x)
    raise ValueError(f"unknown stability class {stability!r}")


def gaussian_ground_centreline(
    rate: float, wind_speed_ms: float, sigma_y_m: float, sigma_z_m: float, release_height_m: float = 0.0
) -> float:
    """Ground-level centreline concentration of a continuous point source with full ground reflection.

    C(x, 0, 0; H) = Q / (π σy σz u) · exp(-H² / 2σz²), in the units of ``rate`` per m³ (g/s → g/m³).

    >>> f"{gaussian_ground_centreline(0.37, 2.0, 49.0, 28.2, 40.0):.3g}"   # Boubel et al. 1994, §19.III.D
    '1.56e-05'
    """
    return (
        rate
        / (math.pi * sigma_y_m * sigma_z_m * wind_speed_ms)
        * math.exp(-(release_height_m**2) / (2.0 * sigma_z_m**2))
    )


def ground_centreline_mg_m3(
    release_rate_kg_s: float, wind_speed_ms: float, stability: str, x_m: float
) -> float:
    """Ground-level centreline concentration (mg/m³) at ``x_m`` downwind of a continuous ground release.

    C = Q / (π σy σz u) with Briggs rural σ (release height 0). Wind below 1 m/s is taken as 1 m/s.
    """
    sy, sz = briggs_rural_sigmas(x_m, stability)
    return gaussian_ground_centreline(release_rate_kg_s * 1e6, max(wind_speed_ms, 1.0), sy, sz)


def ppm_to_mg_m3(ppm: float, molecular_weight_g_mol: float) -> float:
    """Convert a gas concentration from ppm (v/v) to mg/m³ at 25 °C, 1 atm.

    >>> round(ppm_to_mg_m3(10, 70.9), 2)   # chlorine IDLH
    29.0
    """
    return ppm * molecular_weight_g_mol / MOLAR_VOLUME_L


def _number(v: object) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    try:
        return float(str(v).split()[0])
    except (ValueError, IndexError):
        return None


def idlh_mg_m3(chem: Chemical) -> float | None:
    """The chemical's IDLH in mg/m³ (from ``idlh_mg_m3`` or ``idlh_ppm`` and the molecular weight)."""
    if chem.idlh_mg_m3 is not None:
        v = _number(chem.idlh_mg_m3.value)
        if v is not None and v > 0:
            return v
    if chem.idlh_ppm is not None and chem.molecular_weight_g_mol:
        v = _number(chem.idlh_ppm.value)
        if v is not None and v > 0:
            return ppm_to_mg_m3(v, chem.molecular_weight_g_mol)
    return None


PLUME_MAX_M = 100_000.0


def plume_idlh_distance_m(
    chem: Chemical, release_rate_kg_s: float, wind_speed_ms: float, stability: str
) -> float | None:
    """Downwind distance (m) at which the ground-level centreline concentration falls to the IDLH.

    None when the chemical has no IDLH or the release rate is not positive; capped at 100 km. A neutral
    (passive) Gaussian plume: it ignores dense-gas slumping, so for chlorine, ammonia flashing jets and
    other heavy gases it is a screening figure, shown beside the ERG distance, not instead of it.
    """
    target = idlh_mg_m3(chem)
    if target is None or release_rate_kg_s <= 0:
        return None
    lo, hi = 1.0, PLUME_MAX_M

    def conc(x: float) -> float:
        return ground_centreline_mg_m3(release_rate_kg_s, wind_speed_ms, stability, x)

    if conc(lo) <= target:
        return lo
    if conc(hi) > target:
        return hi
    for _ in range(100):  # bisection in log space; C(x) decreases monotonically for every class
        mid = math.sqrt(lo * hi)
        if conc(mid) > target:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1.0 + 1e-9:
            break
    return math.sqrt(lo * hi)


# --------------------------------------------------------------------------- fire and explosion
FIREBALL_RADIATIVE_FRACTION = 0.3
POOL_RADIATIVE_FRACTION = 0.35
AMBIENT_WATER_PA = 1637.0  # water vapour partial pressure at 20 °C and 70 % relative humidity


def fire_properties(chem_id: str) -> dict[str, float] | None:
    """Pool-fire / fireball properties of a chemical from the package table, or None."""
    row = _data()["fire_properties"]["chemicals"].get(chem_id)
    return None if row is None else {k: float(v) for k, v in row.items() if k != "note"}


def transmissivity(path_m: float, water_pa: float = AMBIENT_WATER_PA) -> float:
    """Atmospheric transmissivity τ = 2.02 (Pw·x)^-0.09 (CCPS 1999, after Pietersen & Huerta), ≤ 1.

    >>> round(transmissivity(100.0), 3)
    0.686
    """
    return min(1.0, 2.02 * (water_pa * max(path_m, 1.0)) ** -0.09)


def fireball(mass_kg: float) -> tuple[float, float, float]:
    """CCPS (1994) BLEVE fireball diameter (m), duration (s) and centre height (m) for ``mass_kg`` fuel.

    >>> [round(v, 1) for v in fireball(10_000)]
    [125.0, 9.7, 93.7]
    """
    m13 = mass_kg ** (1.0 / 3.0)
    d = 5.8 * m13
    t = 0.45 * m13 if mass_kg < 30_000 else 2.6 * mass_kg ** (1.0 / 6.0)
    return d, t, 0.75 * d


def _solve_fireball_distance(q_kw_m2: float, power_w: float) -> float:
    """Slant distance X (m) from the fireball centre where τ(X)·P/(4πX²) = q, by fixed-point iteration."""
    x = math.sqrt(power_w / (4 * math.pi * q_kw_m2 * 1000.0))
    for _ in range(50):
        nxt = math.sqrt(transmissivity(x) * power_w / (4 * math.pi * q_kw_m2 * 1000.0))
        if abs(nxt - x) < 1e-6:
            break
        x = nxt
    return x


def _key(q: float) -> str:
    return "r_" + f"{q:g}".replace(".", "_") + "_kw_m2"


def fire_distances_m(
    chem: Chemical, quantity_t: float, kind: str, pool_diameter_m: float | None = None
) -> dict[str, float]:
    """Ground distances (m) to 37.5, 12.5 and 4 kW/m² for a BLEVE fireball or a pool (tank) fire.

    ``kind`` is ``"bleve"`` (whole ``quantity_t`` in a CCPS fireball, point-source radiation with
    transmissivity, distance measured on the ground from below the fireball centre) or ``"pool_fire"``
    (Babrauskas burning rate, Heskestad flame height, point-source radiation from mid-flame, distance from
    the pool centre, never less than the pool radius). The pool diameter defaults to that of a vertical
    tank with height = diameter holding ``quantity_t``. Returns {} for a non-flammable chemical or one the
    package table does not cover. Keys: ``r_37_5_kw_m2``, ``r_12_5_kw_m2``, ``r_4_kw_m2`` and the fire's
    size (``fireball_diameter_m``, ``fireball_duration_s`` or ``pool_diameter_m``, ``flame_height_m``).
    """
    props = fire_properties(chem.id)
    if props is None or not chem.is_("flammable") or quantity_t <= 0:
        return {}
    dhc = props["dhc_mj_kg"] * 1e6
    out: dict[str, float] = {}
    if kind == "bleve":
        mass = quantity_t * 1000.0
        d, t, h = fireball(mass)
        power = FIREBALL_RADIATIVE_FRACTION * mass * dhc / t  # radiated W
        out["fireball_diameter_m"] = d
        out["fireball_duration_s"] = t
        for q in RADIATION_THRESHOLDS_KW_M2:
            x = _solve_fireball_distance(q, power)
            out[_key(q)] = math.sqrt(max(x * x - h * h, 0.0))
        return out
    if kind == "pool_fire":
        if pool_diameter_m is None:
            volume = quantity_t * 1000.0 / props["density_kg_m3"]
            pool_diameter_m = (4.0 * volume / math.pi) ** (1.0 / 3.0)
        dia = float(pool_diameter_m)
        area = math.pi * dia * dia / 4.0
        burn = props["burning_rate_kg_m2s"] * (1.0 - math.exp(-props["k_beta_per_m"] * dia))
        q_kw = burn * props["dhc_mj_kg"] * 1000.0 * area
        flame_h = max(0.235 * q_kw**0.4 - 1.02 * dia, 0.0)
        out["pool_diameter_m"] = dia
        out["flame_height_m"] = flame_h
        for q in RADIATION_THRESHOLDS_KW_M2:
            r2 = POOL_RADIATIVE_FRACTION * q_kw / (4 * math.pi * q) - (flame_h / 2.0) ** 2
            out[_key(q)] = max(math.sqrt(max(r2, 0.0)), dia / 2.0)
        return out
    raise ValueError(f"fire kind must be 'bleve' or 'pool_fire', not {kind!r}")
