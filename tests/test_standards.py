"""Standards checks: plan chapters, SDS sections, key posts, 9-person rule, staleness, evacuation,
incompatible storage and GB 18218 grades."""

from __future__ import annotations

import doctest
import importlib.util
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import drillsim.standards as std_mod
from drillsim.model import (
    Content,
    Gb18218Entry,
    Plan,
    PlanSection,
    Post,
    Sds,
    SdsSection,
    ShiftCounts,
    frozen_map,
)
from drillsim.standards import (
    check_box,
    check_evacuation,
    check_incompatible_storage,
    check_plan_chapters,
    check_sds_sections,
    check_standards,
    sds_titles,
)


def _factories():
    name = "drillsim_test_hazard_factories"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).parent / "fixtures/hazard/factories.py"
        )
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


F = _factories()
SAMPLE_ROOT = Path(__file__).resolve().parents[1]


def plan(pid, kind, headings, posts=(), enterprise="testco"):
    sections = tuple(PlanSection(2, h, h, "", 10 + i) for i, h in enumerate(headings))
    return Plan(
        pid, enterprise, kind, pid, pid, "1", None, (), tuple(posts), (), "", sections, f"plans/{pid}.md", 3
    )


def sds(sections):
    secs = tuple(SdsSection(no, zh, en, "", 20 + i) for i, (no, zh, en) in enumerate(sections))
    return Sds("chlorine", None, "zh", "t", "t", secs, "kb/sds/chlorine.md")


def chemicals():
    cl = F.chemical(gb=Gb18218Entry(1, "氯 (液氯;氯气)", 5, 4, F.SRC))
    acid = F.chemical(
        "sulfuric_acid", tih=False, groups=("corrosive",), storage_group="acid", name_zh="硫酸", cas=None
    )
    base = F.chemical(
        "sodium_hydroxide",
        tih=False,
        groups=("corrosive",),
        storage_group="base",
        name_zh="氢氧化钠",
        cas=None,
    )
    cyan = replace(
        F.chemical(
            "sodium_cyanide", tih=False, groups=("toxic",), storage_group="toxic", name_zh="氰化钠", cas=None
        ),
        specialist_class="cyanide",
    )
    return {c.id: c for c in (cl, F.lpg(), acid, base, cyan)}


def plant(occ_office=20, flam=False, units=(), posts=(), last_verified=date(2026, 9, 1)):
    n = F.node
    nodes = (
        n("gate", "gate", 0, -200, line=40),
        n("tank", "tank", 0, 0, line=41),
        n("office", "building", -100, 0, occ=occ_office, flammable_explosive=flam, line=42),
        n("j_n", "road_junction", 0, 150, line=43),
        n("j_s", "road_junction", 0, -150, line=44),
        n("ap_ne", "assembly_point", 200, 200, line=45),
        n("ap_sw", "assembly_point", -200, -200, line=46),
    )
    edges = (
        ("office", "tank"),
        ("office", "j_n"),
        ("office", "j_s"),
        ("j_n", "ap_ne"),
        ("j_s", "ap_sw"),
        ("j_s", "gate"),
    )
    return F.box(nodes, edges, units=units, posts=posts, last_verified=last_verified)


def content(box, plans=(), sds_map=None):
    return Content(
        root=".",
        chemicals=frozen_map(chemicals()),
        sds=frozen_map(sds_map or {}),
        enterprises=frozen_map({box.id: box}),
        city=F.city(),
        plans=frozen_map({p.id: p for p in plans}),
        scenarios=frozen_map({}),
        injects=frozen_map({}),
        rubrics=frozen_map({}),
    )


def test_doctests():
    assert doctest.testmod(std_mod).failed == 0


