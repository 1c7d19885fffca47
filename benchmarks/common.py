"""Shared pieces of the harness: figures (median, min, max), timing loops, child processes, work dirs."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RUN_PY = Path(__file__).resolve().parent / "run.py"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured quantity: the median of ``n`` samples, with their min and max."""

    median: float
    lo: float
    hi: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Figure:
        if not samples:
            raise ValueError("no samples")
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))

    def scaled(self, k: float) -> Figure:
        return Figure(self.median * k, self.lo * k, self.hi * k, self.n)

    def to_json(self, nd: int = 4) -> dict[str, Any]:
        return {
            "median": round(self.median, nd),
            "min": round(self.lo, nd),
            "max": round(self.hi, nd),
            "n": self.n,
        }

    def show(self, fmt: str = "{:.3g}") -> str:
        """``median [min-max] xn`` for the table."""
        if self.n == 1:
            return f"{fmt.format(self.median)} (1 run)"
        return f"{fmt.format(self.median)} [{fmt.format(self.lo)}-{fmt.format(self.hi)}] x{self.n}"


@dataclass
class Section:
    """What one part of the harness measured: table rows, JSON, notes, or why it could not run."""

    name: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unavailable: str = ""

    def row(self, label: str, value: str) -> None:
        self.rows.append((label, value))

    def to_json(self) -> dict[str, Any]:
        out = dict(self.data)
        if self.unavailable:
            out["available"] = False
            out["reason"] = self.unavailable
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def repeat(
    fn: Callable[[], Any], repeats: int, warmup: int = 1, budget_s: float | None = None
) -> list[float]:
    """Seconds of ``repeats`` calls after ``warmup`` untimed ones.

    With ``budget_s``, stop early once the timed calls have used the budget (at least one is always kept),
    so a slow operation is measured fewer times rather than blowing the run's time limit.
    """
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    spent = 0.0
    for _ in range(max(1, repeats)):
        dt, _out = timed(fn)
        samples.append(dt)
        spent += dt
        if budget_s is not None and spent >= budget_s:
            break
    return samples


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100), as numpy's default.

    >>> percentile([1, 2, 3, 4], 50), percentile([5.0], 95), percentile([1, 2, 3, 4, 5], 95)
    (2.5, 5.0, 4.8)
    """
    xs = sorted(values)
    if not xs:
        raise ValueError("no values")
    pos = (len(xs) - 1) * q / 100.0
    i = int(pos)
    frac = pos - i
    return xs[i] if i + 1 >= len(xs) else xs[i] + (xs[i + 1] - xs[i]) * frac


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rss_mb() -> float | None:
    """Current resident set size in MB (Linux ``/proc``; None elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def dir_size(path: Path) -> int:
    """Bytes of every file under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def digest_files(paths: Iterable[Path]) -> str:
    """A short digest of the named files' bytes (directories: every file under them, sorted; missing: skipped)."""
    h = hashlib.sha256()
    for base in paths:
        if not Path(base).exists():
            continue
        files = (
            sorted(p for p in Path(base).rglob("*") if p.is_file()) if Path(base).is_dir() else [Path(base)]
        )
        for p in files:
            if "__pycache__" in p.parts:
                continue
            h.update(str(p.relative_to(REPO) if p.is_relative_to(REPO) else p).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def python() -> str:
    """The interpreter running the harness (the project's venv under ``make bench``)."""
    return sys.executable


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


class ChildError(RuntimeError):
    """A child process of the harness failed; carries the tail of its stderr."""


def run_child(args: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``run.py --child ...`` and return the JSON object it prints on its last stdout line.

    The child's progress lines (stderr) are passed through as they come; its last lines are kept for
    the error message if it fails.
    """
    tail: deque[str] = deque(maxlen=8)
    proc = subprocess.Popen(
        [python(), str(RUN_PY), "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or child_env(),
        cwd=str(REPO),
    )

    def relay() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            tail.append(line.rstrip("\n"))
            if line.startswith("[bench "):
                sys.stderr.write(line)
                sys.stderr.flush()

    out: list[str] = []

    def collect() -> None:
        assert proc.stdout is not None
        out.append(proc.stdout.read())

    readers = [threading.Thread(target=f, daemon=True) for f in (relay, collect)]
    for r in readers:
        r.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    for r in readers:
        r.join(timeout=10)
    lines = [ln for ln in "".join(out).splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        raise ChildError(
            f"child {' '.join(args[:1])} exited {proc.returncode}: {chr(10).join(tail) or '(no output)'}"
        )
    return json.loads(lines[-1])


def emit_child(obj: dict[str, Any]) -> None:
    """A child's answer: one JSON line on stdout (the parent reads the last line)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def log(msg: str) -> None:
    """Progress on stderr, so ``--json`` stdout stays one JSON object."""
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()
