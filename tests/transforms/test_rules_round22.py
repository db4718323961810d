"""Rules from the twenty-second round (issue 14): phrasings missed on the opened sets or found by probing.

Each case is a new text with invented products (岚枫基奥仑赛注射液, QM-552) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import events as _events

pytestmark = pytest.mark.unit


def _found(engine, text: str, type_: str) -> list[tuple[str | None, str | None, str | None]]:
    return sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == type_)


# Uses told in the sentence after the step, which says 获批 again -------------------------------------------

_APPROVED = "5月18日，国家药监局附条件批准岚枫生物的岚枫基奥仑赛注射液（商品名：岚舒达）上市。"


@pytest.mark.parametrize(
    "uses",
    [
        # the product described, then its uses
        "该药是一款靶向CD19的自体CAR-T细胞产品，获批用于治疗成人复发或难治性大B细胞淋巴瘤，以及复发或难治性滤泡性淋巴瘤。",
        # the uses counted, then listed
        "此次获批的适应症共有两项：一是复发或难治性大B细胞淋巴瘤成人患者；二是复发或难治性滤泡性淋巴瘤成人患者。",
    ],
)
def test_uses_listed_after_an_approval_give_one_approval_per_use_on_its_day(engine, uses):
    assert _found(engine, _APPROVED + uses, "drug_approval") == [
        ("岚枫基奥仑赛注射液", "大B细胞淋巴瘤", "2026-05-18"),
        ("岚枫基奥仑赛注射液", "滤泡性淋巴瘤", "2026-05-18"),
    ]


def test_a_dated_sentence_after_the_approval_tells_a_step_of_its_own(engine):
    # (the use sentence has its own time: an earlier approval of the product, not the uses of this one)
    text = _APPROVED + "该药此前于2024年3月获批用于治疗复发或难治性套细胞淋巴瘤。"
    assert ("岚枫基奥仑赛注射液", "套细胞淋巴瘤", "2024-03") in _found(engine, text, "drug_approval")


# A roundup item's label is not its telling ----------------------------------------------------------------


def test_a_first_prescription_item_labelled_as_one_takes_the_day_its_body_tells(engine):
    text = (
        "① 全国首方｜岚枫基奥仑赛注射液：该药3月4日获批上市，5月12日在岚城市第一人民医院开出全国首张处方，"
        "患者为一名复发大B细胞淋巴瘤患者。"
    )
    assert _found(engine, text, "first_prescription") == [("岚枫基奥仑赛注射液", "大B细胞淋巴瘤", "2026-05-12")]


def test_a_table_cell_telling_the_first_prescription_is_still_read(engine):
    text = "2026/05/12｜岚枫基奥仑赛注射液开出国内首张处方｜岚城市第一人民医院"
    assert [d for _drug, _use, d in _found(engine, text, "first_prescription")] == ["2026-05-12"]


# A trial's first patient is no first use of a product on the market -------------------------------------------


def test_a_trials_first_patient_infused_with_the_product_is_no_first_prescription(engine):
    text = "5月12日，岚枫生物宣布，QM-552注射液治疗系统性红斑狼疮的I期临床试验首例患者完成QM-552注射液回输。"
    assert _found(engine, text, "first_prescription") == []


def test_a_hospitals_first_patient_given_the_approved_product_is_still_a_first_prescription(engine):
    text = "5月12日，岚城市第一人民医院为首例患者完成岚枫基奥仑赛注射液回输。"
    assert [d for _drug, _use, d in _found(engine, text, "first_prescription")] == ["2026-05-12"]


# Columns named in the lead's bracket ----------------------------------------------------------------------------


def test_register_rows_under_columns_named_in_the_leads_bracket_take_their_own_day(engine):
    text = (
        "药审中心公示显示，5月11日至15日共有2款干细胞新药获得临床试验默示许可，详情如下（受理号｜品种｜申请人｜拟定适应症｜公示日期）：\n"
        "① CXSL2600411｜QM-552注射液｜岚枫生物｜膝骨关节炎｜5月12日\n"
        "② CXSL2600437｜QM-610注射液｜岚枫生物｜系统性硬化症｜5月14日\n"
        "两款产品均为间充质干细胞产品。"
    )
    assert _found(engine, text, "ind_approval") == [
        ("QM-552注射液", "膝骨关节炎", "2026-05-12"),
        ("QM-610注射液", "系统性硬化症", "2026-05-14"),
    ]


def test_numbered_filing_rows_under_columns_named_in_the_leads_bracket_are_one_filing_each(engine):
    text = (
        "5月8日，国家卫生健康委公示了新一批完成备案的干细胞临床研究项目。本批名单摘录如下（备案单位｜项目名称）：\n"
        "1｜岚城市第一人民医院｜人脐带间充质干细胞治疗膝骨关节炎的临床研究\n"
        "2｜岚城大学附属医院｜人胎盘间充质干细胞治疗脊髓损伤的探索性临床研究\n"
        "据统计，全国累计备案项目已超过200项。"
    )
    assert _found(engine, text, "research_filing") == [
        (None, "脊髓损伤", "2026-05-08"),
        (None, "膝骨关节炎", "2026-05-08"),
    ]


# Patients counted in remission --------------------------------------------------------------------------------


def test_patients_counted_in_remission_are_a_readout_of_the_cohort_named(engine):
    text = (
        "岚枫生物于5月12日在欧洲风湿病学大会上以口头报告方式发表其QM-552的最新数据。\n"
        "在系统性红斑狼疮队列中，共15名难治型患者接受单次输注，其中13人维持无药缓解。"
        "另一个系统性硬化症队列纳入6名患者，皮肤评分平均下降9分。"
    )
    assert _found(engine, text, "clinical_result") == [
        ("QM-552", "系统性硬化症", "2026-05-12"),
        ("QM-552", "系统性红斑狼疮", "2026-05-12"),
    ]


def test_remission_as_an_aim_is_no_readout(engine):
    text = "岚枫生物表示，QM-552注射液的I期临床试验旨在帮助系统性红斑狼疮患者实现长期无药缓解。"
    assert _found(engine, text, "clinical_result") == []


# An earlier year's story told clause by clause -----------------------------------------------------------------

_APPROVED_LATER = "5月18日，国家药监局批准岚枫生物的岚枫基奥仑赛注射液上市，用于治疗复发或难治性大B细胞淋巴瘤。\n"


@pytest.mark.parametrize("subject", ["该产品", "回溯审评进程，公司"])
def test_a_later_month_in_the_next_clause_of_an_earlier_years_story_is_of_that_year(engine, subject):
    # (the firm's own application on a page of one product is that product's)
    text = _APPROVED_LATER + subject + "于2025年1月下旬递交上市申请，当年2月获药审中心受理，3月被纳入优先审评品种名单。"
    triples = {(e.type, e.drug, e.date) for e in _events(engine, text)}
    assert ("nda_accepted", "岚枫基奥仑赛注射液", "2025-02") in triples
    assert ("priority_review", "岚枫基奥仑赛注射液", "2025-03") in triples


def test_an_earlier_month_after_a_last_years_date_is_still_this_years(engine):
    # (the month before the one named: no story going on, the publication's year)
    text = "岚枫生物的QM-552注射液于2025年11月获药审中心受理，3月被纳入突破性治疗品种名单。"
    assert ("QM-552注射液", None, "2026-03") in [
        (d, None, date) for d, _u, date in _found(engine, text, "breakthrough_therapy")
    ]


# Numbered items under a dated lead that announced several products -------------------------------------------


def test_numbered_items_after_a_dated_lead_announcing_several_products_take_its_day(engine):
    text = (
        "5月12日，药审中心官网更新临床试验默示许可信息，多款细胞治疗产品获准开展临床试验。\n"
        "一、岚枫生物的QM-552注射液获得临床试验默示许可，拟用于治疗系统性硬化症。\n"
        "二、岚城细胞的LC-301注射液获准开展临床试验，适应症为重型β地中海贫血。"
    )
    assert [(d, date) for d, _use, date in _found(engine, text, "ind_approval")] == [
        ("LC-301注射液", "2026-05-12"),
        ("QM-552注射液", "2026-05-12"),
    ]


def test_a_list_item_counting_an_ordinal_product_leads_no_list(engine):
    # (这是国内第三个…产品 ends an item of a roundup: the undated item after it is not of its day)
    text = (
        "1. 5月12日，岚枫生物的QM-552注射液上市申请获得受理，这是国内第三个进入上市申请阶段的干细胞产品。\n"
        "2. 岚城细胞更新了LC-301注射液治疗多发性骨髓瘤的长期随访结果：客观缓解率为92.9%。"
    )
    assert [date for _d, _use, date in _found(engine, text, "clinical_result")] == [None]


# A use's own application on a page of one product -----------------------------------------------------------


def test_each_uses_application_on_a_page_of_one_product_is_that_products(engine):
    text = (
        "近日，国家药监局附条件批准岚枫生物的岚枫贝赛注射液上市。"
        "该药品为基于碱基编辑技术的自体造血干细胞治疗产品，用于治疗重型β地中海贫血，以及镰状细胞病。\n"
        "β地中海贫血适应症的上市许可申请于2025年7月获得受理，同年8月被纳入优先审评审批程序；"
        "镰状细胞病适应症的上市许可申请于2025年10月获得受理。"
    )
    found = {(e.type, e.drug, e.indication, e.date) for e in _events(engine, text)}
    assert {
        ("drug_approval", "岚枫贝赛注射液", "β地中海贫血", "2026-05"),
        ("drug_approval", "岚枫贝赛注射液", "镰状细胞病", "2026-05"),
        ("nda_accepted", "岚枫贝赛注射液", "β地中海贫血", "2025-07"),
        ("priority_review", "岚枫贝赛注射液", "β地中海贫血", "2025-08"),
        ("nda_accepted", "岚枫贝赛注射液", "镰状细胞病", "2025-10"),
    } <= found


# A study reported in one section per cohort -------------------------------------------------------------------


@pytest.mark.parametrize(
    "headings",
    [("一、大B细胞淋巴瘤队列", "二、急性淋巴细胞白血病队列"), ("研究一：大B细胞淋巴瘤", "研究二：急性淋巴细胞白血病")],
)
def test_a_readout_reported_in_one_section_per_cohort_is_one_event_per_cohort(engine, headings):
    first, second = headings
    text = (
        "岚枫生物今日宣布，QM-552的两项注册性研究数据已于5月12日在欧洲血液学协会年会上以口头报告形式发布。\n\n"
        f"{first}\n"
        "该队列共入组60例患者，中位年龄55岁。截至数据截止日，中位随访时间为15.0个月，客观缓解率为88.3%，"
        "完全缓解率为66.7%，12个月无进展生存率为58.9%。亚组分析显示，曾接受自体移植的患者ORR为85.0%。\n\n"
        f"{second}\n"
        "该队列纳入35例成人患者，输注后28天内完全缓解率为91.4%。\n\n"
        "三、安全性\n"
        "两个队列中3级及以上细胞因子释放综合征的发生率均低于8%。"
    )
    assert _found(engine, text, "clinical_result") == [
        ("QM-552", "大B细胞淋巴瘤", "2026-05-12"),
        ("QM-552", "急性淋巴细胞白血病", "2026-05-12"),
    ]


# Register sections whose heading names the columns -----------------------------------------------------------


def test_a_digests_sections_with_their_columns_in_brackets_say_what_their_rows_are(engine):
    text = (
        "据药审中心官网公示，5月11日至15日，共有1款产品获得临床试验默示许可，另有1款产品的临床试验申请获得受理。\n\n"
        "一、默示许可（受理号｜药品名称｜企业｜适应症｜日期）\n"
        "1. CXSL2600411｜QM-552注射液｜岚枫生物｜膝骨关节炎｜5月12日\n\n"
        "二、新受理（受理号｜药品名称｜企业｜适应症｜承办日期）\n"
        "1. CXSL2600498｜LC-301注射液｜岚城细胞｜系统性硬化症｜5月13日"
    )
    found = {(e.type, e.drug, e.date, e.acceptance_no) for e in _events(engine, text)}
    assert found == {
        ("ind_approval", "QM-552注射液", "2026-05-12", "CXSL2600411"),
        ("ind_accepted", "LC-301注射液", "2026-05-13", "CXSL2600498"),
    }


# A designation's notice period; the infusion that opens a product's sales --------------------------------------


def test_a_designation_told_with_its_notice_period_is_dated_by_its_first_day(engine):
    text = (
        "近日，药审中心官方网站发布拟纳入突破性治疗品种公示，公司自主研发的QM-552注射液拟被纳入突破性治疗品种，"
        "拟定适应症为难治性系统性红斑狼疮，公示期为2026年5月11日至2026年5月18日。"
    )
    assert [date for _d, _u, date in _found(engine, text, "breakthrough_therapy")] == ["2026-05-11"]


@pytest.mark.parametrize("meant", ["标志着该产品正式进入商业化阶段", "標誌著該產品正式進入商業化階段"])
def test_an_infusion_said_to_open_the_products_sales_is_its_first_prescription(engine, meant):
    text = f"董事会欣然宣布，2026年5月12日，一名患者于岚城市第一人民医院接受岚枫基奥仑赛注射液回输，{meant}。"
    assert [(d, date) for d, _u, date in _found(engine, text, "first_prescription")] == [
        ("岚枫基奥仑赛注射液", "2026-05-12")
    ]


def test_a_company_entering_its_sales_phase_after_an_approval_is_no_first_prescription(engine):
    text = "5月12日，岚枫基奥仑赛注射液获国家药监局批准上市，标志着岚枫生物正式进入商业化阶段。"
    assert _found(engine, text, "first_prescription") == []


# Relative months in an attribute; a condition's consequence; a report named by its year -------------------------


def test_an_approval_dated_last_month_in_an_attribute_is_told(engine):
    text = "记者从岚枫生物获悉，公司上月获批上市的岚枫基奥仑赛注射液上周五在岚城市第一人民医院开出全国首张处方。"
    assert [date for _d, _u, date in _found(engine, text, "drug_approval")] == ["2026-04"]


@pytest.mark.parametrize(
    "text",
    [
        "若后续获批，QM-552注射液将成为国内第二款获批用于该适应症的干细胞药物。",
        "公告援引岚枫生物创始人的话称，如该产品顺利获批，将成为全球首款获批用于实体瘤的CAR-T疗法。",
    ],
)
def test_what_would_follow_an_approval_on_a_condition_is_no_approval(engine, text):
    assert _found(engine, text, "drug_approval") == []


def test_a_periodic_report_named_by_its_year_does_not_date_the_readout_it_discloses(engine):
    text = "岚枫生物在2025年年度业绩预告中披露，QM-552注射液的III期临床试验已达到主要终点。"
    assert [date for _d, _u, date in _found(engine, text, "clinical_result")] == [None]


# First uses told in Taiwan's and Hong Kong's words ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "岚枫生技表示，首名病人已于昨日下午在台北荣民总医院完成施打。",
        "玛丽医院血液科医生表示，院方昨日已为一名58岁男病人完成该产品在香港的首例回输。",
    ],
)
def test_a_first_patient_given_the_product_in_taiwans_or_hong_kongs_words_is_a_first_use(engine, text):
    text = "卫福部昨日核准岚枫生技的细胞制剂RJ-101有附款许可。" + text
    assert [(d, date) for d, _u, date in _found(engine, text, "first_prescription")] == [("RJ-101", "2026-05-19")]


# Rumours told false, designations applied for, a policy's measures -------------------------------------------


def test_a_headline_telling_a_rumoured_approval_false_is_no_approval(engine):
    events = _events(
        engine,
        "公司在互动平台回复称，上述信息不实。",
        title="岚枫生物：网传QM-552注射液“获批上市”不实，产品仍处Ⅰ期临床",
    )
    assert [e for e in events if e.type == "drug_approval"] == []


def test_applying_to_have_the_product_designated_is_no_designation(engine):
    text = "5月12日，岚枫生物的QM-552注射液上市许可申请获得受理。公司表示，将尽快申请将该品种纳入优先审评审批程序。"
    assert _found(engine, text, "priority_review") == []
    assert [d for d, _u, _date in _found(engine, text, "nda_accepted")] == ["QM-552注射液"]


def test_a_policys_measure_for_products_that_will_be_approved_tells_no_approval(engine):
    text = "二、支持产品上市。对首次取得药品注册证书并在园区实现产业化的细胞与基因治疗产品，给予最高2000万元奖励。"
    assert _found(engine, text, "drug_approval") == []


def test_a_filing_table_whose_institution_column_says_what_kind_of_institution_is_read(engine):
    text = (
        "现将2026年第一批完成备案的干细胞临床研究项目公示如下：\n"
        "序号｜干细胞临床研究机构｜项目名称｜干细胞类型｜备案日期\n"
        "1｜岚城市第一人民医院｜人脐带间充质干细胞治疗膝骨关节炎的临床研究｜脐带间充质干细胞｜2026-04-28\n"
        "2｜岚城大学附属医院｜间充质干细胞治疗失代偿期肝硬化的安全性研究｜脐带间充质干细胞｜2026-05-06"
    )
    assert _found(engine, text, "research_filing") == [
        (None, "肝硬化", "2026-05-06"),
        (None, "膝骨关节炎", "2026-04-28"),
    ]


def test_a_digests_closing_table_without_dates_keeps_the_days_its_items_told(engine):
    text = (
        "【新增受理】\n"
        "1. 5月6日，岚枫生物QM-552注射液的临床试验申请获受理（受理号：CXSL2600411），拟用于膝骨关节炎。\n"
        "2. 5月12日，岚城细胞LC-301注射液获得临床试验默示许可，适应症为系统性硬化症（受理号：CXSL2600322）。\n"
        "【附：本月清单】\n"
        "受理号\t产品名称\t企业\t适应症\t状态\n"
        "CXSL2600411\tQM-552注射液\t岚枫生物\t膝骨关节炎\t受理\n"
        "CXSL2600322\tLC-301注射液\t岚城细胞\t系统性硬化症\t默示许可"
    )
    found = {(e.type, e.drug, e.date) for e in _events(engine, text)}
    assert found == {("ind_accepted", "QM-552注射液", "2026-05-06"), ("ind_approval", "LC-301注射液", "2026-05-12")}


def test_an_approval_digests_table_headed_by_the_variety_gives_each_row_its_day(engine):
    text = (
        "【本周审批概况】据国家药监局送达信息，5月11日至15日共有6个药品获批上市。\n"
        "【重点品种】\n"
        "品种｜企业｜类别｜适应症｜批准日期\n"
        "岚枫迈托赛注射液｜岚枫生物｜治疗用生物制品1类｜慢加急性肝衰竭｜5月12日\n"
        "岚城基奥仑赛注射液｜岚城细胞｜治疗用生物制品1类｜多发性骨髓瘤｜5月14日"
    )
    assert {(d, date) for d, _u, date in _found(engine, text, "drug_approval")} == {
        ("岚枫迈托赛注射液", "2026-05-12"),
        ("岚城基奥仑赛注射液", "2026-05-14"),
    }


# Tables of approvals dated in a middle column, and of financing rounds ------------------------------------------


def test_an_approval_table_with_its_time_in_a_middle_column_gives_each_row_its_month(engine):
    text = (
        "【已上市产品一览】\n"
        "通用名｜商品名｜企业｜核准時間｜首个适应症\n"
        "岚枫基奥仑赛注射液｜岚舒达｜岚枫生物｜2024年2月｜多发性骨髓瘤\n"
        "岚城仑赛注射液｜—｜岚城细胞｜2025年8月｜大B细胞淋巴瘤\n"
        "【解读】两款产品均已进入商业化阶段。"
    )
    assert {(d, date) for d, _u, date in _found(engine, text, "drug_approval")} == {
        ("岚枫基奥仑赛注射液", "2024-02"),
        ("岚城仑赛注射液", "2025-08"),
    }


def test_a_table_of_financing_rounds_is_one_financing_per_row_by_its_firm(engine):
    text = (
        "【上半年代表性融资】\n"
        "日期｜企业｜轮次｜金额｜领投方\n"
        "3月｜瑞铂基因｜A轮｜3.2亿元｜高特佳投资\n"
        "5月12日｜启元细胞｜B+轮｜2.8亿元｜君联资本\n"
        "【展望】多位投资人表示，下半年将重点关注注册临床阶段的项目。"
    )
    found = sorted((e.company, e.date, e.round) for e in _events(engine, text) if e.type == "financing")
    assert found == [("启元细胞", "2026-05-12", "B+轮"), ("瑞铂基因", "2026-03", "A轮")]


# A meeting roundup's items: a cutoff labelled after the figures, a day in the heading's bracket ----------------


def test_a_roundups_items_take_the_meetings_month_or_their_headings_day_not_a_labelled_cutoff(engine):
    text = (
        "5月8日至11日，欧洲血液学协会年会举行。本文选取其中2项进行汇总。\n\n"
        "一、QM-552二线治疗大B细胞淋巴瘤的两年随访\n"
        "研究单位：岚枫生物\n"
        "中位随访25.4个月，完全缓解率为61.5%；未报告新的迟发性神经毒性事件。数据截止日期：2026年1月31日。\n\n"
        "二、LC-301治疗难治性系统性红斑狼疮的研究（壁报，5月9日）\n"
        "研究单位：岚城细胞\n"
        "12例入组患者在回输后6个月全部达到DORIS缓解标准。"
    )
    found = {(d, date) for d, _u, date in _found(engine, text, "clinical_result")}
    assert ("LC-301", "2026-05-09") in found
    assert not any(date == "2026-01-31" for _d, date in found)


def test_a_policy_told_issued_by_several_bodies_named_between_is_issued_that_day(engine):
    text = (
        "5月14日，市政府新闻办举行新闻发布会，介绍《岚城市促进细胞治疗产业发展行动方案（2026—2028年）》。"
        "记者获悉，该方案由市科委、市经济信息化委、市卫生健康委等八部门于5月9日联合印发。"
    )
    assert [date for _d, _u, date in _found(engine, text, "policy_issued")] == ["2026-05-09"]


def test_the_applications_of_uses_just_told_counted_again_are_accepted_for_each_use(engine):
    text = (
        "5月13日，岚枫生物的QM-552注射液获得两份《药物临床试验批准通知书》，同意其分别开展用于治疗急性髓系白血病"
        "和骨髓增生异常综合征的临床试验。上述两项申请均于今年2月14日获药审中心受理。"
    )
    assert _found(engine, text, "ind_accepted") == [
        ("QM-552注射液", "急性髓系白血病", "2026-02-14"),
        ("QM-552注射液", "骨髓增生异常综合征", "2026-02-14"),
    ]
