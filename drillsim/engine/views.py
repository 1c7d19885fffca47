"""Immutable views of a running drill's state, for snapshots (read-only mappings and tuples)."""

from __future__ import annotations

from collections import Counter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drillsim.engine.world import World


def _m(**kw: Any) -> MappingProxyType[str, Any]:
    return MappingProxyType(kw)


def snapshot_parts(w: World) -> dict[str, Any]:
    """The state part of a :class:`~drillsim.engine.run.Snapshot`."""
    incidents = []
    for inc in w.incidents:
        states = Counter(p.state for p in inc.people)
        z = inc.cordon_zone
        tz = inc.tox_zone
        incidents.append(
            _m(
                index=inc.index,
                enterprise=inc.box.id,
                name_zh=inc.box.name_zh,
                name_en=inc.box.name_en,
                chemical=inc.chem.id,
                unit=inc.unit.id,
                node=inc.source.id,
                release_kind=inc.draw.release_kind,
                size=inc.draw.size,
                released=inc.reached("released"),
                leak_active=inc.leak_active,
                fire_active=inc.fire_active,
                closed=inc.reached("closed"),
                wind_from_deg=round(inc.wind_from_deg, 1),
                isolate_m=round(tz.isolate_m, 1),
                protect_m=round(tz.protect_m, 1),
                cordon_m=round(z.extent_m, 1),
                zone_polygon=tuple(tuple(round(c, 1) for c in xy) for xy in tz.polygon(24)),
                people=len(inc.people),
                people_by_state=MappingProxyType(dict(sorted(states.items()))),
                engines_on_scene=inc.engines_on_scene,
                hazmat_on_scene=inc.hazmat_on_scene,
                rescue_pairs=len(inc.pairs.items),
                spare_cylinders=inc.spare_cylinders,
                power_out=inc.power_out,
                esd_done=inc.reached("esd_done"),
            )
        )
    by = Counter(c.status for c in w.casualties)
    colours = Counter(c.colour for c in w.casualties if not c.dead)
    casualties = MappingProxyType(
        {
            "total": len(w.casualties),
            "dead": by.get("dead", 0),
            **{f"status_{k}": v for k, v in sorted(by.items())},
            **{f"alive_{k}": v for k, v in sorted(colours.items())},
        }
    )
    units = tuple(
        _m(
            id=b.id,
            kind=b.kind,
            name_zh=b.name_zh,
            name_en=b.name_en,
            engines_free=b.engines.free,
            engines=b.engines.capacity,
            hazmat_free=b.hazmat.free,
            hazmat=b.hazmat.capacity,
        )
        for b in w.city.unit_bases
    )
    hospitals = tuple(
        _m(
            id=h.id,
            name_zh=h.hospital.name_zh,
            name_en=h.hospital.name_en,
            poison_free=h.poison.free,
            poison=h.poison.capacity,
            poison_queue=h.poison.queued,
            icu_free=h.icu.free,
            icu=h.icu.capacity,
            icu_queue=h.icu.queued,
            antidotes=MappingProxyType(h.levels()),
        )
        for h in w.city.hospitals
    )
    ambulances = tuple(
        _m(id=a.id, free=a.ambulances.free, total=a.ambulances.capacity, queued=a.ambulances.queued)
        for a in w.city.ambulance_bases
    )
    decisions = ()
    if w.injects is not None:
        decisions = tuple(
            _m(
                id=d.id,
                incident=d.incident,
                kind=d.inject.kind,
                title_zh=d.inject.title_zh,
                title_en=d.inject.title_en,
                prompt_zh=d.inject.decision.prompt_zh if d.inject.decision else "",
                prompt_en=d.inject.decision.prompt_en if d.inject.decision else "",
                deadline=round(d.deadline, 3),
                options=tuple(
                    _m(id=o.id, label_zh=o.label_zh, label_en=o.label_en, default=o.default)
                    for o in (d.inject.decision.options if d.inject.decision else ())
                ),
            )
            for d in w.injects.open_decisions()
        )
    return {
        "incidents": tuple(incidents),
        "casualties": casualties,
        "units": units,
        "hospitals": hospitals,
        "ambulances": ambulances,
        "decisions": decisions,
    }
