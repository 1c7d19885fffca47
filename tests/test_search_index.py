"""Search index life cycle: built once, reopened, updated or rebuilt when content changes, never broken by a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drillsim.loading import load_content
from drillsim.search import index as index_mod
from drillsim.search import open_index
from drillsim.search.engine import WhooshEngine
from drillsim.search.store import POINTER, read_pointer, root_key

REPO = Path(__file__).resolve().parent.parent


def _base(cache: Path, root: Path) -> Path:
    return cache / "index" / root_key(root)


def _gens(base: Path) -> list[str]:
    return sorted(p.name for p in base.iterdir() if p.is_dir() and p.name.startswith("g-"))


def _rename_plant(root: Path, new_zh: str) -> None:
    box = root / "kb" / "enterprises" / "demo_plant.yaml"
    box.write_text(box.read_text(encoding="utf-8").replace("示例化工厂", new_zh), encoding="utf-8")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_built_once_then_reopened(minimal: Path, cache: Path) -> None:
    content = load_content(minimal)
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"
        assert ix.doc_count > 5
        assert ix.search("示例化工厂")[0].id == "enterprise:demo_plant"
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "opened"
        assert ix.search("液氯")[0].id == "chemical:chlorine"


def test_index_lives_in_the_cache_not_the_content(minimal: Path, cache: Path) -> None:
    before = sorted(str(p) for p in minimal.rglob("*"))
    open_index(load_content(minimal), minimal, cache=cache).close()
    assert sorted(str(p) for p in minimal.rglob("*")) == before
    assert (_base(cache, minimal) / POINTER).is_file()


def test_default_cache_is_drillsim_cache_env(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRILLSIM_CACHE", str(tmp_path / "envcache"))
    with open_index(load_content(minimal), minimal) as ix:
        assert ix.info.location is not None
        assert str(ix.info.location).startswith(str(tmp_path / "envcache"))


def test_changed_box_is_updated_incrementally(minimal: Path, cache: Path) -> None:
    open_index(load_content(minimal), minimal, cache=cache).close()
    _rename_plant(minimal, "演练样板化工厂")
    content = load_content(minimal)
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "updated"
        assert ix.info.groups_updated >= 1
        assert ix.search("演练样板化工厂")[0].id == "enterprise:demo_plant"
        assert not any("示例化工厂" in h.title for h in ix.search("示例化工厂", limit=50))
        count = ix.doc_count
    # a fresh full build gives the same documents
    with open_index(content, minimal, cache=cache, rebuild=True) as full:
        assert full.info.mode == "built"
        assert full.doc_count == count


def test_changed_chemical_rebuilds_everything(minimal: Path, cache: Path) -> None:
    open_index(load_content(minimal), minimal, cache=cache).close()
    chem = minimal / "kb" / "chemicals" / "chlorine.yaml"
    chem.write_text(chem.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    with open_index(load_content(minimal), minimal, cache=cache) as ix:
        assert ix.info.mode == "built"


def test_old_generations_are_collected(minimal: Path, cache: Path) -> None:
    for i in range(4):
        _rename_plant(minimal, f"示例化工厂{i}")
        open_index(load_content(minimal), minimal, cache=cache).close()
    gens = _gens(_base(cache, minimal))
    assert 1 <= len(gens) <= 2  # the live generation and the one before it


def test_failed_build_keeps_the_previous_index(
    minimal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_index(load_content(minimal), minimal, cache=cache).close()
    base = _base(cache, minimal)
    live = read_pointer(base)
    assert live is not None
    chem = minimal / "kb" / "chemicals" / "chlorine.yaml"
    chem.write_text(chem.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")

    real_write = WhooshEngine.write

    def crashing_write(self, docs, delete_groups=()):
        def some_then_fail():
            for i, d in enumerate(docs):
                if i == 3:
                    raise OSError(28, "No space left on device")
                yield d

        return real_write(self, some_then_fail(), delete_groups)

    monkeypatch.setattr(WhooshEngine, "write", crashing_write)
    with open_index(load_content(minimal), minimal, cache=cache) as ix:
        assert ix.info.mode == "stale"
        assert any("No space left" in w for w in ix.warnings)
        assert ix.search("液氯")[0].id == "chemical:chlorine"
    after = read_pointer(base)
    assert after is not None and after.gen == live.gen
    monkeypatch.setattr(WhooshEngine, "write", real_write)
    with open_index(load_content(minimal), minimal, cache=cache) as ix:
        assert ix.info.mode == "built"
    assert not [p for p in base.iterdir() if p.name.startswith("tmp-")]  # the crashed build was cleaned up


CRASHER = """
import os, sys
from pathlib import Path
from drillsim.loading import load_content
from drillsim.search import open_index
from drillsim.search.engine import WhooshEngine
real = WhooshEngine.write
def write(self, docs, delete_groups=()):
    def some():
        for i, d in enumerate(docs):
            if i == 5:
                os._exit(9)  # the process dies mid-build, no clean-up runs
            yield d
    return real(self, some(), delete_groups)
