"""Rules added for the demo registry's remaining false events (issue 15); each case is a new sentence."""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit

# A listed company's announcement: the issuer is the announcing firm (证券简称).
HEADER = "证券代码：300999 证券简称：禾川医药 公告编号：2026-031\n"


def _events(engine, text: str, pub: str = "2026-05-20") -> list:
    return engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub)).events


@pytest.mark.parametrize(
    "text",
    [
        # a trial's design is no result: its endpoints are named, not reached
        "QT-R2注射液Ⅰ期试验为多中心、开放研究，主要终点为安全性和耐受性。",
        "该研究主要终点是12个月时的客观缓解率。",
        # milestones counted over many firms or products name no product
        "近期多家生物科技公司相继披露干细胞注射液临床试验申请获得受理的进展。",
        "截至目前，累计已有40余项CAR-T产品获得临床试验默示许可。",
    ],
)
def test_no_event_from_designs_and_aggregates(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "QT-R2注射液Ⅰ期试验达到主要终点，客观缓解率为41.7%。",
        "公司近日收到国家药监局签发的《受理通知书》，QT-R2注射液临床试验申请获得受理。",
    ],
)
def test_single_product_reports_still_give_their_event(engine, text):
    assert len(_events(engine, text)) == 1


def test_an_industry_first_cited_by_an_announcement_is_not_the_announcers(engine):
    events = _events(engine, HEADER + "公司关注到，我国首款CAR-T细胞治疗药品已于2026年3月获批上市。")
    assert [(e.type, e.drug, e.company, e.date) for e in events] == [("drug_approval", None, None, "2026-03")]


def test_the_announcers_own_first_product_stays_its_own(engine):
    events = _events(engine, HEADER + "公司自主研发的首款细胞治疗产品于2026年3月获批上市。")
    assert [(e.type, e.company) for e in events] == [("drug_approval", "禾川医药")]
