"""Reading a timeline file (simulated or logged live) and refusing anything that is not one."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drillsim.errors import InputError
from drillsim.kpis import compute_kpis
from drillsim.model import EVENT_KINDS, KPI_NAMES, frozen_map

MAX_TIMELINE_BYTES = 20 * 1024 * 1024
EXTRA_EVENT_KINDS = ("note", "milestone", "plan_gap", "warning", "player_action")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    t: float
    kind: str
    actor: str
    detail: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "t": self.t,
            "kind": self.kind,
            "actor": self.actor,
            "detail": self.detail,
            **dict(self.fields),
        }


@dataclass(frozen=True, slots=True)
class TimelineDoc:
    """A timeline to grade: who, what, which seed, the events, and the KPIs (computed when absent)."""

    scenario: str
    enterprise: str
    seed: int | None
    events: tuple[TimelineEvent, ...]
    kpis: Mapping[str, float | int | None]
    origin: str  # "simulated" | "live"
    actions: tuple[Mapping[str, Any], ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def first(self, kind: str) -> float | None:
        return next((e.t for e in self.events if e.kind == kind), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "enterprise": self.enterprise,
            "seed": self.seed,
            "origin": self.origin,
            "events": [e.as_dict() for e in self.events],
            "kpis": dict(self.kpis),
            "actions": [dict(a) for a in self.actions],
            **({"meta": dict(self.meta)} if self.meta else {}),
        }


def _fail(where: str, message: str) -> InputError:
    return InputError(f"{where}: not a drill timeline: {message}")


def parse_timeline(obj: Any, where: str = "timeline") -> TimelineDoc:
    """Validate a decoded timeline object; raise InputError saying exactly what is wrong."""
    if not isinstance(obj, dict):
        raise _fail(where, f"expected a JSON object with 'events', found {type(obj).__name__}")
    events_raw = obj.get("events")
    if not isinstance(events_raw, list):
        raise _fail(
            where,
            'missing \'events\' list (expected {"scenario", "enterprise", "seed", "events": [...], "kpis": {...}})',
        )
    if not events_raw:
        raise _fail(where, "'events' is empty (expected at least the release)")
    known = set(EVENT_KINDS) | set(EXTRA_EVENT_KINDS)
    events: list[TimelineEvent] = []
    last_t = -math.inf
    for i, ev in enumerate(events_raw):
        at = f"event {i + 1}"
        if not isinstance(ev, dict):
            raise _fail(where, f"{at} is {type(ev).__name__}, expected an object with t and kind")
        t = ev.get("t")
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
            raise _fail(where, f"{at}: 't' should be minutes since the release (a number), found {t!r}")
        if t < 0:
            raise _fail(where, f"{at}: 't' is {t}, before the release at t = 0")
        if t < last_t - 1e-9:
            raise _fail(where, f"{at}: times out of order ({t} after {last_t}); events must be sorted by t")
        last_t = float(t)
        kind = ev.get("kind")
        if kind not in known:
            raise _fail(
                where,
                f"{at}: unknown kind {kind!r} (expected one of the DESIGN.md event kinds, e.g. release, detected, alarm_internal)",
            )
        extra = {k: v for k, v in ev.items() if k not in ("t", "kind", "actor", "detail")}
        events.append(
            TimelineEvent(
                float(t),
                str(kind),
                str(ev.get("actor") or ""),
                str(ev.get("detail") or ""),
                frozen_map(extra),
            )
        )
    kpis_raw = obj.get("kpis")
    computed = compute_kpis(events)
    kpis: dict[str, float | int | None] = dict(computed)
    if kpis_raw is not None:
        if not isinstance(kpis_raw, dict):
            raise _fail(where, f"'kpis' should be an object, found {type(kpis_raw).__name__}")
        for name, value in kpis_raw.items():
            if name not in KPI_NAMES:
                continue  # extra KPIs are kept by the producer; grading reads only the contract's
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise _fail(where, f"KPI {name!r} should be a number or null, found {value!r}")
            kpis[name] = value
    seed = obj.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise _fail(where, f"'seed' should be an integer or null, found {seed!r}")
    actions = obj.get("actions") or []
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise _fail(where, "'actions' should be a list of objects")
    origin = str(obj.get("origin") or ("live" if seed is None else "simulated"))
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    return TimelineDoc(
        scenario=str(obj.get("scenario") or ""),
        enterprise=str(obj.get("enterprise") or ""),
        seed=seed,
        events=tuple(events),
        kpis=frozen_map(kpis),
        origin=origin,
        actions=tuple(frozen_map(a) for a in actions),
        meta=frozen_map(meta),
    )


def load_timeline_file(path: str | Path) -> TimelineDoc:
    """Read and validate a timeline JSON file; InputError (exit 1) on anything wrong."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"{p}: cannot read timeline: {exc.strerror}") from None
    if size > MAX_TIMELINE_BYTES:
        raise InputError(f"{p}: timeline is {size:,} bytes, over the {MAX_TIMELINE_BYTES:,}-byte cap")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not a drill timeline: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read timeline: {exc.strerror}") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}:{exc.lineno}: not a drill timeline: invalid JSON ({exc.msg})") from None
    return parse_timeline(obj, str(p))
