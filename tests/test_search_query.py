"""Whatever a responder types, search answers: odd input never raises, boolean syntax works when well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drillsim.loading import load_content
from drillsim.search import KINDS, open_index, split_marks
from drillsim.search.analysis import normalize
from drillsim.search.identifiers import cas_check_digit, cas_problem, corrected_cas
from drillsim.search.query import MAX_QUERY_CHARS, parse_query
from drillsim.search.terms import plain_words

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory):
    index = open_index(load_content(MINIMAL), MINIMAL, cache=tmp_path_factory.mktemp("qcache"))
    yield index
    index.close()


ODD = [
    "",
    "   ",
    '"',
    "'",
    ":",
    "::::",
    "kind:",
    ":液氯",
    "液氯:",
    '"液氯',
    '液氯"',
    "((((",
    "))",
    "AND",
    "OR OR",
    "NOT",
    "液氯 AND",
    "AND 液氯",
    "-",
    "--",
    "*",
    "?",
    "~",
    "^",
    "\\",
    "!!!???...",
    "，。、；：？！",
    "\x00\x01\x02",
    "液\x00氯",
    "\u200b\u200d\ufeff",
    "\ud800",
    "🔥🧯☣",
    "液氯chlorineえきえんそ염소",
    "ＵＮ１０１７",
    "7782-50-",
    "-50-5",
    "un",
    "UN",
    "kind:nonsense 液氯",
    "enterprise:does_not_exist",
    "cas:not-a-cas",
    "un:12",
    "erg:abc",
    "foo:bar",
    "12:30",
    "http://example.com/?q=液氯",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "液" * 5000,
    "a " * 5000,
    "液氯 " * 2000,
]


@pytest.mark.parametrize("query", ODD)
def test_odd_queries_answer_without_raising(ix, query: str) -> None:
    res = ix.query(query, limit=5)
    assert isinstance(res.hits, tuple)
    for h in res.hits:
        assert h.kind in KINDS
        "".join(t for t, _ in split_marks(h.snippet)).encode("utf-8")  # printable


def test_empty_query_says_what_to_type(ix) -> None:
    res = ix.query("")
    assert res.hits == ()
    assert res.notes and "empty query" in res.notes[0]


def test_only_punctuation_says_so(ix) -> None:
    res = ix.query("，。、!?")
    assert res.hits == ()
    assert any("nothing searchable" in n for n in res.notes)


def test_ten_thousand_characters_are_cut_with_a_note(ix) -> None:
    res = ix.query("液氯" + "x" * 10_000)
    assert any(str(MAX_QUERY_CHARS) in n for n in res.notes)


def test_stray_quote_and_colon_are_text(ix) -> None:
    assert ix.search('液氯"')[0].id == "chemical:chlorine"
    assert ix.search("液氯:")[0].id == "chemical:chlorine"
    assert ix.search('"液氯')[0].id == "chemical:chlorine"


def test_control_characters_are_ignored(ix) -> None:
    assert ix.search("液\x00氯\x07")[0].id == "chemical:chlorine"


def test_mixed_scripts(ix) -> None:
    assert ix.search("液氯chlorine")[0].id == "chemical:chlorine"
    assert ix.search("ＵＮ１０１７")[0].id == "chemical:chlorine"


def test_boolean_and_filters(ix) -> None:
    res = ix.query("液氯 AND kind:site_node")
    assert res.boolean and res.hits
    assert all(h.kind == "site_node" for h in res.hits)
    res = ix.query("液氯 NOT kind:chemical")
    assert res.hits and all(h.kind != "chemical" for h in res.hits)
    res = ix.query("chlorine -kind:chemical")
    assert res.hits and all(h.kind != "chemical" for h in res.hits)
    res = ix.query("(液氯 OR 7782-50-5) AND kind:chemical")
    assert [h.id for h in res.hits] == ["chemical:chlorine"]
    assert ix.search("cas:7782-50-5")[0].id == "chemical:chlorine"
    assert ix.search("un:1017")[0].id == "chemical:chlorine"
    assert ix.search("erg:124")[0].id == "chemical:chlorine"
    assert all(h.enterprise == "demo_plant" for h in ix.search("enterprise:demo_plant 液氯"))


def test_malformed_boolean_falls_back_to_plain_text(ix) -> None:
    res = ix.query("液氯 AND (")
    assert not res.boolean
    assert any("syntax" in n for n in res.notes)
    assert res.hits[0].id == "chemical:chlorine"
    res = ix.query("kind:nonsense 液氯")
    assert not res.boolean and res.hits


def test_only_negation_is_read_as_text(ix) -> None:
    res = ix.query("NOT 液氯")
    assert not res.boolean


def test_unknown_kind_filter_argument_is_an_error(ix) -> None:
    from drillsim.errors import DrillsimError

    with pytest.raises(DrillsimError):
        ix.search("液氯", kind="tank")


def test_limit_is_clamped(ix) -> None:
    assert len(ix.search("液氯", limit=0)) <= 1
    assert len(ix.search("液氯", limit=10_000)) <= 200


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=80))
def test_any_text_gets_an_answer(ix, text: str) -> None:
    res = ix.query(text, limit=3)
    assert len(res.hits) <= 3


@given(st.text(max_size=200))
def test_parse_never_raises(text: str) -> None:
    from drillsim.search.analysis import Lexicon

    lex = Lexicon(["chlorine", "ammonia"])
    pq = parse_query(text, lambda _f: lex)
    assert isinstance(pq.stages, list)


@given(st.text(max_size=100))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=100))
def test_plain_words_have_no_spaces(text: str) -> None:
    for w in plain_words(text):
        assert w and not any(ch.isspace() for ch in w)


@given(st.integers(min_value=1000, max_value=999_999_999).map(str))
def test_cas_check_digit_round_trip(body: str) -> None:
    head, mid = body[:-2], body[-2:]
    good = f"{head}-{mid}-{cas_check_digit(head + mid)}"
    assert cas_problem(good) is None
    bad = f"{head}-{mid}-{(cas_check_digit(head + mid) + 1) % 10}"
    assert corrected_cas(bad) == good
    assert f"did you mean {good}?" in (cas_problem(bad) or "")
