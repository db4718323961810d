from __future__ import annotations

import pytest

from transforms.dedup import (
    MINHASH_METHODS,
    KnownDocument,
    RepostIndex,
    assign_reposts,
    event_key,
    hamming,
    jaccard,
    minhash,
    near_duplicate_groups,
    shingles,
    signatures,
    simhash,
)
from transforms.types import Event

pytestmark = pytest.mark.unit

STORY = (
    "1月2日，国家药监局通过优先审评审批程序附条件批准铂生卓越生物科技（北京）有限公司申报的艾米迈托赛注射液上市，"
    "用于治疗14岁及以上消化道受累为主的激素治疗失败的急性移植物抗宿主病。这是我国首款获批上市的干细胞治疗药物，"
    "标志着我国干细胞治疗产业进入新阶段。业内人士认为，该产品的获批将带动更多企业加大研发投入。"
)
REPOST = "（本报记者 张三）" + STORY.replace("业内人士认为", "分析人士指出") + "\n责任编辑：李四"
OTHER = (
    "4月8日，苏州星璨生物科技有限公司宣布完成3亿元B轮融资，由高瓴资本领投，"
    "启明创投跟投，资金将用于帕金森病新药的临床研究。"
)


def test_shingles():
    assert shingles("干细胞，药物", 3) == ["干细胞", "细胞药", "胞药物"]


def test_simhash_is_deterministic_and_separates_stories():
    assert simhash(STORY) == simhash(STORY)
    assert hamming(simhash(STORY), simhash(OTHER)) > 10


def test_minhash_estimates_jaccard():
    a, b = minhash(STORY), minhash(REPOST)
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    assert agree > 0.6
    assert sum(x == y for x, y in zip(a, minhash(OTHER), strict=True)) / len(a) < 0.2
    assert jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert jaccard(set(), set()) == 1.0


@pytest.mark.parametrize("method", MINHASH_METHODS)
def test_near_duplicate_groups(method):
    groups = near_duplicate_groups([("a", STORY), ("b", OTHER), ("c", REPOST)], method=method)
    assert groups == [["a", "c"], ["b"]]


@pytest.mark.parametrize("method", MINHASH_METHODS)
def test_signatures_are_stable_and_index_finds_the_repost(method):
    story, repost, other = signatures([STORY, REPOST, OTHER], method=method)
    assert signatures([STORY], method=method) == [story]
    assert all(0 <= v < 2**64 for v in story)
    index = RepostIndex(method=method)
    index.add("story", story)
    index.add("other", other)
    assert "story" in index.candidates(repost)
    assert "story" not in index.candidates(other)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown MinHash method"):
        signatures([STORY], method="simhash")


SECOND_REPOST = "据新华社报道，" + STORY.replace("标志着", "意味着")


def test_reposts_join_the_group_of_an_earlier_run_and_the_earliest_report_names_it():
    first_run = assign_reposts([("b", "2025-01-03 b", REPOST), ("o", "2025-01-05 o", OTHER)], [], lambda _: {})
    assert [(r.doc_id, r.group_doc_id) for r in first_run] == [("b", "b"), ("o", "o")]
    known = [
        KnownDocument(
            r.doc_id, f"2025-01-0{3 if r.doc_id == 'b' else 5} {r.doc_id}", r.group_doc_id, r.similarity, r.signature
        )
        for r in first_run
    ]
    texts = {"b": REPOST, "o": OTHER}
    asked: list[list[str]] = []

    def texts_of(ids):
        asked.append(list(ids))
        return {i: texts[i] for i in ids}

    # A later run brings the original story (published earlier) and another repost.
    second = assign_reposts([("a", "2025-01-02 a", STORY), ("c", "2025-01-04 c", SECOND_REPOST)], known, texts_of)
    groups = {r.doc_id: (r.group_doc_id, round(r.similarity, 2)) for r in second}
    assert set(groups) == {"a", "b", "c"}  # b is renamed; o is untouched
    assert {g for g, _ in groups.values()} == {"a"}
    assert groups["a"][1] == 1.0
    assert 0.6 <= groups["b"][1] < 1.0
    assert ["o"] not in asked  # only LSH candidates are read back


def test_repost_groups_do_not_depend_on_the_order_of_runs():
    docs = [("a", "1 a", STORY), ("b", "2 b", REPOST), ("c", "3 c", SECOND_REPOST), ("o", "4 o", OTHER)]
    texts = {d: t for d, _, t in docs}
    outcomes = set()
    for split in ([docs], [docs[2:], docs[:2]], [[docs[1]], [docs[3], docs[0]], [docs[2]]]):
        known: dict[str, KnownDocument] = {}
        for run in split:
            for r in assign_reposts(run, list(known.values()), lambda ids: {i: texts[i] for i in ids}):
                order = next(o for d, o, _ in docs if d == r.doc_id)
                known[r.doc_id] = KnownDocument(r.doc_id, order, r.group_doc_id, r.similarity, r.signature)
        outcomes.add(tuple(sorted((k.doc_id, k.group_doc_id, round(k.similarity, 6)) for k in known.values())))
    assert len(outcomes) == 1


def _ev(type_="drug_approval", date="2025-01-02", drug="艾米迈托赛注射液", conf=0.9, evidence="s"):
    return Event(
        type=type_,
        date=date,
        drug=drug,
        company=None,
        indication=None,
        policy=None,
        region=None,
        amount=None,
        evidence=evidence,
        field="text",
        evidence_start=0,
        evidence_end=1,
        confidence=conf,
    )


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_ev(), ("drug_approval", "艾米迈托赛注射液")),
        (
            _ev(type_="market_forecast", date="2025-03", drug=None, evidence="预计到2029年市场规模将超过2000亿元"),
            ("market_forecast", "2029||"),
        ),
    ],
)
def test_event_key(event, expected):
    assert event_key(event) == expected
