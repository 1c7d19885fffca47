"""Emergency shut-down: the remote ESD, its failure on demand, and the manual close in gas-tight suits.

A remote ESD fails with a small base probability, or when an ``esd_fails`` inject is armed; without
power it cannot be worked from the control room. A manual close needs two gas-tight suits and two
people of the acting role. Closing the valve stops the release only when the leak lies downstream of
it (drawn per incident); the isolated section then empties for a few minutes.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from drillsim.engine import params, site

if TYPE_CHECKING:
    from drillsim.engine.acts import Act
    from drillsim.engine.incident import Incident
    from drillsim.model import SiteNode


def esd_points(inc: Incident) -> tuple[SiteNode, ...]:
    """ESD points of the site that control the incident's unit."""
    return tuple(n for n in inc.box.site.of_type("esd_point") if inc.unit.id in n.controls)


def activate(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    """``activate_esd``: remote from the control room, or walk to a local ESD point."""
    points = esd_points(inc)
    if not points:
        act.gap(f"no ESD point controls unit '{inc.unit.id}'")
        return
    ok = yield from act.start()
    if not ok or inc.reached("esd_done"):
        return
    remote = any(p.remote for p in points) and not inc.power_out
    point = next((p for p in points if p.remote), points[0]) if remote else points[0]
    if not remote:
        if inc.tox_zone.contains(point.x_m, point.y_m) and inc.leak_active:
            act.gap(
                f"ESD point '{point.id}' is local and inside the zone: it needs a manual close in gas-tight suits"
            )
            inc.reach("esd_manual_needed")
            return
        yield from act.work(params.ACTION_DURATION["manual_esd"])
        if inc.reached("esd_done"):
            return
    forced = inc.world.injects.esd_attempt(inc) if inc.world.injects is not None else False
    if forced or inc.esd_base_fails:
        inc.esd_failed = True
        inc.esd_base_fails = False  # a second attempt (manual) is a fresh demand
        inc.emit(
            "esd_failed",
            act.actor,
            **act.fields(point=point.id, remote=remote, cause="inject" if forced else "failure on demand"),
        )
        inc.reach("esd_failed")
        inc.reach("esd_manual_needed")
        return
    yield from _closed(inc, act, point.id, "remote" if remote else "local")


def manual(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    """``manual_esd``: two people in gas-tight suits walk in and close the valve by hand."""
    points = esd_points(inc)
    if not points:
        act.gap(f"no ESD point controls unit '{inc.unit.id}'")
        return
    suits = inc.box.resources.gas_tight_suits
    if act.external:
        suits = max(suits, 2)  # the hazmat team brings its own suits
    elif suits < 2:
        act.gap(f"a manual close needs 2 gas-tight suits; the box lists {suits}")
        return
    elif inc.role_counts.get(act.actor, 0) < 2 and inc.role_counts.get("process_team", 0) < 2:
        act.gap(
            f"a manual close needs two people in suits; '{act.actor}' has {inc.role_counts.get(act.actor, 0)} on shift"
        )
        return
    if not inc.reached("esd_manual_needed") and not inc.reached("esd_done"):
        yield inc.flag("esd_manual_needed") | inc.flag("esd_done")
    if inc.reached("esd_done") or not inc.leak_active:
        return
    ok = yield from act.start()
    if not ok or inc.reached("esd_done"):
        return
    yield from act.work(params.ACTION_DURATION["manual_esd"])
    if inc.reached("esd_done") or not inc.leak_active:
        return
    yield from _closed(inc, act, points[0].id, "manual")


def _closed(inc: Incident, act: Act, point: str, how: str) -> Generator[Any, Any, None]:
    inc.emit("esd_activated", act.actor, **act.fields(point=point, how=how))
    inc.reach("esd_done")
    if not inc.leak_active:
        return  # a fire without a leak: the closed valve isolates the feed, nothing more to stop
    if not inc.esd_effective:
        inc.emit(
            "milestone",
            act.actor,
            what="esd_ineffective",
            reason="the leak is upstream of the closed valve; it must be sealed",
        )
        return
    yield inc.world.env.timeout(inc.world.delay(f"residual/{inc.index}", params.RESIDUAL_AFTER_ESD))
    site.stop_release(inc, act.actor, f"ESD closed ({how})")
