"""Rules from the fifteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (LUMARIS, 澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a
gold document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Dates ---------------------------------------------------------------------------------------------------


def test_a_readout_under_the_pages_own_dateline_is_undated(engine):
    text = (
        "澜汐大学附属医院　新闻中心\n2026年5月20日\n\n"
        "5月18日，我院为一名淋巴瘤患者回输了澜汐基奥仑赛注射液，这是该药获批后的本院首例商业化治疗。\n"
        "关键研究中，该产品的客观缓解率超过八成。"
    )
    found = _triples(engine, text)
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in found
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2026-05-18") in found


def test_a_dateline_of_another_day_still_dates_the_readout_below_it(engine):
    # A date line that is not the page's own day heads what follows (a digest's item, a talk's day).
    text = "2026年5月12日\n关键研究中，澜汐基奥仑赛注射液的客观缓解率为82%。"
    assert _triples(engine, text) == [("clinical_result", "澜汐基奥仑赛注射液", "2026-05-12")]


# Approvals -----------------------------------------------------------------------------------------------


def test_japans_approval_to_make_and_sell_is_an_approval_of_each_product_listed(engine):
    text = (
        "日本厚生劳动省5月15日附条件批准两款再生医疗产品的制造及销售，分别是澜汐公司用于重度心力衰竭的「LUMARIS」，"
        "以及北辰制药用于帕金森病的「NEUVARA」。"
    )
    found = _events(engine, text)
    pairs = sorted((e.drug, e.indication, e.date) for e in found if e.type == "drug_approval")
    assert pairs == [("LUMARIS", "心力衰竭", "2026-05-15"), ("NEUVARA", "帕金森病", "2026-05-15")]


def test_a_regulators_approval_glossed_in_brackets_is_an_approval(engine):
    text = "LUMARIS®由澜汐公司研发，去年12月获美国食品药品监督管理局（FDA）批准，用于治疗重度心力衰竭。"
    assert ("drug_approval", "LUMARIS", "2025-12") in _triples(engine, text)


def test_an_approval_dated_in_an_attribute_after_its_regulator_is_an_approval(engine):
    text = "美国FDA去年批准的LUMARIS®疗程费用以百万美元计，国内同类产品价格明显偏低。"
    assert _triples(engine, text) == [("drug_approval", "LUMARIS", "2025")]


def test_an_undated_attribute_after_a_regulator_is_no_approval(engine):
    text = "FDA批准的LUMARIS®疗程费用以百万美元计。"
    assert _triples(engine, text) == []


def test_a_second_approval_with_its_own_time_is_another_event_with_its_own_use(engine):
    text = "LUMARIS®已于2024年12月8日获FDA批准用于镰状细胞病，2025年1月又获批用于输血依赖型β地中海贫血。"
    found = sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("LUMARIS", "β地中海贫血", "2025-01"), ("LUMARIS", "镰状细胞病", "2024-12-08")]


def test_an_attribute_after_a_childs_age_in_months_is_no_second_approval(engine):
    # 2月龄 is an age, not a time; 首个获批上市的 is what the product is, not another approval.
    text = "LUMARIS®于2024年12月18日获FDA批准，用于2月龄及以上儿童的重度心力衰竭，也是美国首个获批上市的同类疗法。"
    assert _triples(engine, text) == [("drug_approval", "LUMARIS", "2024-12-18")]


# Rows and lists ------------------------------------------------------------------------------------------


def test_the_rows_of_a_products_timeline_heading_are_that_products_steps(engine):
    text = (
        "澜汐基奥仑赛注射液（商品名：汐安康）去年获批上市。\n\n"
        "【汐安康上市首年大事记】\n"
        "时间\t事件\n"
        "2025年6月5日\t全国首张处方开出\n"
        "2025年8月\t华东首张处方在某医院开出\n\n"
        "放眼国际，同类产品LUMARIS®于2024年12月获批。"
    )
    found = _triples(engine, text)
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2025-06-05") in found
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2025-08") in found


def test_projects_quoted_two_sentences_after_the_filing_news_are_filings(engine):
    text = (
        "5月16日，国家卫生健康委公布了新一批完成备案的干细胞临床研究项目。从名单看，本批项目的适应症较为分散。"
        "其中，澜汐大学第一医院的“间充质干细胞治疗膝骨关节炎的临床研究”、北辰市人民医院的“干细胞治疗肝硬化的探索性研究”"
        "等项目较受关注。"
    )
    found = {(e.company, e.indication, e.date) for e in _events(engine, text) if e.type == "research_filing"}
    assert ("澜汐大学第一医院", "膝骨关节炎", "2026-05-16") in found
    assert ("北辰市人民医院", "肝硬化", "2026-05-16") in found


def test_a_table_of_filed_projects_by_use_without_a_date_column_is_dated_by_its_notice(engine):
    text = (
        "近日，国家卫生健康委公布新一批干细胞临床研究备案项目。\n\n"
        "本批备案项目如下：\n"
        "序号\t备案机构\t研究方向\t细胞类型\n"
        "1\t澜汐大学第一医院\t膝骨关节炎\t脐带间充质干细胞\n"
        "2\t北辰市人民医院\t肝硬化\t间充质干细胞\n"
    )
    found = {(e.company, e.indication, e.date) for e in _events(engine, text) if e.type == "research_filing"}
    assert {("澜汐大学第一医院", "膝骨关节炎", "2026-05"), ("北辰市人民医院", "肝硬化", "2026-05")} <= found


def test_a_dated_roundup_item_naming_no_product_leaves_the_items_before_behind(engine):
    text = (
        "1. 首款产品获批（1月2日）\n"
        "国家药监局附条件批准澜汐基奥仑赛注射液上市。\n\n"
        "2. 通用型CAR-NK登上顶刊（3月）\n"
        "北辰医院团队报告，用通用型CAR-NK细胞治疗难治性系统性红斑狼疮，随访超过1年的患者中67%达到完全缓解。"
    )
    found = _triples(engine, text)
    assert ("clinical_result", None, "2026-03") in found
    assert not any(t == "clinical_result" and drug for t, drug, _ in found)


def test_an_undated_numbered_item_still_refers_to_the_product_before(engine):
    # Without a date of its own an item may be a section of one product's story (1. 临床数据).
    text = "澜汐基奥仑赛注射液获批开展临床试验。\n1. 临床进展\n该产品的客观缓解率为82%。"
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


def test_a_firm_listed_on_a_named_board_is_a_financing(engine):
    text = "9. 澜汐细胞科创板上市（4月29日）\n募资12.6亿元，是年内细胞治疗领域规模最大的IPO之一。"
    found = [(e.company, e.date) for e in _events(engine, text) if e.type == "financing"]
    assert found == [("澜汐细胞", "2026-04-29")]


@pytest.mark.parametrize(
    "words", ["科创板上市公司澜汐细胞发布公告", "澜汐细胞拟科创板上市", "澜汐细胞的科创板上市申请已获受理"]
)
def test_a_board_listing_that_is_an_attribute_or_a_plan_is_no_financing(engine, words):
    assert not [e for e in _events(engine, f"{words}，股价当日上涨。") if e.type == "financing"]


def test_two_uses_joined_by_a_slash_are_two_events(engine):
    text = "澜汐基奥仑赛注射液已于近日纳入优先审评，拟用于Claudin18.2表达阳性晚期胃腺癌／食管胃结合部腺癌患者。"
    uses = {e.indication for e in _events(engine, text) if e.type == "priority_review"}
    assert uses == {"胃腺癌", "食管胃结合部腺癌"}


# Studies and applications --------------------------------------------------------------------------------


def test_results_in_a_later_paragraph_take_the_day_and_uses_of_the_study_presented(engine):
    text = (
        "当地时间5月1日，北辰大学团队在年会上报告了澜汐基奥仑赛注射液治疗晚期胃癌或食管胃结合部腺癌的随机对照研究QV-ST-02。\n"
        "该研究在国内多个中心开展。\n"
        "主要终点方面，澜汐基奥仑赛注射液组中位无进展生存期为3.3个月，对照组为1.8个月。"
    )
    found = {(e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result"}
    assert found == {
        ("澜汐基奥仑赛注射液", "胃癌", "2026-05-01"),
        ("澜汐基奥仑赛注射液", "食管胃结合部腺癌", "2026-05-01"),
    }


def test_a_trials_own_name_after_the_word_study_is_no_product(engine):
    text = "团队报告了澜汐基奥仑赛注射液的确证性随机对照研究QV-ST-02，客观缓解率为60%。"
    assert {e.drug for e in _events(engine, text)} == {"澜汐基奥仑赛注射液"}


def test_results_of_a_study_published_without_a_product_are_its_readout(engine):
    text = (
        "北京时间2026年4月18日，某医学期刊在线发表了北辰医院团队的一项临床研究：团队在患者体内直接生成CAR-T细胞，"
        "用于治疗难治性系统性红斑狼疮。\n"
        "与传统CAR-T不同，这种方法无需清淋预处理，也省去了数周的制备时间。结果显示，输注后外周血B细胞迅速降至检测下限，"
        "补体水平回升。"
    )
    assert ("clinical_result", None, "2026-04-18") in _triples(engine, text)


def test_a_target_and_its_receptor_are_no_product(engine):
    text = "团队利用脂质纳米颗粒递送编码CD19-CAR的mRNA，在患者体内生成CAR-T细胞。"
    assert _canonicals(engine, text, "drug") == set()


def test_a_guideline_issued_on_a_day_is_no_study_for_the_readouts_after_it(engine):
    text = (
        "1月18日，药审中心发布《间充质干细胞防治移植物抗宿主病临床试验技术指导原则》。\n"
        "指导原则明确，确证性试验可以第28天总缓解率作为主要终点。"
    )
    assert [t for t, _, _ in _triples(engine, text)] == ["policy_issued"]


def test_an_application_referred_back_to_keeps_every_use_it_was_for(engine):
    text = (
        "澜汐基奥仑赛注射液的上市申请已于5月12日获受理，拟用于治疗晚期胃癌及食管胃结合部腺癌。"
        "药审中心于5月18日将该申请列入拟纳入优先审评程序的公示名单。"
    )
    uses = {e.indication for e in _events(engine, text) if e.type == "priority_review"}
    assert uses == {"胃癌", "食管胃结合部腺癌"}


def test_a_supplementary_application_granted_is_an_approval_for_its_use(engine):
    text = (
        "国家药监局已于2026年5月11日批准本集团自主开发的澜汐基奥仑赛注射液（商品名：汐安康®）的补充申请，"
        "用于治疗复发或难治性滤泡性淋巴瘤。"
    )
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-11")]


def test_an_application_for_conditional_approval_is_no_approval(engine):
    text = "药审中心已同意澜汐生物就候选药物QV-871递交附条件批准的上市申请。"
    assert not [e for e in _events(engine, text) if e.type == "drug_approval"]


def test_a_study_numbered_after_a_known_products_code_is_no_product(engine):
    text = "在国内开展的CT041-ST-01随机对照Ⅱ期确证性研究中，该产品显著延长了胃腺癌患者的无进展生存期。"
    assert "CT041-ST-01" not in _canonicals(engine, text, "drug")


def test_a_long_code_named_as_a_candidate_product_is_a_product(engine):
    text = "靶向GPC3的CAR-T候选产品QVATM204用于治疗晚期肝细胞癌的临床试验申请已于2026年4月获得默示许可。"
    assert _triples(engine, text) == [("ind_approval", "QVATM204", "2026-04")]


def test_a_drug_approval_number_is_no_product(engine):
    text = "该产品于2026年4月获批上市，药品批准文号为国药准字S20260047。"
    assert "S20260047" not in _canonicals(engine, text, "drug")


def test_the_outcome_of_the_study_an_approval_rests_on_is_a_readout_of_the_product_approved(engine):
    text = (
        "近日，澜汐基奥仑赛注射液新增适应症获国家药监局批准，用于治疗大B细胞淋巴瘤。"
        "本次获批主要基于该产品的国际多中心Ⅲ期研究：与标准治疗相比，该产品显著延长了患者的无事件生存期。"
    )
    assert ("clinical_result", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


def test_an_approval_told_with_its_basis_and_no_outcome_adds_no_readout(engine):
    text = "澜汐基奥仑赛注射液获国家药监局批准上市。本次获批主要基于一项在国内开展的单臂关键性研究。"
    assert [t for t, _, _ in _triples(engine, text)] == ["drug_approval"]


def test_a_filings_day_in_the_body_beats_the_notices_day_its_title_and_heading_line_took(engine):
    title = "澜汐生物：关于控股子公司参与的干细胞临床研究项目完成备案的公告"
    text = (
        "澜汐生物股份有限公司关于控股子公司参与的干细胞临床研究项目完成备案的公告\n"
        "澜汐生物股份有限公司（以下简称“公司”）控股子公司北辰澜汐生物技术有限公司参与的“人脐带间充质干细胞治疗慢加急性"
        "肝衰竭的临床研究”项目，已由研究机构北辰大学附属医院于2026年5月10日完成干细胞临床研究项目备案。\n"
        "特此公告。\n澜汐生物股份有限公司董事会\n2026年5月15日"
    )
    found = [e.date for e in _events(engine, text, title) if e.type == "research_filing"]
    assert found == ["2026-05-10"]


def test_a_designation_told_before_the_approval_it_led_to_is_a_designation(engine):
    text = "澜汐基奥仑赛注射液是一款CAR-T细胞治疗产品，此前已被纳入突破性治疗品种，此次通过优先审评审批程序获批。"
    assert ("breakthrough_therapy", "澜汐基奥仑赛注射液", None) in _triples(engine, text)


def test_a_non_cell_drug_that_is_the_subject_of_a_designation_has_the_event(engine):
    text = "北辰医药的斯鲁利单抗联合化疗用于胃癌围手术期治疗，于4月被国家药监局纳入突破性治疗药物程序。"
    assert _triples(engine, text) == [("breakthrough_therapy", "斯鲁利单抗", "2026-04")]


@pytest.mark.parametrize(
    "text",
    [
        "北辰医药的QV-15SC（达雷妥尤单抗生物类似药）获国家药监局批准开展用于多发性骨髓瘤的I期临床试验。",
        "FDA于4月5日批准澜汐基奥仑赛注射液用于治疗对来那度胺耐药的多发性骨髓瘤成人患者。",
        "患者输注澜汐基奥仑赛注射液后出现细胞因子释放综合征，使用托珠单抗后缓解，完全缓解率为80%。",
    ],
)
def test_a_non_cell_drug_in_a_gloss_a_use_or_a_regimen_has_no_event(engine, text):
    assert not [e for e in _events(engine, text) if e.drug and e.drug.endswith(("单抗", "度胺"))]


def test_an_undated_retelling_of_an_approval_joins_the_bodys_dated_one_not_the_titles(engine):
    title = "澜汐基奥仑赛注射液获批上市 国产CAR-T落地"
    text = (
        "上证报讯（记者 王婕）5月30日，国家药监局官网显示，澜汐生物的澜汐基奥仑赛注射液（商品名：汐安康）获批上市，"
        "用于治疗复发或难治性多发性骨髓瘤成人患者。\n"
        "汐安康是一款CAR-T细胞治疗产品，此前已被纳入突破性治疗品种，此次通过优先审评审批程序获批。"
    )
    # (published in the next month: the title's page-dated approval is of another month than the body's)
    approvals = [e.date for e in _events(engine, text, title, pub="2026-06-02") if e.type == "drug_approval"]
    assert approvals == ["2026-05-30"]


def test_a_supplementary_biologics_licence_granted_is_an_approval(engine):
    text = "美国FDA于当地时间2026年4月5日批准LUMARIS®的补充生物制品许可申请，用于治疗多发性骨髓瘤成人患者。"
    assert _triples(engine, text) == [("drug_approval", "LUMARIS", "2026-04-05")]


# Forecasts -----------------------------------------------------------------------------------------------


def test_two_forecasts_of_one_report_are_one_event(engine):
    # ANNOTATION.md: one event per (type, drug, indication); a forecast has neither.
    text = (
        "我们预计到2029年中国干细胞治疗市场规模将突破2000亿元。"
        "细分来看，我们预计2030年国内间充质干细胞药物市场规模可达约350亿元。"
    )
    assert len([e for e in _events(engine, text) if e.type == "market_forecast"]) == 1


def test_a_forecast_repeated_with_the_same_size_is_one_event(engine):
    text = "报告预计，到2030年该市场规模将超过3000亿元。业内普遍认为，2030年市场规模有望超过3000亿元。"
    assert len([e for e in _events(engine, text) if e.type == "market_forecast"]) == 1


def test_a_forecast_takes_the_size_its_cue_leads_to_not_the_history_before_it(engine):
    # A heading's forecast runs on into the body's first line (no full stop between): the history there is not it.
    text = "▲ 干细胞医疗市场规模2030年有望超3000亿元\n5月4日发布的蓝皮书显示，2024年我国干细胞医疗市场规模约为820亿元。"
    sizes = [e.amount.value for e in _events(engine, text) if e.type == "market_forecast" and e.amount]
    assert sizes == [300_000_000_000]


def test_a_forecast_from_one_size_to_another_takes_the_size_it_grows_to(engine):
    text = "报告预计，到2030年该市场规模将从目前的820亿元增长至3000亿元。"
    sizes = [e.amount.value for e in _events(engine, text) if e.type == "market_forecast" and e.amount]
    assert sizes == [300_000_000_000]


# First uses ----------------------------------------------------------------------------------------------


def test_a_first_patient_told_after_a_bylined_dated_lead_takes_the_leads_day(engine):
    text = (
        "北辰特区报讯（记者 许蕾）3月6日，北辰大学深圳医院为一名11岁患儿回输了澜汐基奥仑赛注射液，"
        "这是该产品通过“港澳药械通”政策引进后，在大湾区内地九市治疗的首例患者。"
    )
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2026-03-06")]


def test_the_time_passed_since_an_approval_is_no_approval(engine):
    text = (
        "北辰财经讯 5月上旬，澜汐生物宣布其澜汐基奥仑赛注射液完成首例商业化患者输注，距离该产品获批上市仅过去两个月。"
    )
    assert [t for t, _, _ in _triples(engine, text)] == ["first_prescription"]


def test_a_firms_prefix_on_a_letters_only_core_with_a_dosage_form_is_a_code(engine):
    text = "4月14日，北辰澜辰生物申报的LC-iMSC注射液获得临床试验默示许可，适应症为急性呼吸窘迫综合征。"
    assert _triples(engine, text) == [("ind_approval", "LC-IMSC注射液", "2026-04-14")]


def test_a_policy_recalled_as_issued_already_is_no_event(engine):
    text = (
        "1月18日，药审中心发布《人源干细胞产品非临床研究技术指导原则》。"
        "此前，药审中心已出台《人源性干细胞及其衍生细胞治疗产品临床试验技术指导原则（试行）》。"
    )
    assert [(t, d) for t, _, d in _triples(engine, text)] == [("policy_issued", "2026-01-18")]


def test_a_policy_recalled_with_its_time_is_still_an_event(engine):
    text = "此前，国务院办公厅已于2024年3月印发《关于促进细胞治疗产业发展的若干措施》。"
    assert [(t, d) for t, _, d in _triples(engine, text)] == [("policy_issued", "2024-03")]


def test_an_approval_supposed_is_no_approval(engine):
    text = "有券商分析师认为，即便QV-871注射液年内顺利获批，也将面对价格和医院准入的双重压力。"
    assert _triples(engine, text) == []


def test_minimal_residual_disease_is_no_indication(engine):
    text = "澜汐基奥仑赛注射液治疗多发性骨髓瘤的客观缓解率为100%，骨髓微小残留病（MRD）阴性率达95.5%。"
    assert _canonicals(engine, text, "indication") == {"多发性骨髓瘤"}


def test_no_relapse_seen_and_a_score_improved_from_baseline_are_readouts(engine):
    text = "8例视神经脊髓炎谱系疾病患者接受澜汐基奥仑赛注射液单次输注后，6个月内均未出现复发。"
    assert [t for t, _, _ in _triples(engine, text)] == ["clinical_result"]


def test_a_firms_hong_kong_listing_told_with_its_shares_is_a_financing(engine):
    text = "澜汐生物于今年3月18日在港上市，现价较招股价16.8港元上升约21%。"
    assert [(e.company, e.date) for e in _events(engine, text) if e.type == "financing"] == [("澜汐生物", "2026-03-18")]


def test_a_product_marketed_in_hong_kong_is_no_financing(engine):
    text = "澜汐基奥仑赛注射液已于今年3月在港上市，用于治疗大B细胞淋巴瘤。"
    assert not [e for e in _events(engine, text) if e.type == "financing"]


def test_results_of_an_investigator_initiated_study_are_the_products_just_told(engine):
    text = (
        "QV-188拟用于治疗终末期心力衰竭，此前已拿到临床试验许可。根据已完成的研究者发起临床研究，"
        "接受移植的患者左心室射血分数平均提升约10个百分点，6分钟步行距离明显改善。"
    )
    assert ("clinical_result", "QV-188", None) in _triples(engine, text)


def test_an_item_headed_by_a_hospital_does_not_take_the_product_of_the_item_before(engine):
    text = (
        "欧洲血液学协会年会于5月12日至15日在米兰举行，多家中国团队公布了细胞疗法数据。\n\n"
        "3. 澜汐生物：QV-NK07扩展队列数据\n"
        "澜汐生物公布了QV-NK07治疗B细胞非霍奇金淋巴瘤的I期数据，ORR为61.9%。\n\n"
        "4. 北辰大学附属第一医院：双靶点CAR-T治疗难治性NMOSD\n"
        "该院团队报告了一项研究者发起的研究：8例难治性视神经脊髓炎谱系疾病患者接受双靶点CAR-T治疗后，均未再复发。"
    )
    readouts = {(e.drug, e.indication) for e in _events(engine, text) if e.type == "clinical_result"}
    assert (None, "视神经脊髓炎谱系疾病") in readouts
    assert ("QV-NK07", "视神经脊髓炎谱系疾病") not in readouts


@pytest.mark.parametrize("outcome", ["3例患者随访12个月均无复发", "3名患者随访12个月，运动症状评分平均改善约30%"])
def test_no_relapse_at_all_and_a_score_improved_by_about_a_figure_are_readouts(engine, outcome):
    text = f"澜汐基奥仑赛注射液治疗视神经脊髓炎谱系疾病的探索性研究已发表，{outcome}。"
    assert [t for t, _, _ in _triples(engine, text)] == ["clinical_result"]


# Filings of a product ------------------------------------------------------------------------------------


def test_a_filed_project_of_a_product_code_names_the_product(engine):
    text = "公司基于诱导多能干细胞技术开发的QV-iDA1项目，已于今年4月与北辰大学附属医院共同完成干细胞临床研究项目备案。"
    assert [(t, d) for t, d, _ in _triples(engine, text) if t == "research_filing"] == [("research_filing", "QV-IDA1")]


def test_a_filed_study_of_the_preparation_just_named_names_the_product(engine):
    text = (
        "QV-DA07注射液以诱导多能干细胞为起始材料制备。基于该细胞制剂开展的研究者发起临床研究，"
        "已于2025年9月在北辰大学附属医院完成干细胞临床研究项目备案。"
    )
    assert ("research_filing", "QV-DA07注射液", "2025-09") in _triples(engine, text)


def test_a_filing_told_after_another_products_step_in_a_headline_names_no_product(engine):
    title = "我院开出澜汐基奥仑赛注射液全国首张处方 两项干细胞临床研究完成备案"
    found = [e.drug for e in _events(engine, "北辰大学附属医院新闻中心。", title) if e.type == "research_filing"]
    assert found == [None]


def test_bulleted_blocks_under_a_lead_that_says_what_happened_are_one_event_each(engine):
    text = (
        "据药审中心官网公示，4月共有多款细胞治疗产品获得临床试验默示许可。我们选取其中有代表性的品种整理如下。\n\n"
        "◆ 澜汐生物QV-NK01注射液（4月4日）\n由诱导多能干细胞分化而来的NK细胞产品，拟用于急性髓系白血病。\n\n"
        "◆ 北辰细胞BC-CAR2注射液（4月18日）\n双靶点CAR-T，适应症分别为视神经脊髓炎谱系疾病和重症肌无力。\n\n"
        "从适应症看，自身免疫性疾病正成为新热点。"
    )
    found = sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "ind_approval")
    assert found == [
        ("BC-CAR2注射液", "视神经脊髓炎谱系疾病", "2026-04-18"),
        ("BC-CAR2注射液", "重症肌无力", "2026-04-18"),
        ("QV-NK01注射液", "急性髓系白血病", "2026-04-04"),
    ]


def test_a_lead_that_recalls_products_already_approved_lists_no_news(engine):
    text = (
        "截至目前，已获批上市的细胞治疗产品整理如下。\n\n"
        "◆ 澜汐生物QV-NK01注射液（2024年4月4日）\n用于急性髓系白血病。\n"
    )
    assert not [e for e in _events(engine, text) if e.type == "drug_approval" and e.drug == "QV-NK01注射液"]


def test_an_overall_survival_rate_reached_is_a_readout(engine):
    text = "学会4日在记者会上公布追踪结果：国内接受CAR-T治疗的急性淋巴细胞白血病病人，一年整体存活率达87.5%。"
    assert _triples(engine, text) == [("clinical_result", None, "2026-05-04")]


def test_a_press_release_dateline_does_not_hide_the_day_the_study_was_presented(engine):
    text = (
        "上海2026年5月3日 /美通社/ -- 澜汐医药今日宣布，其QV-101注射液的I/II期临床研究最新结果，"
        "已于美国东部时间5月1日在2026年美国临床肿瘤学会年会上以快速口头报告形式公布。\n"
        "- 滑膜肉瘤队列：客观缓解率（ORR）为45.5%；\n"
        "- 黑色素瘤队列：ORR为37.5%；\n"
    )
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result")
    assert found == [("滑膜肉瘤", "2026-05-01"), ("黑色素瘤", "2026-05-01")]


def test_a_regulatory_step_announced_on_a_day_presents_no_study(engine):
    text = (
        "5月15日，澜汐生物发布消息称，其QV-103注射液已于5月12日获得美国FDA新药临床试验（IND）许可。\n"
        "在国内开展的研究者发起的临床研究中，12例难治性系统性红斑狼疮患者接受QV-103单次回输后，10例达到缓解。"
    )
    assert ("clinical_result", "QV-103注射液", None) in _triples(engine, text)


def test_each_use_a_lead_counts_as_a_first_is_a_first_prescription(engine):
    text = (
        "乐城先行区近期迎来两项“首例”：4月12日，一名12岁的β地中海贫血患儿在北辰医院接受基因编辑疗法LUMARIS®回输；"
        "4月26日，一名激素难治性急性移植物抗宿主病患者在澜汐中心使用了间充质干细胞产品NEUVARA®。"
    )
    found = sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "first_prescription")
    assert found == [("LUMARIS", "β地中海贫血", "2026-04-12"), ("NEUVARA", "急性移植物抗宿主病", "2026-04-26")]


def test_uses_after_a_lead_that_counts_no_first_are_no_first_prescriptions(engine):
    text = (
        "乐城先行区近期完成两例治疗：4月12日，一名患儿在北辰医院接受基因编辑疗法LUMARIS®回输；"
        "4月26日，一名患者在澜汐中心使用了NEUVARA®。"
    )
    assert not [e for e in _events(engine, text) if e.type == "first_prescription"]


def test_a_first_use_restated_after_another_steps_month_takes_the_day_told_before(engine):
    text = (
        "5月18日，北辰医院血液科为一名血友病B患者静脉输注了澜汐达可基注射液。"
        "这是该药4月获批上市后，全国首例接受商业化输注的患者。"
    )
    found = _triples(engine, text)
    assert ("first_prescription", "澜汐达可基注射液", "2026-05-18") in found
    assert ("drug_approval", "澜汐达可基注射液", "2026-04") in found


def test_findings_published_in_a_journal_are_a_readout_dated_by_their_telling(engine):
    text = "北辰医院团队研发的通用型CD19 CAR-NK细胞疗法用于治疗系统性红斑性狼疮的临床研究成果，近日发表于国际医学期刊。"
    found = [(e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == "clinical_result"]
    assert found == [(None, "系统性红斑狼疮", "2026-05")]


def test_uses_listed_under_a_lead_after_the_approval_sentence_give_one_approval_each(engine):
    text = (
        "2026年4月20日，国家药品监督管理局批准北辰细胞的澜汐基奥仑赛注射液上市。本次获批的适应症包括：\n"
        "（1）复发或难治的成人大B细胞淋巴瘤；\n"
        "（2）复发或难治的成人滤泡性淋巴瘤。"
    )
    uses = sorted(e.indication for e in _events(engine, text) if e.type == "drug_approval")
    assert uses == ["大B细胞淋巴瘤", "滤泡性淋巴瘤"]


def test_a_first_use_in_a_new_place_is_a_first_prescription(engine):
    text = (
        "一名淋巴瘤病人近日在香港一间私家医院完成输注，所用药品为澜汐基奥仑赛注射液。"
        "据悉，这是内地已上市CAR-T产品首次跨境运送至香港并为病人回输。"
    )
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2026-05") in _triples(engine, text)


def test_the_year_of_a_criteria_version_dates_no_readout(engine):
    text = (
        "6例难治性特发性炎性肌病患者接受QV-CAR19回输，5例在3个月内达到2016年ACR/EULAR标准的主要改善，肌酸激酶恢复正常。"
    )
    assert [(t, d) for t, _, d in _triples(engine, text)] == [("clinical_result", None)]


def test_a_bare_day_after_the_regulator_dates_its_approval(engine):
    text = "国家药品监督管理局2日通过优先审评审批程序，附条件批准澜汐生物的澜汐基奥仑赛注射液上市。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-02")]


def test_the_year_a_patient_entered_a_study_dates_no_outcome_seen_now(engine):
    text = (
        "早在2017年，科室就参与了澜汐基奥仑赛注射液的早期临床研究。"
        "当年入组的首位患者马女士，在接受单次回输后至今已无病生存超过5年，达到临床治愈。"
    )
    assert [(t, d) for t, _, d in _triples(engine, text) if t == "clinical_result"] == [("clinical_result", None)]


def test_a_taiwan_market_post_is_dated_by_its_fact_day_in_minguo_slashes(engine):
    text = (
        "主旨：公告本公司新药QV-MSC01申请人体临床试验，获卫生福利部食品药物管理署核准\n"
        "说明：\n1.事实发生日：115/04/12\n2.公司名称：澜汐细胞科技股份有限公司\n"
        "4.发生缘由：本公司收到TFDA函，同意本公司以QV-MSC01执行膝骨关节炎之一/二期人体临床试验。"
    )
    assert ("ind_approval", "QV-MSC01", "2026-04-12") in _triples(engine, text)


@pytest.mark.parametrize("text", ["比例为110/120。", "第2/3/4批。"])
def test_slashed_numbers_that_are_no_minguo_day_date_nothing(engine, text):
    from transforms.dates import find_dates

    assert find_dates(text, None) == []
