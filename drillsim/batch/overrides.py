"""What-if overrides: ``--set hospital.h_xinyi.poison_beds=20``, ``--without station.s_tq2`` on a Content copy.

An override never touches a file: :func:`apply_overrides` returns a new :class:`~drillsim.model.Content`
built with :func:`dataclasses.replace` on the frozen records, so the drill engine runs a variant city
exactly as it runs the loaded one. Paths and values are checked against the content and every mistake
is a :class:`~drillsim.errors.UsageError` that says what was expected.

Paths (``ID`` is the record's id in kb/city/ or kb/enterprises/):

- ``hospital.ID.FIELD`` (``poison_beds``, ``icu_beds``, ``baseline_occupancy_pct``, ``ambulances``,
  ``decon``, ``hyperbaric``, ``poison_center``, ``node``...), ``hospital.ID.antidote_stock.ANTIDOTE``
  or the short ``hospital.ID.ANTIDOTE``;
- ``station.ID.FIELD`` (``engines``, ``hazmat_units``, ``crew``, ``scba_sets``, ``turnout_min``,
  ``capabilities``, ``node``...), ``team.ID.FIELD`` (specialist hazmat teams), ``ems.ID.FIELD``;
- ``district.ID.hazmat_target_min``;
- ``weather.wind_dir=NE`` (or ``NE,E``: equally likely), ``weather.wind_speed_ms=3`` (or ``2-5``);
- ``scenario.shift=night``, ``scenario.release_kind=fire``, ``scenario.size=large``,
  ``scenario.duration_min=240`` (every scenario: only the one a batch runs matters);
- ``enterprise.ID.FIELD`` for the box's on-site resources (``scba_sets``, ``gas_tight_suits``...).

``FIELD+=a,b`` appends to a list field (``station.s_xinyi_cz.capabilities+=cyanide_treatment``).
``--without`` takes ``hospital.ID``, ``station.ID``, ``team.ID`` or ``ems.ID`` and removes the record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from drillsim.errors import UsageError
from drillsim.model import (
    RELEASE_KINDS,
    SHIFTS,
    SPILL_SIZES,
    STATION_KINDS,
    WIND_DIRS,
    Content,
    Scenario,
    frozen_map,
)

# city record kind in an override path -> attribute of City holding the tuple
CITY_KINDS = {
    "hospital": "hospitals",
    "station": "fire_stations",
    "team": "hazmat_teams",
    "ems": "ems_centres",
}
_FIXED = frozenset({"id", "fictional", "name_zh", "name_en", "line", "path"})


@dataclass(frozen=True, slots=True)
class Override:
    """One what-if change: ``set`` (``FIELD=VALUE``), ``add`` (``FIELD+=A,B``) or ``without`` a record."""

    op: str
    path: tuple[str, ...]
    value: str | None = None

    def __str__(self) -> str:
        joined = ".".join(self.path)
        if self.op == "without":
            return f"without {joined}"
        return f"{joined}{'+=' if self.op == 'add' else '='}{self.value}"


def parse_set(text: str) -> Override:
    """Parse one ``--set PATH=VALUE`` (or ``PATH+=VALUE``).

    >>> parse_set("hospital.h_xinyi.poison_beds=20")
    Override(op='set', path=('hospital', 'h_xinyi', 'poison_beds'), value='20')
    >>> str(parse_set("station.s1.capabilities+=hf_treatment"))
    'station.s1.capabilities+=hf_treatment'
    """
    if "=" not in text:
        raise UsageError(f"--set {text!r}: expected PATH=VALUE, e.g. hospital.h_xinyi.poison_beds=20")
    left, value = text.split("=", 1)
    op = "set"
    if left.endswith("+"):
        op, left = "add", left[:-1]
    path = tuple(p.strip() for p in left.strip().split("."))
    if len(path) < 2 or not all(path) or not value.strip():
        raise UsageError(f"--set {text!r}: expected PATH=VALUE, e.g. station.s_tq2.hazmat_units=3")
    return Override(op, path, value.strip())


def parse_without(text: str) -> Override:
    """Parse one ``--without KIND.ID``.

    >>> parse_without("station.s_tq2")
    Override(op='without', path=('station', 's_tq2'), value=None)
    """
    path = tuple(p.strip() for p in text.strip().split("."))
    if len(path) != 2 or not all(path) or path[0] not in CITY_KINDS:
        raise UsageError(f"--without {text!r}: expected KIND.ID with KIND one of {', '.join(CITY_KINDS)}")
    return Override("without", path)


def parse_all(sets: Iterable[str] = (), withouts: Iterable[str] = ()) -> tuple[Override, ...]:
    """Parse ``--set`` and ``--without`` options in the order given (sets first)."""
    return tuple(parse_set(s) for s in sets) + tuple(parse_without(w) for w in withouts)


def label(overrides: Sequence[Override]) -> str:
    """A short stable text naming a variant: ``'hospital.h1.poison_beds=20; without station.s2'``."""
    return "; ".join(str(o) for o in overrides)


# --------------------------------------------------------------------------- values
def _known(ids: Iterable[str]) -> str:
    ids = sorted(ids)
    return ", ".join(ids[:12]) + (f" ... ({len(ids)} in all)" if len(ids) > 12 else "")


def _int(o: Override, text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise UsageError(f"{o}: {'.'.join(o.path)} must be a whole number, not {text!r}") from None
    if v < 0:
        raise UsageError(f"{o}: {'.'.join(o.path)} must be >= 0")
    return v


def _float(o: Override, text: str, hi: float | None = None) -> float:
    try:
        v = float(text)
    except ValueError:
        raise UsageError(f"{o}: {'.'.join(o.path)} must be a number, not {text!r}") from None
    if v < 0 or v != v or (hi is not None and v > hi):
        bound = f"between 0 and {hi:g}" if hi is not None else ">= 0"
        raise UsageError(f"{o}: {'.'.join(o.path)} must be {bound}")
    return v


def _bool(o: Override, text: str) -> bool:
    t = text.lower()
    if t in ("true", "yes", "1", "on"):
        return True
    if t in ("false", "no", "0", "off"):
        return False
    raise UsageError(f"{o}: {'.'.join(o.path)} must be true or false, not {text!r}")


def _choice(o: Override, text: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if text not in allowed:
        raise UsageError(f"{o}: {text!r} is not one of {', '.join(allowed)}")
    return text


def _coerce(o: Override, content: Content, record: Any, name: str, text: str) -> Any:
    """The new value of ``record.name`` from ``text``, typed like the current value and validated."""
    from drillsim.loading.city import CAPABILITIES

    current = getattr(record, name)
    if name == "node":
        nodes = {n.id for n in content.city.road_nodes}
        if text not in nodes:
            raise UsageError(f"{o}: no road node {text!r} in kb/city/roads.yaml")
        return text
    if name == "district":
        return _choice(o, text, (d.id for d in content.city.districts))
    if name == "kind" and hasattr(record, "hazmat_units"):
        return _choice(o, text, STATION_KINDS)
    if isinstance(current, bool):
        return _bool(o, text)
    if name.endswith("_pct"):
        return _float(o, text, 100.0)
    if isinstance(current, int):
        return _int(o, text)
    if isinstance(current, float):
        return _float(o, text, 100.0 if name.endswith("_pct") else None)
    if isinstance(current, tuple):
        items = tuple(dict.fromkeys(x.strip() for x in text.split(",") if x.strip()))
        if name == "capabilities":
            bad = [c for c in items if c not in CAPABILITIES]
            if bad:
                raise UsageError(
                    f"{o}: unknown capability {bad[0]!r} (expected one of: {', '.join(CAPABILITIES)})"
                )
        return tuple(dict.fromkeys(current + items)) if o.op == "add" else items
    if isinstance(current, str):
        return text
    raise UsageError(f"{o}: {'.'.join(o.path)} cannot be set from the command line")


def _field_names(record: Any) -> list[str]:
    return [f.name for f in fields(record) if f.name not in _FIXED]


def _set_field(o: Override, content: Content, record: Any, name: str) -> Any:
    names = _field_names(record)
    if name not in names:
        extra = " or an antidote id" if o.path[0] == "hospital" else ""
        raise UsageError(f"{o}: {o.path[0]} has no field {name!r} (fields: {', '.join(names)}{extra})")
    if o.op == "add" and not isinstance(getattr(record, name), tuple):
        raise UsageError(f"{o}: '+=' only works on list fields such as capabilities")
    return replace(record, **{name: _coerce(o, content, record, name, o.value or "")})


# --------------------------------------------------------------------------- applying
def _apply_city_record(content: Content, o: Override) -> Content:
    kind, rid = o.path[0], o.path[1]
    attr = CITY_KINDS[kind]
    records = getattr(content.city, attr)
    idx = next((i for i, r in enumerate(records) if r.id == rid), None)
    if idx is None:
        raise UsageError(f"{o}: unknown {kind} {rid!r} (known: {_known(r.id for r in records)})")
    if o.op == "without":
        new = records[:idx] + records[idx + 1 :]
    else:
        rec = records[idx]
        rest = o.path[2:]
        if not rest:
            raise UsageError(f"{o}: expected {kind}.{rid}.FIELD=VALUE")
        if kind == "hospital" and (
            rest[0] == "antidote_stock" or (len(rest) == 1 and content.city.antidote(rest[0]))
        ):
            antidote = rest[-1] if rest[0] != "antidote_stock" or len(rest) == 2 else ""
            if content.city.antidote(antidote) is None:
                known = _known(a.id for a in content.city.antidotes)
                raise UsageError(f"{o}: unknown antidote {antidote!r} (known: {known})")
            if o.op == "add":
                raise UsageError(f"{o}: '+=' does not apply to an antidote stock; give the number of doses")
            stock = dict(rec.antidote_stock)
            stock[antidote] = _int(o, o.value or "")
            rec = replace(rec, antidote_stock=frozen_map(stock))
        elif len(rest) == 1:
            rec = _set_field(o, content, rec, rest[0])
        else:
            raise UsageError(f"{o}: expected {kind}.{rid}.FIELD=VALUE")
        new = records[:idx] + (rec,) + records[idx + 1 :]
    return replace(content, city=replace(content.city, **{attr: new}))


def _apply_district(content: Content, o: Override) -> Content:
    if len(o.path) != 3:
        raise UsageError(f"{o}: expected district.ID.hazmat_target_min=MINUTES")
    districts = content.city.districts
    idx = next((i for i, d in enumerate(districts) if d.id == o.path[1]), None)
    if idx is None:
        raise UsageError(f"{o}: unknown district {o.path[1]!r} (known: {_known(d.id for d in districts)})")
    rec = _set_field(o, content, districts[idx], o.path[2])
    return replace(
        content, city=replace(content.city, districts=districts[:idx] + (rec,) + districts[idx + 1 :])
    )


def _weights(o: Override, text: str, allowed: Sequence[str]) -> Mapping[str, float]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    for k in keys:
        _choice(o, k, allowed)
    return frozen_map({k: 1.0 for k in dict.fromkeys(keys)})


def _scenario_change(o: Override) -> Callable[[Scenario], Scenario]:
    """The validated change one ``weather.*`` / ``scenario.*`` override makes to every scenario."""
    what = o.path[0]
    name = o.path[1] if len(o.path) == 2 else ""
    text = o.value or ""
    if what == "weather" and name == "wind_dir":
        dirs = _weights(o, text, WIND_DIRS)
        return lambda sc: replace(sc, weather=replace(sc.weather, wind_dir=dirs))
    if what == "weather" and name == "wind_speed_ms":
        lo_t, _, hi_t = text.partition("-")
        lo = _float(o, lo_t)
        hi = _float(o, hi_t) if hi_t else lo
        if hi < lo:
            raise UsageError(f"{o}: give the wind speed as LOW-HIGH with LOW <= HIGH")
        return lambda sc: replace(sc, weather=replace(sc.weather, wind_speed_ms=(lo, hi)))
    if what == "scenario" and name == "shift":
        shifts = _weights(o, text, SHIFTS)
        return lambda sc: replace(sc, shift=shifts)
    if what == "scenario" and name in ("release_kind", "size"):
        w = _weights(o, text, RELEASE_KINDS if name == "release_kind" else SPILL_SIZES)
        if name == "release_kind":
            return lambda sc: replace(sc, incidents=tuple(replace(g, release_kind=w) for g in sc.incidents))
        return lambda sc: replace(sc, incidents=tuple(replace(g, size=w) for g in sc.incidents))
    if what == "scenario" and name == "duration_min":
        minutes = _float(o, text)
        return lambda sc: replace(sc, duration_min=minutes)
    paths = (
        "weather.wind_dir, weather.wind_speed_ms"
        if what == "weather"
        else "scenario.shift, scenario.release_kind, scenario.size, scenario.duration_min"
    )
    raise UsageError(f"{o}: unknown {what} setting (expected one of: {paths})")


def _apply_scenarios(content: Content, o: Override) -> Content:
    change = _scenario_change(o)
    return replace(content, scenarios=frozen_map({sid: change(sc) for sid, sc in content.scenarios.items()}))


def _apply_enterprise(content: Content, o: Override) -> Content:
    rest = o.path[2:]
    if rest[:1] == ("resources",):
        rest = rest[1:]
    box = content.enterprises.get(o.path[1])
    if box is None:
        raise UsageError(f"{o}: unknown enterprise {o.path[1]!r} (known: {_known(content.enterprises)})")
    if len(rest) != 1:
        raise UsageError(f"{o}: expected enterprise.ID.FIELD=VALUE with FIELD an on-site resource")
    res = _set_field(o, content, box.resources, rest[0])
    boxes = dict(content.enterprises)
    boxes[box.id] = replace(box, resources=res)
    return replace(content, enterprises=frozen_map(boxes))


def apply_overrides(content: Content, overrides: Sequence[Override]) -> Content:
    """A copy of ``content`` with every override applied in order (``content`` itself is untouched).

    The copy's ``digest`` is the original's plus a hash of the overrides, so batch records of a variant
    never pass for the loaded content's.
    """
    if not overrides:
        return content
    out = content
    for o in overrides:
        kind = o.path[0]
        if kind in CITY_KINDS:
            out = _apply_city_record(out, o)
        elif kind == "district":
            out = _apply_district(out, o)
        elif kind in ("weather", "scenario"):
            out = _apply_scenarios(out, o)
        elif kind == "enterprise":
            if len(o.path) < 3:
                raise UsageError(f"{o}: expected enterprise.ID.FIELD=VALUE")
            out = _apply_enterprise(out, o)
        else:
            kinds = ", ".join((*CITY_KINDS, "district", "weather", "scenario", "enterprise"))
            raise UsageError(f"{o}: unknown kind {kind!r} (expected one of: {kinds})")
    tag = hashlib.sha256(label(overrides).encode()).hexdigest()[:8]
    return replace(out, digest=f"{content.digest}+{tag}")
