"""Rules from the twentieth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Readouts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the comparator told between the risk and its fall
        "LUMEN-3研究显示，接受澜汐基奥仑赛注射液治疗的患者，疾病进展或死亡风险较标准方案显著降低。",
        # the risk of the disease worsening (恶化), as Taiwan writes it
        "关键三期试验显示，与标准疗法相比，澜汐基奥仑赛注射液可显著降低疾病恶化或死亡风险。",
    ],
)
def test_a_risk_lowered_without_a_figure_is_a_readout(engine, text):
    assert _triples(engine, text) == [("clinical_result", "澜汐基奥仑赛注射液", None)]


def test_a_risk_told_as_a_goal_is_no_readout(engine):
    text = "澜汐生物计划开展LUMEN-3研究，评估澜汐基奥仑赛注射液能否降低复发风险。"
    assert _triples(engine, text) == []


def test_two_readouts_of_one_product_on_two_days_for_two_uses_are_two_events(engine):
    text = (
        "澜汐生物的QV-871口头报告于5月7日进行，纳入34例多发性骨髓瘤患者，客观缓解率为97.1%。\n"
        "另一项壁报研究于5月8日展示，评估了QV-871治疗系统性红斑狼疮的初步结果：9例患者中有8例获得缓解。"
    )
    found = {(e.type, e.drug, e.indication, e.date) for e in _events(engine, text)}
    assert found == {
        ("clinical_result", "QV-871", "多发性骨髓瘤", "2026-05-07"),
        ("clinical_result", "QV-871", "系统性红斑狼疮", "2026-05-08"),
    }


# Approvals and trials ------------------------------------------------------------------------------------


def test_a_trial_consented_to_in_a_subject_line_is_an_ind_approval(engine):
    # Taiwan's MOPS subject line names the product; the body's consent (同意试验进行) names none.
    text = "主旨：公告本公司QV-871新药申请第一/二期人体临床试验获卫生福利部同意"
    assert [(t, d) for t, d, _w in _triples(engine, text)] == [("ind_approval", "QV-871")]


def test_a_consent_to_accept_is_no_ind_approval(engine):
    text = "本公司QV-871新药之人体临床试验申请，获卫生福利部同意受理，尚待审查。"
    assert all(t != "ind_approval" for t, _d, _w in _triples(engine, text))


def test_uses_counted_off_in_the_next_sentences_are_one_approval_each(engine):
    text = (
        "2026年5月18日，国家药监局批准澜汐生物申报的澜汐基奥仑赛注射液上市。"
        "该药品用于两类成人患者：一是既往接受过二线治疗后复发的大B细胞淋巴瘤；二是复发或难治的滤泡性淋巴瘤。"
    )
    found = {(e.type, e.indication, e.date) for e in _events(engine, text)}
    assert found == {
        ("drug_approval", "大B细胞淋巴瘤", "2026-05-18"),
        ("drug_approval", "滤泡性淋巴瘤", "2026-05-18"),
    }


def test_one_use_told_after_an_approval_stays_one_event(engine):
    text = "2026年5月18日，国家药监局批准澜汐基奥仑赛注射液上市。该药品用于成人大B细胞淋巴瘤；其说明书另有警示。"
    assert [(e.type, e.indication) for e in _events(engine, text)] == [("drug_approval", "大B细胞淋巴瘤")]


def test_a_served_notice_item_is_dated_by_its_review_day(engine):
    text = (
        "药品批准证明文件送达信息（2026年第20期）\n2026年5月20日\n"
        "以下药品注册申请已审批完毕，相关批准证明文件已制作完成，请申请人及时领取：\n\n"
        "一、受理号：CXSS2600019\n药品名称：澜汐基奥仑赛注射液\n申请人：澜汐生物科技（上海）有限公司\n"
        "审批结论：批准上市，发给药品注册证书\n审批日期：2026年5月12日\n\n"
        "二、受理号：CXSL2600501\n药品名称：QV-871注射液\n申请人：北辰生物科技（深圳）有限公司\n"
        "审批结论：同意开展临床试验\n审批日期：2026年5月9日\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2026-05-12"),
        ("ind_approval", "QV-871注射液", "2026-05-09"),
    ]


def test_a_markdown_timeline_s_rows_are_the_page_product_s_steps(engine):
    text = (
        "北辰生物的澜汐基奥仑赛注射液上市前后的关键节点：\n| 时间 | 节点 |\n|---|---|\n"
        "| 2025年3月 | 被纳入优先审评 |\n| 2025年12月 | 获国家药监局附条件批准上市 |\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2025-12"),
        ("priority_review", "澜汐基奥仑赛注射液", "2025-03"),
    ]


def test_a_first_case_told_as_a_treatment_case_is_a_first_use(engine):
    text = "北辰医院昨日（19日）为一名病人回输澜汐基奥仑赛注射液，是本澳首宗以已注册CAR-T产品进行的临床治疗个案。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_the_first_product_used_in_a_place_is_a_first_use(engine):
    text = (
        "北辰医院上周五为一名患者回输澜汐基奥仑赛注射液，是政策实施以来，首例在大湾区内地指定医疗机构使用的CAR-T产品。"
    )
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-15")]


# Dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        # a day of this month in Chinese numerals (Macau's and Hong Kong's press)
        (
            "北辰医院本月十日为一名患者开出澜汐基奥仑赛注射液处方，是全澳首例商业化治疗。",
            "2026-05-20",
            [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-10")],
        ),
        # a bare day before the regulator's 获 (14日获美国FDA核准)
        (
            "澜汐生医的QV-871，14日获美国FDA核准进行第一期人体临床试验。",
            "2026-05-20",
            [("ind_approval", "QV-871", "2026-05-14")],
        ),
        # a daily brief's bare weekday (2026-05-20 is a Wednesday; 周一 is the 18th)
        (
            "【市场】\n4. 周一，澜汐生物的澜汐基奥仑赛注射液在北辰医院开出全省首张处方。",
            "2026-05-20",
            [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-18")],
        ),
        # a weekday later in the week than the page's day is last week's (周五 → 2026-05-15)
        (
            "周五，澜汐生物的澜汐基奥仑赛注射液在北辰医院开出全省首张处方。",
            "2026-05-20",
            [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-15")],
        ),
    ],
)
def test_days_told_without_their_month_take_the_page_month(engine, text, pub, expected):
    assert _triples(engine, text, pub=pub) == expected


def test_a_weekly_schedule_is_no_date(engine):
    text = "每周一，北辰医院开放CAR-T门诊。澜汐基奥仑赛注射液近日在该院开出全省首张处方。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05")]


def test_a_listing_on_an_exchange_told_with_yu_is_a_financing(engine):
    text = "澜汐生物（02687.HK）今日（20日）于港交所主板挂牌，招股价定于每股18.6港元。"
    assert _triples(engine, text) == [("financing", None, "2026-05-20")]


# Entities ------------------------------------------------------------------------------------------------


def test_an_unseen_disease_after_a_long_qualifier_keeps_its_whole_name(engine):
    # 复发或难治性 + a twelve-character name: the walk back must reach the qualifier, not stop inside it.
    text = "同意QV-871注射液开展治疗复发或难治性原发性中枢神经系统淋巴瘤的临床试验。"
    assert _canonicals(engine, text, "indication") == {"原发性中枢神经系统淋巴瘤"}


def test_the_code_glossing_a_product_does_not_take_the_uses_after_it(engine):
    # The uses after 「X」（研发代号：Y） are X's: Y is X named again, not another product.
    text = (
        "药剂业及毒药管理局本月初批准「澜汐基奥仑赛注射液」（研发代号：QV-871）注册，"
        "适用于复发或难治的大B细胞淋巴瘤成年病人，以及复发或难治的滤泡性淋巴瘤成年病人。"
    )
    found = {(e.type, e.drug, e.indication) for e in _events(engine, text)}
    assert found == {
        ("drug_approval", "澜汐基奥仑赛注射液", "大B细胞淋巴瘤"),
        ("drug_approval", "澜汐基奥仑赛注射液", "滤泡性淋巴瘤"),
    }


def test_a_code_glossed_by_its_proposed_generic_name_is_that_product(engine):
    text = "QV-871注射液（拟定通用名：澜汐基奥仑赛注射液）是澜汐生物开发的CAR-T产品。"
    assert _canonicals(engine, text, "drug") == {"澜汐基奥仑赛注射液"}