WhooshEngine.write = write
root = Path(sys.argv[1])
open_index(load_content(root), root, cache=sys.argv[2], rebuild=True)
"""


def test_killed_build_leaves_the_live_index_usable(minimal: Path, cache: Path) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    base = _base(cache, minimal)
    live = read_pointer(base)
    proc = subprocess.run(
        [sys.executable, "-c", CRASHER, str(minimal), str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 9, proc.stderr
    assert [p for p in base.iterdir() if p.name.startswith("tmp-")]  # the half-built directory is there
    after = read_pointer(base)
    assert after is not None and live is not None and after.gen == live.gen
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "opened"
        assert ix.search("液氯")[0].id == "chemical:chlorine"


def _damage_segment(gen_dir: Path) -> None:
    seg = max((p for p in gen_dir.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    data = bytearray(seg.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 256] = os.urandom(256)
    seg.write_bytes(bytes(data[: len(data) - 100]))


def test_damaged_segment_is_detected_and_rebuilt(minimal: Path, cache: Path) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    base = _base(cache, minimal)
    ptr = read_pointer(base)
    assert ptr is not None
    _damage_segment(base / ptr.gen)
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"
        assert any("damaged" in w for w in ix.warnings)
        assert ix.search("液氯")[0].id == "chemical:chlorine"


def test_missing_index_files_are_rebuilt(minimal: Path, cache: Path) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    base = _base(cache, minimal)
    ptr = read_pointer(base)
    assert ptr is not None
    for p in (base / ptr.gen).iterdir():
        p.unlink()
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"
        assert ix.search("示例厂")


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"version": 1}', b"\xff\xfe\x00"])
def test_unreadable_pointer_is_rebuilt(minimal: Path, cache: Path, garbage: bytes) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    (_base(cache, minimal) / POINTER).write_bytes(garbage)
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"
        assert ix.search("液氯")


def test_pointer_to_a_vanished_generation_is_rebuilt(minimal: Path, cache: Path) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    base = _base(cache, minimal)
    d = json.loads((base / POINTER).read_text(encoding="utf-8"))
    d["gen"] = "g-does-not-exist"
    (base / POINTER).write_text(json.dumps(d), encoding="utf-8")
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"


def test_new_schema_version_rebuilds(minimal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = load_content(minimal)
    open_index(content, minimal, cache=cache).close()
    monkeypatch.setattr(index_mod, "SCHEMA_VERSION", "search-test-next")
    import drillsim.search.store as store

    monkeypatch.setattr(store, "SCHEMA_VERSION", "search-test-next")
    with open_index(content, minimal, cache=cache) as ix:
        assert ix.info.mode == "built"


def test_unwritable_cache_searches_in_memory(minimal: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    with open_index(load_content(minimal), minimal, cache=blocker / "cache") as ix:
        assert ix.info.mode == "memory"
        assert ix.info.location is None
        assert any("not writable" in w for w in ix.warnings)
        assert ix.search("液氯")[0].id == "chemical:chlorine"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_cache_searches_in_memory(minimal: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with open_index(load_content(minimal), minimal, cache=ro) as ix:
            assert ix.info.mode == "memory"
    finally:
        ro.chmod(0o700)


def test_damage_found_mid_search_rebuilds_once(
    minimal: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = load_content(minimal)
    ix = open_index(content, minimal, cache=cache)
    real = WhooshEngine.search
    calls = {"n": 0}

    def flaky(self, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 1:
            raise EOFError("segment ends early")
        return real(self, *a, **kw)

    monkeypatch.setattr(WhooshEngine, "search", flaky)
    hits = ix.search("液氯")
    assert hits[0].id == "chemical:chlorine"
    assert any("damaged" in w for w in ix.warnings)
    ix.close()


def test_incremental_update_of_one_box_in_a_bigger_city(tmp_path: Path, sample_root: Path) -> None:
    """Re-indexing one changed box only touches that enterprise's documents (the <1 s goal is benchmarked)."""
    import shutil

    root = tmp_path / "city"
    for d in ("kb", "plans", "scenarios"):
        shutil.copytree(sample_root / d, root / d)
    content = load_content(root)
    cache = tmp_path / "cache"
    open_index(content, root, cache=cache).close()
    box = root / "kb" / "enterprises" / "xinran_lpg.yaml"
    box.write_text(box.read_text(encoding="utf-8") + "\n# verified again\n", encoding="utf-8")
    with open_index(load_content(root), root, cache=cache) as ix:
        assert ix.info.mode == "updated"
        # the box, and the scenario that quotes it, nothing else
        assert 1 <= ix.info.groups_updated <= 4
        assert ix.search("鑫燃液化气")[0].enterprise == "xinran_lpg"
