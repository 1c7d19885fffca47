"""Per-run seeds of a batch: a hash of (base seed, run index), so scheduling never decides a result."""

from __future__ import annotations

import hashlib

SEED_BITS = 53
"""Run seeds are non-negative integers below 2**53: exact in SQLite, in Python and in any JSON reader
(JavaScript numbers included)."""


def run_seed(base_seed: int, index: int) -> int:
    """The seed of run ``index`` (0-based) of a batch started with ``base_seed``.

    A SHA-256 of ``"drillsim-batch/<base>/<index>"``: independent of how many workers there are, of
    which worker runs which chunk and of the order the runs finish; run ``i`` of seed ``S`` is always the
    same drill, which ``drillsim drill SCENARIO --seed <run seed>`` replays alone.

    >>> run_seed(42, 0) == run_seed(42, 0), run_seed(42, 0) == run_seed(42, 1), run_seed(42, 0) == run_seed(43, 0)
    (True, False, False)
    >>> 0 <= run_seed(1, 10**6) < 2**53
    True
    """
    if index < 0:
        raise ValueError("run index must be >= 0")
    digest = hashlib.sha256(f"drillsim-batch/{int(base_seed)}/{int(index)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - SEED_BITS)


def chunks(n_runs: int, workers: int, max_chunk: int = 64) -> list[range]:
    """Split run indices ``0..n_runs-1`` into consecutive chunks, about four per worker.

    Small enough that the progress bar moves and the workers stay busy to the end, big enough that
    shipping a task costs little next to the drills in it.

    >>> chunks(10, 2)
    [range(0, 2), range(2, 4), range(4, 6), range(6, 8), range(8, 10)]
    >>> chunks(3, 1)
    [range(0, 1), range(1, 2), range(2, 3)]
    >>> sum(len(c) for c in chunks(1000, 4)), max(len(c) for c in chunks(1000, 4))
    (1000, 63)
    """
    if n_runs <= 0:
        return []
    size = max(1, min(max_chunk, -(-n_runs // (max(workers, 1) * 4))))
    return [range(i, min(i + size, n_runs)) for i in range(0, n_runs, size)]
