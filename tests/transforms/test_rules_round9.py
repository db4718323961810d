"""Rules from the ninth round (issue 14): phrasings found missed by new invented sentences and the sets h12a/h12c.

Each case is a new text with invented products (QX-301) and firms; none is copied from a gold document.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples
from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def test_a_step_told_now_beside_an_earlier_milestone_it_follows_is_dated_by_the_page(engine):
    # The date inside 继…后 is the reference point's; it does not make this step one told in the same breath.
    text = "澜芯生物宣布，其QX-301注射液的补充申请已被CDE纳入优先审评，这是该产品继2024年11月获批上市后的又一进展。"
    assert _triples(engine, text) == [
        ("drug_approval", "QX-301注射液", "2024-11"),
        ("priority_review", "QX-301注射液", "2026-05"),
    ]


def test_the_start_of_a_period_of_treatment_does_not_date_its_outcome(engine):
    text = "据介绍，该院自2025年9月起共为5名难治性狼疮性肾炎患者回输了QX-301注射液，所有患者均实现无药物缓解。"
    assert _triples(engine, text) == [("clinical_result", "QX-301注射液", None)]


def test_a_law_taking_effect_from_a_day_keeps_that_day(engine):
    text = "《澜江省细胞治疗产业促进条例》自2026年3月1日起施行。"
    assert [e.date for e in _events(engine, text) if e.type == "policy_issued"] == ["2026-03-01"]


def test_a_paper_reporting_patients_free_of_insulin_is_a_readout(engine):
    text = "《自然·医学》4月9日在线发表了澜江医院团队的研究成果，患者接受QX-301注射液移植后第60天即摆脱外源性胰岛素。"
    assert _triples(engine, text) == [("clinical_result", "QX-301注射液", "2026-04-09")]


def test_the_first_commercial_treatment_with_a_product_named_in_between(engine):
    text = "5月8日上午，澜江省首例使用国产CAR-T产品QX-301注射液的商业化治疗在澜江医院顺利完成。"
    assert _triples(engine, text) == [("first_prescription", "QX-301注射液", "2026-05-08")]


def test_each_product_line_under_a_lead_that_says_what_happened_to_them_is_an_event(engine):
    text = (
        "近日，国家药监局批准以下两款细胞治疗产品上市：\n"
        "1. 澜芯生物的QX-301注射液，用于治疗复发或难治性滤泡性淋巴瘤；\n"
        "2. 启明基因的NV-12注射液，用于治疗膝骨关节炎。\n"
        "业内人士认为，细胞治疗行业正迎来收获期。"
    )
    events = _events(engine, text)
    assert sorted((e.type, e.drug, e.date, e.company, e.indication) for e in events) == [
        ("drug_approval", "NV-12注射液", "2026-05", "启明基因", "膝骨关节炎"),
        ("drug_approval", "QX-301注射液", "2026-05", "澜芯生物", "滤泡性淋巴瘤"),
    ]


def test_a_product_line_keyed_by_its_firm_takes_the_kind_of_its_lead(engine):
    text = (
        "本周CDE拟纳入优先审评的细胞治疗产品有：\n"
        "澜芯生物：QX-301注射液（滤泡性淋巴瘤）\n启明基因：NV-12注射液（膝骨关节炎）"
    )
    assert _triples(engine, text) == [
        ("priority_review", "NV-12注射液", "2026-05"),
        ("priority_review", "QX-301注射液", "2026-05"),
    ]


def test_a_lead_recalling_the_products_already_on_the_market_lists_no_news(engine):
    text = "近日有投资者问及公司竞品。截至目前，国内已获批上市的CAR-T产品包括：\n1. QX-301注射液\n2. NV-12注射液"
    assert _triples(engine, text) == []


def test_each_institution_whose_project_a_filing_list_quotes_is_a_filing(engine):
    text = (
        "国家卫健委近日公布了新一批干细胞临床研究备案项目。其中，澜江医院的“人脐带间充质干细胞治疗膝骨关节炎的临床研究”、"
        "启明大学附属医院的“自体骨髓间充质干细胞治疗肝硬化的临床研究”等项目入选。"
    )
    filings = [e for e in _events(engine, text) if e.type == "research_filing"]
    assert sorted((e.company, e.indication, e.date) for e in filings) == [
        ("启明大学附属医院", "肝硬化", "2026-05"),
        ("澜江医院", "膝骨关节炎", "2026-05"),
    ]


def test_a_quoted_project_far_from_any_filing_is_no_filing(engine):
    text = "澜江医院的“人脐带间充质干细胞治疗膝骨关节炎的临床研究”正在招募受试者。"
    assert [e for e in _events(engine, text) if e.type == "research_filing"] == []


def test_a_round_of_unknown_size_is_still_a_financing(engine):
    text = "细胞治疗公司澜芯生物近日完成数亿元融资，投资方包括星河资本。"
    assert [(e.type, e.company, e.amount) for e in _events(engine, text)] == [("financing", "澜芯生物", None)]


def test_a_name_that_announces_something_about_the_company_is_a_firm(engine):
    text = "艾澜维欣宣布，公司已与一家产业基金签署增资协议，获得1.5亿元战略投资。"
    assert [(e.type, e.company) for e in _events(engine, text)] == [("financing", "艾澜维欣")]


def test_a_name_that_announces_today_what_its_product_got_is_a_firm(engine):
    text = "华澜英泰今日宣布，其自主研发的QX-301注射液已于今年3月获得国家药监局临床试验默示许可。"
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("ind_approval", "华澜英泰", "2026-03")]


def test_a_product_name_does_not_take_the_last_character_of_the_verb_before_it(engine):
    # 布瑞基奥仑赛注射液 and 瑞基奥仑赛注射液 are both products; 宣布 is a word.
    text = "6月30日，药明巨诺宣布瑞基奥仑赛注射液的新适应症上市申请获受理。"
    drugs = {x.canonical for x in engine.extract(InputDocument(id="x", text=text)).entities if x.type == "drug"}
    assert drugs == {"瑞基奥仑赛注射液"}


_HEADER = ["序号", "受理号", "药品名称", "申请人", "拟定适应症", "公示日期"]
_ROWS = [
    ["1", "CXSS2600088", "QX-301注射液", "澜芯生物科技（上海）有限公司", "复发或难治性系统性红斑狼疮", "2026-05-18"],
    ["2", "CXSS2600091", "NV-12注射液", "启明基因科技有限公司", "膝骨关节炎", "2026-05-18"],
]


@pytest.mark.parametrize("separator", ["\n", " "], ids=["one-cell-per-line", "one-line"])
def test_a_register_table_flattened_into_a_stream_of_cells_is_read_row_by_row(engine, separator):
    text = separator.join(_HEADER + _ROWS[0] + _ROWS[1])
    events = _events(engine, text, title="拟纳入优先审评品种公示")
    assert sorted((e.type, e.drug, e.date, e.indication) for e in events) == [
        ("priority_review", "NV-12注射液", "2026-05-18", "膝骨关节炎"),
        ("priority_review", "QX-301注射液", "2026-05-18", "系统性红斑狼疮"),
    ]


def test_a_stream_of_cells_out_of_step_ends_the_table(engine):
    # The second row lost its number: its cells no longer line up under the header.
    text = " ".join(_HEADER + _ROWS[0] + _ROWS[1][1:])
    events = _events(engine, text, title="拟纳入优先审评品种公示")
    assert [(e.type, e.drug) for e in events] == [("priority_review", "QX-301注射液")]


def test_a_patients_age_is_no_part_of_the_disease(engine):
    text = "澜江医院上月为一名60歲淋巴瘤病人输注了QX-301注射液。"
    indications = {
        x.canonical for x in engine.extract(InputDocument(id="x", text=text)).entities if x.type == "indication"
    }
    assert indications == {"淋巴瘤"}


def test_the_first_commercial_dose_given_in_a_city(engine):
    text = "澜江医院上月为一名淋巴瘤病人输注本港首剂商业化CAR-T产品QX-301注射液。"
    assert _triples(engine, text) == [("first_prescription", "QX-301注射液", "2026-04")]


def test_a_prescription_after_the_approval_is_no_approval_and_a_glossed_weekday_dates_it(engine):
    text = "上周五（5月15日），澜江医院为一名患者开具QX-301注射液处方，这是该产品获批上市后开出的全国首张处方。"
    events = _events(engine, text)
    assert [(e.type, e.drug, e.date) for e in events] == [("first_prescription", "QX-301注射液", "2026-05-15")]


def test_a_verb_before_a_product_name_is_no_part_of_it(engine):
    text = "澜江医院为一名患者开具纳澜奥仑赛注射液处方。"
    drugs = {x.canonical for x in engine.extract(InputDocument(id="x", text=text)).entities if x.type == "drug"}
    assert drugs == {"纳澜奥仑赛注射液"}


def test_an_implied_licence_table_is_dated_by_its_notice_day_column(engine):
    text = (
        "二、临床试验默示许可\n受理号 药品名称 企业 拟定适应症 公示日期\n"
        "CXSL2600517 QX-301注射液 澜芯生物 宫颈癌 2026-05-13\n"
    )
    assert _triples(engine, text, title="CGT周报") == [("ind_approval", "QX-301注射液", "2026-05-13")]


@pytest.mark.parametrize(
    ("opening", "day"), [("仅隔一天", "2026-05-17"), ("两天后", "2026-05-18"), ("次日", "2026-05-17")]
)
def test_a_step_told_days_after_a_dated_one(engine, opening, day):
    text = f"5月16日，QX-301注射液的上市申请获得受理。{opening}，该申请被CDE拟纳入优先审评。"
    assert ("priority_review", "QX-301注射液", day) in _triples(engine, text)


def test_a_gene_written_before_its_mutation_is_no_product(engine):
    text = "2月11日，QX-301注射液用于治疗RPE65双等位基因突变相关视网膜营养不良的临床试验申请获得默示许可。"
    drugs = {x.canonical for x in engine.extract(InputDocument(id="x", text=text)).entities if x.type == "drug"}
    assert drugs == {"QX-301注射液"}


def test_a_product_class_glossing_a_name_in_brackets_is_no_second_product(engine):
    text = "公司澜瑞托赛注射液（人脐带间充质干细胞注射液）的上市许可申请已于2026年5月5日获国家药监局受理。"
    assert _triples(engine, text) == [("nda_accepted", "澜瑞托赛注射液", "2026-05-05")]


def test_the_prose_around_a_register_table_adds_the_steps_its_records_do_not_hold(engine):
    text = (
        "5月6日，CDE发布新一批拟纳入优先审评品种公示，QX-301注射液在列。\n"
        "受理号\n药品名称\n申请人\n拟定适应症\n公示日期\n"
        "CXSS2600078\nQX-301注射液\n澜芯生物\n多发性骨髓瘤\n2026-05-06\n"
        "其中，QX-301注射液的上市申请于今年3月获得受理。同日，NV-12注射液被CDE拟纳入突破性治疗品种。"
    )
    assert _triples(engine, text, title="3款产品拟纳入优先审评") == [
        ("breakthrough_therapy", "NV-12注射液", "2026-05-06"),
        ("nda_accepted", "QX-301注射液", "2026-03"),
        ("priority_review", "QX-301注射液", "2026-05-06"),
    ]


def test_products_said_to_be_on_the_list_the_sentence_before_names(engine):
    text = (
        "5月12日，CDE公示新一批拟纳入优先审评审批程序的品种名单。其中，澜芯生物的QX-301注射液（适应症：膝骨关节炎）"
        "和启明基因的NV-12注射液（适应症：B型血友病）均在列。"
    )
    events = _events(engine, text)
    assert sorted((e.type, e.drug, e.date, e.company) for e in events) == [
        ("priority_review", "NV-12注射液", "2026-05-12", "启明基因"),
        ("priority_review", "QX-301注射液", "2026-05-12", "澜芯生物"),
    ]


def test_a_list_of_products_already_approved_puts_nothing_on_a_list(engine):
    text = "截至目前，已获批上市的CAR-T产品名单中，QX-301注射液和NV-12注射液均在列。"
    assert _triples(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "业者指出，产品要走向规模化，仍须仰赖《澜江省再生医疗条例》的施行细则尽快到位。",
        "此前，《澜江省药品管理条例》对上市后变更作了规定，而此前发布的《澜江省细胞治疗产品指导原则》更多聚焦于研发阶段。",
    ],
)
def test_policies_mentioned_as_background_are_not_issued(engine, text):
    assert [e for e in _events(engine, text) if e.type == "policy_issued"] == []


def test_a_traditional_page_keeps_the_name_character_of_a_firm(engine):
    assert _canonicals(engine, "瑞昇生技表示，計劃年內向食藥署提出藥證申請。", "company") == {"瑞昇生技"}


@pytest.mark.parametrize(
    "text", ["數據來源：醫藥魔方NextPharma數據庫。", "經濟日報 > 產業 > 生技醫藥\n今日焦點：細胞治療。"]
)
def test_a_database_and_a_sector_named_like_firms_are_no_firms(engine, text):
    assert _canonicals(engine, text, "company") == set()


def test_a_gene_before_its_enhancer_is_no_product(engine):
    assert _canonicals(engine, "QX-301注射液通过编辑BCL11A红系增强子重新激活胎儿血红蛋白。", "drug") == {"QX-301注射液"}


def test_an_expected_approval_is_no_approval(engine):
    text = "QX-301注射液上市申请已于2025年8月获受理，我们预计其有望于2026年下半年获批。"
    assert _triples(engine, text) == [("nda_accepted", "QX-301注射液", "2025-08")]


def test_the_first_patient_treated_after_marketing_on_a_day_of_the_month(engine):
    text = "澜江总医院10日为一名68岁女性患者完成首次注射，成为QX-301注射液上市后首位接受治疗的患者。"
    assert _triples(engine, text, pub="2026-09-15") == [("first_prescription", "QX-301注射液", "2026-09-10")]


def test_an_undated_headline_about_a_first_approval_is_the_bodys_dated_approval(engine):
    text = "澜芯生物开发的QX-301注射液今年7月获得附条件批准，成为首个取得此类许可的产品。"
    events = _events(engine, text, title="首款附条件获批的再生医疗制剂 澜江医院完成首位患者治疗", pub="2026-09-15")
    assert [(e.type, e.drug, e.date) for e in events if e.type == "drug_approval"] == [
        ("drug_approval", "QX-301注射液", "2026-07")
    ]


def test_a_meeting_roundup_dates_its_items_by_their_days_and_its_opening(engine):
    text = (
        "5月7日至9日，2026细胞治疗产业大会在澜江举行。\n"
        "政策：开幕式上，澜江省人民政府发布《澜江省细胞治疗转化应用管理规定》。\n"
        "数据：8日的临床专场上，澜芯生物公布了QX-301注射液的最新数据，16例可评估患者中有14例达到无药缓解；"
        "9日，启明基因披露NV-12注射液的II期结果，客观缓解率为52%。"
    )
    events = _events(engine, text, pub="2026-05-10")
    assert sorted((e.type, e.drug, e.date) for e in events) == [
        ("clinical_result", "NV-12注射液", "2026-05-09"),
        ("clinical_result", "QX-301注射液", "2026-05-08"),
        ("policy_issued", None, "2026-05-07"),
    ]


def test_this_times_approval_after_a_trial_licence_is_that_licence_told_again(engine):
    text = (
        "5月13日，QX-301注射液的临床试验申请获得默示许可。\n"
        "看点：QX-301注射液是澜芯生物开发的TIL疗法，此次获批用于复发或转移性宫颈癌。"
    )
    assert _triples(engine, text) == [("ind_approval", "QX-301注射液", "2026-05-13")]


@pytest.mark.parametrize(
    "text",
    [
        "QX-301注射液的研究共入组36例患者，最常见的不良事件为1-2级发热，无患者因不良事件退出研究。",
        "《自然·医学》刊发了QX-301注射液治疗帕金森病的I期临床研究成果。",
        "接受QX-301注射液治疗后，患者运动症状评分改善了23%。",
    ],
)
def test_safety_by_its_commonest_events_a_papers_findings_and_a_score_improved_are_readouts(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("clinical_result", "QX-301注射液")]


def test_a_code_glossed_with_its_generic_name_is_that_product(engine):
    text = "2026年2月27日，公司QX-301（通用名：澜格莫赛注射液，商品名：澜安宁）获国家药监局批准上市。"
    assert _triples(engine, text) == [("drug_approval", "澜格莫赛注射液", "2026-02-27")]


def test_a_registration_in_hong_kong_is_an_approval(engine):
    text = "衞生署藥物辦公室本月早前批准澜芯生物研發的QX-301注射液在香港註冊，用於治療瀰漫性大B細胞淋巴瘤。"
    assert _triples(engine, text, pub="2026-11-20") == [("drug_approval", "QX-301注射液", "2026-11")]


def test_a_streamed_register_with_columns_it_does_not_read(engine):
    text = (
        "【发布日期】2026-05-22\n以下注册申请拟纳入优先审评审批程序，现予以公示。\n"
        "序号 受理号 药品名称 申请人 适应症 拟优先审评理由 公示截止日期\n"
        "1\nCXSS2600031\nQX-301注射液\n上海澜芯细胞治疗科技有限公司\n多发性骨髓瘤\n符合附条件批准的药品\n2026-05-29\n"
        "2\nCXSS2600027\nNV-12注射液\n天津启明干细胞生物科技有限公司\n膝骨关节炎\n具有明显临床价值的新药\n2026-05-29\n"
    )
    assert _triples(engine, text, title="拟优先审评品种公示", pub="2026-05-22") == [
        ("priority_review", "NV-12注射液", "2026-05-22"),
        ("priority_review", "QX-301注射液", "2026-05-22"),
    ]


def test_a_notice_period_dates_its_records_by_its_first_day(engine):
    text = (
        "以下品种拟纳入突破性治疗品种，现予以公示。\n公示日期：2026-05-15 至 2026-05-21\n"
        "序号\t受理号\t药品名称\t申请人\t拟定适应症\n1\tCXSL2600214\tQX-301注射液\t澜芯生物\t重症肌无力\n"
    )
    assert _triples(engine, text, title="突破性治疗公示") == [("breakthrough_therapy", "QX-301注射液", "2026-05-15")]


def test_a_code_with_its_dosage_form_glossed_with_its_generic_name_is_that_product_throughout(engine):
    text = (
        "QX-301注射液（通用名：澜妥基奥仑赛注射液）是公司自主研发的BCMA CAR-T产品。"
        "报告期内，QX-301用于治疗多发性骨髓瘤的上市许可申请于2025年6月获国家药监局受理。"
    )
    assert _triples(engine, text) == [("nda_accepted", "澜妥基奥仑赛注射液", "2025-06")]


def test_steps_told_without_a_product_after_a_sentence_that_opened_with_it(engine):
    text = (
        "QX-301注射液（澜诺基奥仑赛注射液）是本集团的核心产品。治疗大B细胞淋巴瘤的新药上市申请于2025年4月获国家药监局受理。\n"
        "QX-301已于2026年1月获国家药监局附条件批准上市。于2026年2月18日，首名商业化患者在上海完成输注。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜诺基奥仑赛注射液", "2026-01"),
        ("first_prescription", "澜诺基奥仑赛注射液", "2026-02-18"),
        ("nda_accepted", "澜诺基奥仑赛注射液", "2025-04"),
    ]


def test_the_related_articles_under_a_notice_are_no_news(engine):
    text = (
        "2月9日，国家药监局批准QX-301注射液上市。\n相关文章：\n"
        "国家药监局关于发布《嵌合抗原受体T细胞治疗产品上市后风险管理指导原则（试行）》的通告"
    )
    assert _triples(engine, text) == [("drug_approval", "QX-301注射液", "2026-02-09")]


def test_a_therapy_firm_described_before_its_name_raises_a_round_led_by_a_short_named_investor(engine):
    text = "投资界消息，4月8日，苏州iPSC衍生细胞疗法企业澜至生物宣布完成3亿元B+轮融资。本轮由深创投领投。"
    result = engine.extract(InputDocument(id="x", text=text, published_at="2026-04-09"))
    assert {x.canonical for x in result.entities if x.type == "company"} == {"澜至生物", "深创投"}
    assert [(e.type, e.company, e.date, e.drug) for e in result.events] == [
        ("financing", "澜至生物", "2026-04-08", None)
    ]


def test_a_headline_financing_takes_no_product(engine):
    text = "澜至生物的核心产品是QX-301注射液。"
    events = _events(engine, text, title="澜至生物完成3亿元B+轮融资，深创投领投")
    assert [(e.type, e.drug) for e in events] == [("financing", None)]


def test_a_first_patient_after_the_approval_on_a_bare_day_after_yu(engine):
    text = "卫生福利部上月30日核发澜华生技QX-301注射液有附款许可。澜华生技表示，首位病患已于6日在澜中医院完成注射。"
    assert ("first_prescription", "QX-301注射液", "2026-01-06") in _triples(engine, text, pub="2026-01-08")


def test_a_trials_first_patient_dosed_is_no_first_use(engine):
    text = "2月5日，QX-301注射液获得临床试验默示许可。该产品此前已在海外完成首例患者给药。"
    assert [t for t, _d, _w in _triples(engine, text)] == ["ind_approval"]


def test_products_told_respectively_take_their_own_days(engine):
    text = "5月9日、10日，QX-301注射液和NV-12注射液分别在四川和云南开出首张处方。"
    assert _triples(engine, text) == [
        ("first_prescription", "NV-12注射液", "2026-05-10"),
        ("first_prescription", "QX-301注射液", "2026-05-09"),
    ]


def test_each_row_of_a_table_of_filed_projects_is_a_filing_of_its_institution_and_day(engine):
    text = (
        "近日，国家卫生健康委公布第十批干细胞临床研究项目备案名单，我省3个项目完成备案。具体如下：\n"
        "序号\u3000备案机构\u3000项目名称\u3000备案时间\n"
        "１\u3000澜江医院\u3000人脐带间充质干细胞治疗膝骨关节炎的随机对照研究\u3000２０２６年５月１０日\n"
        "２\u3000启明大学附属医院\u3000人胎盘间充质干细胞治疗特发性肺纤维化的安全性研究\u3000２０２６年５月１２日\n"
    )
    filings = [
        e for e in _events(engine, text, title="我省3个项目完成干细胞临床研究项目备案") if e.type == "research_filing"
    ]
    assert sorted((e.company, e.date, e.indication) for e in filings) == [
        ("启明大学附属医院", "2026-05-12", "特发性肺纤维化"),
        ("澜江医院", "2026-05-10", "膝骨关节炎"),
    ]


def test_a_field_described_before_the_product_is_not_the_applications_use(engine):
    text = "公司第二款自身免疫疾病CAR-T产品QX-301注射液用于系统性硬化症的临床试验申请已于今年2月获得国家药监局受理。"
    events = _events(engine, text)
    assert [(e.type, e.indication) for e in events] == [("ind_accepted", "系统性硬化症")]


def test_a_guideline_titled_zhiyin_is_a_policy_and_a_related_link_is_no_news(engine):
    text = (
        "7月4日，澜江市药品监督管理局印发《澜江市细胞治疗临床试验用药品制备质量管理指引（试行）》。\n"
        "相关链接：国家药监局关于发布《细胞治疗产品生产质量管理指南（试行）》的通告"
    )
    events = _events(engine, text, pub="2026-07-08")
    assert [(e.type, e.policy, e.date) for e in events] == [
        ("policy_issued", "澜江市细胞治疗临床试验用药品制备质量管理指引（试行）", "2026-07-04")
    ]


def test_an_announcements_numbered_sections_are_no_product_list(engine):
    text = (
        "近日，公司收到《药物临床试验批准通知书》，同意QX-301注射液开展临床试验。现将相关情况公告如下：\n"
        "一、药品基本情况。药品名称：QX-301注射液；受理号：CXSL2500861。\n"
        "二、其他情况。QX-301注射液是公司自主研发的产品。2025年1月2日，国家药监局批准澜芯生物的NV-12注射液上市。"
    )
    events = _events(engine, text)
    assert sorted((e.type, e.drug, e.date) for e in events) == [
        ("drug_approval", "NV-12注射液", "2025-01-02"),
        ("ind_approval", "QX-301注射液", "2026-05"),
    ]
