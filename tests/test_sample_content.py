"""Every shipped content file loads, and the sample city is as big as the product promises."""

from __future__ import annotations

from pathlib import Path

from drillsim.loading import check_content
from drillsim.paths import bundled_content_root


def test_every_shipped_content_file_loads(sample_root: Path) -> None:
    result = check_content(sample_root)
    assert [str(p) for p in result.errors] == []
    assert result.content is not None


def test_sample_city_size(sample_root: Path) -> None:
    c = check_content(sample_root).content
    assert c is not None
    n = c.counts()
    assert n["enterprises"] >= 12
    assert n["chemicals"] >= 25 and n["sds"] == n["chemicals"]
    assert n["plans"] >= 36
    assert n["scenarios"] >= 8
    assert n["fire_stations"] >= 10 and n["hospitals"] >= 6
    assert len(c.city.road_nodes) >= 150
    assert {b.risk for b in c.enterprises.values()} == {"red", "yellow", "green"}
    assert all(b.fictional for b in c.enterprises.values())


def test_bundled_root_is_the_repo_in_a_checkout(sample_root: Path) -> None:
    assert bundled_content_root() == sample_root
