"""Turning exceptions into readable messages in the UI: a guard for handlers, never a traceback on screen."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from drillsim.errors import ContentError, DrillsimError

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def explain(exc: BaseException, lang: str = "en") -> str:
    """A message a user can act on for ``exc`` (drillsim's own errors carry one already).

    >>> explain(FileNotFoundError(2, "No such file or directory", "x.json"), "en")
    'x.json: No such file or directory'
    >>> explain(ValueError("bad"), "zh")
    '内部错误（请报告）：ValueError: bad'
    """
    if isinstance(exc, ContentError):
        head = "内容有误" if lang == "zh" else "content has errors"
        lines = [str(p) for p in exc.problems[:5]]
        more = len(exc.problems) - len(lines)
        tail = [f"… +{more}"] if more > 0 else []
        return "\n".join([f"{head} ({len(exc.problems)})", *lines, *tail])
    if isinstance(exc, DrillsimError):
        return str(exc)
    if isinstance(exc, OSError):
        where = exc.filename or ""
        what = exc.strerror or str(exc)
        return f"{where}: {what}" if where else what
    prefix = "内部错误（请报告）" if lang == "zh" else "internal error (please report it)"
    return (
        f"{prefix}：{type(exc).__name__}: {exc}" if lang == "zh" else f"{prefix}: {type(exc).__name__}: {exc}"
    )


def show_error(node: Any, exc: BaseException) -> None:
    """Show ``exc`` as an error notification from any widget, screen or the app."""
    app = node if hasattr(node, "screen_stack") else node.app
    lang = getattr(app, "lang", "en")
    if not isinstance(exc, DrillsimError | OSError):
        log.exception("unexpected error in the UI", exc_info=exc)
    app.notify(explain(exc, lang), severity="error", timeout=10, markup=False)


def guarded(fn: F) -> F:
    """Decorate a handler or action so an error becomes a notification instead of stopping the app."""
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await fn(self, *args, **kwargs)
            except Exception as exc:  # shown to the user, logged when unexpected
                show_error(self, exc)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # shown to the user, logged when unexpected
            show_error(self, exc)
            return None

    return wrapper  # type: ignore[return-value]
