"""Rules from the eighteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Approvals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "署长表示，第二款CAR-T产品已在本地取得药证，厂商正申请给付。",
        "署长表示，另一款第二代CAR-T已在本地取得藥證，並已申請給付。",
        "署长表示，已有新一代CAR-T在本地取得药证，正申请给付。",
    ],
)
def test_a_second_product_of_a_kind_licensed_without_a_time_is_an_undated_approval(engine, text):
    assert _triples(engine, text) == [("drug_approval", None, None)]


def test_a_second_generation_product_licensed_recently_is_dated_by_the_month(engine):
    text = "署长昨（19）日表示，近期已有第二代CAR-T取得药证，最快今年内纳入给付。"
    assert _triples(engine, text) == [("drug_approval", None, "2026-05")]


def test_a_named_product_licensed_without_a_time_is_undated(engine):
    text = "澜汐生物表示，澜汐基奥仑赛注射液已在香港取得药品注册证书。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", None)]


def test_the_earliest_hoped_time_of_a_later_step_does_not_date_the_approval(engine):
    text = "澜汐基奥仑赛注射液5月获批上市，最快明年纳入医保。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05")]


def test_an_ordinal_clause_of_a_law_is_no_product(engine):
    text = "依照该法第二款规定，CAR-T产品须在取得药证后方可上市销售。"
    assert _triples(engine, text) == []


# First uses ----------------------------------------------------------------------------------------------


def test_a_use_told_then_called_the_first_in_a_place_is_a_first_use(engine):
    text = (
        "上月，一名淋巴瘤病人在北辰医院接受了澜汐生物内地工厂制备的澜汐基奥仑赛注射液，"
        "是本港首次使用内地制造的该类产品。"
    )
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-04")]


def test_an_unnamed_product_first_used_in_a_place_is_left_to_the_reader(engine):
    text = "北辰医院团队近日为一名淋巴瘤病人完成CAR-T细胞治疗，是本港首次使用内地制造的CAR-T产品。"
    assert [t for t in _triples(engine, text) if t[0] == "first_prescription"] == []


def test_a_trial_called_the_first_use_in_a_place_is_no_first_use(engine):
    text = "一名受试者在北辰医院的临床研究中接受了QV-871注射液，是本港首次使用该类产品。"
    assert _triples(engine, text) == []


# Clinical readouts ---------------------------------------------------------------------------------------


def test_a_survival_rate_raised_to_a_figure_is_a_readout_per_use(engine):
    text = (
        "接受澜汐基奥仑赛注射液治疗的急性淋巴细胞白血病患者一年整体存活率达88%；"
        "弥漫性大B细胞淋巴瘤患者一年存活率亦提升至65%。"
    )
    found = _events(engine, text)
    assert sorted((e.type, e.drug, e.indication) for e in found) == [
        ("clinical_result", "澜汐基奥仑赛注射液", "弥漫性大B细胞淋巴瘤"),
        ("clinical_result", "澜汐基奥仑赛注射液", "急性淋巴细胞白血病"),
    ]


def test_readouts_of_reimbursed_patients_take_the_product_paid_for_named_next(engine):
    text = (
        "学会昨（19）日公布追踪结果：急性淋巴细胞白血病病人接受治疗后，一年整体存活率达88%。"
        "目前给付品项为澜汐生物的澜汐基奥仑赛注射液，限25岁以下病人。"
    )
    assert _triples(engine, text) == [("clinical_result", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_a_tumour_that_has_basically_vanished_is_a_readout(engine):
    text = "上月，一名淋巴瘤患者在北辰医院接受了澜汐基奥仑赛注射液回输。回输一个月后复查，她体内的肿瘤病灶已基本消失。"
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


# Policies ------------------------------------------------------------------------------------------------


def test_two_titles_and_their_joint_name_passed_and_then_promulgated_are_two_issuings(engine):
    text = (
        "草案历经多年研议，最终以《细胞治疗促进法》及《细胞制剂管理条例》（合称细胞双法）于5月4日经议会三读通过，"
        "并于同月19日由总统公布。"
    )
    found = _events(engine, text)
    assert sorted((e.type, e.policy, e.date) for e in found) == [
        ("policy_issued", "细胞制剂管理条例", "2026-05-19"),
        ("policy_issued", "细胞治疗促进法", "2026-05-19"),
    ]


def test_a_regulation_a_provincial_legislature_promulgated_the_day_it_passed_it_is_dated_that_day(engine):
    text = (
        "今天，省政府网站全文刊发《北辰省细胞产业促进条例》。该条例已于4月30日经省人大常委会第九次会议表决通过，"
        "省人大常委会当日发布第12号公告予以公布，自2026年7月1日起施行。"
    )
    found = _events(engine, text)
    assert [(e.type, e.policy, e.date) for e in found] == [("policy_issued", "北辰省细胞产业促进条例", "2026-04-30")]


# Approvals told on the way -------------------------------------------------------------------------------


def test_an_approval_dated_in_a_first_prescriptions_reference_is_told_too(engine):
    text = "5月19日，北辰医院为一名患者开具澜汐基奥仑赛注射液处方，这是该产品4月获批上市后开出的首张商业化处方。"
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2026-04"),
        ("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19"),
    ]


def test_an_undated_approval_in_a_first_prescriptions_reference_is_no_approval(engine):
    text = "5月19日，北辰医院为一名患者开具澜汐基奥仑赛注射液处方，这是该产品获批上市后开出的首张商业化处方。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_a_product_called_the_first_approved_for_a_use_is_an_undated_approval(engine):
    text = "澜汐基奥仑赛注射液由澜汐生物研发，是国内首款获批用于成人急性淋巴细胞白血病的CAR-T产品。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", None)]


def test_a_product_that_became_the_first_approved_in_a_month_told_is_approved_then(engine):
    text = "今年以来成果不断：1月，澜汐生物的澜汐基奥仑赛注射液成为国内首个获批上市的干细胞药品。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-01")]


# Products and firms --------------------------------------------------------------------------------------


def test_an_applicants_legal_name_before_a_known_product_is_not_part_of_it(engine):
    text = "本集团附属公司北辰澜汐制药有限公司就伊基奥仑赛注射液提交的新药上市申请已于5月18日获受理。"
    assert _canonicals(engine, text, "drug") == {"伊基奥仑赛注射液"}


def test_a_regenerative_medicine_advanced_therapy_designation_is_no_firm(engine):
    text = "该产品曾于2022年1月获授再生医学先进疗法认定。"
    assert _canonicals(engine, text, "company") == set()


def test_a_medical_technology_approved_for_clinical_use_is_no_trial_approval(engine):
    text = "此前，北辰乐城医院的自体NK细胞辅助治疗技术获批临床应用，覆盖肺癌、乳腺癌等实体瘤。"
    assert _triples(engine, text) == []


def test_a_trial_approved_to_start_is_still_a_trial_approval(engine):
    text = "5月18日，QV-871注射液获批开展临床试验，用于治疗复发或难治性多发性骨髓瘤。"
    assert _triples(engine, text) == [("ind_approval", "QV-871注射液", "2026-05-18")]


def test_t_lymphoblastic_leukaemia_lymphoma_written_with_its_abbreviation_is_one_disease(engine):
    text = "QV-871注射液拟用于治疗成人复发或难治性T淋巴母细胞白血病/淋巴瘤（T-ALL/LBL）。"
    assert _canonicals(engine, text, "indication") == {"T淋巴母细胞白血病/淋巴瘤"}


# Forecasts -----------------------------------------------------------------------------------------------


def test_a_forecast_told_at_a_meeting_is_dated_by_the_meeting(engine):
    text = (
        "5月16日，第三届细胞治疗转化论坛在北辰医院举行。\n"
        "专家预计，随着更多产品获批，到2030年中国干细胞治疗市场规模将突破2000亿元。"
    )
    assert _triples(engine, text) == [("market_forecast", None, "2026-05-16")]


def test_a_forecast_told_at_a_meeting_held_over_days_is_dated_by_its_month(engine):
    text = (
        "5月14日至16日，第三届细胞治疗转化论坛在北辰举行。\n"
        "专家预计，随着更多产品获批，到2030年中国干细胞治疗市场规模将突破2000亿元。"
    )
    assert _triples(engine, text) == [("market_forecast", None, "2026-05")]


def test_a_pages_own_forecast_is_dated_by_the_page(engine):
    text = "随着更多产品获批，预计到2030年中国干细胞治疗市场规模将突破2000亿元。"
    assert _triples(engine, text) == [("market_forecast", None, "2026-05-20")]


def test_a_new_use_approved_for_a_product_glossed_in_brackets_with_a_comma_is_an_approval(engine):
    text = (
        "当地时间5月18日，FDA批准澜汐生物（NASDAQ：LXBO）开发的CAR-T疗法QV-871（自体来源，靶向BCMA）扩展适应症，"
        "用于治疗多发性骨髓瘤成人患者。"
    )
    assert _triples(engine, text) == [("drug_approval", "QV-871", "2026-05-18")]


# Reviews and chronicles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "date"), [("【2025.01.02】", "2025-01-02"), ("【2025-05-28】", "2025-05-28"), ("【2025.04】", "2025-04")]
)
def test_a_chronicles_bracketed_date_dates_its_item(engine, stamp, date):
    text = f"{stamp}澜汐生物的澜汐基奥仑赛注射液获国家药监局附条件批准。"
    assert _triples(engine, text, pub="2026-01-06") == [("drug_approval", "澜汐基奥仑赛注射液", date)]


@pytest.mark.parametrize("title", ["盘点｜2025年中国细胞治疗十件大事（上）", "2025年细胞治疗十大事件"])
def test_a_review_titled_by_its_year_dates_its_yearless_days_in_that_year(engine, title):
    text = "1. 1月18日，澜汐生物的澜汐基奥仑赛注射液获国家药监局附条件批准。"
    assert _triples(engine, text, title=title, pub="2026-01-03") == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2025-01-18")
    ]


def test_a_review_whose_lead_looks_back_on_a_year_dates_its_months_in_that_year(engine):
    text = "回望2025年，细胞治疗的关键词是落地。1月，国家药监局附条件批准澜汐生物的澜汐基奥仑赛注射液上市。"
    assert _triples(engine, text, pub="2026-01-05") == [("drug_approval", "澜汐基奥仑赛注射液", "2025-01")]


def test_a_page_early_in_the_year_without_a_review_keeps_its_own_year(engine):
    text = "1月2日，国家药监局附条件批准澜汐生物的澜汐基奥仑赛注射液上市。"
    assert _triples(engine, text, pub="2026-01-05") == [("drug_approval", "澜汐基奥仑赛注射液", "2026-01-02")]


def test_a_months_roundup_dates_its_listed_items_by_the_month(engine):
    text = (
        "据不完全统计（统计区间：2026.04.01—2026.04.30），4月国内细胞治疗领域共披露5起融资。以下为其中2起：\n"
        "① 澜启生物宣布完成3.2亿元B轮融资。\n"
        "② 澜汐生物完成1亿元A轮融资。"
    )
    assert _triples(engine, text) == [("financing", None, "2026-04"), ("financing", None, "2026-04")]


def test_a_numbered_items_circled_number_is_no_count_before_a_firm(engine):
    assert _canonicals(engine, "② 澜启生物宣布完成3.2亿元B轮融资。", "company") == {"澜启生物"}


def test_a_us_gene_therapy_for_respiratory_papillomatosis_is_known(engine):
    text = "8月14日，FDA批准Precigen的Papzimeos用于成人复发性呼吸道乳头状瘤病。"
    assert _triples(engine, text, pub="2025-09-01") == [("drug_approval", "Papzimeos", "2025-08-14")]
    assert _canonicals(engine, text, "indication", pub="2025-09-01") == {"呼吸道乳头状瘤病"}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026年3月，澜汐生物的澜汐基奥仑赛注射液又新增滤泡性淋巴瘤适应症。", "2026-03"),
        (
            "3月18日，澜汐基奥仑赛注射液获批用于多发性骨髓瘤；同一天，该产品的套细胞淋巴瘤适应症也获得批准。",
            "2026-03-18",
        ),
    ],
)
def test_a_new_use_approved_told_by_the_use_is_an_approval(engine, text, date):
    assert ("drug_approval", "澜汐基奥仑赛注射液", date) in _triples(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "澜汐生物拟新增滤泡性淋巴瘤适应症。",
        "澜汐基奥仑赛注射液新增滤泡性淋巴瘤适应症的上市申请获受理。",
    ],
)
def test_a_new_use_planned_or_filed_is_no_approval(engine, text):
    assert [t for t in _triples(engine, text) if t[0] == "drug_approval"] == []


# Taiwan's years ------------------------------------------------------------------------------------------


def test_a_licence_obtained_in_a_bare_roc_year_is_dated_by_that_year(engine):
    text = "澜汐基奥仑赛注射液于114年取得我国药证，适应症为多发性骨髓瘤。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2025")]


def test_this_year_glossed_by_its_roc_number_dates_its_days(engine):
    text = "健保署自今（115）年5月1日起给付澜汐基奥仑赛注射液，北辰医院18日完成首例健保给付个案。"
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2026-05-18") in _triples(engine, text)


def test_a_hundred_and_ten_years_of_history_is_no_year(engine):
    text = "这家拥有110年历史的医院完成了澜汐基奥仑赛注射液的首例商业化回输。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05")]


def test_a_date_and_a_payers_verb_before_a_new_product_are_not_its_name(engine):
    text = "健保署自5月1日起给付澜汐基奥仑赛注射液。"
    assert _canonicals(engine, text, "drug") == {"澜汐基奥仑赛注射液"}


def test_the_study_an_approval_rests_on_named_alone_is_no_readout(engine):
    text = "5月18日，澜汐基奥仑赛注射液获批上市。此次获批基于在国内开展的LX-1研究II期数据。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-18")]


def test_the_outcome_of_the_study_an_approval_rests_on_is_a_readout(engine):
    text = "5月18日，澜汐基奥仑赛注射液获批上市。此次获批基于LX-1研究，结果显示该产品显著延长了患者的无进展生存期。"
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


def test_a_verb_of_assessing_before_a_known_product_is_not_its_name(engine):
    text = "在自身免疫性疾病领域，本集团正评估瑞基奥仑赛注射液用于系统性红斑狼疮的潜力。"
    assert _canonicals(engine, text, "drug") == {"瑞基奥仑赛注射液"}


def test_a_code_written_with_an_ophthalmic_injection_form_keeps_that_form(engine):
    text = "公司子公司近日收到《药物临床试验批准通知书》，同意QV-871眼用注射液开展用于治疗糖尿病黄斑水肿的临床试验。"
    assert _canonicals(engine, text, "drug") == {"QV-871眼用注射液"}


def test_a_regulator_that_approved_a_named_product_told_as_subject_is_an_approval(engine):
    text = "放眼海外，美国FDA去年12月批准了澜汐生物的QV-871（lanxi-L），用于儿童激素难治性急性移植物抗宿主病。"
    assert _triples(engine, text) == [("drug_approval", "QV-871", "2025-12")]


@pytest.mark.parametrize(
    "text",
    [
        "美国FDA批准的间充质干细胞药物QV-871在北辰医院完成首例患者用药。",
        "广东省药监局于今年4月批准北辰医院使用QV-871。",
        "美国FDA批准了QV-871的临床试验申请。",
    ],
)
def test_a_regulators_approval_that_is_an_attribute_a_provincial_licence_or_a_trial_is_no_marketing_approval(
    engine, text
):
    assert [t for t in _triples(engine, text) if t[0] == "drug_approval"] == []


def test_a_use_added_in_a_month_told_is_an_approval(engine):
    text = "2025年10月，澜汐基奥仑赛注射液新增滤泡性淋巴瘤适应症。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2025-10")]


def test_an_accepted_application_for_a_new_use_is_no_approval(engine):
    text = "▶ 受理：澜汐生物QV-871注射液新增狼疮性肾炎适应症（5月8日，CXSL2600812）。"
    assert [t for t in _triples(engine, text) if t[0] == "drug_approval"] == []


@pytest.mark.parametrize(
    "text",
    [
        "与标准治疗相比，QV-871显著降低了疾病进展或死亡风险，并带来更持久的缓解。",
        "初步数据显示，在接受QV-871治疗的多发性骨髓瘤患者中观察到客观缓解，安全性可耐受。",
    ],
)
def test_outcomes_told_without_a_figure_are_a_readout(engine, text):
    assert _triples(engine, text) == [("clinical_result", "QV-871", None)]


def test_a_risk_of_death_told_as_a_diseases_burden_is_no_readout(engine):
    text = "多发性骨髓瘤患者复发后死亡风险较高，QV-871尚处于临床前研究阶段。"
    assert [t for t in _triples(engine, text) if t[0] == "clinical_result"] == []


def test_a_notice_issuing_the_titles_named_together_before_issues_each(engine):
    text = (
        "为规范细胞产品研发，药审中心组织制定了《细胞产品非临床研究技术指导原则》和《细胞产品临床试验技术指导原则》（见附件）。"
        "根据《药品技术指导原则发布程序》要求，经审查同意，现予发布，自发布之日起施行。"
    )
    found = _events(engine, text)
    assert sorted((e.type, e.policy, e.date) for e in found) == [
        ("policy_issued", "细胞产品临床试验技术指导原则", "2026-05-20"),
        ("policy_issued", "细胞产品非临床研究技术指导原则", "2026-05-20"),
    ]


def test_a_first_cross_border_infusion_completed_is_a_first_use(engine):
    text = "3月，澜汐生物的澜汐基奥仑赛注射液在香港完成首例跨境回输。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-03")]


def test_a_trials_first_infusion_completed_is_no_first_use(engine):
    text = "3月，QV-871注射液的I期临床试验完成首例受试者回输。"
    assert [t for t in _triples(engine, text) if t[0] == "first_prescription"] == []


# Designation lists ---------------------------------------------------------------------------------------


def test_a_cde_notice_lists_its_designated_products_as_numbered_items(engine):
    text = (
        "经审核，药审中心拟将以下药品注册申请纳入优先审评审批程序，现予以公示。\n"
        "1．受理号CXSS2600061，澜汐基奥仑赛注射液，澜汐生物，拟定适应症：多发性骨髓瘤，理由：符合附条件批准的药品。\n"
        "2．受理号CXSS2600073，QV-871注射液，北辰细胞，拟定适应症：系统性红斑狼疮，理由：临床急需。"
    )
    assert _triples(engine, text) == [
        ("priority_review", "QV-871注射液", "2026-05-20"),
        ("priority_review", "澜汐基奥仑赛注射液", "2026-05-20"),
    ]


def test_a_designation_list_told_in_prose_names_each_member(engine):
    text = (
        "5月14日，药审中心公示新一批拟纳入突破性治疗品种名单。\n"
        "名单中，澜汐生物的QV-871拟用于治疗输血依赖型β地中海贫血。该产品已于2024年获得临床试验默示许可。\n"
        "北辰细胞的LX-205注射液拟用于治疗结晶样视网膜变性。"
    )
    found = [t for t in _triples(engine, text) if t[0] == "breakthrough_therapy"]
    assert found == [
        ("breakthrough_therapy", "LX-205注射液", "2026-05-14"),
        ("breakthrough_therapy", "QV-871", "2026-05-14"),
    ]


def test_a_designation_list_ends_at_the_next_section_or_another_step(engine):
    text = (
        "5月14日，药审中心公示新一批拟纳入突破性治疗品种名单，澜汐生物的QV-871在列，拟用于系统性红斑狼疮。\n"
        "【受理】上周五，北辰细胞的LX-205注射液获得临床试验申请受理，拟用于特发性肺纤维化。"
    )
    assert ("breakthrough_therapy", "LX-205注射液", "2026-05-14") not in _triples(engine, text)


def test_one_products_own_designation_is_no_list(engine):
    text = (
        "QV-871的上市申请已于今年3月获得受理，并于4月被药审中心纳入优先审评品种名单。"
        "北辰细胞的LX-205注射液拟用于治疗系统性红斑狼疮，目前处于临床阶段。"
    )
    assert [t for t in _triples(engine, text) if t[1] == "LX-205注射液"] == []
