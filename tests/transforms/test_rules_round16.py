"""Rules from the sixteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Dates ---------------------------------------------------------------------------------------------------


def test_a_wire_dateline_yields_to_the_steps_own_day(engine):
    text = "财经网5月20日讯 澜汐生物的澜汐基奥仑赛注射液全国首张商业化处方于5月19日在北辰医院开出。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_a_wire_dateline_still_dates_a_step_told_without_a_day(engine):
    # 近日 under a wire dateline: the step happened some time before the report (its month).
    text = "新华社北京5月20日电 国家药监局近日批准澜汐生物的澜汐基奥仑赛注射液上市。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05")]


def test_a_law_passed_by_a_vote_is_dated_by_its_promulgation(engine):
    text = "《北辰再生医疗法》于2025年6月4日经立法院三读通过、同年6月19日由总统公布，自今年1月1日起施行。"
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰再生医疗法", "2025-06-19")]


def test_a_law_passed_and_promulgated_the_same_day_takes_that_day(engine):
    text = (
        "北辰日报5月20日讯 《北辰省细胞产业促进条例》已于4月28日经省人大常委会第九次会议表决通过并公布，"
        "自2026年7月1日起施行。"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰省细胞产业促进条例", "2026-04-28")]


# Arguments -----------------------------------------------------------------------------------------------


def test_titles_opening_a_sentence_are_each_issued_by_its_later_clause(engine):
    text = (
        "《北辰再生医疗法》与《北辰再生医疗制剂条例》合称“再生医疗双法”，于2025年6月4日经立法院三读通过、"
        "同年6月19日由总统公布。"
    )
    found = sorted((e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued")
    assert found == [("北辰再生医疗制剂条例", "2025-06-19"), ("北辰再生医疗法", "2025-06-19")]


def test_titles_taking_effect_together_are_not_each_issued(engine):
    # (no issuing verb: the taking effect told of both is no promulgation of the second title)
    text = "《北辰再生医疗法》与《北辰再生医疗制剂条例》合称“再生医疗双法”，今年1月1日起正式施行。"
    assert len([e for e in _events(engine, text) if e.type == "policy_issued"]) <= 1


def test_a_dated_approval_that_starts_a_span_is_the_product_told_before(engine):
    text = (
        "5月18日，澜汐生物的澜汐基奥仑赛注射液在北辰医院完成首例商业化患者回输。\n"
        "从4月2日获批上市到首例回输，历时仅46天。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2026-04-02"),
        ("first_prescription", "澜汐基奥仑赛注射液", "2026-05-18"),
    ]


def test_an_undated_span_between_two_steps_is_no_approval(engine):
    text = "5月18日，澜汐生物的澜汐基奥仑赛注射液在北辰医院完成首例商业化患者回输。\n从获批上市到首例回输，历时仅46天。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-18")]


# Readouts ------------------------------------------------------------------------------------------------


def test_unnamed_readouts_of_two_diseases_in_taiwans_words_stay_apart(engine):
    text = (
        "北辰血液學會19日公布追蹤結果：接受CAR-T治療的急性淋巴性白血病病人，一年整體存活率達86.1%；"
        "瀰漫性大B細胞淋巴瘤病人一年存活率為61.7%。"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert found == [("弥漫性大B细胞淋巴瘤", "2026-05-19"), ("急性淋巴细胞白血病", "2026-05-19")]


# Financing -----------------------------------------------------------------------------------------------


def test_an_offering_that_opens_today_is_a_financing_of_the_day(engine):
    text = (
        "【財經訊】主攻幹細胞新藥的澜汐細胞（編號：2977）今日起招股，擬發行約5,000萬股H股，"
        "以上限計集資總額約6.2億港元，預計5月28日掛牌。"
    )
    found = [(e.company, e.date) for e in _events(engine, text) if e.type == "financing"]
    assert found == [("澜汐细胞", "2026-05-20")]


def test_a_firm_described_before_its_stock_code_is_a_company(engine):
    text = "专注干细胞药物的澜汐细胞（股份代号：2977）公布中期业绩。"
    assert "澜汐细胞" in _canonicals(engine, text, "company")


def test_a_prospectus_is_no_offering(engine):
    text = "澜汐細胞向港交所遞交招股書，擬於主板上市。"
    assert [e for e in _events(engine, text) if e.type == "financing"] == []


def test_a_press_release_dateline_yields_to_the_local_day_of_the_talk(engine):
    text = (
        "上海2026年5月20日 /美通社/ -- 澜汐生物今日宣布，其QV-871注射液治疗多发性骨髓瘤的II期研究结果，"
        "于美国当地时间5月19日在年会上以口头报告形式发布。\n研究数据显示：客观缓解率为91.2%。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-871注射液", "2026-05-19")]


def test_readouts_on_lines_headed_by_their_cohort_stay_apart_from_the_summary(engine):
    text = (
        "5月12日，在欧洲风湿病年会上，澜汐生物以壁报形式公布了QV-871治疗难治性自身免疫性疾病的研究数据。\n"
        "系统性硬化症队列：8例患者接受单次回输，皮肤评分中位下降12分。\n"
        "特发性炎性肌病队列：5例患者中4例达到完全缓解，肌酸激酶恢复正常。"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert ("系统性硬化症", "2026-05-12") in found
    assert ("特发性炎性肌病", "2026-05-12") in found


def test_a_cohort_readout_takes_the_day_of_the_talk_within_the_meetings_month(engine):
    text = (
        "2026年欧洲风湿病年会于5月10日至13日举行。\n"
        "5月12日的口头报告专场上，北辰医院团队公布了QV-871治疗难治性系统性红斑狼疮的Ⅰ/Ⅱ期研究结果。\n"
        "· SLE：16例可评估患者中，13例在第6个月达到缓解；\n"
        "· 狼疮性肾炎亚组：5例患者中有4例达到完全肾脏缓解；"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert found == [("狼疮性肾炎", "2026-05-12"), ("系统性红斑狼疮", "2026-05-12")]


# First uses ----------------------------------------------------------------------------------------------


def test_a_products_first_use_in_a_new_place_is_a_first_prescription(engine):
    text = (
        "北辰大学深圳医院昨日公布，院方已为一名19岁的复发白血病病人输注CAR-T细胞治疗药物「QV-871注射液」"
        "（商品名LUMARIS），是该药首次在粤港澳大湾区内地城市用于病人。"
    )
    assert _triples(engine, text) == [("first_prescription", "QV-871注射液", "2026-05-19")]


def test_a_readout_of_another_study_introduced_without_a_product_is_not_the_earlier_products(engine):
    text = (
        "今年初，她在北辰医院接受了澜汐基奥仑赛注射液回输，这也是该院首例商业化CAR-T治疗病例。\n"
        "另一位患者今年3月入组了北辰大学附属医院开展的一项CAR-T治疗难治性狼疮的研究者发起临床研究。\n"
        "研究负责人介绍，该研究已入组8例患者，其中5例疾病活动度明显下降，未出现严重不良反应。"
    )
    readouts = [e for e in _events(engine, text) if e.type == "clinical_result"]
    assert readouts
    assert all(e.drug is None for e in readouts)


def test_a_study_of_the_product_told_before_keeps_it(engine):
    # (其 / 该产品 before the study phrase refer back: the study is the product's)
    text = "澜汐生物的澜汐基奥仑赛注射液去年获批上市。\n该产品开展的一项真实世界研究显示，客观缓解率为78.5%。"
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


# Non-events ----------------------------------------------------------------------------------------------


def test_a_step_named_as_a_concept_in_a_denial_is_no_event(engine):
    text = (
        "以澜汐基奥仑赛注射液为例，它只用于复发难治的淋巴瘤。\n但“获准开展临床试验”不等于“有效”，更不等于可以收费治疗。"
    )
    assert [e for e in _events(engine, text) if e.type == "ind_approval"] == []


def test_a_policy_encouraging_hospitals_to_file_is_no_filing(engine):
    text = (
        "5月18日，北辰市人民政府办公厅印发《北辰市促进细胞治疗产业发展若干措施》。"
        "同时，支持医疗机构开展干细胞临床研究，鼓励符合条件的医院完成干细胞临床研究机构备案。"
    )
    assert [e for e in _events(engine, text) if e.type == "research_filing"] == []


# Approvals -----------------------------------------------------------------------------------------------


def test_a_product_said_to_be_the_first_approved_of_its_kind_has_an_undated_approval(engine):
    text = (
        "5月18日，北辰医院为一名急性移植物抗宿主病患者开具了澜汐迈托赛注射液在北辰的首张处方。\n"
        "该药由澜汐生物研发，是我国首个获批上市的干细胞治疗药品。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐迈托赛注射液", None),
        ("first_prescription", "澜汐迈托赛注射液", "2026-05-18"),
    ]


def test_the_first_of_its_kind_named_as_the_subject_of_a_prescription_is_no_approval(engine):
    text = "5月18日，北辰医院开具了澜汐迈托赛注射液，这是国内首款获批上市的干细胞药物在北辰开出的首张处方。"
    assert _triples(engine, text) == [("first_prescription", "澜汐迈托赛注射液", "2026-05-18")]


def test_a_dated_approval_with_its_rank_among_its_kind_is_one_approval(engine):
    text = "澜汐迈托赛注射液今年3月获国家药监局附条件批准上市，是国内第二款获批上市的间充质干细胞药物。"
    assert _triples(engine, text) == [("drug_approval", "澜汐迈托赛注射液", "2026-03")]


def test_a_product_allowed_to_register_in_hong_kong_is_approved(engine):
    text = (
        "政府發言人今日表示，一款用於治療多發性骨髓瘤的新藥已按「1+」機制獲准在香港註冊，"
        "是機制下首款獲批的先進療法製品。"
    )
    found = [(e.type, e.indication, e.date) for e in _events(engine, text)]
    assert found == [("drug_approval", "多发性骨髓瘤", "2026-05-20")]


def test_the_only_product_registered_is_an_undated_approval_of_each_use(engine):
    text = (
        "此前，本港只有QV-871注射液一款CAR-T細胞治療藥物獲註冊作治療用途，"
        "適應症包括急性淋巴細胞白血病，以及瀰漫性大B細胞淋巴瘤。"
    )
    found = sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("QV-871注射液", "弥漫性大B细胞淋巴瘤", None), ("QV-871注射液", "急性淋巴细胞白血病", None)]


def test_an_unnamed_approval_of_another_use_is_not_the_named_products(engine):
    text = (
        "政府發言人今日表示，一款用於治療多發性骨髓瘤的新藥已按「1+」機制獲准在香港註冊，是首款獲批的先進療法製品。\n"
        "此前，本港只有QV-871注射液一款CAR-T細胞治療藥物獲註冊作治療用途，適應症為急性淋巴細胞白血病。"
    )
    found = sorted((e.drug or "", e.date or "") for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("", "2026-05-20"), ("QV-871注射液", "")]


def test_an_approval_dated_by_a_part_of_the_year_before_what_followed_is_told(engine):
    text = "答：澜汐基奥仑赛注射液今年初获批上市后，自2026年4月起正式商业化上市，公司已完成多家治疗中心认证。"
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2026"),
        ("first_prescription", "澜汐基奥仑赛注射液", "2026-04"),
    ]


def test_a_commercial_launch_in_a_month_is_a_first_use_of_that_month_not_an_approval(engine):
    text = "澜汐基奥仑赛注射液于2026年4月正式商业化上市。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-04")]


def test_a_use_restated_after_a_recent_one_takes_the_reports_month(engine):
    text = "近日，北辰医院为一名血友病B患者输注了QV-871注射液。这是该药4月10日获批上市后，我院完成的首例商业化给药。"
    assert ("first_prescription", "QV-871注射液", "2026-05") in _triples(engine, text)


def test_a_trial_approved_with_its_use_between_verb_and_trial_is_an_ind_approval(engine):
    text = "日期｜主体｜事项｜进展\n4月11日｜澜汐生物｜QV-871注射液｜获批开展治疗帕金森病的注册I期临床"
    assert _triples(engine, text) == [("ind_approval", "QV-871注射液", "2026-04-11")]


def test_a_registration_study_approved_to_start_is_an_ind_approval(engine):
    text = "QV-871注射液由澜汐生物研发。2021年，该产品的注册临床研究获国家药监局批准开展。"
    assert _triples(engine, text) == [("ind_approval", "QV-871注射液", "2021")]


def test_an_earlier_implied_licence_takes_no_date_of_the_next_clause(engine):
    text = "该产品此前已获国家药监局临床试验默示许可，2024年在北辰医院完成了Ⅰ期临床全部受试者的入组。"
    found = _triples(engine, "澜汐生物的QV-871注射液正式启动Ⅱ期临床试验。" + text)
    assert ("ind_approval", "QV-871注射液", None) in found


def test_documents_issued_over_recent_years_are_background(engine):
    text = (
        "负责人表示，近年来北辰先后出台《北辰市培育发展未来产业行动计划（2022—2025年）》等文件，"
        "将细胞与基因列为重点方向。"
    )
    assert [e for e in _events(engine, text) if e.type == "policy_issued"] == []


def test_freedom_from_external_insulin_is_an_outcome(engine):
    text = (
        "5月18日，国际学术期刊在线发表北辰大学研究组与北辰医院团队的合作研究。研究人员将一名1型糖尿病患者自身的体细胞"
        "诱导为多能干细胞，再分化为胰岛，移植到患者体内。\n移植后第75天起，她完全脱离外源胰岛素。"
    )
    assert [e.date for e in _events(engine, text) if e.type == "clinical_result"] == ["2026-05-18"]


def test_products_listed_in_clauses_of_their_own_take_their_own_years(engine):
    text = "全球已有两款同类产品获批：一是2012年获批的自体产品LUMARIS，二是2021年获批的异体产品NEUVARA。"
    found = sorted((e.drug, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("LUMARIS", "2012"), ("NEUVARA", "2021")]


def test_a_milestone_table_led_by_dates_is_about_the_product_told(engine):
    text = (
        "澜汐生物的澜汐基奥仑赛注射液于2026年3月2日获国家药监局批准上市。\n"
        "关键里程碑：\n时间｜事项\n2025年2月｜上市申请获国家药监局受理\n2026年4月｜完成首例商业化患者回输"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2026-03-02"),
        ("first_prescription", "澜汐基奥仑赛注射液", "2026-04"),
        ("nda_accepted", "澜汐基奥仑赛注射液", "2025-02"),
    ]


def test_the_first_case_of_a_use_told_as_a_case_is_a_first_prescription(engine):
    text = (
        "本月中旬，一名淋巴瘤病人在北辰医院完成输注，所用药品为澜汐基奥仑赛注射液，"
        "是全国首例淋巴瘤病人完成CAR-T药品跨境运输及使用的个案。"
    )
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05")]


def test_a_code_glossed_by_an_antibody_class_keeps_the_code(engine):
    text = (
        "澜汐生物近日收到国家药监局批准，同意QV-871（重组抗CD38全人单克隆抗体注射液-皮下注射）"
        "用于多发性骨髓瘤治疗开展Ⅰ期临床试验。"
    )
    assert _triples(engine, text) == [("ind_approval", "QV-871", "2026-05")]
    assert _canonicals(engine, text, "drug") == {"QV-871"}


def test_a_firms_own_cell_product_described_not_named_has_an_ind_approval(engine):
    text = (
        "澜汐生物上月宣布，其异体通用“现货型”iPSC衍生细胞新药获国家药监局批准，"
        "开展治疗帕金森型多系统萎缩（MSA-P）的注册Ⅰ/Ⅱ期临床试验。"
    )
    assert _triples(engine, text) == [("ind_approval", None, "2026-04")]


# Readout figures --------------------------------------------------------------------------------------------


def test_a_response_rate_given_as_a_share_in_words_is_a_readout_of_the_product(engine):
    text = (
        "澜汐生物宣布，旗下澜汐基奥仑赛注射液上周五（5月15日）在北辰医院开出首张商业化处方。\n"
        "注册性研究的长期随访显示，患者客观缓解率逾九成。"
    )
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


def test_one_patients_outcome_some_time_after_treatment_is_a_readout(engine):
    text = (
        "北辰大学医学院团队昨日公布，最近成功为一名末期多发性骨髓瘤患者进行CAR-T治疗。\n"
        "医生表示，病人接受治疗一个月后，盆腔肿块明显缩小，过程中未出现严重并发症。"
    )
    assert [e.type for e in _events(engine, text)] == ["clinical_result"]


def test_results_of_a_cell_product_a_team_developed_are_a_readout_without_a_name(engine):
    text = "北辰医院团队研发出通用型CD19 CAR-NK细胞药物，用于治疗系统性红斑狼疮，相关临床研究成果已刊登于国际医学期刊。"
    found = [(e.type, e.drug, e.indication) for e in _events(engine, text)]
    assert found == [("clinical_result", None, "系统性红斑狼疮")]


def test_a_cell_type_named_alone_in_a_study_is_still_no_readout(engine):
    # (no product developed: a study's subject named only by its cells stays below the bar)
    text = "北辰医院在前期开展的探索性研究中观察到，间充质干细胞可改善部分患者的肝功能指标。"
    assert [e for e in _events(engine, text) if e.type == "clinical_result"] == []


# Filings ---------------------------------------------------------------------------------------------------


def test_an_institution_filing_and_its_first_projects_filing_are_two_filings(engine):
    text = (
        "近日，经国家卫生健康委、国家药监局审核，北辰医院正式完成干细胞临床研究机构备案。"
        "与此同时，由骨科牵头申报的“人脐带间充质干细胞治疗膝骨关节炎的临床研究”也完成项目备案。"
    )
    found = sorted((e.indication or "", e.date) for e in _events(engine, text) if e.type == "research_filing")
    assert found == [("", "2026-05"), ("膝骨关节炎", "2026-05")]


def test_numbered_projects_under_a_filing_lead_are_one_filing_each(engine):
    text = (
        "近日，国家卫生健康委公布新一批干细胞临床研究项目备案信息，北辰医院申报的两个项目顺利通过备案：\n"
        "1. 人脐带间充质干细胞治疗卵巢早衰的安全性及有效性研究\n"
        "2. 间充质干细胞治疗慢加急性肝衰竭的多中心随机对照研究"
    )
    found = sorted(e.indication for e in _events(engine, text) if e.type == "research_filing")
    assert found == ["卵巢早衰", "慢加急性肝衰竭"]


def test_an_early_institution_filing_is_dated_by_its_own_year_only(engine):
    text = "北辰医院是国内较早完成干细胞临床研究机构备案的医院之一，2017年即进入备案机构名单。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", "2017")]


def test_a_rotator_cuff_injury_is_an_indication(engine):
    text = "北辰医院骨科的“自体脂肪间充质干细胞联合关节镜手术修复肩袖损伤的临床研究”完成国家备案。"
    assert "肩袖损伤" in _canonicals(engine, text, "indication")


def test_hong_kongs_first_case_told_with_zong_is_a_first_use(engine):
    text = (
        "內地研發的CAR-T細胞療法澜汐基奥仑赛注射液上月獲藥劑業及毒藥管理局批准在香港註冊。"
        "北辰醫院昨日證實，本月初已為一名61歲的男病人完成首宗輸注。"
    )
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2026-05") in _triples(engine, text)


def test_taiwans_approval_to_run_a_phased_trial_for_a_use_is_an_ind_approval(engine):
    text = (
        "本公司自主開發之CAR-T新藥QV-871，已於115年4月10日獲衛生福利部食品藥物管理署"
        "核准執行治療晚期實體腫瘤之Phase I/IIa臨床試驗。"
    )
    assert _triples(engine, text) == [("ind_approval", "QV-871", "2026-04-10")]


def test_a_verb_inside_a_title_in_corner_brackets_issues_nothing(engine):
    text = (
        "本公司細胞製備廠依「特定醫療技術檢查檢驗醫療儀器施行或使用管理辦法」（下稱「特管辦法」），"
        "擔任合作醫院細胞治療施行計畫之細胞製備場所。"
    )
    assert [e for e in _events(engine, text) if e.type == "policy_issued"] == []


# Policies taking effect --------------------------------------------------------------------------------------


def test_two_titles_taking_effect_yield_to_their_promulgation_told_after(engine):
    text = (
        "《北辰再生醫療法》與《北辰再生醫療製劑條例》昨（19）日正式施行。"
        "這兩部法律於2024年6月4日經立法院三讀通過，同年6月19日由總統公布。"
    )
    found = sorted((e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued")
    assert found == [("北辰再生医疗制剂条例", "2024-06-19"), ("北辰再生医疗法", "2024-06-19")]


def test_a_rule_taking_effect_with_no_promulgation_told_keeps_its_day(engine):
    # (the oldest gold sets count it so; ANNOTATION.md leaves a rule taking effect open)
    text = "《北辰省细胞治疗产业发展若干政策》自2026年5月1日起正式施行。"
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰省细胞治疗产业发展若干政策", "2026-05-01")]


def test_a_signature_told_beside_the_taking_effect_is_the_issuing(engine):
    text = (
        "国务院总理日前签署国务院令，公布《北辰新技术临床转化应用管理条例》。"
        "条例已于2026年4月10日经国务院常务会议审议通过，国务院令落款日期为2026年4月28日，自2026年9月1日起施行。"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰新技术临床转化应用管理条例", "2026-04-28")]


# Tables -------------------------------------------------------------------------------------------------------


def test_a_digest_table_with_a_status_column_gives_each_row_its_own_step_and_day(engine):
    text = (
        "【本周临床试验默示许可/受理一览】\n"
        "受理号｜药品名称｜企业｜适应症｜状态｜日期\n"
        "CXSL2600312｜QV-871注射液｜澜汐生物｜膝骨关节炎｜默示许可｜05-12\n"
        "CXSL2600356｜QV-902注射液｜北辰基因｜血友病A｜受理｜05-11"
    )
    assert _triples(engine, text) == [
        ("ind_accepted", "QV-902注射液", "2026-05-11"),
        ("ind_approval", "QV-871注射液", "2026-05-12"),
    ]


def test_a_digests_prose_financing_and_forecast_stand_beside_its_table(engine):
    text = (
        "1. 5月18日，澜汐生物宣布完成3亿元人民币B轮融资。\n"
        "2. 5月19日发布的一份行业报告预计，到2030年中国细胞治疗市场规模将达到约1200亿元。\n"
        "受理号｜药品名称｜企业｜适应症｜状态｜日期\n"
        "CXSL2600312｜QV-871注射液｜澜汐生物｜膝骨关节炎｜默示许可｜05-12"
    )
    found = _triples(engine, text)
    assert ("financing", None, "2026-05-18") in found
    assert ("market_forecast", None, "2026-05-19") in found


def test_an_approval_dated_in_an_attribute_with_its_place_between(engine):
    text = "患者使用了2025年6月在内地获批上市的澜汐基奥仑赛注射液进行治疗。"
    assert ("drug_approval", "澜汐基奥仑赛注射液", "2025-06") in _triples(engine, text)


def test_approvals_of_trials_with_phase_ranges_are_ind_approvals(engine):
    text = (
        "5月12日，澜汐生物宣布，国家药品监督管理局已正式批准其QV-871注射液开展I-III期全周期临床试验。"
        "其帕金森病产品QV-802于2024年8月获批开展Ⅰ/Ⅱ期临床研究。"
    )
    assert _triples(engine, text) == [
        ("ind_approval", "QV-802", "2024-08"),
        ("ind_approval", "QV-871注射液", "2026-05-12"),
    ]


def test_readouts_at_a_meeting_held_over_days_take_its_month(engine):
    text = (
        "本报杭州5月19日电 5月16日至18日，全国血液学学术会议在北辰召开。会议期间，北辰医院团队报告了"
        "QV-871注射液治疗T细胞急性淋巴细胞白血病的Ⅰ期临床研究结果。\n"
        "数据显示，回输后28天完全缓解率达85.7%。\n"
        "另一项受关注的研究来自北辰血液病医院。该团队报告了供者来源CD19 CAR-T在B细胞急性淋巴细胞白血病中的应用，"
        "客观缓解率为78%。"
    )
    found = sorted((e.drug or "", e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert found == [("", "2026-05"), ("QV-871注射液", "2026-05")]


def test_taiwans_licence_from_the_ministry_is_an_approval_of_each_use(engine):
    text = "QV-871注射液於2024年獲衛福部核准，用於25歲以下急性淋巴性白血病及成人瀰漫性大B細胞淋巴瘤患者。"
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("弥漫性大B细胞淋巴瘤", "2024"), ("急性淋巴细胞白血病", "2024")]


def test_taiwans_approval_of_a_trial_plan_is_no_marketing_approval(engine):
    text = "QV-871注射液於2024年獲衛福部核准執行第一期人體臨床試驗。"
    assert [e.type for e in _events(engine, text)] == ["ind_approval"]


def test_a_list_of_records_written_key_space_value_between_bars_is_a_register(engine):
    text = (
        "本月，以下细胞治疗类申请已获临床试验默示许可：\n\n"
        "受理号 CXSL2600043 ｜ 药品名称 QV-871注射液 ｜ 企业名称 澜汐生物科技有限公司 ｜ 适应症 膝骨关节炎 ｜ "
        "日期 2026-05-08\n"
        "受理号 CXSL2600051 ｜ 药品名称 QV-902注射液 ｜ 企业名称 北辰基因有限公司 ｜ 适应症 心力衰竭 ｜ "
        "日期 2026-05-15"
    )
    assert _triples(engine, text) == [
        ("ind_approval", "QV-871注射液", "2026-05-08"),
        ("ind_approval", "QV-902注射液", "2026-05-15"),
    ]


def test_taiwans_licence_granted_to_an_importer_is_an_approval(engine):
    text = "食藥署表示，本署於115年3月核准台灣澜汐股份有限公司申請輸入之CAR-T細胞治療製劑QV-871注射液藥品許可證。"
    assert _triples(engine, text) == [("drug_approval", "QV-871注射液", "2026-03")]


def test_a_decree_passed_at_a_meeting_is_dated_by_its_signature(engine):
    text = (
        "北辰省人民政府令\n第18号\n\n"
        "《北辰省细胞治疗产业促进条例》已经2026年4月12日省政府第68次常务会议通过，现予公布，自2026年9月1日起施行。\n\n"
        "省长　王某\n2026年4月28日"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰省细胞治疗产业促进条例", "2026-04-28")]


def test_a_forecast_the_meeting_published_is_of_the_meetings_day(engine):
    text = (
        "5月18日，2026细胞与基因治疗产业发展大会在北辰开幕。\n\n"
        "大会发布的《细胞与基因治疗产业发展蓝皮书（2026）》预计，到2029年我国干细胞治疗市场规模将超过2000亿元。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("market_forecast", "2026-05-18")]


def test_a_use_named_as_the_reference_point_was_granted_earlier_and_undated(engine):
    text = (
        "澜汐生物披露，其QV-871注射液用于多系统萎缩的临床试验申请已于本月获得国家药监局批准，"
        "这是该产品继帕金森病之后获准开展临床试验的第二个适应症。"
    )
    found = sorted((e.indication, e.date or "") for e in _events(engine, text) if e.type == "ind_approval")
    assert found == [("多系统萎缩", "2026-05"), ("帕金森病", "")]


def test_titles_cited_together_issue_nothing(engine):
    text = "国家药监局依据《北辰药品管理法》《北辰药品注册管理办法》的相关规定，对该品种实施优先审评审批。"
    assert [e for e in _events(engine, text) if e.type == "policy_issued"] == []


def test_a_duty_to_file_under_a_named_rule_is_no_filing(engine):
    text = "医疗机构开展干细胞临床研究，须按照《北辰干细胞临床研究管理办法》完成机构和项目备案，且不得向受试者收费。"
    assert [e for e in _events(engine, text) if e.type == "research_filing"] == []


def test_the_first_reimbursed_case_is_a_use_of_the_one_reimbursed_product(engine):
    text = (
        "健保署自去年11月起將CAR-T細胞治療納入健保給付，目前給付品項為QV-871注射液。\n\n"
        "首例健保給付個案於115年1月2日在北辰醫院完成輸注。"
    )
    assert ("first_prescription", "QV-871注射液", "2026-01-02") in _triples(engine, text)


def test_a_product_approved_to_register_in_gang_is_an_approval(engine):
    text = "衞生署轄下藥劑業及毒藥管理局本月批准內地藥企澜汐生物研發的QV-871注射液在港註冊，用於治療多發性骨髓瘤。"
    assert _triples(engine, text) == [("drug_approval", "QV-871注射液", "2026-05")]


def test_filings_told_as_done_before_are_undated(engine):
    text = "澜汐生物创立于2021年，专注于iPSC衍生细胞药物的开发，此前已完成两项国家备案的干细胞临床研究项目。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", None)]


def test_the_first_patient_of_a_product_licensed_only_for_trials_is_no_first_prescription(engine):
    text = (
        "近日，北辰医院收治的16岁重型β-地中海贫血患者小林顺利出院。她是全省首例接受QV-871细胞注射液治疗的患者。\n"
        "去年11月，国家药品监督管理局批准澜汐生物申报的QV-871细胞注射液开展Ⅰ期临床试验。小林于今年2月入组。"
    )
    assert [e.type for e in _events(engine, text) if e.type == "first_prescription"] == []


def test_a_table_of_one_products_approvals_by_use_gives_one_approval_per_row(engine):
    text = (
        "近两年QV-871注射液扩展适应症的节奏明显加快，其在美国的主要获批情况如下：\n"
        "获批时间｜适应症｜备注\n"
        "2021年2月｜大B细胞淋巴瘤｜首次获批\n"
        "2024年5月｜滤泡性淋巴瘤｜加速批准\n"
        "2024年5月｜套细胞淋巴瘤｜此前获优先审评\n"
        "BMS于2019年收购新基。"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("大B细胞淋巴瘤", "2021-02"), ("套细胞淋巴瘤", "2024-05"), ("滤泡性淋巴瘤", "2024-05")]


def test_a_quarter_span_is_no_product_code(engine):
    text = "2025年Q1—Q4销售额分别为3.69、4.39、5.24、5.55亿美元。"
    assert _canonicals(engine, text, "drug") == set()


def test_an_application_approved_with_its_number_in_brackets_is_an_ind_approval(engine):
    text = "9月9日，其用于重症肺炎的临床试验申请（受理号CXSL2600507）获批，该申请于6月23日获受理。"
    found = _triples(engine, "澜汐生物的QV-871注射液进展顺利。" + text)
    assert ("ind_approval", "QV-871注射液", "2026-09-09") not in found  # (a day to come: dropped)
    found = _triples(engine, "澜汐生物的QV-871注射液进展顺利。" + text, pub="2026-10-31")
    assert ("ind_approval", "QV-871注射液", "2026-09-09") in found


def test_an_applications_uses_are_not_borrowed_from_a_readout_told_before(engine):
    text = (
        "本次申报依托QV-871注射液此前在新冠肺炎及特发性肺纤维化方向积累的临床研究数据。"
        "9月9日，其用于重症肺炎的临床试验申请（受理号CXSL2600507）获批，该申请于6月23日获受理。"
    )
    found = {(e.type, e.indication) for e in _events(engine, text, pub="2026-10-31") if e.type != "clinical_result"}
    assert found == {("ind_approval", "重症肺炎"), ("ind_accepted", "重症肺炎")}


def test_a_second_approval_of_another_use_in_the_same_sentence_has_its_own_time_and_use(engine):
    text = "QV-871注射液去年12月获FDA批准用于镰状细胞病，今年1月又获批输血依赖性β地中海贫血适应症。"
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("β地中海贫血", "2026-01"), ("镰状细胞病", "2025-12")]


def test_a_designation_granted_with_an_acceptance_shares_its_date_not_the_target_day(engine):
    text = "2025年5月，FDA受理QV-871注射液的生物制品许可申请（BLA）并授予优先审评资格，PDUFA日期原定为当年11月29日。"
    found = _triples(engine, text)
    assert ("priority_review", "QV-871注射液", "2025-05") in found
    assert ("nda_accepted", "QV-871注射液", "2025-05") in found


def test_a_term_counted_from_an_approval_is_no_approval(engine):
    text = "获得孤儿药认定后，QV-871在美国可享受注册费用减免以及获批上市后七年市场独占期等政策。"
    assert [e for e in _events(engine, text) if e.type == "drug_approval"] == []


def test_a_manufacturing_sites_approval_is_no_product_approval(engine):
    text = "澜汐生物2月21日宣布，其费城基地已获FDA批准，承担QV-871注射液的商业化生产。"
    assert [e for e in _events(engine, text) if e.type == "drug_approval"] == []
