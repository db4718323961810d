from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit

PUB = "2025-06-10"


def _events(engine, text, title=None, pub=PUB):
    doc = InputDocument(id="x", text=text, title=title, published_at=pub)
    return [(e.type, e.date, e.drug) for e in engine.extract(doc).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # drug_approval: conditional approval, 获批上市, 批准…上市, 有条件批准
        (
            "1月2日，国家药监局附条件批准睿铂生上市。",
            [("drug_approval", "2025-01-02", "艾米迈托赛注射液")],
        ),
        ("2021年6月，阿基仑赛注射液获批上市。", [("drug_approval", "2021-06", "阿基仑赛注射液")]),
        (
            "8月21日，国家药监局批准某某公司的甲乙基奥仑赛注射液上市。",
            [("drug_approval", "2024-08-21", "甲乙基奥仑赛注射液")],
        ),
        # ind_approval: 默示许可, 临床试验批准通知书, IND…获…批准
        ("5月3日，XC-201注射液获得临床试验默示许可。", [("ind_approval", "2025-05-03", "XC-201注射液")]),
        (
            "6月1日，公司收到《药物临床试验批准通知书》，同意AB-101开展临床试验。",
            [("ind_approval", "2025-06-01", "AB-101")],
        ),
        ("5月20日，SOB-NK11的IND申请获得NMPA批准。", [("ind_approval", "2025-05-20", "SOB-NK11")]),
        # ind_accepted: 受理 + 临床, or an IND acceptance number
        ("5月29日，QH-101注射液临床试验申请获得受理。", [("ind_accepted", "2025-05-29", "QH-101注射液")]),
        ("5月29日，CDE承办受理号为CXSL2500654的KN-5501。", [("ind_accepted", "2025-05-29", "KN-5501")]),
        # nda_accepted: 上市申请获受理; priority_review: 纳入优先审评 (拟纳入 is CDE's official wording, not a hedge)
        (
            "3月17日，CT041的上市申请获国家药监局受理。",
            [("nda_accepted", "2025-03-17", "舒瑞基奥仑赛注射液")],
        ),
        ("10月14日，CM-301注射液拟纳入优先审评。", [("priority_review", "2024-10-14", "CM-301注射液")]),
        # clinical_result
        (
            "12月8日，HX-19治疗大B细胞淋巴瘤的客观缓解率（ORR）为85%。",
            [("clinical_result", "2024-12-08", "HX-19")],
        ),
        # research_filing needs a completed filing, not the rule that filings exist
        ("4月24日，某医院的干细胞临床研究项目完成备案。", [("research_filing", "2025-04-24", None)]),
        ("干细胞临床研究需向国家卫健委备案。", []),
        ("截至5月底，全国已有160家机构完成干细胞临床研究机构备案。", []),
        # policy_issued; drafts are not issued
        (
            "2月27日，海南省药监局印发《乐城细胞治疗管理规定》。",
            [("policy_issued", "2025-02-27", None)],
        ),
        ("9月9日，药审中心发布《某某指导原则（征求意见稿）》，公开征求意见。", []),
        # financing; hedged plans drop below the threshold
        ("4月8日，星璨生物宣布完成3亿元B轮融资。", [("financing", "2025-04-08", None)]),
        ("9月4日，中源协和公告称，公司拟向特定对象发行股票，募集资金总额不超过8亿元。", []),
        # market_forecast is dated by its statement (here the publication day: the article states it), not its horizon
        ("预计到2029年我国干细胞市场规模将突破2000亿元。", [("market_forecast", "2025-06-10", None)]),
        # 近日 says "some day before publication": the month
        ("近日有机构预计，到2029年我国干细胞市场规模将突破2000亿元。", [("market_forecast", "2025-06", None)]),
        ("某机构5月发布的报告预计，到2029年我国干细胞市场规模将突破2000亿元。", [("market_forecast", "2025-05", None)]),
        # a past year's size is a statistic
        ("2024年我国干细胞医疗市场规模约为780亿元。", []),
        # first_prescription
        ("6月5日，睿铂生开出首张处方。", [("first_prescription", "2025-06-05", "艾米迈托赛注射液")]),
        # negation and background enumerations produce nothing
        ("目前国内尚未有间充质干细胞产品获批用于治疗膝骨关节炎。", []),
        ("国内已有奕凯达、倍诺达等多款CAR-T产品获批上市。", []),
        ("首款获批上市的干细胞药物睿铂生受到关注。", []),
        ("干细胞行业前景广阔。", []),
    ],
)
def test_sentence_events(engine, text, expected):
    assert _events(engine, text) == expected


def test_several_events_per_document_and_same_year(engine):
    text = "2021年6月，阿基仑赛注射液获批上市。同年9月，瑞基奥仑赛注射液获批上市。"
    assert _events(engine, text) == [
        ("drug_approval", "2021-06", "阿基仑赛注射液"),
        ("drug_approval", "2021-09", "瑞基奥仑赛注射液"),
    ]


def test_title_repeat_merges_with_body_event(engine):
    got = _events(
        engine, "1月2日，国家药监局附条件批准睿铂生上市。", title="首款干细胞药物睿铂生获批上市", pub="2025-01-03"
    )
    assert got == [("drug_approval", "2025-01-02", "艾米迈托赛注射液")]


def test_drug_falls_back_to_document_topic(engine):
    text = "6月5日，睿铂生开出首张处方。该药物于今年1月获得国家药监局附条件批准。"
    assert _events(engine, text) == [
        ("first_prescription", "2025-06-05", "艾米迈托赛注射液"),
        ("drug_approval", "2025-01", "艾米迈托赛注射液"),
    ]


def test_event_arguments(engine):
    doc = InputDocument(
        id="x",
        published_at=PUB,
        text="7月21日，北京恒晞生物科技有限公司宣布完成1.2亿美元B+轮融资，由礼来亚洲基金领投，老股东君联资本追加投资。",
    )
    (ev,) = engine.extract(doc).events
    assert (ev.company, ev.round, ev.investors) == ("恒晞生物", "B+轮", ("礼来亚洲基金", "君联资本"))
    assert ev.amount is not None
    assert (ev.amount.value, ev.amount.currency, ev.amount.value_cny) == (120000000, "USD", 864000000)
    assert 0 <= ev.confidence <= 1
    assert ev.evidence == doc.text


def test_policy_region_comes_from_title_and_issuer(engine):
    doc = InputDocument(
        id="x", published_at=PUB, text="4月2日，北京市发展和改革委员会印发《北京市支持细胞治疗若干措施》。"
    )
    (ev,) = engine.extract(doc).events
    assert (ev.type, ev.policy, ev.region, ev.issuer) == (
        "policy_issued",
        "北京市支持细胞治疗若干措施",
        "北京",
        "北京市发展和改革委员会",
    )
