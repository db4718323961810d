"""Rules from the seventeenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Clinical readouts ---------------------------------------------------------------------------------------


def test_a_share_of_the_patients_with_an_outcome_is_a_readout(engine):
    text = "在QV-871的关键研究中，24名可评估受试者里有21人在随访期内保持稳定。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", None)]


def test_crises_that_stopped_are_a_readout(engine):
    text = "在QV-871的关键研究中，多数受试者两年内未再发生血管闭塞危象。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", None)]


def test_a_hazard_ratio_against_the_comparator_is_a_readout(engine):
    text = "与标准方案相比，澜汐基奥仑赛注射液使患者疾病进展或死亡风险降低58%（HR=0.42）。"
    assert _triples(engine, text) == [("clinical_result", "澜汐基奥仑赛注射液", None)]


def test_a_risk_told_without_a_figure_is_no_readout(engine):
    text = "澜汐基奥仑赛注射液的说明书提示存在继发恶性肿瘤的风险。"
    assert _triples(engine, text) == []


def test_disclosed_data_after_the_products_description_are_its_readout(engine):
    text = (
        "QV-871是澜汐生物的一款靶向BCMA的自体CAR-T疗法，拟用于复发或难治性多发性骨髓瘤。"
        "已公布的临床数据显示，患者缓解深且持久。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-871", None)]


# First uses ----------------------------------------------------------------------------------------------


def test_the_first_patient_who_completed_treatment_is_a_first_use(engine):
    text = "北辰日报5月20日讯 澜汐基奥仑赛注射液纳入医保后，首位受惠的病人昨（19）日在北辰医院完成治疗。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_the_first_patient_who_completed_a_cross_border_use_is_a_first_use(engine):
    text = (
        "近日，一名淋巴瘤患者在北辰医院完成澜汐基奥仑赛注射液回输。这是全国首例淋巴瘤患者完成CAR-T药品跨境运输和使用。"
    )
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-05")]


def test_the_first_trial_patient_who_completed_treatment_is_no_first_use(engine):
    text = "QV-871的Ⅰ期临床试验首位受试患者已完成治疗。"
    assert [t for t in _triples(engine, text) if t[0] == "first_prescription"] == []


def test_data_an_application_rests_on_are_no_readout(engine):
    text = "本次申报依托QV-871此前在特发性肺纤维化方向积累的临床研究数据。"
    assert _triples(engine, text) == []


def test_data_a_decision_will_wait_for_are_no_readout(engine):
    text = "公司将根据QV-871的临床数据情况与监管机构保持沟通，暂无上市申请时间表。"
    assert _triples(engine, text) == []


def test_data_gathered_and_then_given_are_a_readout(engine):
    text = "北辰医院用QV-871开展的研究已经积累了一些数据：6名受试者随访12个月，评分平均改善约30%。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", None)]


# Approvals and trials ------------------------------------------------------------------------------------


def test_a_hope_to_be_approved_soon_is_no_approval(engine):
    text = "澜汐生物表示，将积极配合监管机构审评，推动澜汐基奥仑赛注射液早日获批。"
    assert _triples(engine, text) == []


def test_a_count_of_ind_approvals_is_no_step(engine):
    text = "澜汐生物已在中、美两地合共取得5个IND批件，其中QV-871进展最快。"
    assert _triples(engine, text) == []


# Knowledge base ------------------------------------------------------------------------------------------


def test_a_products_former_generic_name_resolves_to_its_current_one(engine):
    # 伊基仑赛注射液 was the name before the current INN-based 伊基奥仑赛注射液 (kb/products.tsv)
    text = "信达生物与驯鹿生物合作开发的伊基仑赛注射液上市申请已获国家药监局受理。"
    assert _canonicals(engine, text, "drug") == {"伊基奥仑赛注射液"}


def test_a_count_of_accepted_applications_is_no_acceptance(engine):
    text = "澜汐生物的QV-871已进入临床。\n指标｜数值\n2023年干细胞药物IND受理量｜52例"
    assert _triples(engine, text) == []


# Dates ---------------------------------------------------------------------------------------------------


def test_a_date_leading_after_a_heading_dates_a_step_told_with_it(engine):
    text = "回顾审批历程：去年12月，国家药监局受理澜汐基奥仑赛注射液的上市申请，并同步纳入优先审评。"
    assert sorted(_triples(engine, text)) == [
        ("nda_accepted", "澜汐基奥仑赛注射液", "2025-12"),
        ("priority_review", "澜汐基奥仑赛注射液", "2025-12"),
    ]


def test_a_leading_date_of_an_attributive_step_does_not_date_the_approval(engine):
    text = "审批结论：2026年3月2日受理的QV-871注射液符合药品注册的有关要求，同意开展临床试验。"
    assert sorted(_triples(engine, text)) == [
        ("ind_accepted", "QV-871注射液", "2026-03-02"),
        ("ind_approval", "QV-871注射液", None),
    ]


def test_one_more_product_of_a_kind_licensed_is_an_unnamed_approval(engine):
    text = "部长表示，另一款新一代CAR-T产品日前已取得台湾药证，厂商已送件申请给付。"
    assert _triples(engine, text) == [("drug_approval", None, "2026-05")]


def test_a_product_of_a_kind_described_by_its_name_is_not_unnamed(engine):
    text = "QV-871是一款靶向CD19的自体CAR-T细胞治疗产品，尚未获批上市。"
    assert _triples(engine, text) == []


def test_a_timelines_year_and_month_in_figures_date_its_rows(engine):
    text = (
        "澜汐生物大事记\n年月\t里程碑\n2022.03\tQV-871获食品药物管理署核准执行人体临床试验，适应症为膝骨关节炎\n"
        "2025.06\tQV-871第二期临床试验解盲，达到主要疗效指标"
    )
    assert sorted(_triples(engine, text)) == [
        ("clinical_result", "QV-871", "2025-06"),
        ("ind_approval", "QV-871", "2022-03"),
    ]


def test_a_figure_with_a_decimal_point_before_a_unit_is_no_date():
    from datetime import date

    from transforms.dates import find_dates

    assert find_dates("全球市场规模约2023.05亿元，2019.12-2020.03期间增长较快。", date(2026, 5, 20)) == []


def test_japans_approval_to_make_and_sell_is_a_marketing_approval(engine):
    text = "北辰社东京5月20日电 日本厚生劳动省20日以附带条件和限期的方式，批准制造和销售用于帕金森病的「QV-871」。"
    assert _triples(engine, text) == [("drug_approval", "QV-871", "2026-05-20")]


def test_a_licence_to_make_a_product_is_no_approval(engine):
    text = "北辰药监部门向澜汐生物发出制造商牌照，授权其生产QV-871，但只限临床试验用途。"
    assert [t for t in _triples(engine, text) if t[0] == "drug_approval"] == []


def test_a_product_recognised_as_a_breakthrough_therapy_is_a_designation(engine):
    text = "此前于2026年3月，QV-871已获国家药监局认定为突破性治疗药物。"
    assert _triples(engine, text) == [("breakthrough_therapy", "QV-871", "2026-03")]


def test_a_material_information_announcement_dates_its_fact_by_the_fact_day(engine):
    text = (
        "1.事实发生日：115/05/18\n2.研发新药名称或代号：QV-871\n3.用途：治疗晚期实体肿瘤\n"
        "4.目前进行中之研发阶段：通过食品药物管理署（TFDA）准予执行治疗晚期实体肿瘤之Phase I/IIa临床试验。"
    )
    title = "澜汐：本公司新药QV-871获TFDA准予执行晚期实体肿瘤Phase I/IIa临床试验"
    found = [(e.type, e.drug, e.date) for e in _events(engine, text, title=title)]
    assert found == [("ind_approval", "QV-871", "2026-05-18")]


def test_a_count_of_products_described_at_length_is_no_approval(engine):
    text = (
        "截至本公告日，全球共两款骨髓来源的间充质干细胞产品获批用于急性移植物抗宿主病，澜汐生物的QV-871尚在临床阶段。"
    )
    assert [t for t in _triples(engine, text) if t[0] == "drug_approval"] == []


def test_an_ind_accepted_then_approved_in_the_next_clause_gives_both(engine):
    text = "此前，QV-871用于重型肺炎的临床试验申请于2026年1月12日获受理，并于3月9日获得批准。"
    assert sorted(_triples(engine, text)) == [
        ("ind_accepted", "QV-871", "2026-01-12"),
        ("ind_approval", "QV-871", "2026-03-09"),
    ]


def test_safety_and_efficacy_data_reported_at_a_meeting_are_a_readout(engine):
    text = "在2025年12月的美国血液学年会上，合作医生报告了QV-871治疗多发性骨髓瘤患者令人鼓舞的安全性和有效性数据。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2025-12")]


def test_trials_approved_in_clauses_after_an_answers_opening_product_are_its_inds(engine):
    text = (
        "问：公司QV-871目前有哪些适应症进入临床？\n"
        "答：QV-871用于急性移植物抗宿主病的临床试验申请于2025年7月24日获得受理；"
        "用于失代偿期肝硬化的临床试验补充申请于去年12月获批；用于重型肺炎的Ⅱ/Ⅲ期临床试验于今年3月9日获批。"
    )
    assert sorted(_triples(engine, text)) == [
        ("ind_accepted", "QV-871", "2025-07-24"),
        ("ind_approval", "QV-871", "2025-12"),
        ("ind_approval", "QV-871", "2026-03-09"),
    ]


def test_a_trial_approved_before_is_background_to_what_follows(engine):
    text = "QV-871临床试验获批后，澜汐生物随即启动了受试者招募。"
    assert [t for t in _triples(engine, text) if t[0] == "ind_approval"] == []


def test_a_day_glossed_with_its_date_inside_the_bracket_dates_the_step(engine):
    text = "【北辰财经】澜汐生物昨（19日）公布，QV-871已被药审中心纳入优先审评。"
    assert _triples(engine, text) == [("priority_review", "QV-871", "2026-05-19")]


def test_a_readout_after_a_meetings_span_takes_the_meetings_month(engine):
    text = (
        "12月6日至9日，第67届美国血液学会（ASH）年会召开。澜汐生物公布了QV-871治疗移植物抗宿主病的关键研究数据："
        "54例患者治疗后第28天客观缓解率为63.0%。"
    )
    assert _triples(engine, text, pub="2025-12-15") == [("clinical_result", "QV-871", "2025-12")]


def test_a_readout_after_a_one_day_meeting_takes_its_day(engine):
    text = "12月6日，北辰细胞治疗大会在上海开幕。澜汐生物公布了QV-871的研究数据：客观缓解率为63.0%。"
    assert _triples(engine, text, pub="2025-12-15") == [("clinical_result", "QV-871", "2025-12-06")]


def test_a_reviews_yearless_days_are_of_the_year_it_reviews(engine):
    title = "2025年细胞治疗盘点：政策、产品与支付三线并进"
    text = "产品层面：1月2日，澜汐生物的澜汐基奥仑赛注射液获附条件批准上市，6月5日开出首张处方。"
    found = sorted((e.type, e.drug, e.date) for e in _events(engine, text, title=title, pub="2026-01-08"))
    assert found == [
        ("drug_approval", "澜汐基奥仑赛注射液", "2025-01-02"),
        ("first_prescription", "澜汐基奥仑赛注射液", "2025-06-05"),
    ]


def test_a_news_pages_yearless_day_is_of_the_publication_year(engine):
    title = "澜汐基奥仑赛注射液获批上市"
    text = "1月2日，澜汐生物的澜汐基奥仑赛注射液获附条件批准上市。"
    found = [(e.type, e.date) for e in _events(engine, text, title=title, pub="2026-01-08")]
    assert found == [("drug_approval", "2026-01-02")]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("该产品已纳入商业健康保险创新药目录，价格协商已完成。", "商业健康保险创新药目录"),
        ("该产品参加了商保创新药目录价格协商。", "商业健康保险创新药目录"),
        ("该产品已纳入《商业健康保险创新药品目录》。", "商业健康保险创新药品目录"),
    ],
)
def test_the_commercial_insurance_list_keeps_the_form_the_page_writes(engine, text, canonical):
    assert _canonicals(engine, text, "policy") == {canonical}


# Entities ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "制备完成的细胞须在5天内送达医院，再由医生回输。",
        "能否放量取决于医院的准入进度。",
        "公司将邀请医院参与真实世界研究。",
        "如有疑问，欢迎拨打医院咨询热线。",
        "目前全国已有逾百家医院完成备案。",
        "该产品短期内放量速度仍受医院准入影响。",
        "香港的私营医院也已开始引进该疗法。",
    ],
)
def test_a_verb_or_a_count_before_hospital_is_no_hospitals_name(engine, text):
    assert _canonicals(engine, text, "company") == set()


def test_a_hospital_named_after_a_verb_keeps_only_its_name(engine):
    text = "患者家属专程请教台北荣民总医院的医师。"
    assert _canonicals(engine, text, "company") == {"台北荣民总医院"}


@pytest.mark.parametrize(
    "text",
    [
        "园区企恒佳生物的说法有误。",
        "该股瑞展生技早盘上涨。",
        "样本中含血细胞碎片。",
    ],
)
def test_a_function_character_does_not_start_a_firms_brand(engine, text):
    assert _canonicals(engine, text, "company") == set()


# Policies and designations -------------------------------------------------------------------------------


def test_a_decree_signed_recently_takes_the_signature_day_the_page_gives(engine):
    text = (
        "国务院总理日前签署第900号国务院令，公布《北辰细胞治疗管理条例》，自2027年1月1日起施行。"
        "《条例》已于5月6日经国务院常务会议通过，国务院令落款日期为2026年5月12日。"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰细胞治疗管理条例", "2026-05-12")]


def test_a_quoted_breakthrough_designation_is_the_designation(engine):
    text = "QV-871此前已获药审中心“突破性治疗药物”认定。"
    assert _triples(engine, text) == [("breakthrough_therapy", "QV-871", None)]


def test_a_firm_glossed_by_its_stock_code_is_a_company_and_can_raise_money(engine):
    text = "上柜再生医疗公司澜汐（4321）董事会昨（19）日决议办理私募普通股，总募集金额约新台币3.65亿元。"
    assert "澜汐" in _canonicals(engine, text, "company")
    assert _triples(engine, text) == [("financing", None, "2026-05-19")]


def test_a_year_in_brackets_is_no_stock_code(engine):
    text = "北辰细胞治疗年会（2025）在上海举行。"
    assert _canonicals(engine, text, "company") == set()


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("QV-871拟用于治疗卵巢早衰。", "卵巢早衰"),
        ("QV-871拟用于治疗早发性卵巢功能不全（POI）。", "早发性卵巢功能不全"),
        ("QV-871拟用于治疗糖尿病足溃疡。", "糖尿病足溃疡"),
        ("QV-871拟用于治疗遗传性视网膜营养不良。", "遗传性视网膜营养不良"),
        ("QV-871拟用于治疗缺血性心脏病。", "缺血性心脏病"),
    ],
)
def test_distinct_disease_names_keep_their_own_canonical(engine, text, canonical):
    assert _canonicals(engine, text, "indication") == {canonical}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("港大医学院招募骨髓瘤患者参与研究。", "多发性骨髓瘤"),
        ("该院为一名七旬骨髓瘤患者完成回输。", "多发性骨髓瘤"),
        ("研究纳入PD-L1阳性晚期宫颈癌患者。", "宫颈癌"),
        ("该产品是国内第一款拿到白血病适应症的CAR-T。", "白血病"),
        ("公司拟将QV-871用于治膝关节炎等疾病。", "膝关节炎"),
        ("细胞片贴于缺血性心肌病患者的心脏表面。", "缺血性心肌病"),
    ],
)
def test_a_verb_count_or_status_before_a_disease_is_no_part_of_it(engine, text, canonical):
    assert _canonicals(engine, text, "indication") == {canonical}


def test_a_cytokine_storm_in_taiwans_words_is_a_complication_not_an_indication(engine):
    text = "CAR-T疗法可能引起细胞激素释放症候群等副作用。"
    assert _canonicals(engine, text, "indication") == set()


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("患者此前接受过含利妥昔单抗的方案治疗。", "利妥昔单抗"),
        ("重症患者主要依靠芦可替尼控制病情。", "芦可替尼"),
        ("医生为其注射了一剂托珠单抗。", "托珠单抗"),
        ("对照组中有达雷妥尤单抗联合方案。", "达雷妥尤单抗"),
    ],
)
def test_a_word_of_the_sentence_before_a_drugs_stem_is_no_part_of_its_name(engine, text, canonical):
    assert canonical in _canonicals(engine, text, "drug")


def test_fewer_bleeds_after_a_gene_therapy_are_a_readout(engine):
    text = "QV-871注射液是一款基因治疗药物。注册研究中，受试者单次给药后年化出血次数显著减少。"
    assert _triples(engine, text) == [("clinical_result", "QV-871注射液", None)]


def test_an_outcome_told_right_after_the_infusion_is_the_patients_readout(engine):
    text = "北辰医院为一名地贫患者回输了QV-871细胞注射液。回输后造血重建顺利，血红蛋白稳步上升。"
    assert ("clinical_result", "QV-871细胞注射液", None) in _triples(engine, text)


def test_freedom_from_long_term_transfusions_is_a_readout(engine):
    text = "她是全省首例接受QV-871细胞注射液治疗的地贫患者，目前已摆脱长期输血依赖。"
    assert ("clinical_result", "QV-871细胞注射液", None) in _triples(engine, text)


def test_what_must_be_done_after_the_infusion_is_no_readout(engine):
    text = "北辰医院为一名患者回输了QV-871细胞注射液。回输后需在院观察两周，以防细胞因子释放综合征。"
    assert [t for t in _triples(engine, text) if t[0] == "clinical_result"] == []


def test_kymriahs_chinese_name_resolves_to_the_product(engine):
    # 替沙仑赛 (Hong Kong's registered Chinese name for tisagenlecleucel) and Taiwan's 祈莱明 (kb/products.tsv)
    assert _canonicals(engine, "玛丽医院为病人输注了替沙仑赛。", "drug") == {"Kymriah"}


def test_the_products_application_told_with_its_use_is_the_products(engine):
    text = "QV-871注射液获国家药监局批准上市。去年12月，其成人B-ALL上市申请获国家药监局受理并纳入优先审评。"
    found = _triples(engine, text)
    assert ("nda_accepted", "QV-871注射液", "2025-12") in found
    assert ("priority_review", "QV-871注射液", "2025-12") in found


def test_a_diseases_poor_prognosis_is_no_readout(engine):
    text = "QV-871注射液获批用于急性淋巴细胞白血病。复发或难治患者中位总生存期仅2至6个月，5年生存率低于10%。"
    assert [t for t in _triples(engine, text) if t[0] == "clinical_result"] == []


def test_a_trial_allowed_to_start_after_its_acceptance_is_approved(engine):
    text = "此前，QV-871用于重型肺炎的临床试验申请于2026年1月5日获受理，并于3月9日获准开展Ⅱ/Ⅲ期临床研究。"
    assert ("ind_approval", "QV-871", "2026-03-09") in _triples(engine, text)


def test_a_step_told_at_the_same_time_takes_the_time_of_the_step_before(engine):
    text = (
        "今年3月，北辰医院通过审核，成为全国第104家、全市唯一一家干细胞临床研究备案机构；"
        "与此同时，该院烧伤科1个干细胞临床研究项目也完成备案。"
    )
    assert _triples(engine, text) == [("research_filing", None, "2026-03"), ("research_filing", None, "2026-03")]


def test_earlier_trials_of_other_uses_stay_apart_from_the_new_one(engine):
    text = (
        "澜汐生物的QV-871注射液收到国家药监局核准签发的《药物临床试验批准通知书》，同意其开展系统性红斑狼疮的临床试验。"
        "此前，该产品用于B细胞急性淋巴细胞白血病、B细胞非霍奇金淋巴瘤的临床试验申请均已获批。"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "ind_approval")
    assert found == [
        ("B细胞急性淋巴细胞白血病", None),
        ("B细胞非霍奇金淋巴瘤", None),
        ("系统性红斑狼疮", "2026-05"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "主旨：本公司新药QV-871治疗膝骨关节炎之第三期人体临床试验，获卫生福利部同意进行。",
        "目前进行中之研发阶段：卫福部原则同意QV-871于台湾进行第三期人体临床试验。",
    ],
)
def test_taiwans_consent_to_run_a_trial_is_an_ind_approval(engine, text):
    assert [t[:2] for t in _triples(engine, text)] == [("ind_approval", "QV-871")]


def test_a_table_rows_law_passed_on_its_day_is_not_dated_by_taking_effect(engine):
    text = "时间｜事件\n2025/07/31｜《北辰省细胞产业促进条例》获省人大常委会通过，10月1日起在北辰全省施行"
    found = [(e.policy, e.date) for e in _events(engine, text, pub="2025-10-20") if e.type == "policy_issued"]
    assert found == [("北辰省细胞产业促进条例", "2025-07-31")]


def test_a_marketing_application_accepted_is_no_launch(engine):
    title = "澜汐生物：澜汐基奥仑赛注射液上市注册申请获受理"
    assert [t[0] for t in sorted((e.type, e.drug) for e in _events(engine, "", title=title))] == ["nda_accepted"]


def test_a_trial_approved_by_the_regulator_is_an_ind_approval_not_a_marketing_one(engine):
    text = "2022年2月，QV-871用于套细胞淋巴瘤成人患者的临床试验获国家药监局批准，目前处于桥接临床试验阶段。"
    assert _triples(engine, text) == [("ind_approval", "QV-871", "2022-02")]


def test_the_first_patient_given_a_kind_of_product_is_an_unnamed_first_use(engine):
    text = (
        "北辰大学医学院与北辰医院临床团队最近为首名多发性骨髓瘤患者完成CAR-T细胞治疗，"
        "是本港首次使用内地制造的CAR-T产品。"
    )
    assert _triples(engine, text) == [("first_prescription", None, "2026-05")]


def test_a_trials_first_patient_given_a_kind_of_product_is_no_first_use(engine):
    text = "北辰医院近日为首名受试者完成CAR-T细胞治疗，标志着该临床试验进入给药阶段。"
    assert [t for t in _triples(engine, text) if t[0] == "first_prescription"] == []


def test_a_patients_good_response_in_hong_kongs_words_is_a_readout(engine):
    text = "北辰医院为一名患者回输了QV-871。主诊医生表示，患者反应非常理想，未有出现严重并发症。"
    assert ("clinical_result", "QV-871", None) in _triples(engine, text)


def test_a_named_studys_readout_is_the_product_it_was_filed_on(engine):
    text = (
        "QV-871注射液的上市申请已获受理。本次申报的数据主要来自关键性III期NORTH研究。"
        "澜汐生物去年12月公布，NORTH研究已达到主要终点。"
    )
    assert ("clinical_result", "QV-871注射液", "2025-12") in _triples(engine, text)


def test_a_long_code_with_one_digit_named_as_a_product_is_a_drug(engine):
    text = "主旨：本公司异体脂肪干细胞新药GXQPC1治疗膝骨关节炎之第三期人体临床试验，获卫生福利部同意进行。"
    assert _canonicals(engine, text, "drug") == {"GXQPC1"}


def test_a_long_code_with_one_digit_not_named_as_a_product_is_no_drug(engine):
    text = "公司已通过PHASE1阶段的内部评审。"
    assert _canonicals(engine, text, "drug") == set()


def test_a_legislatures_announcement_promulgates_the_act_the_day_it_passed(engine):
    text = (
        "北辰省第十四届人民代表大会常务委员会公告（第57号）《北辰省细胞产业促进条例》已于2026年4月28日经"
        "北辰省第十四届人民代表大会常务委员会第十七次会议通过，现予公布，自2026年7月1日起施行。"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰省细胞产业促进条例", "2026-04-28")]


def test_a_state_council_regulation_passed_at_its_meeting_is_issued_when_signed(engine):
    text = (
        "《北辰细胞治疗管理条例》已经2026年4月12日国务院第90次常务会议通过，现予公布，自2027年1月1日起施行。\n"
        "总理 某某\n2026年4月28日"
    )
    found = [(e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued"]
    assert found == [("北辰细胞治疗管理条例", "2026-04-28")]


def test_a_long_heading_before_a_dated_lead_does_not_hide_it(engine):
    text = "回看这款产品的注册之路：2025年12月，国家药监局受理QV-871的上市申请，并将其纳入优先审评。"
    assert ("priority_review", "QV-871", "2025-12") in _triples(engine, text)


def test_the_first_reimbursed_patient_treated_yesterday_dates_the_first_use(engine):
    text = "北辰日报5月20日讯 医保自去年11月起给付QV-871后，全省第一位获医保给付的病人，昨（19）日在北辰医院完成输注。"
    assert _triples(engine, text) == [("first_prescription", "QV-871", "2026-05-19")]


def test_a_slogan_naming_a_first_prescription_dates_nothing(engine):
    text = "“首药、首方、首愈”，串起的是北辰二十年的产业之路：2003年，北辰医院申报国内首个干细胞新药QV-871。"
    assert [t for t in _triples(engine, text) if t[0] == "first_prescription"] == []


def test_hong_kongs_registration_of_an_unnamed_first_product_is_an_approval(engine):
    text = "政府发言人今日（五月二十日）表示，首次有先进疗法制品在「1+」药物审批机制下获批注册，用于治疗多发性骨髓瘤。"
    assert _triples(engine, text) == [("drug_approval", None, "2026-05-20")]


def test_a_code_written_as_an_antibody_injection_keeps_its_form(engine):
    text = "审批结论：2026年1月21日受理的QB008抗体注射液符合药品注册的有关要求，同意开展晚期实体瘤的临床试验。"
    assert _canonicals(engine, text, "drug") == {"QB008抗体注射液"}


def test_the_two_laws_called_a_pair_are_each_issued_when_promulgated(engine):
    text = (
        "《北辰再生医疗法》与《北辰再生医疗制剂条例》（合称再生医疗双法）自今年1月1日起正式施行。"
        "双法于2025年6月4日经立法院三读通过，同年6月19日由总统公布。"
    )
    found = sorted((e.policy, e.date) for e in _events(engine, text) if e.type == "policy_issued")
    assert found == [("北辰再生医疗制剂条例", "2025-06-19"), ("北辰再生医疗法", "2025-06-19")]


def test_an_imaging_check_showing_the_tumour_gone_is_a_readout(engine):
    text = "北辰医院去年12月为一名骨髓瘤病人输注了QV-871。今年2月初的影像检查显示肿瘤已完全消失，达至完全缓解。"
    assert ("clinical_result", "QV-871", "2026-02") in _triples(engine, text)


def test_the_first_patient_a_kind_of_treatment_was_given_to_is_a_first_use(engine):
    text = (
        "北辰大学医学院今日公布，成功为首名末期多发性骨髓瘤病人进行CAR-T细胞治疗，"
        "这亦是本港首次使用内地制造的CAR-T产品。"
    )
    assert [t[:2] for t in _triples(engine, text)] == [("first_prescription", None)]


def test_a_product_said_to_be_registered_already_is_an_undated_approval(engine):
    text = "医管局表示，所用药物为QV-871。该药已获注册作治疗用途，适用于复发或难治性弥漫性大B细胞淋巴瘤成年病人。"
    assert _triples(engine, text) == [("drug_approval", "QV-871", None)]


def test_milestone_table_rows_near_the_top_are_not_headlines(engine):
    text = (
        "QV-871的主要里程碑如下：\n里程碑｜适应症｜时间\n获国家药监局批准上市｜复发或难治性大B细胞淋巴瘤｜2021年9月\n"
        "新适应症获批｜复发或难治性滤泡性淋巴瘤｜2022年10月\n"
        "于香港，QB-77注射液已获注册用于治疗复发或难治性弥漫性大B细胞淋巴瘤。"
    )
    found = sorted((e.drug, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("QB-77注射液", None), ("QV-871", "2021-09"), ("QV-871", "2022-10")]


def test_results_told_as_published_at_a_meeting_date_the_readout(engine):
    text = (
        "QV-871的上市申请已获受理。研究显示，QV-871的安全性及有效性表现突出。"
        "相关结果已于2025年第67届美国血液学会（ASH）年会以口头报告形式发布。"
    )
    found = [t for t in _triples(engine, text) if t[0] == "clinical_result"]
    assert found == [("clinical_result", "QV-871", "2025")]


def test_a_forecast_in_the_headline_and_the_report_it_retells_are_one_dated_by_the_report(engine):
    title = "iPSC赛道观察：全球市场规模2033年或达46.9亿美元"
    text = (
        "市场研究机构北辰咨询于2025年11月发布的报告预计，全球iPSC市场规模将由2024年的20.1亿美元增至2033年的46.9亿美元。"
    )
    found = [(e.type, e.date) for e in _events(engine, text, title=title, pub="2026-01-15")]
    assert found == [("market_forecast", "2025-11")]


def test_the_first_reimbursed_patient_recalled_without_a_time_is_an_undated_first_use(engine):
    text = (
        "医保自去年起给付QV-871，至今已有90名病人受惠。全省首位获医保给付接受QV-871治疗的白血病病人，"
        "是在北辰医院就医的吴姓学生。"
    )
    assert ("first_prescription", "QV-871", None) in _triples(engine, text)


def test_a_clause_after_a_semicolon_without_its_subject_keeps_the_product(engine):
    text = (
        "回看注册路径：QV-871此前已获突破性治疗药物认定；2025年12月，治疗成人急性淋巴细胞白血病的上市申请获受理并纳入优先审评；"
        "次年3月，它拿到美国FDA的临床试验许可。"
    )
    found = _triples(engine, text)
    assert ("nda_accepted", "QV-871", "2025-12") in found
    assert ("priority_review", "QV-871", "2025-12") in found
    assert ("ind_approval", "QV-871", "2026-03") in found


def test_an_approval_named_as_a_noun_in_a_comment_is_no_new_approval(engine):
    text = (
        "近日，国家药监局批准澜汐生物的QV-871注射液上市。全球首款同类药物QB-901于2022年在海外获批。"
        "业内人士认为，这款本土原创产品的获批，是审评机制协同推进的一次集中检验。"
    )
    found = sorted((e.drug, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("QB-901", "2022"), ("QV-871注射液", "2026-05")]


def test_a_count_of_trials_approved_is_no_ind_approval(engine):
    text = "回顾2025年，QV-871注射液于1月获批上市；干细胞药物临床试验获批数量由年初的120余款增至160款左右。"
    assert [t for t in _triples(engine, text) if t[0] == "ind_approval"] == []
