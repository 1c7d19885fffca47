"""The gap matrix finds the holes the sample city was built with, and responds when they are closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drillsim import gaps
from drillsim.batch import apply_overrides, parse_all
from drillsim.cli import main
from drillsim.loading import load_content

REPO = Path(__file__).resolve().parent.parent
CYANIDE = ("hydrogen_cyanide", "sodium_cyanide")


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


@pytest.fixture(scope="module")
def matrix(content):
    return gaps.study(content)


def _rows(result, enterprise: str, chemical: str | None = None) -> list[dict]:
    return [
        r
        for r in result["rows"]
        if r["enterprise"] == enterprise and (chemical is None or r["chemical"] == chemical)
    ]


def test_every_enterprise_has_a_worst_case_with_all_cells(content, matrix) -> None:
    assert {r["enterprise"] for r in matrix["rows"]} == set(content.enterprises)
    for r in matrix["rows"]:
        assert set(r["cells"]) == set(gaps.CELLS)
        for c in r["cells"].values():
            assert c.status in ("green", "yellow", "red") and c.reason


def test_worst_case_is_the_largest_erg_zone(content) -> None:
    cases = gaps.worst_cases(content, content.enterprises["kangtuo_pharma"])
    assert cases[0].chemical == "hydrogen_cyanide"
    assert "largest ERG zone" in cases[0].basis
    assert any("hazard class cyanide" in b for c in cases for b in c.basis)


def test_xinyi_has_no_cyanide_antidote_for_kangtuo(matrix) -> None:
    """Planted hole 1: the Xinyi hospitals hold no cyanide antidote although Kangtuo uses sodium cyanide."""
    rows = [r for r in _rows(matrix, "kangtuo_pharma") if r["chemical"] in CYANIDE]
    assert rows
    for r in rows:
        cell = r["cells"]["antidote"]
        assert cell.status == "red" and cell.value == 0
        assert "0 course(s)" in cell.reason
    stock = [a for a in matrix["actions"] if a.key[0] == "stock_antidote" and a.key[1].startswith("h_xinyi")]
    assert stock and any(e == "kangtuo_pharma" for e, _c, _k in stock[0].closes)
    assert "Xinyi" in stock[0].text_en and stock[0].key[2] == "hydroxocobalamin"


def test_peixian_park_has_no_hazmat_unit_within_40_min(matrix) -> None:
    """Planted hole 2: no hazmat unit reaches Longyuan (Peixian park) within 40 minutes."""
    rows = _rows(matrix, "longyuan_coalchem")
    assert rows
    for r in rows:
        cell = r["cells"]["hazmat"]
        assert cell.status == "red" and cell.value > 40
    fix = [
        a
        for a in matrix["actions"]
        if any(e == "longyuan_coalchem" and k == "hazmat" for e, _c, k in a.closes)
    ]
    assert fix and fix[0].key == ("hazmat_unit", "s_peixian_town")


def test_xinyi_park_has_one_hazmat_unit_for_several_sites(matrix) -> None:
    """Planted hole 3: one hazmat unit in the Xinyi zone; a second incident or a large release exhausts it."""
    for ent in ("kangtuo_pharma", "hengsheng_chloralkali", "anda_phosgene"):
        for r in _rows(matrix, ent):
            cell = r["cells"]["hazmat_depth"]
            assert cell.status != "green"
            assert cell.detail["units_within_target"] == 1
            assert "also covers" in cell.reason


def test_closing_the_cyanide_hole_turns_the_cell_green(content) -> None:
    """Metamorphic: stocking enough antidote at the Xinyi hospital closes the antidote gap."""
    fixed = apply_overrides(content, parse_all(["hospital.h_xinyi.hydroxocobalamin=500"]))
    for r in _rows(gaps.study(fixed), "kangtuo_pharma"):
        if r["chemical"] in CYANIDE:
            assert r["cells"]["antidote"].status == "green"


def test_a_hazmat_unit_in_peixian_closes_the_first_unit_gap(content) -> None:
    fixed = apply_overrides(
        content,
        parse_all(
            [
                "station.s_peixian_town.hazmat_units=2",
                "station.s_peixian_town.capabilities+=gas_tight_suits,leak_sealing,decontamination",
            ]
        ),
    )
    for r in _rows(gaps.study(fixed), "longyuan_coalchem"):
        assert r["cells"]["hazmat"].status != "red"
        assert r["cells"]["hazmat_depth"].status == "green"


def test_actions_are_ranked_by_score(matrix) -> None:
    scores = [a.score for a in matrix["actions"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_estimate_counts_people_in_the_zone(content) -> None:
    case = gaps.worst_cases(content, content.enterprises["kangtuo_pharma"])[0]
    n, basis = gaps.estimate_casualties(content, case)
    assert n > 0 and basis.startswith("estimate:")


def test_engine_runs_give_expected_casualties_where_a_scenario_exists(content) -> None:
    study = gaps.GapStudy(content, gaps.engine_casualties(content, runs=2, seed=3))
    box = content.enterprises["hengsheng_chloralkali"]
    case = next(c for c in gaps.worst_cases(content, box) if c.chemical == "chlorine")
    assert "chlorine-leak" in case.scenarios
    n, basis = study.expected_casualties(case)
    assert basis.startswith("engine: 2 runs") and n >= 0


def test_cli_json_shape(capsys) -> None:
    assert main(["--content", str(REPO), "gaps", "--json", "--runs", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) >= {"rows", "actions", "counts"}
    row = doc["rows"][0]
    assert {"enterprise", "chemical", "expected_casualties", "casualties_basis", "status", "cells"} <= set(
        row
    )
    assert set(row["cells"]["hazmat"]) >= {"status", "value", "target", "reason", "applicable"}
    assert doc["actions"][0]["rank"] == 1 and doc["actions"][0]["closes"]


def test_cli_table_and_unknown_enterprise(capsys) -> None:
    assert main(["--content", str(REPO), "gaps", "--runs", "0", "--enterprise", "kangtuo_pharma"]) == 0
    out = capsys.readouterr().out
    assert "kangtuo_pharma" in out and "hydroxocobalamin" in out.lower()
    assert main(["--content", str(REPO), "gaps", "--runs", "0", "--enterprise", "nope"]) == 2
