"""The digest model on hand-made rows, its window rule on a warehouse built by the real loaders, and escaping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from cgtwatch.digest import (
    SECTIONS,
    WindowRows,
    build_digest,
    chart_start,
    interval_window,
    load_window,
    md_escape,
    query_events,
    render_html,
    render_markdown,
    window_name,
)
from tests.warehouse.test_views import warehouse  # noqa: F401  (the fixture: a warehouse from known rows)

pytestmark = pytest.mark.unit
BJ = timezone(timedelta(hours=8))
SINCE, UNTIL = date(2025, 3, 3), date(2025, 3, 9)


def event(event_id: str, event_type: str, window_date: date, **extra) -> dict:
    row = {
        "event_id": event_id,
        "event_type": event_type,
        "event_date": window_date.isoformat(),
        "window_date": window_date,
        "first_doc_id": f"{event_id}-doc1",
        "drug": None,
        "company": None,
        "investors": [],
        # A column a later migration might add: the model must ignore it.
        "some_future_column": "ignored",
    }
    row.update(extra)
    return row


def report(event_id: str, doc: str, published: datetime, evidence: str, source: str = "news") -> dict:
    return {
        "event_id": event_id,
        "doc_id": f"{event_id}-{doc}",
        "source": source,
        "url": f"https://example.com/{event_id}/{doc}",
        "title": f"title {doc}",
        "published_at": published,
        "evidence": evidence,
    }


def rows_of(events: list[dict], evidence: list[dict], mentions: list[dict] | None = None) -> WindowRows:
    return WindowRows(SINCE, UNTIL, chart_start(SINCE, UNTIL), events, evidence, mentions or [])


def test_every_known_type_gets_a_section_in_order_and_unknown_types_are_kept():
    digest = build_digest(
        rows_of(
            [
                event("a", "drug_approval", date(2025, 3, 4), drug="X注射液"),
                event("b", "new_kind_of_event", date(2025, 3, 5)),
                event("old", "drug_approval", date(2025, 2, 1)),
            ],
            [],
        )
    )
    keys = [s.key for s in digest.sections]
    assert keys == [key for key, _, _ in SECTIONS] + ["other"]
    assert {"priority_review", "breakthrough_therapy"} <= set(keys)
    by_key = {s.key: s for s in digest.sections}
    assert [i.event_id for i in by_key["drug_approval"].items] == ["a"], "an event before the window stays out"
    assert [i.event_id for i in by_key["other"].items] == ["b"]
    assert by_key["priority_review"].items == ()
    assert digest.total_events == 2


def test_items_lead_with_the_first_reports_evidence_and_list_every_source_in_publication_order():
    digest = build_digest(
        rows_of(
            [event("a", "drug_approval", date(2025, 3, 4), first_doc_id="a-doc1")],
            [
                report("a", "doc2", datetime(2025, 3, 5, tzinfo=BJ), "later sentence", "eastmoney"),
                report("a", "doc1", datetime(2025, 3, 4, tzinfo=BJ), "first sentence", "nmpa"),
            ],
        )
    )
    (item,) = digest.sections[0].items
    assert item.evidence == "first sentence"
    assert [s.source for s in item.sources] == ["nmpa", "eastmoney"]
    assert [s.url for s in item.sources] == ["https://example.com/a/doc1", "https://example.com/a/doc2"]


def test_columns_of_newer_warehouses_show_as_facts_and_others_are_ignored():
    row = event(
        "p", "policy_issued", date(2025, 3, 4), policy="办法", document_number="国药监〔2025〕1号", is_draft=True
    )
    (item,) = build_digest(rows_of([row], [])).sections[8].items
    assert item.extra_facts == ("文号 国药监〔2025〕1号", "draft for comment (征求意见稿)")
    assert "国药监〔2025〕1号" in render_html(build_digest(rows_of([row], [])))


def test_financing_total_largest_rounds_and_undisclosed_amounts():
    events = [
        event("f1", "financing", date(2025, 3, 3), company="甲", amount_cny=1e8, round="A轮"),
        event("f2", "financing", date(2025, 3, 4), company="乙", amount_cny=5e8, round="B轮", investors=["基金"]),
        event("f3", "financing", date(2025, 3, 5), company="丙", amount_cny=None),
        event("f0", "financing", date(2025, 2, 3), company="丁", amount_cny=9e8),
    ]
    digest = build_digest(rows_of(events, []))
    assert digest.financing.total_cny == 6e8
    assert digest.financing.rounds == 3
    assert digest.financing.undisclosed == 1
    assert [i.company for i in digest.financing.largest] == ["乙", "甲"]
    assert digest.financing.largest[0].investors == ("基金",)
    # The chart keeps the weeks before the window: February's round is in its month.
    assert [(m.month, m.amount_cny, m.rounds) for m in digest.financing_per_month] == [
        (date(2025, 2, 1), 9e8, 1),
        (date(2025, 3, 1), 6e8, 3),
    ]


def test_policies_are_grouped_by_issuer_and_region():
    events = [
        event("p1", "policy_issued", date(2025, 3, 3), policy="办法甲", issuer="国家药监局"),
        event("p2", "policy_issued", date(2025, 3, 4), policy="方案乙", issuer="上海市人民政府", region="上海"),
        event("p3", "policy_issued", date(2025, 3, 5), policy="指南丙", issuer="国家药监局"),
    ]
    groups = build_digest(rows_of(events, [])).policy_groups
    assert [(g.issuer, g.region, [i.policy for i in g.items]) for g in groups] == [
        ("上海市人民政府", "上海", ["方案乙"]),
        ("国家药监局", "national / not stated", ["办法甲", "指南丙"]),
    ]


def test_events_per_week_count_by_monday_and_type():
    events = [
        event("a", "ind_approval", date(2025, 3, 3)),
        event("b", "ind_approval", date(2025, 3, 9)),
        event("c", "ind_accepted", date(2025, 2, 26)),
    ]
    weeks = build_digest(rows_of(events, [])).events_per_week
    assert [(w.week, w.event_type, w.count) for w in weeks] == [
        (date(2025, 2, 24), "ind_accepted", 1),
        (date(2025, 3, 3), "ind_approval", 2),
    ]


def test_mention_trends_follow_the_most_mentioned_names_of_the_window():
    mentions = [
        {"day": date(2025, 3, 3) + timedelta(days=i % 7), "entity_type": "drug", "canonical": f"D{i}", "mentions": i}
        for i in range(1, 8)
    ] + [
        {"day": date(2025, 2, 20), "entity_type": "drug", "canonical": "D7", "mentions": 3},
        {"day": date(2025, 2, 20), "entity_type": "drug", "canonical": "Old", "mentions": 99},
        {"day": date(2025, 3, 4), "entity_type": "company", "canonical": "C", "mentions": 2},
    ]
    trends = build_digest(rows_of([], [], mentions)).mention_trends
    assert {p.name for p in trends if p.entity_type == "drug"} == {"D3", "D4", "D5", "D6", "D7"}, (
        "the top five of the window; a name loud only before it is not followed"
    )
    assert [(p.week, p.mentions) for p in trends if p.name == "D7"] == [(date(2025, 2, 17), 3), (date(2025, 3, 3), 7)]
    assert [p.name for p in trends if p.entity_type == "company"] == ["C"]


@pytest.mark.parametrize(
    ("since", "until", "name"),
    [
        (date(2025, 1, 13), date(2025, 1, 19), "2025-W03"),
        (date(2024, 12, 30), date(2025, 1, 5), "2025-W01"),
        (date(2025, 1, 14), date(2025, 1, 20), "2025-01-14_2025-01-20"),
        (date(2025, 1, 1), date(2025, 12, 31), "2025-01-01_2025-12-31"),
    ],
)
def test_window_names(since, until, name):
    assert window_name(since, until) == name


def test_a_weekly_data_interval_is_monday_to_sunday_in_beijing():
    start = datetime(2025, 1, 12, 16, tzinfo=UTC)  # Monday 2025-01-13 00:00 in Beijing
    assert interval_window(start, start + timedelta(days=7)) == (date(2025, 1, 13), date(2025, 1, 19))


def test_third_party_text_is_escaped_in_html_and_markdown():
    hostile = '<script>alert("x")</script><img src=https://evil.example/t.gif> [click](https://evil.example)'
    digest = build_digest(
        rows_of(
            [event("a", "drug_approval", date(2025, 3, 4), drug="<b>X</b>", first_doc_id="a-doc1")],
            [
                report("a", "doc1", datetime(2025, 3, 4, tzinfo=BJ), hostile),
                {**report("a", "doc2", datetime(2025, 3, 5, tzinfo=BJ), "ok"), "url": "javascript:alert(1)"},
            ],
        )
    )
    page = render_html(digest)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None
    assert not [img for img in soup.find_all("img")], "no image: nothing the page would fetch"
    assert hostile in soup.get_text(), "shown as text, verbatim"
    assert "<b>X</b>" in soup.get_text()
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert "javascript:alert(1)" not in hrefs
    assert "https://example.com/a/doc1" in hrefs
    md = render_markdown(digest)
    assert "<script>" not in md
    assert "](https://evil.example)" not in md
    assert md_escape("[a](b) <i>") == r"\[a\]\(b\) \<i\>"


def test_the_window_rule_on_a_loaded_warehouse(warehouse):  # noqa: F811
    # ZYX-101's approval is dated only "2025-03": it belongs to the week it was first reported (03-10).
    march_first = load_window(warehouse, date(2025, 3, 3), date(2025, 3, 9))
    march_second = load_window(warehouse, date(2025, 3, 10), date(2025, 3, 16))
    assert [s.key for s in build_digest(march_first).sections if s.items] == []
    second = build_digest(march_second)
    (item,) = [i for s in second.sections for i in s.items]
    assert (item.event_type, item.product, item.event_date) == ("ind_approval", "ZYX-101", "2025-03")
    assert [s.url for s in item.sources] == ["http://www.cninfo.com.cn/new/disclosure/detail?announcementId=c"]


def test_query_events_filters_by_product_type_and_window(warehouse):  # noqa: F811
    found = query_events(warehouse, product="艾米迈托", types=["drug_approval", "first_prescription"])
    assert [(i.event_type, i.event_date) for i in found] == [
        ("drug_approval", "2025-01-02"),
        ("first_prescription", "2025-06-05"),
    ]
    approval = found[0]
    assert len(approval.sources) == 2, "both reports of the approval"
    assert query_events(warehouse, types=["financing"], company="华龛")[0].amount_cny == 3e8
    assert query_events(warehouse, since=date(2025, 6, 1), until=date(2025, 6, 30), product="艾米") == found[1:]
    assert {i.event_type for i in query_events(warehouse, product="艾米迈托")} >= {
        "drug_approval",
        "first_prescription",
    }
    assert query_events(warehouse, company="nobody") == []


def test_the_weekly_task_before_any_load_says_there_is_no_warehouse(tmp_path, monkeypatch):
    # The digest DAG turns this error into a skipped task: a new deployment's first week has nothing to read.
    from cgtwatch.digest import digest_task
    from cgtwatch.errors import WarehouseMissingError

    monkeypatch.setenv("CGTWATCH_DATA_DIR", str(tmp_path))
    start = datetime(2025, 1, 5, 16, tzinfo=UTC)
    with pytest.raises(WarehouseMissingError, match="no warehouse"):
        digest_task(start, start + timedelta(days=7))
    assert not list(tmp_path.rglob("*.html"))
