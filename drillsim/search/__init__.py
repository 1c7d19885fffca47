"""Knowledge-base search: find enterprises, site nodes, chemicals, SDS and plan sections by anything a responder types.

>>> from drillsim.search import open_index           # doctest: +SKIP
>>> ix = open_index(content, root)                   # doctest: +SKIP
>>> ix.search("yl", limit=3)[0].title                # doctest: +SKIP
'氯 / Chlorine'
"""

from __future__ import annotations

from drillsim.search.documents import KINDS, SearchDoc, documents
from drillsim.search.index import Hit, IndexInfo, KnowledgeIndex, SearchResult, open_index
from drillsim.search.snippets import MARK_CLOSE, MARK_OPEN, split_marks

__all__ = [
    "KINDS",
    "MARK_CLOSE",
    "MARK_OPEN",
    "Hit",
    "IndexInfo",
    "KnowledgeIndex",
    "SearchDoc",
    "SearchResult",
    "documents",
    "open_index",
    "split_marks",
]
