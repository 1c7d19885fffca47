"""``drillsim synth``: a valid, varied, deterministic synthetic city built from the sample's boxes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from drillsim.cli import main
from drillsim.commands.synth import read_sample
from drillsim.synth import _retag, split_front_matter, synth_city

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample():
    return read_sample(REPO)


def _write(files: dict, out: Path) -> None:
    for rel, data in files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def test_synthetic_city_is_valid_content(sample, tmp_path: Path) -> None:
    from drillsim.loading import load_content

    n = len(sample.boxes) + 12
    _write(synth_city(sample, n, seed=3), tmp_path)
    content = load_content(tmp_path)
    assert len(content.enterprises) == n
    assert len(content.plans) > len(sample.boxes)
    assert content.scenarios  # the sample's scenarios are kept: their enterprises are all there
    names = [b.name_zh for b in content.enterprises.values()]
    assert len(set(names)) == len(names)
    assert all(b.fictional for b in content.enterprises.values())
    generated = [b for b in content.enterprises.values() if b.id not in sample.boxes]
    assert len({b.district for b in generated}) > 3
    assert len({b.address_zh for b in generated}) == len(generated)
    for b in generated:
        assert b.name_en.split()[0] in {
            "Xuzhou",
            "Jiawang",
            "Pizhou",
            "Xinyi",
            "Suining",
            "Fengxian",
            "Peixian",
        }
        assert any(s in b.name_zh for s in b.short_names)
        assert content.plans_for(b.id)


def test_same_seed_same_city_other_seed_other_city(sample) -> None:
    a = synth_city(sample, 30, seed=1)
    b = synth_city(sample, 30, seed=1)
    c = synth_city(sample, 30, seed=2)
    assert a == b
    assert a != c


def test_small_city_keeps_only_scenarios_it_can_run(sample, tmp_path: Path) -> None:
    from drillsim.loading import load_content

    files = synth_city(sample, 2, seed=0)
    boxes = [r for r in files if r.startswith("kb/enterprises/")]
    assert len(boxes) == 2
    _write(files, tmp_path)
    content = load_content(tmp_path)
    for sc in content.scenarios.values():
        assert set(sc.enterprises) <= set(content.enterprises)


def test_tags_are_renumbered_consistently() -> None:
    assert _retag("V-301A", 417) == "V-718A"
    assert _retag("T-1201", 100) == "T-1301"
    assert _retag("1000", 1) == "1001"
    assert _retag("厂外", 5) == "厂外"


def test_front_matter_round_trip() -> None:
    front, body = split_front_matter("---\nid: x\nsteps: []\n---\n# Title\n\ntext\n")
    assert front == {"id": "x", "steps": []}
    assert body.startswith("# Title")
    assert split_front_matter("no front matter") == ({}, "no front matter")


def test_cli_writes_and_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "city"
    assert (
        main(
            ["--content", str(REPO), "synth", "--enterprises", "15", "-o", str(out), "--seed", "4", "--json"]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["enterprises"] == 15
    assert len(list((out / "kb" / "enterprises").glob("*.yaml"))) == 15
    box = yaml.safe_load(next((out / "kb" / "enterprises").glob("*_0000*.yaml")).read_text(encoding="utf-8"))
    assert box["fictional"] is True
    assert main(["synth", "--enterprises", "15", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--content", str(REPO), "synth", "--enterprises", "14", "-o", str(out), "--force"]) == 0
    assert len(list((out / "kb" / "enterprises").glob("*.yaml"))) == 14


@pytest.mark.parametrize("n", ["0", "-3", "1000000"])
def test_cli_rejects_bad_counts(tmp_path: Path, n: str) -> None:
    assert main(["synth", "--enterprises", n, "-o", str(tmp_path / "x")]) == 2
