"""Rules added for real text (issue #14): each on new sentences written for this test, none from a corpus."""

from __future__ import annotations

import re

import pytest

from transforms.engine import TransformEngine
from transforms.rules import TRIGGERS, SentenceFacts, Trigger, match_triggers
from transforms.types import EVENT_TYPES, InputDocument

pytestmark = pytest.mark.unit

PUB = "2025-11-20"


def _extract(engine: TransformEngine, text: str, pub: str | None = PUB):
    return engine.extract(InputDocument(id="t", text=text, published_at=pub))


def _events(engine: TransformEngine, text: str, pub: str | None = PUB) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.date, e.drug) for e in _extract(engine, text, pub).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # priority_review and breakthrough_therapy are their own types, 拟纳入 included
        (
            "11月18日，药审中心公示拟将禾川生物HC-201注射液纳入优先审评品种名单。",
            [("priority_review", "2025-11-18", "HC-201注射液")],
        ),
        (
            "公司宣布，其QN-08注射液的上市许可申请已于9月3日被纳入优先审评。",
            [("priority_review", "2025-09-03", "QN-08注射液")],
        ),
        (
            "8月12日，药审中心网站显示，LK-33注射液被纳入突破性治疗品种。",
            [("breakthrough_therapy", "2025-08-12", "LK-33注射液")],
        ),
        # 将其 refers back to the product of the previous sentence
        (
            "MZ-4注射液是一款自体CAR-T细胞产品。今年7月8日，药审中心将其纳入优先审评。",
            [("priority_review", "2025-07-08", "MZ-4注射液")],
        ),
        # IND approvals: 批准…新药临床试验申请, 临床试验批件, an unnamed first product
        ("10月30日，国家药监局批准了ZK-71注射液的新药临床试验申请。", [("ind_approval", "2025-10-30", "ZK-71注射液")]),
        ("10月30日，公司取得了MX-3注射液的临床试验批件。", [("ind_approval", "2025-10-30", "MX-3注射液")]),
        (
            "2023年6月，国内首次批准了一项通用型CAR-NK细胞产品进入临床试验。",
            [("ind_approval", "2023-06", None)],
        ),
        # an unnamed first approval is an event with drug null; an approval for a use
        ("今年3月，国内首款治疗膝骨关节炎的干细胞药物获批上市。", [("drug_approval", "2025-03", None)]),
        (
            "2024年12月，美国FDA批准了首个间充质干细胞疗法用于治疗儿童急性移植物抗宿主病。",
            [("drug_approval", "2024-12", None)],
        ),
        # marketing applications received (接收) are accepted
        ("9月10日，药审中心正式接收了RP-2注射液的上市申请。", [("nda_accepted", "2025-09-10", "RP-2注射液")]),
        # narrative clinical results
        (
            "10月9日公布的数据显示，PD-17注射液治疗组患者的安全性良好，未出现严重不良反应。",
            [("clinical_result", "2025-10-09", "PD-17注射液")],
        ),
        (
            "9月2日，某医院宣布通过GE-5注射液临床治愈一名重型β地中海贫血患者。",
            [("clinical_result", "2025-09-02", "GE-5注射液")],
        ),
        # the first patient treated after approval; a trial's first dosing is no first prescription
        (
            "11月5日，首位来自澳门的患者在广州某医院接受了QY-19注射液的输注。",
            [("first_prescription", "2025-11-05", "QY-19注射液")],
        ),
        ("11月5日，QY-20注射液的I期临床试验已完成首批患者给药。", []),
        # a private placement is a financing; totals over many companies are not
        (
            "9月1日，岚谷生物完成向特定对象发行股票，募集资金5亿元。",
            [("financing", "2025-09-01", None)],
        ),
        ("2024年，国内多家干细胞企业累计获得融资超过20亿元。", []),
        # the start of a period dates the period, not this acceptance
        (
            "HZ-9注射液的临床试验申请获得受理，系公司自2023年3月以来第5个获受理的细胞治疗产品。",
            [("ind_accepted", "2025-11", "HZ-9注射液")],
        ),
    ],
)
def test_new_trigger_rows(engine: TransformEngine, text: str, expected: list[tuple[str, str | None, str | None]]):
    assert _events(engine, text) == expected


def test_route_of_an_approval_is_no_priority_review(engine: TransformEngine):
    text = "今年2月，RV-12注射液按照优先审评审批程序获得批准上市。"
    assert [e.type for e in _extract(engine, text).events] == ["drug_approval"]


