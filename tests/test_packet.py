"""The site packet: computed facts, terminal view, printable HTML that content cannot script."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from drillsim.cli import main
from drillsim.errors import UsageError
from drillsim.loading import load_content
from drillsim.packet import build_packet


def test_packet_of_minimal_box(minimal: Path) -> None:
    c = load_content(minimal)
    p = build_packet(c, "demo_plant", today=date(2026, 11, 28), hour=10)
    assert p.shift == "holiday"  # a Saturday
    assert p.hazards[0].chemical.id == "chlorine" and p.hazards[0].small_isolate_m == 60
    assert p.computed_level is not None and p.grades[0].s == pytest.approx(6.0)
    assert p.hazmat and p.hazmat[0].id == "s1"
    assert [a.id for a in p.assembly_points] == ["ap_1", "ap_2"]
    assert len(p.wind_advice) == 8
    assert not p.stale and p.days_since_verified == 88


def test_stale_box_is_flagged(minimal: Path) -> None:
    c = load_content(minimal)
    assert build_packet(c, "demo_plant", today=date(2027, 12, 1)).stale


def test_unknown_enterprise_suggests(minimal: Path) -> None:
    c = load_content(minimal)
    with pytest.raises(UsageError, match="did you mean demo_plant"):
        build_packet(c, "demo_plnt")
    assert build_packet(c, "示例厂").box.id == "demo_plant"  # by short name


def test_export_html_is_self_contained_and_safe(minimal: Path, tmp_path: Path) -> None:
    plan = minimal / "plans/demo_plant/demo-onsite.md"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n[click](javascript:alert(2))\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.html"
    assert main(["export", "demo_plant", "-o", str(out), "--content", str(minimal)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and 'href="javascript' not in page
    assert page.count("<svg") >= 3  # site plan, evacuation map, wind map
    for needle in (
        "总平面图",
        "应急疏散图",
        "N 北",
        "集合点 Assembly point",
        "安全技术说明书",
        "Content-Security-Policy",
        "虚构",
    ):
        assert needle in page


def test_show_json_and_text(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "demo_plant", "--json", "--content", str(minimal), "--hour", "10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "demo_plant" and data["hazards"][0]["un"] == ["1017"]
    assert data["nearest_hazmat"][0]["id"] == "s1"
    assert main(["show", "demo_plant", "--content", str(minimal), "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "示例化工厂" in text and "特别管控" in text
    assert main(["show", "nope", "--content", str(minimal)]) == 2


@pytest.mark.slow
def test_sample_packets_find_the_xinyi_cyanide_hole(sample_root: Path) -> None:
    c = load_content(sample_root)
    p = build_packet(c, "kangtuo_pharma", today=date(2026, 11, 28))
    cyanide = [
        a
        for a in p.antidote_sources
        if a in ("hydroxocobalamin", "sodium_thiosulfate", "sodium_nitrite", "dmap")
    ]
    assert cyanide
    for a in cyanide:
        rows = p.antidote_sources[a]
        assert all(r.minutes > 45 for r in rows), (
            f"{a} reachable in {[r.minutes for r in rows]} min: the Xinyi hole is gone"
        )
