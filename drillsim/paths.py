"""Where things live: the content root, the user's cache (search index) and data (drill records) dirs."""

from __future__ import annotations

import os
from pathlib import Path

from drillsim.errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_content_root() -> Path:
    """The bundled sample city: inside an installed wheel, or the repo root of a source checkout."""
    inside = PACKAGE_DIR / "_sample"
    if (inside / "kb").is_dir():
        return inside
    return PACKAGE_DIR.parent


def resolve_content_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the content root: ``--content``, then ``DRILLSIM_CONTENT``, then cwd if it holds kb/, then the sample."""
    for candidate, origin in (
        (explicit, "--content"),
        (os.environ.get("DRILLSIM_CONTENT"), "DRILLSIM_CONTENT"),
    ):
        if candidate:
            root = Path(candidate).expanduser().resolve()
            if not (root / "kb").is_dir():
                raise UsageError(f"{origin}: {root} is not a content root (no kb/ directory in it)")
            return root
    cwd = Path.cwd()
    if (cwd / "kb").is_dir():
        return cwd.resolve()
    return bundled_content_root()


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / default


def cache_dir() -> Path:
    """User cache dir for drillsim (search indexes); ``DRILLSIM_CACHE`` overrides."""
    if os.environ.get("DRILLSIM_CACHE"):
        return Path(os.environ["DRILLSIM_CACHE"])
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("drillsim"))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return _xdg("XDG_CACHE_HOME", ".cache") / "drillsim"


def data_dir() -> Path:
    """User data dir for drillsim (drill records); ``DRILLSIM_DATA`` overrides."""
    if os.environ.get("DRILLSIM_DATA"):
        return Path(os.environ["DRILLSIM_DATA"])
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("drillsim"))
    except ImportError:  # pragma: no cover
        return _xdg("XDG_DATA_HOME", ".local/share") / "drillsim"


def default_db_path() -> Path:
    return data_dir() / "records.sqlite3"
