"""Messages that carry immutable results from workers up to the handlers that own widget state."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from tui.services import ContentState, IndexState


class ContentLoaded(Message):
    """The content tree finished loading (ready, degraded or failed)."""

    def __init__(self, state: ContentState) -> None:
        super().__init__()
        self.state = state


class IndexOpened(Message):
    """The search index is ready (or could not be opened)."""

    def __init__(self, state: IndexState) -> None:
        super().__init__()
        self.state = state


class SearchDone(Message):
    """Results of one search query (``result`` is a drillsim.search.SearchResult, or None on error)."""

    def __init__(self, query: str, result: Any, error: str = "", seconds: float = 0.0) -> None:
        super().__init__()
        self.query = query
        self.result = result
        self.error = error
        self.seconds = seconds