def test_one_event_per_listed_indication(engine: TransformEngine):
    text = "10月9日，TX-55注射液获国家药监局批准上市，用于治疗多发性骨髓瘤和套细胞淋巴瘤。"
    got = [(e.type, e.date, e.drug, e.indication) for e in _extract(engine, text).events]
    assert got == [
        ("drug_approval", "2025-10-09", "TX-55注射液", "多发性骨髓瘤"),
        ("drug_approval", "2025-10-09", "TX-55注射液", "套细胞淋巴瘤"),
    ]


def test_a_filing_notice_gives_one_research_filing_per_listed_indication(engine: TransformEngine):
    text = "11月3日，省卫生健康委公布本年度第二批完成备案的干细胞临床研究项目，涉及帕金森病、脊髓损伤等适应症。"
    got = sorted((e.type, e.date, e.indication) for e in _extract(engine, text).events)
    assert got == [
        ("research_filing", "2025-11-03", "帕金森病"),
        ("research_filing", "2025-11-03", "脊髓损伤"),
    ]


def test_a_later_sentence_does_not_add_an_indication_event(engine: TransformEngine):
    text = "10月9日，TX-56注射液获国家药监局批准上市，用于治疗多发性骨髓瘤。该药品于10月9日获批。"
    assert len(_extract(engine, text).events) == 1


def test_law_is_dated_by_promulgation_not_effect(engine: TransformEngine):
    text = "8月26日，全国人大常委会审议通过修订后的《药品管理法》，自2019年12月1日起施行。"
    events = _extract(engine, text, pub="2019-08-27").events
    assert [(e.type, e.date, e.policy) for e in events] == [("policy_issued", "2019-08-26", "中华人民共和国药品管理法")]


def test_a_cited_policy_is_not_issued(engine: TransformEngine):
    text = "根据某中心于2022年10月发布的《细胞治疗产品生产质量管理指南（试行）》，细胞治疗产品需符合质量要求。"
    assert [e.type for e in _extract(engine, text).events] == []


def test_register_records_keep_their_acceptance_number(engine: TransformEngine):
    doc = InputDocument(
        id="r",
        title="突破性治疗公示",
        text="受理号：CXSL2500777\n药品名称：WQ-12注射液\n申请人：示例细胞有限公司\n公示日期：2025-10-30",
        published_at=PUB,
    )
    events = engine.extract(doc).events
    assert [(e.type, e.date, e.drug, e.acceptance_no) for e in events] == [
        ("breakthrough_therapy", "2025-10-30", "WQ-12注射液", "CXSL2500777")
    ]


@pytest.mark.parametrize(
    ("text", "canonical", "surface"),
    [
        ("用于治疗激素治疗失败的急性移植物抗宿主病。", "急性移植物抗宿主病", "急性移植物抗宿主病"),
        ("适用于复发或难治性多发性骨髓瘤成人患者。", "多发性骨髓瘤", "多发性骨髓瘤"),
        ("拟用于复发难治性滤泡性淋巴瘤。", "滤泡性淋巴瘤", "滤泡性淋巴瘤"),
    ],
)
def test_indications_without_qualifiers(engine: TransformEngine, text: str, canonical: str, surface: str):
    found = [(e.canonical, e.text) for e in _extract(engine, text).entities if e.type == "indication"]
    assert found == [(canonical, surface)]


def test_short_law_takes_its_full_title(engine: TransformEngine):
    found = {e.canonical for e in _extract(engine, "依照《药品管理法》的规定。").entities if e.type == "policy"}
    assert found == {"中华人民共和国药品管理法"}


def test_every_row_reports_a_known_type_and_names_are_unique():
    assert {r.type for r in TRIGGERS} <= set(EVENT_TYPES)
    assert len({r.name for r in TRIGGERS}) == len(TRIGGERS)
    names = {r.name for r in TRIGGERS}
    assert all(n in names for r in TRIGGERS for n in r.unless | r.unless_later)


