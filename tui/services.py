"""What every screen shares: content, search index, drill records, live log, clock; loaded off the UI thread.

The functions here never touch widgets: workers call them and post the immutable states they return.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drillsim.errors import DrillsimError, Problem

if TYPE_CHECKING:
    from drillsim.model import Content
    from drillsim.search import KnowledgeIndex


@dataclass(frozen=True, slots=True, eq=False)
class ContentState:
    """The content tree as loaded: ``loading``, ``ready``, ``degraded`` (loaded with errors) or ``failed``."""

    status: str
    content: Content | None = None
    problems: tuple[Problem, ...] = ()
    message: str = ""
    seconds: float = 0.0

    @property
    def usable(self) -> bool:
        return self.content is not None and self.status in ("ready", "degraded")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


@dataclass(frozen=True, slots=True, eq=False)
class IndexState:
    """The search index: ``waiting`` (for content), ``opening``, ``ready`` or ``failed``."""

    status: str
    index: KnowledgeIndex | None = None
    mode: str = ""
    message: str = ""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0


def load_content_state(root: Path) -> ContentState:
    """Load and validate the content tree; never raises (runs in a worker thread)."""
    started = time.perf_counter()
    try:
        from drillsim.loading import check_content

        result = check_content(root)
    except DrillsimError as exc:
        return ContentState("failed", message=str(exc), seconds=time.perf_counter() - started)
    except OSError as exc:
        return ContentState("failed", message=f"{exc.filename or root}: {exc.strerror or exc}")
    took = time.perf_counter() - started
    problems = tuple(result.problems)
    if result.content is None:
        return ContentState("failed", None, problems, seconds=took)
    status = "degraded" if result.errors else "ready"
    return ContentState(status, result.content, problems, seconds=took)


def open_index_state(content: Content, root: Path) -> IndexState:
    """Open (or build) the search index of ``content``; never raises (runs in a worker thread)."""
    started = time.perf_counter()
    try:
        from drillsim.search import open_index

        index = open_index(content, root)
    except DrillsimError as exc:
        return IndexState("failed", message=str(exc))
    except OSError as exc:
        return IndexState("failed", message=f"{exc.filename or ''}: {exc.strerror or exc}")
    return IndexState(
        "ready",
        index,
        index.info.mode,
        warnings=index.warnings,
        seconds=time.perf_counter() - started,
    )


@dataclass(slots=True)
class Services:
    """Where things live and what time it is; the app owns one, screens read it."""

    root: Path
    db_path: Path | None = None
    today: date = field(default_factory=date.today)
    wall_clock: Callable[[], float] = time.time
    rng: random.Random = field(default_factory=random.SystemRandom)
    data_dir: Path | None = None

    def user_data_dir(self) -> Path:
        if self.data_dir is not None:
            return self.data_dir
        from drillsim.paths import data_dir

        return data_dir()

    @property
    def livelog_path(self) -> Path:
        """The live drill log shared with ``drillsim log`` (same default file)."""
        return self.user_data_dir() / "live" / "current.jsonl"

    @property
    def reports_dir(self) -> Path:
        return self.user_data_dir() / "reports"

    def records(self) -> Any:
        """The drill records database (a context manager), or None when there is none yet."""
        if self.db_path is None or not Path(self.db_path).exists():
            return None
        from drillsim.records import DrillRecords

        return DrillRecords(self.db_path)

    def records_for_writing(self) -> Any:
        if self.db_path is None:
            raise DrillsimError("no drill records database configured (--db PATH)")
        from drillsim.records import DrillRecords

        return DrillRecords(self.db_path)
