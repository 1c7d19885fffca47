"""The drill timeline: events, the KPIs computed from them, and the JSON of DESIGN.md.

KPIs come from the events alone through :func:`drillsim.kpis.compute_kpis`, the one definition shared
with grading and live logs; a time KPI whose event never happened is ``None`` (JSON ``null``), never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from drillsim.errors import InputError
from drillsim.kpis import compute_kpis as _shared_kpis
from drillsim.model import EMPTY_MAP, KPI_NAMES

EXERCISE_LABEL = "EXERCISE / 演练"

EXTRA_EVENT_KINDS = ("milestone", "plan_gap", "warning", "player_action")
"""Kinds the engine adds to the DESIGN.md vocabulary (shared with drillsim.grading): ``milestone`` (a task
done, EMS on scene, a casualty deteriorating; its ``what`` field says which), ``plan_gap`` (a plan step
that cannot act: missing actor or resource), ``warning`` and ``player_action``."""

__all__ = ["EXERCISE_LABEL", "EXTRA_EVENT_KINDS", "Event", "Timeline", "compute_kpis"]

_BASE_KEYS = ("t", "kind", "actor", "detail", "detail_zh", "incident")


def compute_kpis(events: Any) -> dict[str, Any]:
    """The KPIs of ``events`` (drillsim.kpis, the shared definition), keyed in DESIGN.md order."""
    k = _shared_kpis(events)
    return {**{name: k.get(name) for name in KPI_NAMES}, **{n: v for n, v in k.items() if n not in KPI_NAMES}}


class Event(tuple):  # type: ignore[type-arg]
    """One timeline event: when (minutes since the first release), what, who, and structured fields.

    An immutable record (built as cheaply as a tuple, for a drill logs hundreds). The texts (``detail``
    English, ``detail_zh`` Chinese) are written when asked for, from the kind, the fields and the
    incident's display names (``describe.py``), so a batch that reads only KPIs never formats a string.
    """

    __slots__ = ()

    def __new__(
        cls,
        t: float,
        kind: str,
        actor: str,
        detail: str | None = None,
        detail_zh: str | None = None,
        incident: int = 0,
        fields: Mapping[str, Any] = EMPTY_MAP,
        names: Mapping[str, tuple[str, str]] | None = None,
    ) -> Event:
        if detail is not None and detail_zh is None:
            detail_zh = ""
        return tuple.__new__(cls, (t, kind, actor, incident, fields, detail, detail_zh, names))

    t = property(itemgetter(0), doc="minutes since the first release")
    kind = property(itemgetter(1))
    actor = property(itemgetter(2))
    incident = property(itemgetter(3))
    fields = property(itemgetter(4))

    def _texts(self) -> tuple[str, str]:
        if self[5] is not None:
            return self[5], self[6]
        from drillsim.engine.describe import describe

        return describe(self[1], self[4], self[7] or {})

    @property
    def detail(self) -> str:
        return self[5] if self[5] is not None else self._texts()[0]

    @property
    def detail_zh(self) -> str:
        return self[6] if self[6] is not None else self._texts()[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self[:4] == other[:4] and dict(self[4]) == dict(other[4]) and self._texts() == other._texts()

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Event(t={self[0]!r}, kind={self[1]!r}, actor={self[2]!r}, incident={self[3]!r}, "
            f"fields={dict(self[4])!r})"
        )

    def get(self, key: str, default: Any = None) -> Any:
        return self[4].get(key, default)

    def text(self, lang: str) -> str:
        """The event's description in ``lang`` (``zh`` or ``en``)."""
        en, zh = self._texts()
        return zh if lang == "zh" and zh else en

    def to_json(self) -> dict[str, Any]:
        en, zh = self._texts()
        out: dict[str, Any] = {
            "t": self[0],
            "kind": self[1],
            "actor": self[2],
            "detail": en,
            "detail_zh": zh,
            "incident": self[3],
        }
        for k, v in self[4].items():
            if k not in out:
                out[k] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Event:
        try:
            t = float(obj["t"])
            kind = str(obj["kind"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"timeline event needs numeric 't' and a 'kind': {dict(obj)!r}") from exc
        fields = {k: v for k, v in obj.items() if k not in _BASE_KEYS}
        return cls(
            t=t,
            kind=kind,
            actor=str(obj.get("actor", "")),
            detail=str(obj.get("detail", "")),
            detail_zh=str(obj.get("detail_zh", "")),
            incident=int(obj.get("incident", 0) or 0),
            fields=MappingProxyType(fields),
        )


@dataclass(frozen=True, slots=True)
class Timeline:
    """A finished (or logged) drill: its events in time order and the KPIs computed from them."""

    scenario: str
    enterprise: str
    seed: int | None
    events: tuple[Event, ...]
    kpis: Mapping[str, float | int | None]
    draw: Mapping[str, Any] = field(default_factory=lambda: EMPTY_MAP)
    actions: tuple[Mapping[str, Any], ...] = ()
    title_zh: str = ""
    title_en: str = ""

    def first(self, kind: str) -> Event | None:
        return next((e for e in self.events if e.kind == kind), None)

    def of_kind(self, *kinds: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind in kinds)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md timeline JSON (plus ``exercise``, ``title``, ``draw`` and the player ``actions``)."""
        return {
            "scenario": self.scenario,
            "enterprise": self.enterprise,
            "seed": self.seed,
            "exercise": EXERCISE_LABEL,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "draw": _plain(self.draw),
            "actions": [dict(a) for a in self.actions],
            "events": [e.to_json() for e in self.events],
            "kpis": dict(self.kpis),
        }

    @classmethod
    def from_json(cls, obj: Any) -> Timeline:
        """Read a timeline (simulated or logged live); KPIs are recomputed from the events."""
        if not isinstance(obj, Mapping) or not isinstance(obj.get("events"), list):
            raise InputError("a timeline is a JSON object with an 'events' list")
        events = tuple(sorted((Event.from_json(e) for e in obj["events"]), key=lambda e: e.t))
        title_obj = obj.get("title")
        title: Mapping[str, Any] = title_obj if isinstance(title_obj, Mapping) else {}
        seed = obj.get("seed")
        return cls(
            scenario=str(obj.get("scenario", "")),
            enterprise=str(obj.get("enterprise", "")),
            seed=int(seed) if isinstance(seed, int) else None,
            events=events,
            kpis=MappingProxyType(compute_kpis(events)),
            draw=MappingProxyType(dict(obj.get("draw") or {})),
            actions=tuple(MappingProxyType(dict(a)) for a in obj.get("actions") or ()),
            title_zh=str(title.get("zh", "")),
            title_en=str(title.get("en", "")),
        )


def _plain(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj
