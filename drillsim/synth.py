"""A synthetic city for benchmarks: N varied, fictional, bilingual handover boxes and plans built from the sample's.

Pure: takes the sample tree as texts, returns the new tree as texts (``relative path -> text``);
``drillsim synth`` does the reading and writing. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import yaml

# Chinese company names open with a place: the city for its urban districts, else the county / county-level city
PLACE_PREFIX = {
    "gulou": ("徐州", "Xuzhou"),
    "yunlong": ("徐州", "Xuzhou"),
    "quanshan": ("徐州", "Xuzhou"),
    "tongshan": ("徐州", "Xuzhou"),
    "jiawang": ("贾汪", "Jiawang"),
    "pizhou": ("邳州", "Pizhou"),
    "xinyi": ("新沂", "Xinyi"),
    "suining": ("睢宁", "Suining"),
    "fengxian": ("丰县", "Fengxian"),
    "peixian": ("沛县", "Peixian"),
}
_KNOWN_PREFIXES = ("徐州", "贾汪", "邳州", "新沂", "睢宁", "丰县", "沛县", "铜山")
# brand characters with one common reading, so the English brand (pinyin) is right
BRAND_CHARS = "恒瑞安鑫宏华泰盛德永金润嘉凯立达昌源丰信诚明远新海天正顺兴通力博宇辰祥福康益利豪威冠汇晨鼎峰晶鸿旭航卓越腾佳星美蓝创恩俊"
ROADS = (
    ("经一路", "Jingyi Road"),
    ("经二路", "Jinger Road"),
    ("经三路", "Jingsan Road"),
    ("经五路", "Jingwu Road"),
    ("纬二路", "Weier Road"),
    ("纬四路", "Weisi Road"),
    ("纬六路", "Weiliu Road"),
    ("化工大道", "Huagong Avenue"),
    ("工业路", "Gongye Road"),
    ("创业路", "Chuangye Road"),
    ("振兴大道", "Zhenxing Avenue"),
    ("环园路", "Huanyuan Road"),
    ("港湾路", "Gangwan Road"),
    ("兴业路", "Xingye Road"),
)
SURNAMES = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
            ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"))  # fmt: skip
GIVEN = (("建国", "Jianguo"), ("海燕", "Haiyan"), ("立新", "Lixin"), ("志强", "Zhiqiang"), ("秀英", "Xiuying"),
         ("晓东", "Xiaodong"), ("明华", "Minghua"), ("桂兰", "Guilan"), ("文军", "Wenjun"), ("红梅", "Hongmei"),
         ("永刚", "Yonggang"), ("丽娟", "Lijuan"), ("国庆", "Guoqing"), ("春生", "Chunsheng"), ("静", "Jing"))  # fmt: skip
_TAG_RE = re.compile(r"^([A-Z]{0,3})-?(\d{1,4})([A-Z]?)$")


@dataclass(slots=True)
class SampleTree:
    """The sample content as texts: files copied verbatim, plus the boxes and plans used as templates."""

    copied: dict[str, bytes] = field(
        default_factory=dict
    )  # kb/city, kb/chemicals, kb/sds, injects, rubrics, city plans
    boxes: dict[str, str] = field(default_factory=dict)  # enterprise id -> YAML text
    plans: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # enterprise id -> [(rel path, text)]
    scenarios: dict[str, str] = field(default_factory=dict)  # rel path -> YAML text
    city_yaml: str = ""
    roads_yaml: str = ""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown file with ``---`` YAML front matter.

    >>> split_front_matter("---\\nid: a\\n---\\n# T\\n")
    ({'id': 'a'}, '# T\\n')
    """
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    front = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4 :].lstrip("\n")
    return dict(front), body


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same YAML, much faster


def _dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )


def _brand(name_zh: str) -> tuple[str, str]:
    """(place prefix, two-character brand) of a company name like 徐州恒晟氯碱化工有限公司."""
    for p in _KNOWN_PREFIXES:
        if name_zh.startswith(p):
            return p, name_zh[len(p) : len(p) + 2]
    return "", name_zh[:2]


def _brand_en(box: Mapping[str, Any], brand_zh: str) -> str:
    for s in box.get("short_names") or ():
        if isinstance(s, str) and s.isascii():
            return s.split()[0]
    return _pinyin_cap(brand_zh)


def _pinyin_cap(zh: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(zh)).capitalize()


