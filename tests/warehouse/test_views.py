"""The analyst views answer DOMAIN.md's seven questions on a warehouse built from known rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.warehouse.test_db import doc_row, write_jsonl
from tests.warehouse.test_extractions import evidence, mention
from warehouse import loaders
from warehouse.db import open_writer

pytestmark = pytest.mark.unit
NOW = datetime(2025, 12, 31, tzinfo=UTC)
STORY = (
    "1月2日，国家药监局通过优先审评审批程序附条件批准艾米迈托赛注射液上市，用于治疗14岁及以上消化道受累为主的"
    "激素治疗失败的急性移植物抗宿主病。这是我国首款获批上市的干细胞治疗药物。"
)


@pytest.fixture
def warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    docs = [doc_row(x) for x in "abcdef"]
    published = {
        "a": "2025-01-02T10:00:00+08:00",
        "b": "2025-01-03T09:00:00+08:00",
        "c": "2025-03-10T00:00:00+08:00",
        "d": "2025-04-01T00:00:00+08:00",
        "e": "2025-06-05T00:00:00+08:00",
        "f": "2025-07-07T00:00:00+08:00",
    }
    for d in docs:
        d["published_at"] = published[d["doc_id"]]
    docs[1]["source"] = "nmpa"
    # a and b are one story, reposted by a second outlet.
    docs[0]["body_text"] = STORY
    docs[1]["body_text"] = "（本报讯）" + STORY
    docs[2]["body_text"] = "中源协和子公司ZYX-101注射液获得药物临床试验批准通知书，拟用于治疗膝骨关节炎。"
    evs = [
        evidence("a", "2025-01-02", published["a"], company="铂生卓越", indication="急性移植物抗宿主病"),
        evidence("b", "2025-01", published["b"], source="nmpa"),
        evidence(
            "c",
            "2025-03",
            published["c"],
            drug="ZYX-101",
            event_type="ind_approval",
            subject_key="ind_approval|ZYX-101",
            indication="膝骨关节炎",
            company="中源协和",
        ),
        evidence(
            "d",
            "2025-03-28",
            published["d"],
            drug=None,
            event_type="financing",
            subject_key="financing|华龛生物|B轮",
            company="华龛生物",
            round="B轮",
            amount_value=3e8,
            amount_currency="CNY",
            amount_cny=3e8,
            investors=["某资本"],
        ),
        evidence(
            "e",
            "2025-06-05",
            published["e"],
            event_type="first_prescription",
            subject_key="first_prescription|艾米迈托赛注射液",
        ),
        evidence(
            "f",
            "2025-07",
            published["f"],
            drug=None,
            event_type="policy_issued",
            subject_key="policy_issued|细胞治疗产业发展行动方案",
            policy="细胞治疗产业发展行动方案",
            region="上海",
            issuer="上海市人民政府",
            document_number="沪府办发〔2025〕7号",
            is_draft=False,
        ),
        evidence(
            "c",
            "2024-11-20",
            published["c"],
            event_type="priority_review",
            subject_key="priority_review|艾米迈托赛注射液",
            acceptance_no="CXSS2400009",
            start_offset=40,
        ),
    ]
    evs[0]["regulator"] = "NMPA"
    mentions = [mention("a", 0), {**mention("b", 0), "source": "nmpa"}, mention("e", 4), mention("c", 0, "ZYX-101")]
    with open_writer(db, "run-1") as con:
        loaders.upsert_documents(con, [write_jsonl(tmp_path / "d.jsonl", docs)], "run-1", NOW)
        loaders.record_reposts(con, NOW)
        loaders.load_extractions(
            con,
            mention_files=[write_jsonl(tmp_path / "m.jsonl", mentions)],
            evidence_files=[write_jsonl(tmp_path / "e.jsonl", evs)],
            transformed_sources=["cninfo", "nmpa"],
            lexicon_version="lex-1",
            now=NOW,
        )
        loaders.record_run(
            con,
            loaders.RunRecord("run-1", NOW, NOW, "ok", NOW.date(), NOW.date(), False, ["cninfo"], None),
            [{"source": "cninfo", "status": "ok", "fetched": 6, "new": 6, "loaded": 6, "rejected": 1}],
        )
        con.execute("SET TimeZone = 'Asia/Shanghai'")
        yield con


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_v_ind_approvals(warehouse):
    assert rows(warehouse, "SELECT event_date, drug, indication, company FROM v_ind_approvals") == [
        ("2025-03", "ZYX-101", "膝骨关节炎", "中源协和")
    ]


def test_v_drug_timeline_orders_the_product_history(warehouse):
    timeline = rows(
        warehouse,
        "SELECT event_type, event_date, evidence_count, len(evidence_urls) FROM v_drug_timeline "
        "WHERE drug = '艾米迈托赛注射液'",
    )
    assert timeline == [
        ("priority_review", "2024-11-20", 1, 1),
        ("drug_approval", "2025-01-02", 2, 2),
        ("first_prescription", "2025-06-05", 1, 1),
    ]


def test_v_financings(warehouse):
    assert rows(warehouse, "SELECT event_date, company, round, amount_cny, investors FROM v_financings") == [
        ("2025-03-28", "华龛生物", "B轮", 3e8, ["某资本"])
    ]


def test_v_policies(warehouse):
    assert rows(warehouse, "SELECT event_date, policy, issuer, document_number, region, is_draft FROM v_policies") == [
        ("2025-07", "细胞治疗产业发展行动方案", "上海市人民政府", "沪府办发〔2025〕7号", "上海", False)
    ]


def test_v_approvals_by_regulator(warehouse):
    assert rows(warehouse, "SELECT regulator, event_date, drug, evidence_count FROM v_approvals") == [
        ("NMPA", "2025-01-02", "艾米迈托赛注射液", 2)
    ]


def test_v_mentions_monthly_counts_a_reposted_story_once_with_its_outlets(warehouse):
    assert rows(
        warehouse,
        "SELECT month::VARCHAR, canonical, stories, documents, mentions, outlets FROM v_mentions_monthly ORDER BY 1, 2",
    ) == [
        ("2025-01-01", "艾米迈托赛注射液", 1, 2, 2, ["cninfo", "nmpa"]),
        ("2025-03-01", "ZYX-101", 1, 1, 1, ["cninfo"]),
        ("2025-06-01", "艾米迈托赛注射液", 1, 1, 1, ["cninfo"]),
    ]
    assert rows(
        warehouse,
        "SELECT month::VARCHAR, canonical, source, mentions, stories FROM v_mentions_monthly_by_source "
        "ORDER BY 1, 2, 3",
    ) == [
        ("2025-01-01", "艾米迈托赛注射液", "cninfo", 1, 1),
        ("2025-01-01", "艾米迈托赛注射液", "nmpa", 1, 1),
        ("2025-03-01", "ZYX-101", "cninfo", 1, 1),
        ("2025-06-01", "艾米迈托赛注射液", "cninfo", 1, 1),
    ]


def test_v_event_sources_names_the_first_report(warehouse):
    reports = rows(
        warehouse,
        "SELECT source, is_first_report, first_source FROM v_event_sources "
        "WHERE event_type = 'drug_approval' ORDER BY published_at",
    )
    assert reports == [("cninfo", True, "cninfo"), ("nmpa", False, "cninfo")]


def test_v_quality(warehouse):
    assert rows(warehouse, "SELECT run_id, source, status, fetched, rejected, loaded FROM v_quality") == [
        ("run-1", "cninfo", "ok", 6, 1, 6)
    ]


def test_entity_dimensions_carry_aliases_and_native_ids(tmp_path):
    db = tmp_path / "w.duckdb"
    docs = [doc_row("a")]  # company 中源协和, stock code 600645
    mentions = [mention("a", 0, "中源协和", "company"), {**mention("a", 9, "艾米迈托赛注射液"), "surface": "睿铂生"}]
    evs = [evidence("a", "2025-01-02", "2025-01-03T00:00:00+08:00", acceptance_no="CXSL2400001")]
    with open_writer(db, "run-1") as con:
        loaders.seed_lexicon(con, [("drug", "艾米迈托赛注射液", ("睿铂生", "Aimi Maitosai"), "铂生卓越")], NOW)
        loaders.upsert_documents(con, [write_jsonl(tmp_path / "d.jsonl", docs)], "run-1", NOW)
        loaders.load_extractions(
            con,
            mention_files=[write_jsonl(tmp_path / "m.jsonl", mentions)],
            evidence_files=[write_jsonl(tmp_path / "e.jsonl", evs)],
            transformed_sources=["cninfo"],
            lexicon_version="lex-1",
            now=NOW,
        )
        drug = con.execute("SELECT canonical, owner, in_lexicon, aliases, acceptance_nos FROM dim_drug").fetchall()
        company = con.execute("SELECT canonical, stock_codes FROM dim_company").fetchall()
    assert drug == [("艾米迈托赛注射液", "铂生卓越", True, ["Aimi Maitosai", "睿铂生"], ["CXSL2400001"])]
    assert company == [("中源协和", ["600645"])]
