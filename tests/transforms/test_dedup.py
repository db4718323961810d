from __future__ import annotations

import pytest

from transforms.dedup import (
    event_key,
    hamming,
    jaccard,
    merge_events,
    minhash,
    near_duplicate_groups,
    shingles,
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


def test_near_duplicate_groups():
    groups = near_duplicate_groups([("a", STORY), ("b", OTHER), ("c", REPOST)])
    assert groups == [["a", "c"], ["b"]]


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


def test_merge_events_one_event_many_evidence():
    merged = merge_events(
        [
            ("doc2", "2025-01-03T09:00", _ev(date="2025-01", conf=0.8, evidence="近日获批")),
            ("doc1", "2025-01-02T18:00", _ev(evidence="1月2日获批")),
            ("doc1", "2025-01-02T18:00", _ev(evidence="标题")),
            ("doc3", "2025-01-04T08:00", _ev(date="2025-01-03")),
            ("doc4", "2025-06-06T08:00", _ev(type_="first_prescription", date="2025-06-05")),
            ("doc5", "2021-06-23T08:00", _ev(date="2021-06", drug="阿基仑赛注射液")),
        ]
    )
    assert [m.key for m in merged] == [
        "drug_approval|阿基仑赛注射液|2021-06",
        "drug_approval|艾米迈托赛注射液|2025-01-02",
        "first_prescription|艾米迈托赛注射液|2025-06-05",
    ]
    approval = merged[1]
    assert [e.doc_id for e in approval.evidence] == ["doc1", "doc2", "doc3"]
    assert approval.first_seen == "2025-01-02T18:00"
    assert approval.first_doc_id == "doc1"
    assert approval.event.date == "2025-01-02"


def test_merge_events_keeps_far_apart_dates_separate():
    merged = merge_events([("a", "1", _ev(date="2025-01-02")), ("b", "2", _ev(date="2025-03-02"))])
    assert len(merged) == 2


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_ev(), ("drug_approval", "艾米迈托赛注射液")),
        (_ev(type_="market_forecast", date="2029", drug=None), ("market_forecast", "2029|")),
    ],
)
def test_event_key(event, expected):
    assert event_key(event) == expected