@pytest.mark.parametrize(
    ("kind", "headings", "missing"),
    [
        ("comprehensive", ["1 总则", "2 应急组织机构及职责", "3 应急响应", "4 后期处置", "5 应急保障"], []),
        ("comprehensive", ["1 总则", "3 应急响应"], ["应急组织机构及职责", "后期处置", "应急保障"]),
        ("special", ["1 适用范围", "2 应急组织机构及职责", "3 响应启动", "4 处置措施"], []),
        ("special", ["1 适用范围", "2 应急组织机构及职责", "3 响应启动"], ["处置措施"]),
        ("onsite", ["一、事故风险描述", "二、应急工作职责", "三、应急处置", "四、注意事项"], []),
        ("onsite", ["事故风险描述", "应急处置程序"], ["应急工作职责", "注意事项"]),
    ],
)
def test_plan_chapters(kind, headings, missing):
    probs = check_plan_chapters(plan("p", kind, headings))
    assert [p.message.split("chapter '")[1].split("'")[0] for p in probs] == missing
    assert all(p.severity == "warning" and p.path == "plans/p.md" and p.line == 3 for p in probs)


def test_city_plans_are_not_checked_against_gbt29639():
    assert check_plan_chapters(plan("c", "comprehensive", [], enterprise="city")) == []


def test_sds_sections_complete_and_in_order():
    full = [(no, zh, en) for no, zh, en in sds_titles()]
    assert len(full) == 16
    assert check_sds_sections(sds(full)) == []
    # the loader may split '成分/组成信息 / Composition...' at the first slash: still accepted
    split = [
        (3, "成分", "组成信息 / Composition/information on ingredients") if no == 3 else (no, zh, en)
        for no, zh, en in full
    ]
    assert check_sds_sections(sds(split)) == []


def test_sds_missing_swapped_extra_and_misnamed():
    full = [(no, zh, en) for no, zh, en in sds_titles()]
    broken = [*full[:4], full[5], full[4], *full[7:], (17, "附录", "Annex")]
    broken[0] = (1, "产品标识", "Identification")
    msgs = [p.message for p in check_sds_sections(sds(broken))]
    assert any("section 5 out of order" in m for m in msgs)
    assert any("section 7 '操作处置与储存" in m and "missing" in m for m in msgs)
    assert any("extra section 17" in m for m in msgs)
    assert any("section 1 titled '产品标识'" in m for m in msgs)


def test_key_post_needs_an_onsite_plan():
    posts = (
        Post("p_fill", "充装岗", "Filling", "office", True, line=77),
        Post("p_gate", "门岗", "Gate", "gate", False, line=78),
    )
    b = plant(posts=posts)
    probs = check_box(content(b), b, date(2026, 10, 1))
    assert [(p.line, "p_fill" in p.message) for p in probs if "on-site plan" in p.message] == [(77, True)]
    covered = content(
        b,
        plans=[
            plan("o", "onsite", ["事故风险描述", "应急工作职责", "应急处置", "注意事项"], posts=["p_fill"])
        ],
    )
    assert not [p for p in check_box(covered, b, date(2026, 10, 1)) if "on-site plan" in p.message]


def test_nine_person_rule():
    b = plant(occ_office=10, flam=True)
    probs = [p for p in check_box(content(b), b, date(2026, 10, 1)) if "flammable/explosive" in p.message]
    assert len(probs) == 1 and probs[0].line == 42 and "day 10" in probs[0].message
    ok = plant(occ_office=9, flam=True)
    assert not [
        p for p in check_box(content(ok), ok, date(2026, 10, 1)) if "flammable/explosive" in p.message
    ]
    night_only = replace(
        ok,
        site=replace(
            ok.site,
            nodes=tuple(
                replace(n, occupancy=ShiftCounts(5, 12, 0)) if n.id == "office" else n for n in ok.site.nodes
            ),
        ),
    )
    assert [
        p for p in check_box(content(night_only), night_only, date(2026, 10, 1)) if "night 12" in p.message
    ]


def test_stale_box():
    b = plant(last_verified=date(2025, 1, 1))
    msgs = [p.message for p in check_box(content(b), b, date(2026, 1, 2))]
    assert any("366 days ago" in m for m in msgs)
    assert not any("days ago" in m for m in check_box(content(b), b, date(2026, 1, 1)) for m in [m.message])