def test_a_new_phrasing_is_one_row():
    row = Trigger("listing_bell", "financing", 0.8, re.compile("敲钟"))
    facts = SentenceFacts("岚谷生物今日在港交所敲钟。", ())
    assert [h.rule.name for h in match_triggers(facts, (*TRIGGERS, row))] == ["listing_bell"]
    assert match_triggers(facts) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # IND wordings: 默认许可, 批准…可在中国开展临床试验; an IND used as an attribute is none
        ("2024年3月，HL-5注射液获得临床试验申请的默认许可。", [("ind_approval", "2024-03", "HL-5注射液")]),
        (
            "10月8日，公司的KT-7注射液已获国家药监局批准，可在中国开展临床试验。",
            [("ind_approval", "2025-10-08", "KT-7注射液")],
        ),
        ("KT-8注射液是国内首款获批临床试验的通用型细胞产品之一。", []),
        (
            "国家药监局于9月9日批准开展KT-9注射液针对重症肺炎的临床试验。",
            [("ind_approval", "2025-09-09", "KT-9注射液")],
        ),
        # narrative outcomes: transfusion independence, clinical benefit, no serious adverse event
        (
            "8月3日公布的研究中，LV-12注射液治疗的多数患者实现输血独立。",
            [("clinical_result", "2025-08-03", "LV-12注射液")],
        ),
        (
            "7月1日的随访显示，接受GB-30注射液治疗的受试者临床获益显著，且未发生严重不良事件。",
            [("clinical_result", "2025-07-01", "GB-30注射液")],
        ),
        # a date line heads the item under it
        (
            "某省\n2024年5月6日\n某省卫生健康委员会发布《某省细胞治疗临床研究工作要点》。",
            [("policy_issued", "2024-05-06", None)],
        ),
        # a policy cited inside the title of the notice that issued it is not issued here
        (
            "该指南根据《某局关于印发细胞产品技术指导原则发布程序的通知》要求，经审查后发布。",
            [],
        ),
    ],
)
def test_more_trigger_rows(engine: TransformEngine, text: str, expected: list[tuple[str, str | None, str | None]]):
    assert _events(engine, text) == expected


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("南京澄岭生物科技有限公司今日宣布完成融资。", {"南京"}, set()),
        ("四川大学华西医院牵头开展研究。", {"四川"}, set()),
        ("公司地址：杭州市余杭区某某路8号", {"杭州"}, set()),
        ("在苏州举行的一场行业论坛上，多家企业发布新品。", set(), {"苏州"}),
        ("产品已在上海、浙江等地的多家医院完成准入。", set(), {"上海", "浙江"}),
    ],
)
def test_places_inside_names_are_not_regions(engine: TransformEngine, text: str, absent: set[str], present: set[str]):
    regions = {e.canonical for e in _extract(engine, text).entities if e.type == "region"}
    assert not regions & absent
    assert present <= regions


def test_issuing_notice_is_tagged_as_the_policy_it_issues(engine: TransformEngine):
    text = "某省卫健委印发《某省卫生健康委员会关于印发细胞治疗临床研究管理办法的通知》。"
    found = [(e.canonical, e.text) for e in _extract(engine, text).entities if e.type == "policy"]
    assert found == [("细胞治疗临床研究管理办法", "细胞治疗临床研究管理办法")]


def test_transfusion_dependence_is_a_qualifier(engine: TransformEngine):
    bare = {e.canonical for e in _extract(engine, "该疗法用于治疗β地中海贫血。").entities if e.type == "indication"}
    text = "该疗法用于治疗输血依赖型β地中海贫血。"
    found = [(e.canonical, e.text) for e in _extract(engine, text).entities if e.type == "indication"]
    assert [c for c, _ in found] == sorted(bare)
    assert [t for _, t in found] == ["β地中海贫血"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019年国内细胞治疗市场规模约为10亿元。", []),
        ("某机构预计，到2030年国内细胞治疗市场规模将达到300亿元。", [("market_forecast", None, None)]),
    ],
)
def test_forecast_without_a_publication_date(
    engine: TransformEngine, text: str, expected: list[tuple[str, str | None, str | None]]
):
    assert _events(engine, text, pub=None) == expected


def test_a_background_cue_covers_only_its_own_clause(engine: TransformEngine):
    text = "目前全球已有多款细胞疗法获批，2024年3月ZT-61注射液获得美国FDA批准上市。"
    assert _events(engine, text) == [("drug_approval", "2024-03", "ZT-61注射液")]


def test_a_planned_step_does_not_date_a_past_one(engine: TransformEngine):
    text = "该公司的QW-5注射液已获得突破性治疗品种认定，预计将在2026年上半年提交上市申请。"
    assert _events(engine, text) == [("breakthrough_therapy", "2025-11", "QW-5注射液")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 现将《X》印发给你们: issued on the notice's own date (here its publication date)
        ("现将《某区细胞产业创新行动方案》印发给你们，望遵照执行。", [("policy_issued", PUB, None)]),
        # policies cited by a clause of purpose are not issued here
        ("为贯彻落实《某省生物医药产业发展三年行动计划》等文件精神，进一步推动细胞产业发展。", []),
        # a company's total over several rounds is no financing; one numbered round is
        ("自2016年成立以来，岚川细胞已完成6轮融资，总金额超过10亿元。", []),
        ("2021年12月，岚川细胞完成1.8亿元D2轮融资。", [("financing", "2021-12", None)]),
    ],
)
def test_notices_and_totals(engine: TransformEngine, text: str, expected: list[tuple[str, str | None, str | None]]):
    assert _events(engine, text) == expected
