"""Batch on Dask: a LocalCluster gives the same statistics as local processes (the seeds decide)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drillsim.batch import BatchSpec, run_batch
from drillsim.loading import load_content

REPO = Path(__file__).resolve().parent.parent

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_matches_inline() -> None:
    """W=1 vs W=2 local processes is tested in test_batch.py; here the LocalCluster joins them."""
    content = load_content(REPO)
    spec = BatchSpec("chlorine-leak", 4, 21)
    inline = run_batch(content, spec, workers=1).to_json()
    dask = run_batch(content, spec, workers=2, dask="local").to_json()
    assert dask["backend"] == "dask-local" and dask["workers"] == 2
    for doc in (inline, dask):
        for key in ("timing", "workers", "backend"):
            doc.pop(key)
    assert inline == dask


def test_content_pack_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drillsim.batch.dask_runner import content_pack, unpack

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    pack = content_pack(REPO)
    root = unpack(pack)
    assert (root / ".complete").read_text(encoding="utf-8") == pack["digest"]
    assert load_content(root).digest == pack["digest"]
    assert unpack(pack) == root  # second call reuses the unpacked tree