def _retag(tag: str, offset: int) -> str:
    """A tank/building tag renumbered by ``offset`` keeping its letters and digit count.

    >>> _retag("V-301A", 417), _retag("T-1", 5)
    ('V-718A', 'T-6')
    """
    m = _TAG_RE.match(tag)
    if not m:
        return tag
    letters, digits, suffix = m.groups()
    n, width = int(digits), len(digits)
    lo = 10 ** (width - 1) if width > 1 else 1
    span = 10**width - lo
    new = lo + (n - lo + offset) % span
    sep = "-" if "-" in tag else ""
    return f"{letters}{sep}{new:0{width}d}{suffix}"


def _replace_all(obj: Any, pairs: list[tuple[str, str]]) -> Any:
    if isinstance(obj, str):
        for old, new in pairs:
            obj = obj.replace(old, new)
        return obj
    if isinstance(obj, list):
        return [_replace_all(x, pairs) for x in obj]
    if isinstance(obj, dict):
        return {k: _replace_all(v, pairs) for k, v in obj.items()}
    return obj


class _Namer:
    """Unique brands and people names, drawn from one seeded stream."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.taken = set(taken)

    def brand(self, prefix: str, suffix: str) -> str:
        for _ in range(10000):
            b = self.rng.choice(BRAND_CHARS) + self.rng.choice(BRAND_CHARS)
            if b[0] != b[1] and prefix + b + suffix not in self.taken:
                self.taken.add(prefix + b + suffix)
                return b
        raise ValueError("ran out of enterprise names")

    def person(self) -> tuple[str, str]:
        s, g = self.rng.choice(SURNAMES), self.rng.choice(GIVEN)
        return s[0] + g[0], f"{s[1]} {g[1]}"


def synth_city(
    sample: SampleTree, n: int, seed: int = 0, today: date | None = None
) -> dict[str, str | bytes]:
    """A content tree of ``n`` enterprises: the sample's boxes first, then varied copies of them.

    City, chemicals, SDS, injects, rubrics and city plans are copied; scenarios are kept when every
    enterprise they name is in the tree. Each generated box gets a new name, brand, address, gate
    node, contacts, phone numbers, tags and verification date, and one plan adapted from its template.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    today = today or date(2026, 12, 1)
    out: dict[str, str | bytes] = dict(sample.copied)
    city = yaml.safe_load(sample.city_yaml) or {}
    roads = yaml.safe_load(sample.roads_yaml) or {}
    districts = {d["id"]: d for d in city.get("districts", [])}
    parks_of: dict[str, list[dict[str, Any]]] = {}
    for p in city.get("parks", []):
        parks_of.setdefault(p["district"], []).append(p)
    nodes_of: dict[str, list[str]] = {}
    for node in roads.get("nodes", []):
        nodes_of.setdefault(node["district"], []).append(node["id"])

    sample_ids = sorted(sample.boxes)
    kept = sample_ids[:n]
    for eid in kept:
        out[f"kb/enterprises/{eid}.yaml"] = sample.boxes[eid]
        for rel, text in sample.plans.get(eid, ()):
            out[rel] = text
    for rel, text in sample.scenarios.items():
        sc = yaml.safe_load(text) or {}
        ents = {s.get("enterprise") for inc in sc.get("incidents", []) for s in inc.get("sources", [])}
        if ents <= set(kept):
            out[rel] = text
    templates = [(eid, yaml.safe_load(sample.boxes[eid])) for eid in sample_ids]
    namer = _Namer(rng, {t["name_zh"] for _, t in templates})
    for i in range(n - len(kept)):
        tid, tbox = templates[i % len(templates)]
        eid, box_text, plan = _variant(
            tid, tbox, sample.plans.get(tid, []), i, rng, namer, districts, parks_of, nodes_of, today
        )
        out[f"kb/enterprises/{eid}.yaml"] = box_text
        if plan:
            out[plan[0]] = plan[1]
    return out


