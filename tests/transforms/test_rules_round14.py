"""Rules from the fourteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜泽基奥仑赛注射液, QV-552) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Names ---------------------------------------------------------------------------------------------------


def test_a_chinese_trade_name_declared_before_its_generic_names_the_product_later(engine):
    text = (
        "5月8日，澜泽生物的CD19 CAR-T产品泽安康（澜泽基奥仑赛注射液）在某医院开出首张处方。\n"
        "泽安康于4月27日获国家药监局附条件批准上市。"
    )
    assert ("drug_approval", "澜泽基奥仑赛注射液", "2026-04-27") in _triples(engine, text)


def test_a_common_word_before_a_generics_bracket_is_no_trade_name(engine):
    # 上市 is a word of the sentence; were it taken for a trade name, every later 上市 would be the product.
    text = "该产品上市（澜泽基奥仑赛注射液）后，公司将扩大产能。产品上市需要时间。"
    assert "上市" not in {e.text for e in _events(engine, text)}
    assert _triples(engine, text) == []


def test_a_descriptive_name_known_by_its_code_is_the_codes_product(engine):
    title = "澜江生物QV-552注射液获批开展Ⅱ期临床试验"
    text = "澜江生物今日宣布，其自主研发的人脐带间充质干细胞注射液QV-552已获得临床试验默示许可。"
    found = _triples(engine, text, title)
    assert {drug for _, drug, _ in found} == {"QV-552注射液"}


def test_a_listed_firm_named_before_its_announcement_is_a_company(engine):
    text = "5月19日晚间，港股上市公司澜屿瑞康发布公告称，公司产品获批上市。"
    assert "澜屿瑞康" in _canonicals(engine, text, "company")


def test_an_adult_before_a_disease_name_leaves_the_name_whole(engine):
    # 成人|大B细胞淋巴瘤: though 人大 is a word, 成人 closes one of its own.
    text = "该产品用于治疗复发或难治的成人大B细胞淋巴瘤。"
    assert _canonicals(engine, text, "indication") == {"大B细胞淋巴瘤"}


def test_a_name_after_a_word_it_may_end_still_yields(engine):
    text = "公司宣布瑞基奥仑赛注射液新适应症获批上市。"
    assert _canonicals(engine, text, "drug") == {"瑞基奥仑赛注射液"}


# Triggers ------------------------------------------------------------------------------------------------


def test_hong_kongs_department_approving_a_phase_ii_start_is_an_ind_approval(engine):
    text = "QV-552上月已獲衞生署批准展開二期臨床試驗，是本港首個進入二期的本地CAR-T產品。"
    assert _triples(engine, text) == [("ind_approval", "QV-552", "2026-04")]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("已获得药审中心临床试验默示许可", ("ind_accepted", "QV-552注射液", "2025-12")),
        ("已获国家药监局附条件批准上市", ("nda_accepted", "QV-552注射液", "2025-12")),
    ],
)
def test_the_application_the_sentence_before_told_is_what_its_acceptance_is_of(engine, step, expected):
    text = f"澜江生物宣布，QV-552注射液{step}。该申请于2025年12月获CDE受理。"
    assert expected in _triples(engine, text)


def test_an_application_told_by_its_use_is_the_products(engine):
    text = "澜泽基奥仑赛注射液已获批上市。\n公告显示，其大B细胞淋巴瘤适应症的上市申请于2025年10月获受理。"
    assert ("nda_accepted", "澜泽基奥仑赛注射液", "2025-10") in _triples(engine, text)


# One event per use ----------------------------------------------------------------------------------------


def _approvals(engine, text):
    return sorted((e.drug, e.indication) for e in _events(engine, text) if e.type == "drug_approval")


def test_uses_listed_in_the_sentence_after_an_approval_give_one_approval_each(engine):
    text = (
        "近日，国家药监局附条件批准澜泽生物申报的澜泽基奥仑赛注射液上市。"
        "该药品适用于治疗复发或难治的大B细胞淋巴瘤成人患者，以及复发或难治的套细胞淋巴瘤成人患者。"
    )
    assert _approvals(engine, text) == [
        ("澜泽基奥仑赛注射液", "大B细胞淋巴瘤"),
        ("澜泽基奥仑赛注射液", "套细胞淋巴瘤"),
    ]


def test_numbered_uses_after_an_approval_give_one_approval_each(engine):
    text = (
        "澜泽基奥仑赛注射液已获国家药监局附条件批准上市，获批适应症为：（1）既往接受过二线治疗后复发的成人大B细胞淋巴瘤；"
        "（2）既往接受过二线治疗后复发的成人套细胞淋巴瘤。"
    )
    assert _approvals(engine, text) == [
        ("澜泽基奥仑赛注射液", "大B细胞淋巴瘤"),
        ("澜泽基奥仑赛注射液", "套细胞淋巴瘤"),
    ]


def test_a_sentence_after_an_approval_that_names_one_use_adds_no_event(engine):
    text = "澜泽基奥仑赛注射液已获批上市。该药品适用于治疗大B细胞淋巴瘤成人患者。"
    assert len(_approvals(engine, text)) == 1


def test_a_readouts_next_clause_about_another_use_is_a_readout_of_its_own_on_the_same_day(engine):
    text = (
        "5月16日，澜江生物在年会上公布了QV-552治疗系统性红斑狼疮的Ⅰ期研究数据。"
        "截至数据截止日，12例患者全部达到SRI-4应答，8例实现DORIS缓解；合并狼疮性肾炎的4例患者中，3例达到完全肾脏缓解。"
    )
    readouts = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert readouts == [("狼疮性肾炎", "2026-05-16"), ("系统性红斑狼疮", "2026-05-16")]


def test_readouts_of_two_products_in_separate_paragraphs_are_not_split_by_use(engine):
    # A later paragraph's readout without a product of its own is not a cohort of the one before.
    text = (
        "5月16日，澜江生物公布了QV-552治疗系统性红斑狼疮的随访数据：9例患者维持缓解。\n"
        "澜江生物还介绍了QV-552在滤泡性淋巴瘤中的研究，总缓解率不劣于对照。"
    )
    readouts = [e for e in _events(engine, text) if e.type == "clinical_result" and e.drug == "QV-552"]
    assert len(readouts) == 1


# Dates of lists, results and cutoffs ---------------------------------------------------------------------


def test_a_list_announced_by_a_dated_lead_dates_its_numbered_items(engine):
    text = (
        "5月18日，药审中心官网发布新一批拟纳入优先审评程序品种公示，公示期5个工作日。细胞治疗领域有以下产品在列：\n"
        "1. 澜江生物的QV-552注射液（受理号：CXSS2600047）拟纳入优先审评，拟定适应症为多发性骨髓瘤。"
        "该产品的上市申请于2026年3月27日获CDE承办。\n"
        "2. 澜泽生物的基因治疗产品QV-610拟纳入突破性治疗品种，用于血友病A。"
    )
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "QV-610", "2026-05-18"),
        ("nda_accepted", "QV-552注射液", "2026-03-27"),
        ("priority_review", "QV-552注射液", "2026-05-18"),
    ]


def test_the_items_of_results_just_dated_take_the_studys_day(engine):
    text = (
        "5月12日，《柳叶刀》在线发表了一项研究，评估澜江生物的QV-552治疗系统性红斑狼疮的安全性和有效性。\n"
        "论文显示，共15例患者接受单次输注，中位随访14个月：\n"
        "- 第3个月时，完全缓解率为86.7%；\n"
        "- 2例发生1级CRS。"
    )
    assert [e.date for e in _events(engine, text) if e.type == "clinical_result"] == ["2026-05-12"]


def test_a_stated_data_cutoff_day_dates_no_readout(engine):
    text = "QV-552的一期试验结果已以壁报形式发表。数据截止日为2026年2月28日，18名受试者中，客观缓解率为22.2%。"
    assert [e.date for e in _events(engine, text) if e.type == "clinical_result"] == [None]


def test_a_step_long_past_of_no_year_told_is_undated(engine):
    text = "澜洋制药的QV-552由国外引进，已于数年前取得卫福部药品许可证。"
    assert _triples(engine, text) == [("drug_approval", "QV-552", None)]


# Triggers of Taiwan, Hong Kong and pilot zones ----------------------------------------------------------


def test_taiwans_licence_with_conditions_is_an_approval(engine):
    text = "澜屿生医公告，自体脂肪间质干细胞制剂QV-552已于2月26日获卫福部核发有附款之药品许可证，效期5年。"
    assert _triples(engine, text, pub="2026-03-04") == [("drug_approval", "QV-552", "2026-02-26")]


def test_a_manufacturing_licence_is_no_approval(engine):
    text = "澜屿生医的新厂已于2月26日取得药品生产许可证。"
    assert _triples(engine, text, pub="2026-03-04") == []


def test_taiwans_approval_of_a_phase_ii_trial_told_after_a_comma_is_an_ind_approval(engine):
    text = "澜屿生医公告，QV-552治疗肝细胞癌的二期人体临床试验，已于5月12日获卫福部食药署核准。"
    assert _triples(engine, text) == [("ind_approval", "QV-552", "2026-05-12")]


def test_the_first_use_after_an_approval_abroad_is_a_first_prescription_not_an_approval(engine):
    text = "5月12日，一名患者在乐城某医院接受了CAR-T产品Nuvacel的回输治疗，这是该产品在境外获批后首次在国内用于患者。"
    assert [(t, d) for t, _, d in _triples(engine, text)] == [("first_prescription", "2026-05-12")]


def test_a_row_cancelled_by_another_cancels_nothing_itself(engine):
    # 获…批准 is read as the IND's, not a marketing approval: the designation in the next clause stands.
    text = "QV-552的注册临床试验申请已于2026年4月获国家药监局批准，同月被药审中心列入突破性治疗品种公示名单。"
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "QV-552", "2026-04"),
        ("ind_approval", "QV-552", "2026-04"),
    ]


def test_a_bleeding_rate_lowered_from_baseline_is_a_readout(engine):
    text = (
        "澜源基因的基因治疗产品LY-F9拟纳入突破性治疗品种。"
        "此前Ⅰ/Ⅱ期研究中患者的年化出血率（ABR）由基线的21.3次降至0.6次。"
    )
    assert ("clinical_result", "LY-F9", None) in _triples(engine, text)


def test_a_study_told_in_its_own_paragraph_dates_the_numbered_results_after_it(engine):
    text = (
        "5月12日，《自然-医学》在线发表了一项研究，评估澜江生物的QV-552治疗重症肌无力的效果。\n"
        "研究共纳入14例患者。结果显示：\n"
        "1）回输后24周，QMG评分平均下降10.2分；\n"
        "2）未发生3级以上CRS。"
    )
    assert [e.date for e in _events(engine, text) if e.type == "clinical_result"] == ["2026-05-12"]


def test_results_listed_after_a_study_published_lately_take_the_publication_month(engine):
    text = (
        "近日，《Blood》在线发表了澜源基因的QV-552治疗血友病A的Ⅰ/Ⅱ期研究长期随访结果。\n"
        "论文显示，10例患者接受单次静脉输注后，中位随访2.6年：\n"
        "• 年化出血率（ABR）由输注前的21.3次降至0.6次，降幅约97%；\n"
        "• 3例出现转氨酶一过性升高。"
    )
    assert [(e.drug, e.date) for e in _events(engine, text) if e.type == "clinical_result"] == [("QV-552", "2026-05")]


def test_the_month_after_the_one_named_dates_a_step(engine):
    text = "QV-552的上市申请已于2025年11月获国家药监局受理，并于次月被纳入优先审评。"
    assert _triples(engine, text) == [
        ("nda_accepted", "QV-552", "2025-11"),
        ("priority_review", "QV-552", "2025-12"),
    ]


@pytest.mark.parametrize(
    ("first", "then", "expected_type"),
    [
        ("全台首例健保给付个案12日在某医院完成细胞回输。", "输注的是澜洋药厂的QV-552。", "first_prescription"),
        (
            "某医院今（20）日发表CAR-T治疗狼疮的初步成果，5名患者均在治疗后3个月内达到疾病缓解。",
            "这项试验使用的是澜屿生技开发的CD19 CAR-T产品QV-552。",
            "clinical_result",
        ),
    ],
)
def test_the_product_a_use_was_of_told_in_the_next_sentence_is_the_uses_product(engine, first, then, expected_type):
    found = [(e.type, e.drug) for e in _events(engine, first + then)]
    assert (expected_type, "QV-552") in found
    assert (expected_type, None) not in found


def test_a_product_named_after_a_sentence_about_the_patient_is_the_uses_product(engine):
    text = (
        "全台首例健保给付个案12日在某医院完成细胞回输。\n接受治疗的是一名70岁女性。\n"
        "本次使用的产品为澜洋药厂的QV-552。"
    )
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("first_prescription", "QV-552")]


def test_a_product_named_after_another_products_sentence_is_not_taken_back(engine):
    text = "全台首例健保给付个案12日在某医院完成细胞回输。此前该院曾参与QV-101的研究。输注的是澜洋药厂的QV-552。"
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("first_prescription", None)]


def _readouts(engine, text):
    return sorted((e.drug, e.date) for e in _events(engine, text) if e.type == "clinical_result")


def test_a_presentation_note_after_a_readout_dates_it(engine):
    text = (
        "年会于4月10日至14日举行。以下为国内企业发布的部分研究：\n"
        "① QV-552（澜江生物）\n"
        "关键Ⅱ期研究两年随访：24个月总生存（OS）率为63.5%。（4月12日口头报告）"
    )
    assert _readouts(engine, text) == [("QV-552", "2026-04-12")]


def test_a_meeting_held_over_days_of_two_months_dates_no_readout_told_at_it(engine):
    text = (
        "年会于4月29日至5月3日举行。以下为国内企业发布的部分研究：\n"
        "① QV-552（澜江生物）\n"
        "Ⅰ期研究：15例可评估患者中ORR为40.0%。（壁报）"
    )
    assert _readouts(engine, text) == [("QV-552", None)]


def test_a_meeting_held_over_days_of_one_month_dates_its_readouts_by_the_month(engine):
    text = (
        "年会于4月10日至14日举行。以下为国内企业发布的部分研究：\n"
        "① QV-552（澜江生物）\n"
        "Ⅰ期研究：15例可评估患者中ORR为40.0%。（壁报）"
    )
    assert _readouts(engine, text) == [("QV-552", "2026-04")]


def test_two_titles_one_verb_promulgated_are_two_policies_issued(engine):
    text = (
        "《澜州市细胞治疗促进条例》与《澜州市基因治疗管理办法》于2025年6月19日经市人大常委会公布，"
        "自今年1月1日起施行。"
    )
    found = sorted((e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued")
    assert found == [("澜州市基因治疗管理办法", "2025-06-19"), ("澜州市细胞治疗促进条例", "2025-06-19")]


def test_two_titles_taking_effect_are_not_split_into_issuings(engine):
    text = "《澜州市细胞治疗促进条例》与《澜州市基因治疗管理办法》昨（19）日正式施行。"
    assert len([e for e in _events(engine, text) if e.type == "policy_issued"]) <= 1


def test_an_acceptance_number_quoted_in_a_priority_listing_is_no_acceptance(engine):
    text = "5月19日，药审中心官网公示，澜江生物申报的QV-552上市许可申请（受理号：CXSS2600088）拟纳入优先审评审批程序。"
    assert _triples(engine, text) == [("priority_review", "QV-552", "2026-05-19")]


@pytest.mark.parametrize(
    "text",
    [
        "据测算，到2027年，澜州先行区细胞与基因治疗相关产值有望突破50亿元。",
        "有研究机构估计，澜州再生医疗产值可望由2025年约450亿元，成长至2030年突破1000亿元。",
    ],
)
def test_an_industrys_output_to_come_is_a_market_forecast(engine, text):
    assert [t for t, _, _ in _triples(engine, text)] == ["market_forecast"]


def test_an_industrys_output_of_a_past_year_is_no_forecast(engine):
    assert _triples(engine, "2024年，澜州细胞治疗相关产值达到32亿元。") == []


def test_a_name_in_the_bracket_after_a_product_names_it_later(engine):
    text = (
        "5月20日，某医院为一名患者开具了澜沐基奥仑赛注射液（沐安康）的全国首张处方。"
        "沐安康于4月14日获国家药监局批准上市。"
    )
    assert ("drug_approval", "澜沐基奥仑赛注射液", "2026-04-14") in _triples(engine, text)


@pytest.mark.parametrize("bracket", ["下同", "上海", "自体"])
def test_a_word_or_another_name_in_the_bracket_after_a_product_is_no_trade_name(engine, bracket):
    text = f"澜沐基奥仑赛注射液（{bracket}）已获批上市。{bracket}的患者也在观察中。"
    assert {e.drug for e in _events(engine, text)} == {"澜沐基奥仑赛注射液"}


def test_a_code_before_its_investigator_initiated_trial_is_a_product(engine):
    text = "12月8日，澜禾基因在年会上公布QV-552研究者发起试验（IIT）的数据，11例患者全部摆脱输血依赖。"
    assert _triples(engine, text, pub="2025-12-17") == [("clinical_result", "QV-552", "2025-12-08")]


def test_a_product_named_as_the_yardstick_of_a_result_is_not_its_subject(engine):
    text = (
        "12月8日年会上QV-552的口头报告看完了：\n"
        "1）疗效：11例患者全部实现脱离输血，血红蛋白稳定在11g/dL以上，和海外已上市的Casgevy在同一水平。"
    )
    assert {e.drug for e in _events(engine, text) if e.type == "clinical_result"} == {"QV-552"}


def test_a_code_glossed_by_the_name_it_came_to_have_is_that_product(engine):
    text = (
        "2018年3月　澜屿医药成立，首个项目即为CAR-T产品SL-77（即后来的澜卢基仑赛注射液）。\n"
        "2021年4月　SL-77获得国家药监局临床试验默示许可。"
    )
    assert _triples(engine, text) == [("ind_approval", "澜卢基仑赛注射液", "2021-04")]


def test_a_timelines_rows_that_leave_the_product_out_are_its_steps(engine):
    text = (
        "澜屿医药的澜卢基仑赛注射液研发大事记：\n"
        "2021年4月　澜卢基仑赛注射液获得国家药监局临床试验默示许可。\n"
        "2024年9月　上市申请获国家药监局受理。\n"
        "2024年10月　被药品审评中心纳入优先审评审批程序。\n"
        "2025年8月26日　获国家药监局批准上市。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜卢基仑赛注射液", "2025-08-26"),
        ("ind_approval", "澜卢基仑赛注射液", "2021-04"),
        ("nda_accepted", "澜卢基仑赛注射液", "2024-09"),
        ("priority_review", "澜卢基仑赛注射液", "2024-10"),
    ]


def test_hong_kongs_registration_board_approving_a_product_is_an_approval(engine):
    text = "澜卢基仑赛注射液3月下旬获香港药剂业及毒药管理局批准，用于治疗成人急性淋巴细胞白血病及大B细胞淋巴瘤。"
    assert sorted((e.type, e.date, e.indication) for e in _events(engine, text)) == [
        ("drug_approval", "2026-03", "大B细胞淋巴瘤"),
        ("drug_approval", "2026-03", "急性淋巴细胞白血病"),
    ]


def test_a_wish_to_be_the_first_approved_is_no_approval(engine):
    text = "澜泽生物董事长表示：“我们希望QV-552成为首个获批用于膝骨关节炎的干细胞药物。”"
    assert _triples(engine, text) == []


def test_a_count_of_commercial_infusions_is_no_first_prescription(engine):
    text = "截至年底，产品已进入52家医院，完成约180例商业化回输。"
    assert _triples(engine, "澜泽基奥仑赛注射液去年9月获批上市。" + text) == [
        ("drug_approval", "澜泽基奥仑赛注射液", "2025-09")
    ]


def test_a_policy_told_as_the_start_of_a_period_is_no_issuing(engine):
    text = (
        "（澜江社记者台北19日电）卫福部统计，「特定医疗技术检查检验医疗仪器施行或使用管理办法」（特管办法）"
        "2018年修正开放细胞治疗以来，"
        "截至今年4月底，累计核准细胞治疗计划逾300件。"
    )
    assert [t for t, _, _ in _triples(engine, text)] == []


def test_a_hospital_named_without_its_university_is_the_one_the_body_names_with_it(engine):
    title = "瑞澜医院干细胞临床研究项目完成备案"
    text = "澜江大学附属瑞澜医院申报的“脐带间充质干细胞治疗膝骨关节炎的临床研究”已于5月16日完成备案。"
    found = engine.extract(
        __import__("transforms.types", fromlist=["InputDocument"]).InputDocument(
            id="x", text=text, title=title, published_at="2026-05-20"
        )
    )
    assert {x.canonical for x in found.entities if x.type == "company"} == {"澜江大学附属瑞澜医院"}
    assert [(e.type, e.date) for e in found.events] == [("research_filing", "2026-05-16")]


@pytest.mark.parametrize("rate", ["CR/CRi率为44.4%", "1b期研究数据显示，ORR为40%"])
def test_readouts_written_with_lower_case_latin_are_read(engine, rate):
    # The analysis view upper-cases Latin letters: a pattern's lower-case letter never matched there.
    text = f"澜屿生物QV-552治疗急性髓系白血病：{rate}。"
    assert [t for t, _, _ in _triples(engine, text)] == ["clinical_result"]


def test_the_day_before_the_step_just_told_dates_a_step(engine):
    text = (
        "5月14日，澜州先行区管理局印发《澜州先行区进口细胞治疗产品使用管理办法》，自2026年7月1日起施行。\n"
        "就在新规印发前一天，某医院完成了先行区首例进口基因编辑疗法Casgevy的商业化输注。"
    )
    assert ("first_prescription", "Casgevy", "2026-05-13") in _triples(engine, text)


def test_a_timeline_recap_of_the_product_just_told_gives_its_steps(engine):
    text = (
        "澜霖基因的基因治疗产品QV-552拟纳入优先审评。\n"
        "简单捋一下时间线：去年7月进突破性治疗品种，上个月16日上市申请获受理，这次又拟优先审评。\n"
        "对标的海外产品Hemgenix定价350万美元一针。"
    )
    assert ("breakthrough_therapy", "QV-552", "2025-07") in _triples(engine, text)
    assert ("nda_accepted", "QV-552", "2026-04-16") in _triples(engine, text)


def test_a_duration_from_acceptance_to_approval_is_no_approval(engine):
    text = "QV-552早在2022年即被纳入突破性治疗品种，2024年7月24日上市申请获受理，从受理到获批用时不到九个月。"
    assert ("breakthrough_therapy", "QV-552", "2022") in _triples(engine, text)


def test_light_chain_amyloidosis_is_an_indication_of_its_own(engine):
    text = "该产品用于多发性骨髓瘤成人患者，以及伴有心脏受累的系统性轻链型淀粉样变性成人患者。"
    assert _canonicals(engine, text, "indication") == {"多发性骨髓瘤", "系统性轻链型淀粉样变性"}


def test_a_trade_name_after_the_generic_in_a_codes_bracket_names_the_product(engine):
    text = (
        "QV-101（澜曦仑赛注射液，商品名：曦澜安）已获批上市。\n"
        "2. 2026年4月9日，曦澜安在某医院完成首例商业化回输。"
    )
    assert ("first_prescription", "澜曦仑赛注射液", "2026-04-09") in _triples(engine, text)


def test_an_investigational_new_drug_application_granted_is_an_ind_approval(engine):
    text = "今年1月，QV-310用于系统性红斑狼疮的研究性新药申请已获FDA许可。"
    assert _triples(engine, text) == [("ind_approval", "QV-310", "2026-01")]


def test_an_investor_relations_records_time_dates_the_forecasts_told_in_it(engine):
    text = (
        "澜源基因医药股份有限公司投资者关系活动记录表\n投资者关系活动类别：业绩说明会\n"
        "时间：2026年5月18日15:00—16:30\n投资者关系活动主要内容介绍：\n"
        "1. 问：如何看待市场空间？\n答：根据公司测算，国内血友病B基因治疗市场规模有望在2030年达到约40亿元。\n"
        "日期：2026年5月20日"
    )
    assert [(t, d) for t, _, d in _triples(engine, text)] == [("market_forecast", "2026-05-18")]


def test_a_prospectus_under_review_is_no_financing_and_its_rounds_are_the_issuers(engine):
    title = "澜境再生首次公开发行股票并在科创板上市招股说明书（申报稿）：发行人基本情况（节选）"
    text = (
        "澜境再生医学（深圳）股份有限公司\n首次公开发行股票并在科创板上市招股说明书（申报稿）\n"
        "三、历次增资及股权融资\n2021年5月，公司完成天使轮融资，金额未披露。\n"
        "2024年9月，公司完成B+轮融资2.5亿元，投资方包括澜海健康基金。"
    )
    found = sorted((e.date, e.company) for e in _events(engine, text, title) if e.type == "financing")
    assert found == [("2021-05", "澜境再生"), ("2024-09", "澜境再生")]


def test_taiwans_approval_to_run_a_phase_ii_trial_is_an_ind_approval(engine):
    text = "本公司于今日接获TFDA函文，核准QV-552执行第二期人体临床试验。"
    assert _triples(engine, text) == [("ind_approval", "QV-552", "2026-05-20")]


def test_a_named_round_told_twice_is_one_financing_of_the_earlier_date(engine):
    text = (
        "为布局细胞治疗领域，公司以自有资金8,000万元参与广州澜南赛尔生物科技有限公司（以下简称“澜南赛尔”）的B轮融资。"
        "2026年3月，澜南赛尔完成B轮融资，融资总额3.2亿元，由公司领投。"
    )
    assert [(e.company, e.date) for e in _events(engine, text) if e.type == "financing"] == [("澜南赛尔", "2026-03")]


def test_uses_listed_on_the_lines_an_approval_leads_into_give_one_approval_each(engine):
    text = (
        "6月12日，国家药品监督管理局批准澜舟生物的澜舒基奥仑赛注射液上市，获批适应症为：\n"
        "一、二线及以上系统治疗后复发或难治性大B细胞淋巴瘤成人患者；\n"
        "二、二线及以上系统治疗后复发或难治性滤泡性淋巴瘤成人患者。\n"
        "该药针对上述两项适应症的上市申请均于2025年6月获药审中心受理。"
    )
    found = sorted((e.type, e.indication) for e in _events(engine, text))
    assert found == [
        ("drug_approval", "大B细胞淋巴瘤"),
        ("drug_approval", "滤泡性淋巴瘤"),
        ("nda_accepted", "大B细胞淋巴瘤"),
        ("nda_accepted", "滤泡性淋巴瘤"),
    ]


def test_an_approval_reviewed_through_the_priority_route_is_no_priority_review(engine):
    text = "今年1月2日，澜泽迈托赛注射液经国家药监局附条件批准上市，其审评通过了优先审评审批程序。"
    assert [t for t, _, _ in _triples(engine, text)] == ["drug_approval"]


def test_a_disease_not_controlled_before_the_product_is_no_readout(engine):
    text = (
        "5月15日，我院为一名患者开出了本院首张澜泽迈托赛注射液处方。\n"
        "患者为一名32岁男性，先后使用糖皮质激素和芦可替尼，病情控制仍不理想。"
    )
    assert [t for t, _, _ in _triples(engine, text)] == ["first_prescription"]


def test_the_application_told_paragraphs_before_is_what_a_later_acceptance_is_of(engine):
    text = (
        "5月16日，药审中心网站公示，澜海细胞申报的QV-552注射液获得临床试验默示许可。\n"
        "QV-552是一款异体来源的NK细胞治疗产品。该申请于今年3月获药审中心受理。"
    )
    assert ("ind_accepted", "QV-552注射液", "2026-03") in _triples(engine, text)


def test_the_first_use_brought_in_through_a_programme_is_a_first_prescription(engine):
    text = (
        "本院血液科于5月18日为一名患者输注基因治疗药物Hemgenix，"
        "这是大湾区内地城市首例透过「港澳药械通」引进使用的血友病基因治疗。"
    )
    assert _triples(engine, text) == [("first_prescription", "Hemgenix", "2026-05-18")]


def test_a_designation_others_claimed_and_the_firm_found_untrue_is_no_event(engine):
    text = "近期有自媒体称QV-552已被纳入突破性治疗品种，经核实该信息不实，公司未收到任何相关通知。"
    assert _triples(engine, text) == []


def test_a_licence_applied_for_is_no_approval(engine):
    text = "QV-552：本公司已于2025年12月向TFDA申请附款许可，目前审查中。"
    assert _triples(engine, text) == []


def test_a_reports_numbered_item_of_the_firms_own_placing_is_its_financing(engine):
    text = (
        "证券代码：688827　证券简称：澜源基因\n上海澜源基因医药股份有限公司2025年年度报告摘要\n"
        "2. 再融资：2025年11月，公司完成向特定对象发行A股股票，募集资金总额8.6亿元。"
    )
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "澜源基因", "2025-11")]


def test_a_placing_retold_by_another_name_is_one_financing(engine):
    text = (
        "9月12日晚间，澜舟医药发布公告称，公司向特定对象发行A股股票事项已完成，募集资金总额约11.6亿元。\n"
        "分析人士表示，澜舟医药此次定增落地，将为其进入商业化阶段提供现金流缓冲。"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub="2025-09-15")] == [("financing", "2025-09-12")]