def test_evacuation_check_finds_blocked_building_and_whole_site_zones():
    # 1 t chlorine in ton cylinders: isolation 150 m covers the office-tank-junction core but not the APs
    small = plant(units=(F.unit("u_cl", (("chlorine", 1.0),)),))
    small = replace(small, units=(replace(small.units[0], nodes=("tank",)),))
    chem = chemicals()
    probs = check_evacuation(small, chem)
    assert all(p.severity == "warning" for p in probs)
    # a 47 t tank reads as ERG's rail tank car row (isolation 1000 m): no assembly point can be safe
    big = replace(
        small,
        units=(
            replace(small.units[0], inventory=(replace(small.units[0].inventory[0], max_quantity_t=47.0),)),
        ),
    )
    probs = check_evacuation(big, chem)
    assert len(probs) == 1 and "every assembly point" in probs[0].message and "any wind" in probs[0].message


def test_evacuation_check_blocked_route():
    # the office's only way out passes the tank, which is always inside the isolation circle
    n = F.node
    nodes = (
        n("tank", "tank", 0, 0, line=41),
        n("office", "building", -200, 100, occ=5, line=42),
        n("ap_e", "assembly_point", 400, 0, line=45),
        n("ap_w", "assembly_point", -400, 0, line=46),
        n("gate", "gate", 0, -400),
    )
    edges = (("office", "tank"), ("tank", "ap_e"), ("tank", "ap_w"))
    b = F.box(nodes, edges, units=(F.unit("u", (("chlorine", 0.5),)),))
    b = replace(b, units=(replace(b.units[0], nodes=("tank",)),))
    probs = check_evacuation(b, chemicals())
    (blocked,) = [p for p in probs if p.line == 42]
    winds = blocked.message.split("wind from ")[1].split(":")[0].split(", ")
    assert "S" in winds and "N" in winds  # the office is outside the zone in both, yet must pass the tank
    assert "isolation 150 m" in blocked.message  # 0.5 t reads as ERG's single-ton-cylinder row


def test_incompatible_storage():
    u = F.unit(
        "u_store",
        (("sulfuric_acid", 10), ("sodium_hydroxide", 10), ("sodium_cyanide", 5), ("lpg", 1), ("chlorine", 1)),
        line=60,
    )
    b = plant(units=(u,))
    msgs = [p.message for p in check_incompatible_storage(b, chemicals())]
    assert any("acid beside base" in m for m in msgs)
    assert any("cyanide beside acid" in m and "sodium_cyanide and sulfuric_acid" in m for m in msgs)
    assert any("oxidizer beside fuel" in m and "chlorine and lpg" in m for m in msgs)
    production = plant(units=(replace(u, kind="production"),))
    assert check_incompatible_storage(production, chemicals()) == []


def test_gb18218_mismatch_warning():
    u = F.unit("u_cl", (("chlorine", 30.0), ("lpg", 100.0)), declared=3, line=55)
    b = plant(units=(u,))
    probs = [p for p in check_box(content(b), b, date(2026, 10, 1)) if "GB 18218" in p.message]
    assert (
        len(probs) == 1
        and probs[0].line == 55
        and "level 2" in probs[0].message
        and "level 3" in probs[0].message
    )


def test_check_standards_sorted_warnings_only():
    b = plant(occ_office=12, flam=True, last_verified=date(2020, 1, 1))
    probs = check_standards(content(b, plans=[plan("c", "comprehensive", ["总则"])]), today=date(2026, 1, 1))
    assert probs and all(p.severity == "warning" for p in probs)
    assert probs == sorted(probs, key=lambda p: (p.path, p.line, p.message))


def test_sample_content_standards_find_the_planted_problems():
    """The sample city breaks the rules on purpose in a few places; the checks must keep finding them."""
    from drillsim.loading import check_content

    result = check_content(SAMPLE_ROOT)
    assert result.content is not None
    probs = check_standards(result.content, today=date(2026, 11, 28))
    assert all(p.severity == "warning" and p.line >= 1 and p.path for p in probs)
    planted = {
        "ruifeng_nitration": "9",  # nitration hall over the 9-person rule on the day shift
        "anda_phosgene": "days ago",  # stale box
        "runleng_cold_store": "days ago",
        "jingyuan_polysilicon": "declared",  # declared grade differs from the computed one
        "haotong_logistics": "on-site",  # a key post without an on-site plan
    }
    for ent, needle in planted.items():
        if ent in result.content.enterprises:
            assert any(ent in p.path and needle in p.message for p in probs), f"{ent}: no warning mentioning {needle!r}"