def _variant(
    tid: str,
    tbox: dict[str, Any],
    tplans: list[tuple[str, str]],
    i: int,
    rng: random.Random,
    namer: _Namer,
    districts: Mapping[str, dict[str, Any]],
    parks_of: Mapping[str, list[dict[str, Any]]],
    nodes_of: Mapping[str, list[str]],
    today: date,
) -> tuple[str, str, tuple[str, str] | None]:
    old_prefix, old_brand = _brand(tbox["name_zh"])
    old_brand_en = _brand_en(tbox, old_brand)
    district_id = rng.choice(sorted(d for d in districts if nodes_of.get(d)))
    district = districts[district_id]
    park = None
    if tbox.get("park") and parks_of.get(district_id):
        park = rng.choice(parks_of[district_id])
    prefix_zh, prefix_en = PLACE_PREFIX.get(district_id, ("徐州", "Xuzhou"))
    suffix_zh = tbox["name_zh"][len(old_prefix) + len(old_brand) :]
    brand = namer.brand(prefix_zh, suffix_zh)
    brand_en = _pinyin_cap(brand)
    industry_key = tid.split("_", 1)[1] if "_" in tid else tid
    eid = f"{brand_en.lower()}_{industry_key}_{i:05d}"[:64]
    offset = rng.randrange(1, 900)
    tags = [nd.get("tag") for nd in tbox.get("site", {}).get("nodes", []) if nd.get("tag")]
    pairs = sorted(((t, _retag(t, offset)) for t in tags if len(t) >= 3), key=lambda p: -len(p[0]))
    pairs += [(old_brand, brand), (old_brand_en, brand_en)]
    if old_prefix:
        pairs.append((old_prefix + brand, prefix_zh + brand))

    box = _replace_all(
        {k: v for k, v in tbox.items() if k not in ("id", "road_node", "district", "park")}, pairs
    )
    road_zh, road_en = rng.choice(ROADS)
    no = rng.randrange(1, 300)
    if park:
        address_zh = f"{park['name_zh']}{road_zh} {no} 号（虚构）"
        address_en = f"{no} {road_en}, {park['name_en']} (fictional)"
    else:
        address_zh = f"{district['name_zh']}{road_zh} {no} 号（虚构）"
        address_en = f"{no} {road_en}, {district['name_en']}, Xuzhou (fictional)"
    name_en = re.sub(
        r"^(Xuzhou|Xinyi|Pizhou|Jiawang|Suining|Fengxian|Peixian|Tongshan) ", "", str(box["name_en"])
    )
    area = rng.randint(5000, 8999)
    phone = f"0516-{area}-{rng.randint(1000, 9999)}"
    contacts = []
    for c in tbox.get("contacts", []):
        zh, en = namer.person()
        contacts.append(
            {**c, "name_zh": zh, "name_en": en, "phone": f"0516-{area}-{rng.randint(1000, 9999)}"}
        )
    new: dict[str, Any] = {"id": eid, **box}
    new.update(
        name_zh=prefix_zh + brand + suffix_zh,
        name_en=f"{prefix_en} {name_en}",
        address_zh=address_zh,
        address_en=address_en,
        district=district_id,
        park=park["id"] if park else None,
        road_node=rng.choice(
            [x for x in nodes_of[district_id] if not x.startswith("g_")] or nodes_of[district_id]
        ),
        last_verified=today - timedelta(days=rng.randrange(0, 540)),
        people_within_500m=max(0, int(int(tbox.get("people_within_500m", 0)) * rng.uniform(0.5, 1.5))),
        phone_24h=phone,
        contacts=contacts,
    )
    order = list(tbox.keys())
    ordered = {k: new[k] for k in ["id", *[k for k in order if k != "id"]] if k in new}
    header = f"# Synthetic handover box generated by `drillsim synth` from {tid} (FICTIONAL enterprise / 虚构企业).\n"
    box_text = header + _dump(ordered)

    plan = None
    if tplans:
        specials = [p for p in tplans if "kind: special" in p[1]] or list(tplans)
        _rel, text = specials[rng.randrange(len(specials))]
        front, body = split_front_matter(text)
        front = _replace_all(front, pairs)
        front.update(id=f"{eid}-plan"[:64], enterprise=eid)
        body = _replace_all(
            body, pairs + [(tbox["name_zh"], ordered["name_zh"]), (tbox["name_en"], ordered["name_en"])]
        )
        for old, new_s in (
            (tbox.get("address_zh", ""), address_zh),
            (tbox.get("address_en", ""), address_en),
        ):
            if old:
                body = body.replace(old, new_s)
        plan = (f"plans/{eid}/{front['id']}.md", "---\n" + _dump(front) + "---\n" + body)
    return eid, box_text, plan
