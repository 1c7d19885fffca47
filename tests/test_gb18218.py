"""GB 18218-2018 identification and grading, including the reference's two worked examples."""

from __future__ import annotations

import doctest
import importlib.util
import math
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import drillsim.gb18218 as gb
from drillsim.gb18218 import alpha, assess_box, classify, grade, level, tables
from drillsim.model import Gb18218Entry


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


def so2():
    return F.chemical("sulfur_dioxide", name_zh="二氧化硫", cas="7446-09-5", mw=64.07, guide="125")


def chemicals():
    cl = F.chemical(gb=Gb18218Entry(1, "氯 (液氯;氯气)", 5, 4, F.SRC))
    return {"chlorine": cl, "lpg": F.lpg(), "sulfur_dioxide": so2()}


def test_doctests():
    assert doctest.testmod(gb).failed == 0


def test_tables_load_from_package_data():
    t = tables()
    assert len(t.table1) == 85
    assert {"J1", "W2", "W5.4", "W11"} <= set(t.table2)
    assert t.table3_beta["碳酰氯"] == 20 and t.table3_beta["chlorine"] == 4
    assert "GB18218" in t.source


def test_worked_example_published_so2():
    """Published exam example: SO₂ 200 t (Q 20 t, β 2), 60 people outside -> α 1.5, R = 30, level 3."""
    b = F.box(
        (), (), units=(F.unit("u_so2", (("sulfur_dioxide", 200.0),), declared=3),), people_within_500m=60
    )
    (a,) = assess_box(b, chemicals())
    q, big_q, beta = 200.0, 20.0, 2.0
    assert (a.rows[0].critical_t, a.rows[0].beta) == (big_q, beta)
    assert a.alpha == 1.5
    assert math.isclose(a.s, q / big_q)
    assert math.isclose(a.r, 1.5 * beta * q / big_q) and math.isclose(a.r, 30.0)
    assert a.level == 3 and not a.mismatch


def test_worked_example_chlorine_plus_lpg():
    """Reference illustration: Cl₂ 30 t + LPG 100 t, 120 people: S = 8, R = 2 × (4×6 + 1.5×2) = 54, level 2."""
    b = F.box(
        (),
        (),
        units=(F.unit("u_mix", (("chlorine", 10.0), ("chlorine", 20.0), ("lpg", 100.0)), declared=1),),
        people_within_500m=120,
    )
    (a,) = assess_box(b, chemicals())
    assert math.isclose(a.s, 8.0)
    assert math.isclose(a.r, 54.0)
    assert a.level == 2
    assert a.mismatch and a.declared_level == 1
    assert [r.chemical for r in a.rows] == ["chlorine", "lpg"]
    assert a.rows[1].beta == 1.5 and "Table 4" in a.rows[1].basis


def test_below_threshold_is_not_major():
    b = F.box((), (), units=(F.unit("u", (("chlorine", 1.0),), declared=None),), people_within_500m=0)
    (a,) = assess_box(b, chemicals())
    assert a.s == pytest.approx(0.2) and a.level is None and not a.mismatch and not a.major


def test_lookup_by_cas_components_and_table2_lowest_threshold():
    lpg_no_entry = F.chemical(
        "lpg2", tih=False, groups=("flammable",), gb=None, cas=None, name_zh="液化气", guide="115"
    )
    lpg_no_entry = type(lpg_no_entry)(
        **{
            **{f: getattr(lpg_no_entry, f) for f in lpg_no_entry.__slots__},
            "cas_components": ("74-98-6", "106-97-8"),
        }
    )
    q, beta, basis, _ = classify(lpg_no_entry)
    assert q == 50 and "no. 52" in basis and beta == 1.0
    multi = F.chemical(
        "x", tih=False, gb=Gb18218Entry(2, "W5.3; J3", 1000, 2, F.SRC), cas=None, name_zh="某物"
    )
    q, beta, basis, mism = classify(multi)
    assert q == 50 and "J3" in basis and "record Q 1000" in mism
    assert classify(F.chemical("y", tih=False, gb=None, cas=None, name_zh="无名")) is None


def test_unclassified_chemicals_are_reported():
    b = F.box((), (), units=(F.unit("u", (("mystery", 5.0),)),))
    (a,) = assess_box(b, chemicals())
    assert a.unclassified == ("mystery",) and a.s == 0


@given(st.integers(0, 10_000))
def test_alpha_is_monotone(n):
    assert alpha(n) <= alpha(n + 1)


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e4), st.sampled_from([0.3, 1, 5, 50, 500]), st.sampled_from([1, 1.5, 2, 4, 20])
        )
    ),
    st.integers(0, 500),
    st.floats(1.0, 10.0),
)
def test_more_inventory_never_lowers_the_grade(items, people, factor):
    s1, r1, l1 = grade(items, people)
    s2, r2, l2 = grade([(q * factor, big_q, b) for q, big_q, b in items], people)
    assert s2 >= s1 - 1e-9 and r2 >= r1 - 1e-9
    if l1 is not None:
        assert l2 is not None and l2 <= l1
    assert level(r2) <= level(r1)


def test_sample_content_units_assess():
    from drillsim.loading import check_content

    result = check_content(Path(__file__).resolve().parents[1])
    if result.content is None or not result.content.enterprises:
        pytest.skip("sample content not loadable yet")
    c = result.content
    for box in c.enterprises.values():
        for a in assess_box(box, c.chemicals):
            assert a.level in (None, 1, 2, 3, 4)
            assert a.mismatch == (a.level != a.declared_level)
            assert (a.level is None) == (a.s < 1)
