"""Search relevance over the sample city: responder queries with the document each must find.

Reports recall@3 and MRR (mean reciprocal rank of the first expected document in the top 10) and
fails the build when either drops below its floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RECALL_AT_3_FLOOR = 0.95
MRR_FLOOR = 0.90

# (query, expected document ids (any of them counts), what kind of lookup it is)
CASES: list[tuple[str, tuple[str, ...], str]] = [
    # Chinese names, synonyms and single characters
    ("氯", ("chemical:chlorine",), "zh single char"),
    ("氨", ("chemical:ammonia_anhydrous",), "zh single char"),
    ("苯", ("chemical:benzene",), "zh single char"),
    ("液氯", ("chemical:chlorine",), "zh synonym"),
    ("液氨", ("chemical:ammonia_anhydrous",), "zh synonym"),
    ("光气", ("chemical:phosgene",), "zh synonym"),
    ("氢氟酸", ("chemical:hydrogen_fluoride",), "zh name part"),
    ("烧碱", ("chemical:sodium_hydroxide",), "zh synonym"),
    ("山奈", ("chemical:sodium_cyanide",), "zh synonym"),
    ("氰化钠", ("chemical:sodium_cyanide",), "zh name"),
    ("三氯氢硅", ("chemical:trichlorosilane",), "zh synonym"),
    ("天然气", ("chemical:methane_natural_gas",), "zh name part"),
    # English names and synonyms
    ("chlorine", ("chemical:chlorine",), "en name"),
    ("Caustic soda", ("chemical:sodium_hydroxide",), "en synonym"),
    ("hydrofluoric acid", ("chemical:hydrogen_fluoride",), "en name part"),
    ("Prussic acid", ("chemical:hydrogen_cyanide",), "en synonym"),
    ("petrol", ("chemical:gasoline",), "en synonym"),
    # typos
    ("chlorin", ("chemical:chlorine",), "typo"),
    ("amonia", ("chemical:ammonia_anhydrous",), "typo"),
    ("phosgen", ("chemical:phosgene",), "typo"),
    ("tolune", ("chemical:toluene",), "typo"),
    ("hydrogen fluorde", ("chemical:hydrogen_fluoride",), "typo"),
    # pinyin: full, initials, ü spellings
    ("yl", ("chemical:chlorine",), "pinyin initials"),
    ("lvqi", ("chemical:chlorine",), "pinyin"),
    ("lyuqi", ("chemical:chlorine",), "pinyin ü"),
    ("lu:qi", ("chemical:chlorine",), "pinyin ü"),
    ("yean", ("chemical:ammonia_anhydrous",), "pinyin"),
    ("guangqi", ("chemical:phosgene",), "pinyin"),
    ("hengsheng", ("enterprise:hengsheng_chloralkali",), "pinyin / en short name"),
    ("qhn", ("chemical:sodium_cyanide",), "pinyin initials"),
    ("runleng", ("enterprise:runleng_cold_store",), "pinyin"),
    # CAS numbers (a check-digit typo still lands, with a hint)
    ("7782-50-5", ("chemical:chlorine",), "CAS"),
    ("7664-41-7", ("chemical:ammonia_anhydrous",), "CAS"),
    ("75-44-5", ("chemical:phosgene",), "CAS"),
    ("7782-50-4", ("chemical:chlorine",), "CAS typo"),
    # UN numbers, with and without the prefix; ERG guide
    ("UN1017", ("chemical:chlorine",), "UN"),
    ("1005", ("chemical:ammonia_anhydrous",), "UN bare"),
    ("UN 1052", ("chemical:hydrogen_fluoride",), "UN spaced"),
    ("un1075", ("chemical:lpg",), "UN"),
    ("124", ("chemical:chlorine",), "ERG guide"),
    # enterprise short names
    ("恒晟", ("enterprise:hengsheng_chloralkali",), "short name"),
    ("瑞丰硝化", ("enterprise:ruifeng_nitration",), "short name"),
    ("港华油库", ("enterprise:ganghua_oil_depot",), "short name"),
    ("Runleng Cold Store", ("enterprise:runleng_cold_store",), "en short name"),
    ("鑫燃", ("enterprise:xinran_lpg",), "short name"),
    ("氟源", ("enterprise:fuyuan_fluoro",), "short name"),
    # addresses
    ("纬一路 18号", ("enterprise:hengsheng_chloralkali",), "address"),
    ("化工大道66号", ("enterprise:ruifeng_nitration",), "address"),
    ("运河南路", ("enterprise:ganghua_oil_depot",), "address"),
    ("66 Ranhe Road", ("enterprise:xinran_lpg",), "en address"),
    # tank tags and site nodes
    ("V-301A", ("node:hengsheng_chloralkali:t_cl_v301a",), "tag"),
    ("T-101", ("node:ganghua_oil_depot:t_gas_t101",), "tag"),
    # three sites have a T-401A (one is T-401A/B): each counts
    (
        "t401a",
        (
            "node:jingyuan_polysilicon:t_tcs_t401a",
            "node:ruifeng_nitration:t_nb_t401a",
            "node:anda_phosgene:t_toluene_t301",
        ),
        "tag, no hyphen",
    ),
    ("晶源 T-401A", ("node:jingyuan_polysilicon:t_tcs_t401a",), "tag + enterprise"),
    ("鑫燃 V-101", ("node:xinran_lpg:t_sph_1",), "tag + enterprise"),
    ("ZA-01/02", ("node:runleng_cold_store:t_hpr",), "tag"),
    (
        "恒晟 集合点",
        tuple(
            f"node:hengsheng_chloralkali:{n}"
            for n in ("ap_south", "ap_southwest", "ap_offsite_ne", "ap_offsite_sw", "ap_east")
        ),
        "node by name + enterprise",
    ),
    ("液氯储罐出口紧急切断阀", ("node:hengsheng_chloralkali:esd_cl_storage",), "ESD point"),
    ("剧毒化学品库", ("node:kangtuo_pharma:wh_toxic", "unit:kangtuo_pharma:u_toxic_store"), "warehouse"),
    (
        "恒晟 chlorine tank",
        (
            "node:hengsheng_chloralkali:t_cl_v301a",
            "node:hengsheng_chloralkali:t_cl_v301b",
            "unit:hengsheng_chloralkali:u_cl_storage",
        ),
        "mixed scripts",
    ),
    # plans and plan sections
    ("液氯泄漏专项应急预案", ("plan:hengsheng-cl-leak",), "plan title"),
    ("钢瓶泄漏", ("plan:hengsheng-cl-leak#4-2-钢瓶泄漏",), "plan section"),
    ("氰化氢 救人与急救", ("plan:kangtuo-cyanide#4-2-救人与急救",), "plan section"),
    ("硝化反应失控", ("plan:ruifeng-nitration-runaway", "scenario:nitration-runaway"), "plan / scenario"),
    # SDS sections
    ("氯 泄漏应急处理", ("sds:chlorine:6",), "SDS section"),
    ("氟化氢 急救措施", ("sds:hydrogen_fluoride:4",), "SDS section"),
    ("ammonia first-aid measures", ("sds:ammonia_anhydrous:4",), "SDS section en"),
    # scenarios
    ("双事故", ("scenario:xinyi-twin",), "scenario"),
    ("BLEVE", ("scenario:lpg-bleve",), "scenario en"),
    # mixed scripts in one token
    ("UN1017液氯", ("chemical:chlorine",), "mixed scripts"),
]


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory):
    from drillsim.loading import load_content
    from drillsim.search import open_index

    content = load_content(REPO)
    ix = open_index(content, REPO, cache=tmp_path_factory.mktemp("search-cache"))
    yield ix
    ix.close()


def _rank(ix, query: str, expected: tuple[str, ...]) -> int | None:
    hits = ix.search(query, limit=10)
    for i, h in enumerate(hits, 1):
        if h.id in expected:
            return i
    return None


def test_relevance_suite_is_big_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c[2].split()[0] for c in CASES}) >= 10
    assert any(len(q) == 1 for q, _e, _c in CASES)


def test_relevance_recall_and_mrr(sample_index, capsys: pytest.CaptureFixture[str]) -> None:
    ranks = {q: _rank(sample_index, q, exp) for q, exp, _cat in CASES}
    recall3 = sum(1 for r in ranks.values() if r is not None and r <= 3) / len(CASES)
    mrr = sum(1.0 / r for r in ranks.values() if r) / len(CASES)
    misses = {q: r for q, r in ranks.items() if r is None or r > 1}
    with capsys.disabled():
        print(f"\nsearch relevance: {len(CASES)} queries, recall@3 = {recall3:.3f}, MRR = {mrr:.3f}")
        for q, r in misses.items():
            print(f"  not first: {q!r} -> rank {r}")
    assert recall3 >= RECALL_AT_3_FLOOR, misses
    assert mrr >= MRR_FLOOR, misses


def test_cas_typo_gives_a_hint(sample_index) -> None:
    res = sample_index.query("7782-50-4")
    assert res.hints == ("7782-50-4: check digit should be 5 — did you mean 7782-50-5?",)
    assert res.hits[0].id == "chemical:chlorine"


@pytest.mark.parametrize("query", ["7782-50-5", "UN1017", "1017", "un 1017"])
def test_exact_identifier_ranks_first_by_far(sample_index, query: str) -> None:
    hits = sample_index.search(query, limit=5)
    assert hits[0].id == "chemical:chlorine"
    assert hits[0].score > 3 * hits[1].score


def test_whole_name_beats_partial_match(sample_index) -> None:
    hits = sample_index.search("液氯", limit=10)
    assert hits[0].id == "chemical:chlorine"
    assert hits[0].score > 2 * hits[1].score


def test_filters_by_kind_and_enterprise(sample_index) -> None:
    hits = sample_index.search("氯", limit=20, kind="site_node", enterprise="hengsheng_chloralkali")
    assert hits
    assert all(h.kind == "site_node" and h.enterprise == "hengsheng_chloralkali" for h in hits)


def test_snippets_mark_the_match(sample_index) -> None:
    hit = sample_index.search("纬一路", limit=1)[0]
    assert "**纬一路**" in hit.snippet


def test_hits_know_where_they_live(sample_index) -> None:
    hit = sample_index.search("钢瓶泄漏", limit=1)[0]
    assert hit.path == "plans/hengsheng_chloralkali/hengsheng-cl-leak.md"
    assert hit.anchor == "4-2-钢瓶泄漏"
    assert hit.enterprise == "hengsheng_chloralkali"
    sds = sample_index.search("氯 泄漏应急处理", limit=1)[0]
    assert sds.path == "kb/sds/chlorine.md" and sds.anchor.startswith("6-")
