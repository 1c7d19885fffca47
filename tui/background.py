"""Daemon threads for work that must never hold up quitting (loading content, building the index, gap studies).

Textual's thread workers run on the default executor, which Python joins at exit: quitting while the
content is still loading would wait for it. These threads are abandoned instead; the index is built in a
temporary directory and published atomically, so abandoning a build leaves the previous index intact.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def in_background(name: str, fn: Callable[..., Any], *args: Any) -> threading.Event:
    """Run ``fn(cancelled, *args)`` in a daemon thread; returns the event that asks it to stop."""
    cancelled = threading.Event()
    thread = threading.Thread(target=fn, args=(cancelled, *args), name=f"drillsim-{name}", daemon=True)
    thread.start()
    return cancelled
