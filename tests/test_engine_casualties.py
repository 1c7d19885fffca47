"""The casualty model: the dose field, deaths in the atmosphere and later, care on scene, field antidotes,
and whose plan a gap belongs to."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from drillsim.engine import params, run_drill
from drillsim.engine.exposure import rate_at
from drillsim.engine.medical import care, red_clock
from drillsim.hazard import HazardZone
from drillsim.model import Content

REPO = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def sample() -> Content:
    from drillsim.loading import load_content

    return load_content(REPO)


def test_dose_rate_falls_off_from_the_release_and_off_the_plume() -> None:
    z = HazardZone((0.0, 0.0), 200.0, 2000.0, 30.0, 0.0)  # wind from the north: the plume goes south
    down = [rate_at(z, 1.5, 0.0, -r) for r in (5.0, 50.0, 100.0, 200.0, 500.0, 1999.0)]
    assert down == sorted(down, reverse=True) and down[0] == 1.5
    assert down[3] == pytest.approx(params.EDGE_RATE_PER_MIN)  # the downwind edge of the isolation circle
    assert rate_at(z, 1.5, 0.0, 100.0) == pytest.approx(
        rate_at(z, 1.5, 0.0, -100.0) * params.CROSSWIND_FACTOR
    )
    assert rate_at(z, 1.5, 0.0, 300.0) == 0.0 and rate_at(z, 1.5, 0.0, -2100.0) == 0.0


def test_care_stretches_the_time_left_and_never_shortens_it() -> None:
    env = SimpleNamespace(now=10.0)
    c = SimpleNamespace(
        deadline=40.0,
        care_factor=1.0,
        stabilized=False,
        dead=False,
        inc=SimpleNamespace(world=SimpleNamespace(env=env)),
    )
    care(c, 3.0)  # type: ignore[arg-type]
    assert c.deadline == pytest.approx(10.0 + 30.0 * 3.0)
    care(c, 2.0)  # type: ignore[arg-type]  # less care than already given changes nothing
    assert c.deadline == pytest.approx(100.0)
    env.now = 40.0
    care(c, 4.0)  # type: ignore[arg-type]
    assert c.deadline == pytest.approx(40.0 + 60.0 * 4.0 / 3.0)
    assert red_clock(3.0) == 1.0 and red_clock(params.LETHAL) == params.RED_CLOCK_FLOOR


def test_deaths_say_whether_they_were_immediate_or_delayed() -> None:
    c = sample()
    seen = set()
    for scenario in ("nitration-runaway", "cyanide-mass-casualty"):
        for seed in range(1, 25):
            tl = run_drill(c, scenario, seed)
            extracted = {
                e.get("casualty"): e.get("severity") for e in tl.events if e.kind == "casualty_extracted"
            }
            for e in tl.events:
                if e.kind == "casualty_died":
                    seen.add(e.get("timing"))
                    assert e.get("timing") in ("immediate", "delayed")
                    if e.get("timing") == "immediate":  # a lethal dose where they lay, never carried out
                        assert e.get("stage") == "exposed" and e.get("casualty") not in extracted
            exposed = {
                e.get("casualty"): e.get("severity") for e in tl.events if e.kind == "casualty_exposed"
            }
            for cid, sev in extracted.items():
                assert sev >= exposed[cid]  # the dose grew (or stayed) until the pair reached them
    assert seen == {"immediate", "delayed"}


def test_a_field_antidote_saves_cyanide_casualties() -> None:
    """Give the Xinyi park station hydroxocobalamin kits (capability ``cyanide_treatment``): casualties get
    the antidote on scene and fewer die."""
    c = sample()
    stations = tuple(
        dataclasses.replace(s, capabilities=(*s.capabilities, "cyanide_treatment"))
        if s.id == "s_xinyi_cz"
        else s
        for s in c.city.fire_stations
    )
    kits = dataclasses.replace(c, city=dataclasses.replace(c.city, fire_stations=stations))
    before = after = given = 0
    for seed in range(1, 21):
        base = run_drill(c, "cyanide-mass-casualty", seed)
        more = run_drill(kits, "cyanide-mass-casualty", seed)
        before += int(base.kpis["deaths"] or 0)
        after += int(more.kpis["deaths"] or 0)
        given += sum(1 for e in more.events if e.kind == "antidote_given" and e.get("place") == "scene")
        assert not any(e.kind == "antidote_given" and e.get("place") == "scene" for e in base.events)
    assert given > 0 and after < before


def test_plan_gaps_belong_to_their_own_enterprise() -> None:
    c = sample()
    for seed in range(1, 16):
        tl = run_drill(c, "xinyi-twin", seed)
        ents = [i["enterprise"] for i in tl.draw["incidents"]]
        for e in tl.events:
            step = str(e.get("step") or "")
            if "/" in step and step.split("/")[0] in c.plans:
                assert c.plans[step.split("/")[0]].enterprise in (ents[e.incident], "city"), e.detail
            if e.kind == "plan_gap":
                assert e.get("enterprise") == ents[e.incident] and ents[e.incident] in e.detail


def test_each_incident_names_its_own_site() -> None:
    """Hengsheng and Kangtuo both have an ``ap_south`` and a ``gate_main``: Kangtuo's events say Kangtuo's."""
    c = sample()
    kangtuo = {n.id: n.name_en for n in c.enterprises["kangtuo_pharma"].site.nodes}
    hengsheng = {n.id: n.name_en for n in c.enterprises["hengsheng_chloralkali"].site.nodes}
    shared = {k for k in kangtuo if k in hengsheng and kangtuo[k] != hengsheng[k]}
    checked = 0
    for seed in range(1, 21):
        tl = run_drill(c, "xinyi-twin", seed)
        for e in tl.events:
            where = e.get("where")
            if e.incident == 1 and where in shared and e.kind == "casualty_exposed":
                assert kangtuo[where] in e.detail and hengsheng[where] not in e.detail
                checked += 1
    assert checked > 0
