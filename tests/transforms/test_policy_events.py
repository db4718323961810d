"""Policy documents become policy_issued events from their stored metadata (transforms.policy_events)."""

from __future__ import annotations

import pytest

from transforms.policy_events import issuer_name, policy_event

pytestmark = pytest.mark.unit

GOV = {
    "outlet": "gov",
    "issuer": "国家发展改革委",
    "doc_number": "发改高技〔2025〕702号",
    "written_date": "2025年06月03日",
}


def test_a_gov_cn_policy_keeps_issuer_number_promulgation_date_and_nationwide_scope():
    event = policy_event(
        doc_type="policy",
        title="关于支持细胞和基因治疗产业高质量发展的若干措施",
        body_text="为推动细胞和基因治疗产业高质量发展，提出以下措施。",
        published_at="2025-06-12T10:00:00+00:00",
        metadata=GOV,
    )
    assert event is not None
    assert (event.policy, event.issuer, event.document_number, event.date, event.region, event.is_draft) == (
        "关于支持细胞和基因治疗产业高质量发展的若干措施",
        "国家发展改革委",
        "发改高技〔2025〕702号",
        "2025-06-03",  # 成文日期, not the day gov.cn published it
        "全国",
        False,
    )


def test_an_nmpa_notice_takes_its_number_from_the_title_and_its_policy_from_the_tagged_title():
    event = policy_event(
        doc_type="policy",
        title="国家药监局关于发布《人源性干细胞产品药学研究与评价技术指导原则（修订版）》的通告（2025年第88号）",
        body_text="……现予发布，自发布之日起施行。",
        # 06:30 UTC is 14:30 in Beijing: the notice is of 2 December.
        published_at="2025-12-02T06:30:00+00:00",
        metadata={"content_source": "国家药品监督管理局"},
        title_policies=["人源性干细胞产品药学研究与评价技术指导原则（修订版）"],
    )
    assert event is not None
    assert (event.policy, event.issuer, event.document_number, event.date) == (
        "人源性干细胞产品药学研究与评价技术指导原则（修订版）",
        "国家药监局",
        "国家药监局通告2025年第88号",
        "2025-12-02",
    )


@pytest.mark.parametrize(
    ("title", "body", "draft"),
    [
        ("国家药监局综合司公开征求《细胞治疗产品生产质量管理附录（修订稿）》意见", "", True),
        ("关于公开征求《干细胞临床研究管理办法》修订意见的通知", "", True),
        ("关于印发细胞治疗产业若干措施的通知", "现将《措施》公开征求意见稿印发", True),
        ("关于印发细胞治疗产业若干措施的通知", "在广泛征求意见的基础上，制定了本措施。", False),
    ],
)
def test_drafts_for_comment_are_flagged(title, body, draft):
    event = policy_event(
        doc_type="policy", title=title, body_text=body, published_at="2025-05-30T09:00:00+00:00", metadata={}
    )
    assert event is not None
    assert event.is_draft is draft


def test_a_local_issuer_gives_its_region_and_a_region_in_the_title_wins():
    local = policy_event(
        doc_type="policy",
        title="上海市促进细胞治疗科技创新与产业发展行动方案",
        body_text="",
        published_at="2025-03-01T00:00:00+00:00",
        metadata={"issuer": "上海市人民政府办公厅"},
    )
    zone = policy_event(
        doc_type="policy",
        title="国务院关于同意在海南博鳌乐城国际医疗旅游先行区开展干细胞临床研究先行先试的批复",
        body_text="",
        published_at="2025-07-08T02:20:00+00:00",
        metadata={"issuer": "国务院", "written_date": "2025年07月01日"},
        title_regions=["海南博鳌乐城国际医疗旅游先行区"],
    )
    assert local is not None
    assert zone is not None
    assert local.region == "上海市"
    assert (zone.region, zone.date) == ("海南博鳌乐城国际医疗旅游先行区", "2025-07-01")


def test_other_documents_give_no_policy_event():
    assert (
        policy_event(doc_type="news", title="t", body_text="", published_at="2025-01-01T00:00:00+00:00", metadata={})
        is None
    )


def test_issuer_names():
    assert issuer_name("国家卫生健康委员会") == "国家卫健委"
    assert issuer_name("科技教育司", outlet="nhc") == "国家卫健委科技教育司"
    assert issuer_name("国家市场监督管理总局") == "国家市场监督管理总局"
    assert issuer_name("") is None


def _event(**values):
    from transforms.types import Event

    base = dict.fromkeys(("date", "drug", "company", "indication", "policy", "region", "amount"))
    base.update(evidence="s", field="text", evidence_start=0, evidence_end=1, confidence=0.8)
    return Event(**(base | values))


def test_the_transform_stage_stages_the_document_event_instead_of_quoted_policies():
    from cgtwatch.pipeline import extraction_rows
    from transforms.types import DocumentExtraction, Entity
    from warehouse.loaders import STAGED_EVIDENCE_COLUMNS

    title = "国家药监局关于发布《基因治疗产品长期随访临床研究技术指导原则》的通告"
    doc = {
        "doc_id": "d1",
        "source": "policy",
        "doc_type": "policy",
        "title": title,
        "body_text": "根据《药品管理法》，现予发布。",
        "published_at": "2025-11-19T16:00:00+00:00",
        "metadata": {"outlet": "gov", "issuer": "国家药监局", "doc_number": "国家药监局通告2025年第61号"},
    }
    quoted = _event(type="policy_issued", date="2019-08", policy="中华人民共和国药品管理法")
    policy_entity = Entity(
        "policy",
        "基因治疗产品长期随访临床研究技术指导原则",
        "基因治疗产品长期随访临床研究技术指导原则",
        "title",
        10,
        30,
    )
    _, evidence = extraction_rows(doc, DocumentExtraction("d1", (policy_entity,), (quoted,), "lex"))
    assert [(e["event_type"], e["policy"], e["document_number"], e["event_date"], e["field"]) for e in evidence] == [
        (
            "policy_issued",
            "基因治疗产品长期随访临床研究技术指导原则",
            "国家药监局通告2025年第61号",
            "2025-11-20",
            "title",
        )
    ]
    assert set(evidence[0]) == set(STAGED_EVIDENCE_COLUMNS)


def test_the_transform_stage_credits_the_associate_that_develops_the_product():
    from cgtwatch.pipeline import extraction_rows
    from transforms.types import DocumentExtraction, Entity

    body = "公司参股公司广州达博细胞生物技术有限公司研发的DB-NK01注射液获得默示许可。公司持有其15%股权。"
    start = body.index("广州达博")
    doc = {
        "doc_id": "d2",
        "source": "cninfo",
        "doc_type": "announcement",
        "company_name": "达安基因",
        "title": "关于参股公司产品获得临床试验默示许可的公告",
        "body_text": body,
        "published_at": "2025-03-14T00:00:00+08:00",
        "metadata": {},
    }
    company = Entity("company", "广州达博细胞生物技术有限公司", "达博细胞", "text", start, start + 14)
    approval = _event(type="ind_approval", date="2025-03", drug="DB-NK01", company="达安基因", issuer="药审中心")
    _, evidence = extraction_rows(doc, DocumentExtraction("d2", (company,), (approval,), "lex"))
    assert [(e["company"], e["parent_company"], e["parent_stake"], e["regulator"]) for e in evidence] == [
        ("达博细胞", "达安基因", 15.0, "NMPA")
    ]
