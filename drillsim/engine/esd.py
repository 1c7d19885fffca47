"""Emergency shut-down: the remote ESD, its failure on demand, and the manual close in protective gear.

A remote ESD fails with a small base probability, or when an ``esd_fails`` inject is armed; without
power it cannot be worked from the control room. A manual close needs two people of the acting role in
the protective equipment the chemical calls for (``ppe.py``: gas-tight suits for toxic or corrosive
chemicals, SCBA and structural gear otherwise). The control-room operator is free again once the valve
is commanded. Closing the valve stops the release only when the leak lies downstream of
it (drawn per incident); the isolated section then empties for a few minutes.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from drillsim.engine import params, ppe, site
from drillsim.engine.acts import OTHER_PRIORITY

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
    if inc.power_out or not any(p.remote for p in points):
        act.priority = OTHER_PRIORITY  # a walk to a local point, not a button press
    ok = yield from act.start()
    if not ok or inc.reached("esd_done"):
        return
    remote = any(p.remote for p in points) and not inc.power_out
    point = next((p for p in points if p.remote), points[0]) if remote else points[0]
    if not remote:
        if inc.tox_zone.contains(point.x_m, point.y_m) and inc.leak_active:
            act.gap(
                f"ESD point '{point.id}' is local and inside the zone: it needs a manual close in {ppe.kit_name(inc)}"
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
    """``manual_esd``: two people in the protective gear the chemical needs walk in and close the valve."""
    points = esd_points(inc)
    if not points:
        act.gap(f"no ESD point controls unit '{inc.unit.id}'")
        return
    if not act.external:  # the fire service and the hazmat team bring their own protective equipment
        short = ppe.shortfall(inc, 2)
        if short:
            act.gap(f"a manual close needs {ppe.describe(inc)}; {short}")
            return
        if inc.role_counts.get(act.actor, 0) < 2 and inc.role_counts.get("process_team", 0) < 2:
            act.gap(
                f"a manual close needs two people in {ppe.kit_name(inc)}; '{act.actor}' has {inc.role_counts.get(act.actor, 0)} on shift"
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
    act.finish()  # the valve is commanded: whoever closed it is free for the next task
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
