"""Every loader rule: one pass, all problems, path:line: message, nothing raised but ContentError."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drillsim.cli import main
from drillsim.errors import ContentError
from drillsim.loading import check_content, load_content
from drillsim.loading.chemicals import cas_check_digit, cas_problem
from drillsim.loading.source import MAX_FILE_BYTES


def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in check_content(root).errors]


def one(root: Path, needle: str) -> str:
    hits = [p for p in problems(root) if needle in p]
    assert hits, f"no problem mentioning {needle!r}; got: {problems(root)}"
    return hits[0]


def test_minimal_tree_is_valid(minimal: Path) -> None:
    result = check_content(minimal)
    assert result.errors == []
    c = load_content(minimal)
    assert c.counts()["enterprises"] == 1
    box = c.enterprises["demo_plant"]
    assert box.site.node("b_fill").occupancy.day == 5
    assert c.chemicals["chlorine"].tih
    assert c.sds["chlorine"].section(16) is not None
    assert c.plans["demo-onsite"].steps[0].action == "raise_alarm"


def test_yaml_syntax_error_has_line(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "risk: red", "risk: [red")
    msg = one(minimal, "YAML syntax error")
    assert msg.startswith("kb/enterprises/demo_plant.yaml:")


def test_unknown_key_suggests_nearest(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "phone_24h:", "phone_24hr:")
    msg = one(minimal, "unknown key 'phone_24hr'")
    assert "did you mean 'phone_24h'" in msg
    assert msg.startswith("kb/enterprises/demo_plant.yaml:16:")


def test_wrong_shape_list_for_mapping(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "resources:\n", "resources: [1, 2]\nold_resources:\n")
    assert "expected a mapping, found a list" in one(minimal, "resources")


def test_wrong_type_and_unit_in_value(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "max_quantity_t: 30", "max_quantity_t: 30 t")
    assert "put the unit in the field name" in one(minimal, "max_quantity_t")


def test_negative_and_absurd_quantities(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "scba_sets: 8", "scba_sets: -2")
    edit(minimal, "kb/enterprises/demo_plant.yaml", "max_quantity_t: 30", "max_quantity_t: 5000000")
    assert "below the minimum" in one(minimal, "scba_sets")
    assert "absurdly large" in one(minimal, "max_quantity_t")


def test_dangling_references(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "chemical: chlorine, max", "chemical: chlorin, max")
    edit(minimal, "scenarios/demo-leak.yaml", "rubric: demo-rubric", "rubric: nope")
    edit(minimal, "plans/demo_plant/demo-onsite.md", "actor: control_room", "actor: control_rom")
    assert "did you mean 'chlorine'" in one(minimal, "unknown chemical 'chlorin'")
    one(minimal, "unknown rubric 'nope'")
    assert "did you mean 'control_room'" in one(minimal, "actor 'control_rom' does not exist")


def test_all_errors_in_one_pass(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "risk: red", "risk: purple")
    edit(minimal, "kb/chemicals/chlorine.yaml", "cas: 7782-50-5", "cas: 7782-50-4")
    edit(minimal, "scenarios/demo-leak.yaml", "wind_dir: {N: 0.5, S: 0.5}", "wind_dir: {N: 0.5, S: 0.4}")
    found = problems(minimal)
    assert any("risk" in p and "purple" in p for p in found)
    assert any("check digit should be 5" in p for p in found)
    assert any("sum to 0.900" in p for p in found)


def test_duplicate_ids(minimal: Path) -> None:
    src = (minimal / "kb/enterprises/demo_plant.yaml").read_text(encoding="utf-8")
    (minimal / "kb/enterprises/demo_copy.yaml").write_text(src, encoding="utf-8")
    found = problems(minimal)
    assert any("duplicate enterprise id 'demo_plant'" in p for p in found)
    assert any("does not match the file name 'demo_copy'" in p for p in found)


def test_duplicate_yaml_key(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "risk: red", "risk: red\nrisk: green")
    one(minimal, "duplicate key 'risk'")


def test_attachment_escaping_root_is_refused(minimal: Path) -> None:
    edit(
        minimal,
        "kb/enterprises/demo_plant.yaml",
        "site:\n",
        "attachments:\n  - {title_zh: 图, title_en: Map, file: ../../etc/passwd}\nsite:\n",
    )
    one(minimal, "escapes the content root")


def test_attachment_inside_root_is_accepted(minimal: Path) -> None:
    (minimal / "kb/attachments").mkdir()
    (minimal / "kb/attachments/map.pdf").write_bytes(b"%PDF-1.4")
    edit(
        minimal,
        "kb/enterprises/demo_plant.yaml",
        "site:\n",
        "attachments:\n  - {title_zh: 图, title_en: Map, file: kb/attachments/map.pdf}\nsite:\n",
    )
    assert problems(minimal) == []


def test_symlink_out_of_root_is_refused(minimal: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((minimal / "kb/chemicals/chlorine.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (minimal / "kb/chemicals/chlorine.yaml").unlink()
    os.symlink(outside, minimal / "kb/chemicals/chlorine.yaml")
    one(minimal, "points outside the content root")


def test_non_utf8_empty_and_oversize_files(minimal: Path) -> None:
    (minimal / "kb/chemicals/chlorine.yaml").write_bytes("id: chlorine\nname_zh: 氯\n".encode("gb18030"))
    (minimal / "scenarios/rubrics/empty.yaml").write_text("  \n", encoding="utf-8")
    (minimal / "kb/enterprises/huge.yaml").write_text("x: " + "a" * (MAX_FILE_BYTES + 10), encoding="utf-8")
    found = problems(minimal)
    assert any(p.startswith("kb/chemicals/chlorine.yaml:2: not UTF-8") for p in found)
    assert any(p.startswith("scenarios/rubrics/empty.yaml:1: file is empty") for p in found)
    assert any("over the" in p and "huge.yaml" in p for p in found)


def test_unsafe_yaml_tag_is_refused_not_executed(minimal: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    edit(
        minimal,
        "kb/enterprises/demo_plant.yaml",
        "risk: red",
        f"risk: !!python/object/apply:os.system ['touch {marker}']",
    )
    one(minimal, "unsafe or unknown YAML tag refused")
    assert not marker.exists()


def test_plan_without_front_matter(minimal: Path) -> None:
    p = minimal / "plans/demo_plant/demo-onsite.md"
    p.write_text("# 只有正文\n\n没有前置元数据。\n", encoding="utf-8")
    one(minimal, "no YAML front matter")


def test_front_matter_line_numbers_are_file_lines(minimal: Path) -> None:
    edit(minimal, "plans/demo_plant/demo-onsite.md", "action: raise_alarm", "action: ring_bell")
    msg = one(minimal, "ring_bell")
    assert msg.startswith("plans/demo_plant/demo-onsite.md:12:")


def test_inject_impossible_condition(minimal: Path) -> None:
    edit(
        minimal,
        "scenarios/injects.yaml",
        "when: {on_event: esd_activated}",
        "when: {on_event: esd_activated, after_min: 30, before_min: 10}",
    )
    one(minimal, "impossible condition")


def test_scenario_source_must_hold_chemical(minimal: Path) -> None:
    edit(minimal, "scenarios/demo-leak.yaml", "unit: u_cl,", "unit: u_none,")
    one(minimal, "has no unit 'u_none'")


def test_load_content_raises_content_error(minimal: Path) -> None:
    edit(minimal, "kb/enterprises/demo_plant.yaml", "risk: red", "risk: purple")
    with pytest.raises(ContentError) as exc:
        load_content(minimal)
    assert exc.value.problems and "purple" in str(exc.value)


def test_check_cli_json_shape_and_exit(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "--content", str(minimal)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["errors"] == []
    assert set(out["counts"]) == {
        "enterprises",
        "chemicals",
        "sds",
        "plans",
        "scenarios",
        "rubrics",
        "fire_stations",
        "hospitals",
    }
    edit(minimal, "kb/enterprises/demo_plant.yaml", "risk: red", "risk: purple")
    assert main(["--content", str(minimal), "--json", "check"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert {"path", "line", "message"} <= set(out["errors"][0])


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_bad_content_root_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(tmp_path / "nope")]) == 2
    assert "not a content root" in capsys.readouterr().err


def test_list_json_shape(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json", "--content", str(minimal)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["enterprises"][0] == {
        "id": "demo_plant",
        "name_zh": "示例化工厂",
        "name_en": "Demo Chemical Plant",
        "risk": "red",
        "park": "p_demo",
    }
    assert out["scenarios"][0]["enterprises"] == ["demo_plant"]
    assert out["rubrics"][0]["id"] == "demo-rubric"


def test_content_root_resolution(minimal: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from drillsim.paths import bundled_content_root, resolve_content_root

    monkeypatch.chdir(tmp_path)
    assert resolve_content_root(None) == bundled_content_root()
    monkeypatch.setenv("DRILLSIM_CONTENT", str(minimal))
    assert resolve_content_root(None) == minimal.resolve()
    assert resolve_content_root(str(minimal)) == minimal.resolve()
    monkeypatch.delenv("DRILLSIM_CONTENT")
    monkeypatch.chdir(minimal)
    assert resolve_content_root(None) == minimal.resolve()


@given(st.integers(min_value=10, max_value=9_999_999), st.integers(min_value=0, max_value=99))
def test_cas_check_digit_roundtrip(head: int, mid: int) -> None:
    body = f"{head}{mid:02d}"
    cas = f"{head}-{mid:02d}-{cas_check_digit(body)}"
    assert cas_problem(cas) is None
    wrong = f"{head}-{mid:02d}-{(cas_check_digit(body) + 1) % 10}"
    assert "check digit" in (cas_problem(wrong) or "")


@settings(max_examples=40, deadline=None)
@given(
    name_en=st.text(alphabet=st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=30).filter(
        lambda s: s.strip()
    ),
    occupancy=st.integers(min_value=0, max_value=500),
)
def test_any_valid_mapping_round_trips(
    tmp_path_factory: pytest.TempPathFactory, name_en: str, occupancy: int
) -> None:
    import shutil

    import yaml

    from tests.conftest import MINIMAL

    root = tmp_path_factory.mktemp("rt") / "c"
    shutil.copytree(MINIMAL, root)
    path = root / "kb/enterprises/demo_plant.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name_en"] = name_en
    data["site"]["nodes"][1]["occupancy"]["day"] = occupancy
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    box = load_content(root).enterprises["demo_plant"]
    assert box.name_en == name_en
    assert box.site.node("b_fill").occupancy.day == occupancy
