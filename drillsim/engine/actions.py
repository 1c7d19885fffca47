"""The actions the engine carries out for a plan step, the doctrine or a player (one handler each)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from drillsim.engine import esd, fire, medical, params, rescue, site
from drillsim.engine.acts import Act

if TYPE_CHECKING:
    from drillsim.engine.incident import Incident

REMOTE = frozenset(
    {
        "mobilize_team",
        "request_mutual_aid",
        "report_authority",
        "evacuate",
        "call_119",
        "call_120",
        "report_unit_head",
    }
)
"""Actions an external actor takes from where it is (no need to be on scene)."""


def _start(act: Act, *waits: Any, done: str | None = None) -> Generator[Any, Any, bool]:
    """Start an action; external actors acting remotely do not wait to be on scene; an action already
    ``done`` (by another step) when the actor gets to it is skipped."""
    inc = act.inc
    skip = (lambda: done in inc.done) if done else None
    return act.start(*waits, on_scene=not (act.external and act.action in REMOTE), skip=skip)


def _simple(
    event: str, flag: str, then: Callable[[Incident, Act], None] | None = None
) -> Callable[..., Generator[Any, Any, None]]:
    def handler(inc: Incident, act: Act) -> Generator[Any, Any, None]:
        ok = yield from _start(act, done=event)
        if not ok or not inc.once(event):
            return
        inc.emit(event, act.actor, **act.fields())
        inc.reach(flag)
        if then is not None:
            then(inc, act)
        yield from act.work(None)

    return handler


def _after_119(inc: Incident, act: Act) -> None:
    inc.world.start(fire.respond(inc))


def _after_120(inc: Incident, act: Act) -> None:
    inc.reach("ems_called")
    inc.world.start(medical.ems_response(inc))


def _raise_alarm(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, done="raise_alarm")
    if not ok:
        return
    if inc.power_out:
        yield inc.world.env.timeout(inc.world.delay(f"manual_alarm/{inc.index}", params.MANUAL_ALARM_EXTRA))
    if not inc.once("raise_alarm"):
        return
    inc.emit("alarm_internal", act.actor, **act.fields(manual=inc.power_out))
    inc.reach("alarm_internal")
    yield from act.work(None)


def _report_authority(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    if act.actor == "authority":
        ok = yield from _start(act, inc.flag("report_authority"))
        if ok and inc.once("report_upward"):
            inc.emit("milestone", act.actor, **act.fields(what="report_upward"))
        return
    waits = (inc.flag("report_unit_head"),) if act.actor == "unit_head" else ()
    ok = yield from _start(act, *waits, done="report_authority")
    if not ok or not inc.once("report_authority"):
        return
    inc.emit("report_authority", act.actor, **act.fields())
    inc.reach("report_authority")
    yield from act.work(None)


def _evacuate(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    if act.actor == "authority":
        ok = yield from _start(act)
        if ok and inc.once("public_evacuation"):
            inc.emit(
                "milestone",
                act.actor,
                **act.fields(what="public_evacuation", radius_m=round(inc.cordon_zone.extent_m)),
            )
        return
    ok = yield from _start(act, done="evacuate")
    if not ok or not inc.once("evacuate"):
        return
    inc.emit("evacuation_ordered", act.actor, **act.fields(people=len(inc.people)))
    inc.reach("evacuation_ordered")
    site.order_evacuation(inc)
    yield from act.work(None)


def _headcount(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, inc.flag("evacuation_ordered"), inc.flag("walkers_done"), done="headcount")
    if not ok or "headcount" in inc.done:
        return
    yield from act.work(params.ACTION_DURATION["headcount"])
    if not inc.once("headcount"):
        return
    present, missing = site.headcount(inc)
    inc.emit("headcount_complete", act.actor, **act.fields(present=present, missing=missing))
    inc.reach("headcount_complete")
    inc.reach("trapped_known")


def _mobilize(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, done=None if act.external else "team_mobilized")
    if not ok:
        return
    if act.external:
        if inc.once(f"mobilize/{act.actor}"):
            inc.emit("milestone", act.actor, **act.fields(what="mobilized"))
        return
    if "team_mobilized" in inc.done:
        return
    yield from act.work(params.ACTION_DURATION["mobilize_team"])
    if inc.once("team_mobilized"):
        inc.emit("team_mobilized", act.actor, **act.fields(members=inc.role_counts.get(act.actor, 0)))
        inc.reach("team_ready")


def _set_isolation(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, done="isolation")
    if not ok or "isolation" in inc.done:
        return
    yield from act.work(params.ACTION_DURATION["set_isolation"])
    if inc.once("isolation"):
        inc.emit("isolation_zone_set", act.actor, **act.fields(radius_m=round(inc.cordon_zone.extent_m, 1)))


def _extract(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    if act.external:
        ok = yield from _start(act)
        if ok and inc.once(f"extract/{act.actor}"):
            inc.emit("milestone", act.actor, **act.fields(what="rescue_pairs_committed"))
        return
    ok = yield from _start(act, inc.flag("team_ready"))
    if ok:
        n = rescue.add_team_pairs(inc, act.actor)
        if n and inc.once("extract/team"):
            inc.emit("milestone", act.actor, **act.fields(what="rescue_pairs_committed", pairs=n))


def _first_aid(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act)
    if not ok or not inc.once(f"first_aid/{act.external}"):
        return
    if not act.external and not inc.reached("first_aid"):
        inc.first_aid_actor = act.actor
        inc.reach("first_aid")
    inc.emit("milestone", act.actor, **act.fields(what="first_aid_post"))


def _guide(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, done="guide")
    if ok and inc.once("guide"):
        inc.guided = True
        inc.emit("milestone", act.actor, **act.fields(what="guide_at_gate"))


def _all_clear(inc: Incident, act: Act) -> Generator[Any, Any, None]:
    ok = yield from _start(act, inc.flag("contained"), inc.flag("monitored"))
    if not ok:
        return
    env = inc.world.env
    if inc.zone_end > env.now:
        yield env.timeout(inc.zone_end - env.now)
    while any(
        c.status == "exposed" and c.trapped and not c.dead for c in inc.world.casualties if c.inc is inc
    ):
        yield env.timeout(5.0)
    yield from act.work(params.ACTION_DURATION["all_clear"])
    if inc.once("all_clear"):
        inc.emit("all_clear", act.actor, **act.fields())
        inc.reach("closed")


HANDLERS: dict[str, Callable[[Incident, Act], Generator[Any, Any, None]]] = {
    "raise_alarm": _raise_alarm,
    "report_unit_head": _simple("report_unit_head", "report_unit_head"),
    "call_119": _simple("call_119", "call_119", _after_119),
    "call_120": _simple("call_120", "call_120", _after_120),
    "report_authority": _report_authority,
    "activate_esd": esd.activate,
    "manual_esd": esd.manual,
    "evacuate": _evacuate,
    "headcount": _headcount,
    "mobilize_team": _mobilize,
    "set_isolation": _set_isolation,
    "water_curtain": fire.water_curtain,
    "leak_seal": fire.leak_seal,
    "foam_attack": fire.foam_attack,
    "cool_tanks": fire.cool_tanks,
    "decontaminate": fire.decontaminate,
    "extract_casualties": _extract,
    "first_aid": _first_aid,
    "guide_responders": _guide,
    "request_mutual_aid": fire.mutual_aid,
    "monitor_gas": fire.monitor_gas,
    "all_clear": _all_clear,
}
