"""Shared fixtures: the sample content root, a mutable copy of the minimal tree, isolated user dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user cache/data dirs from tests."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("DRILLSIM_CACHE", str(base / "cache"))
    monkeypatch.setenv("DRILLSIM_DATA", str(base / "data"))
    monkeypatch.delenv("DRILLSIM_CONTENT", raising=False)


@pytest.fixture
def sample_root() -> Path:
    return REPO


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A fresh, writable copy of the minimal valid content tree."""
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    return dst
