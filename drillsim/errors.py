"""The one error tree of drillsim, and the exit statuses the CLI maps them to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes (DESIGN.md): 0 success, 1 invalid content / failed check / bad input, 2 usage."""

    OK = 0
    ERROR = 1
    USAGE = 2


class DrillsimError(Exception):
    """Base of every error drillsim raises on purpose; the CLI shows its message, never a traceback."""

    exit_status = ExitStatus.ERROR


class UsageError(DrillsimError):
    """The command line asked for something that does not exist or makes no sense."""

    exit_status = ExitStatus.USAGE


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in content: where, what, and what was expected."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message}


class ContentError(DrillsimError):
    """Content is invalid; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "\n".join(str(p) for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in content:\n{head}{more}")


class InputError(DrillsimError):
    """A file given on the command line (a timeline, a log) is not what it should be."""


class IndexError_(DrillsimError):
    """The search index could not be built or opened."""


class RecordsError(DrillsimError):
    """The drill records database is locked, corrupt or from an unknown future version."""


class ScenarioError(DrillsimError):
    """A scenario cannot run as given (unknown enterprise, impossible inject...)."""
