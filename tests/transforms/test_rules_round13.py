"""Rules from the thirteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (QV-318) and firms; none is copied from a gold document.
The invented texts are dated 2026-05-20, a Wednesday, unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


def _announcement_head(application: str) -> str:
    return (
        "证券代码：688901　证券简称：澜江生物　公告编号：2026-031\n"
        f"澜江生物科技股份有限公司关于QV-318注射液{application}获得受理的公告\n"
        "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏。\n"
    )


@pytest.mark.parametrize("label", ["产品名称", "药品名称", "通用名称"])
def test_an_announcements_quoted_record_dates_the_acceptance_by_its_own_field(engine, label):
    text = (
        _announcement_head("临床试验申请")
        + "公司近日收到国家药品监督管理局签发的《受理通知书》，QV-318注射液的临床试验申请获得受理。\n"
        f"一、主要内容\n{label}：QV-318注射液\n申请事项：境内生产药品注册临床试验\n受理号：CXSL2600219\n"
        "受理日期：2026年5月11日\n审查结论：决定予以受理。\n特此公告。\n澜江生物科技股份有限公司董事会\n2026年5月19日\n"
    )
    assert _triples(engine, text) == [("ind_accepted", "QV-318注射液", "2026-05-11")]


def test_a_quoted_record_without_a_date_takes_none_from_the_prose_before_it(engine):
    # The prose dates the priority listing (5月14日); the record's acceptance was told as 近日.
    text = (
        _announcement_head("上市许可申请") + "公司近日收到《受理通知书》，QV-318注射液的上市许可申请获得受理。"
        "5月14日，药审中心公示该申请拟纳入优先审评。\n"
        "一、药品基本情况\n产品名称：QV-318注射液\n受理号：CXSS2600041\n申请人：澜江生物科技股份有限公司\n"
        "特此公告。\n"
    )
    title = "澜江生物：关于QV-318注射液上市许可申请获得受理的公告"
    assert _triples(engine, text, title) == [
        ("nda_accepted", "QV-318注射液", "2026-05"),
        ("priority_review", "QV-318注射液", "2026-05-14"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "以往医院开展干细胞研究，成果很难转化为产品。",
        "业内的说法是“上市看企业，研究看医院”。",
        "公司正在推进各省医院的产品准入，已覆盖20余家。",
        "患者不必再去外地医院排队等待细胞治疗。",
    ],
)
def test_words_of_the_sentence_before_hospital_name_no_hospital(engine, text):
    assert _canonicals(engine, text, "company") == set()


def test_a_named_hospital_after_a_time_word_keeps_its_name(engine):
    text = "以往，澜江市第一人民医院每年收治淋巴瘤患者约300例。"
    assert _canonicals(engine, text, "company") == {"澜江市第一人民医院"}


def test_date_first_rows_under_a_products_heading_are_that_products_steps(engine):
    text = (
        "四、核心产品研发进展\n"
        "（一）QV-318注射液（人脐带间充质干细胞注射液）\n拟定适应症：膝骨关节炎\n时间\t进展\n"
        "2025年2月10日\t临床试验申请获得受理\n2025年4月28日\t获得临床试验默示许可\n"
        "2026年3月\tII期顶线数据读出：治疗组疼痛评分较基线下降38.5%，显著优于安慰剂组\n"
        "（二）QV-402注射液\n拟定适应症：克罗恩病\n时间\t进展\n2025年11月3日\t临床试验申请获得受理\n"
        "（三）后续计划\n2026年9月\t获得临床试验默示许可\n"
    )
    assert _triples(engine, text) == [
        ("clinical_result", "QV-318注射液", "2026-03"),
        ("ind_accepted", "QV-318注射液", "2025-02-10"),
        ("ind_accepted", "QV-402注射液", "2025-11-03"),
        ("ind_approval", "QV-318注射液", "2025-04-28"),
    ]


def test_a_cell_per_line_tables_product_is_no_heading_over_the_prose_after_it(engine):
    text = (
        "受理号\n药品名称\n企业名称\n承办日期\nCXSL2600311\nQV-402注射液\n澜江生物科技有限公司\n2026-05-12\n"
        "今年以来，进入上市申请阶段的干细胞产品仍屈指可数。\n"
    )
    assert _triples(engine, text) == [("ind_accepted", "QV-402注射液", "2026-05-12")]


def test_a_trial_licence_told_as_approval_then_where_trials_may_run_is_an_ind_approval(engine):
    text = "澜江生物公布，其QV-318注射液已获国家药品监督管理局批准，可于中国境内开展临床试验，适应症为多发性骨髓瘤。"
    assert _triples(engine, text) == [("ind_approval", "QV-318注射液", "2026-05")]


def test_uses_that_wait_on_clinical_data_are_no_readout(engine):
    text = "QV-318注射液亦有潜力用于系统性红斑狼疮，相关适应症将视乎临床数据再作规划。"
    assert _triples(engine, text) == []


def test_a_code_of_letters_only_names_a_product_when_written_as_one(engine):
    text = "5月12日，澜江生物的LJ-iPSC-NP细胞注射液获准开展临床试验，拟用于治疗帕金森病。"
    assert {c.upper() for c in _canonicals(engine, text, "drug")} == {"LJ-IPSC-NP细胞注射液"}
    assert [(t, (d or "").upper(), when) for t, d, when in _triples(engine, text)] == [
        ("ind_approval", "LJ-IPSC-NP细胞注射液", "2026-05-12")
    ]


def test_a_target_and_a_modality_before_a_dosage_form_are_no_product_code(engine):
    text = "澜江医院研制的BCMA-CAR-T细胞注射液获准开展临床试验。"
    assert _canonicals(engine, text, "drug") == set()


def test_an_abbreviation_that_opens_a_longer_latin_term_is_not_the_disease(engine):
    text = "接受治疗的帕金森病患者在第12个月时MDS-UPDRS III评分较基线平均改善38%。"
    assert _canonicals(engine, text, "indication") == {"帕金森病"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("管理局已于五月十一日批准QV-318注射液注册。", "2026-05-11"),
        ("二〇二六年四月三十日，QV-318注射液获批上市。", "2026-04-30"),
        ("十二月二十一日，QV-318注射液获批上市。", "2025-12-21"),
        ("药监局已于本年5月8日批准QV-318注射液在澳门注册。", "2026-05-08"),
    ],
)
def test_dates_in_chinese_numerals_and_this_year_date_an_approval(engine, text, expected):
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", expected)]


def test_a_regulator_granting_a_products_registration_by_name_is_an_approval(engine):
    text = "管理局已于5月11日批准内地企业澜江生物研发的「QV-318注射液」（商品名：澜安宁）注册，用于治疗多发性骨髓瘤。"
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-05-11")]


def test_a_registration_application_or_trial_is_no_approval(engine):
    text = "管理局已于5月11日批准QV-318注射液开展注册临床试验。"
    assert [e for e in _triples(engine, text) if e[0] == "drug_approval"] == []


def test_the_first_patients_prescription_after_registration_is_a_first_prescription(engine):
    text = "管理局已于5月11日批准QV-318注射液注册。澜江医院已于5月15日为首名病人开出该药物的处方。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-05-11"),
        ("first_prescription", "QV-318注射液", "2026-05-15"),
    ]


def test_a_register_row_listing_several_uses_gives_one_event_per_use(engine):
    text = (
        "临床试验默示许可公示\n受理号\t药品名称\t申请人\t适应症\t默示许可日期\n"
        "CXSL2600402\tQV-318注射液\t澜江细胞治疗（上海）有限公司\t胃癌；胃食管结合部腺癌\t2026-05-11\n"
        "CXSL2600417\tQV-402注射液\t澜江生物医药（深圳）有限公司\t系统性红斑狼疮（包括狼疮肾炎）\t2026-05-13\n"
    )
    found = [(e.type, e.drug, e.indication, e.date) for e in _events(engine, text)]
    assert sorted(found) == [
        ("ind_approval", "QV-318注射液", "胃癌", "2026-05-11"),
        ("ind_approval", "QV-318注射液", "食管胃结合部腺癌", "2026-05-11"),
        ("ind_approval", "QV-402注射液", "系统性红斑狼疮", "2026-05-13"),
    ]


def test_a_quoted_claim_others_spread_is_no_event_in_a_clarification(engine):
    text = (
        "本公司董事会注意到，近日若干网络媒体及社交平台转载有关「本公司QV-318注射液已获国家药监局批准上市」的消息。"
        "董事会谨此澄清，上述消息并不属实。"
    )
    assert _triples(engine, text, "澜江生物科技股份有限公司 澄清公告") == []


def test_an_approval_letters_verdict_listing_two_uses_gives_an_event_per_use(engine):
    text = (
        _announcement_head("临床试验申请")
        + "公司近日收到《药物临床试验批准通知书》。\n一、药品基本情况\n药品名称：QV-318注射液\n受理号：CXSL2600402\n"
        "审批结论：经审查，2026年2月3日受理的QV-318注射液临床试验申请符合药品注册的有关要求，"
        "同意本品开展用于晚期胃癌及胃食管结合部腺癌的临床试验。\n特此公告。\n"
    )
    found = sorted((e.type, e.indication, e.date) for e in _events(engine, text))
    assert found == [
        ("ind_accepted", "胃癌", "2026-02-03"),
        ("ind_accepted", "食管胃结合部腺癌", "2026-02-03"),
        ("ind_approval", "胃癌", "2026-05"),
        ("ind_approval", "食管胃结合部腺癌", "2026-05"),
    ]


def test_an_approval_the_clause_dates_is_told_with_the_time_since_it(engine):
    text = "5月12日，QV-318注射液在澜江医院开出首张处方，距该产品今年4月获国家药监局批准上市不足一个月。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-04"),
        ("first_prescription", "QV-318注射液", "2026-05-12"),
    ]


def test_the_time_since_an_undated_approval_is_no_approval(engine):
    text = "5月12日，QV-318注射液在澳江医院开出首张处方，距该产品获批上市不足一个月。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-12")]


def test_a_rows_later_steps_after_semicolons_keep_the_product_it_opened_with(engine):
    text = (
        "产品\t类型\t适应症\t报告期内关键节点\n"
        "QV-318注射液\tAAV基因治疗\t血友病B\t2025年3月18日上市许可申请获受理（受理号CXSS2500033）；"
        "2025年4月纳入优先审评；2025年12月26日获批上市\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2025-12-26"),
        ("nda_accepted", "QV-318注射液", "2025-03-18"),
        ("priority_review", "QV-318注射液", "2025-04"),
    ]


def test_a_line_announcing_a_products_milestones_heads_the_rows_after_it(engine):
    text = (
        "QV-318注射液（商品名：澜安宁）为公司自主研发的自体CAR-T产品，主要注册节点如下：\n"
        "2025年11月8日　上市许可申请获国家药监局受理\n2026年3月20日　获国家药监局批准上市\n"
        "2026年4月18日　于澜江医院开出首张商业化处方\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-03-20"),
        ("first_prescription", "QV-318注射液", "2026-04-18"),
        ("nda_accepted", "QV-318注射液", "2025-11-08"),
    ]


def test_the_first_commercial_production_batch_is_no_prescription(engine):
    text = "QV-318注射液获批后，公司已于2026年4月完成首批商业化生产，预计首张处方将于第三季度开出。"
    assert _triples(engine, text) == []


def test_a_firms_prefixed_car_code_with_its_dosage_form_is_a_product(engine):
    text = "本集团的LJ-CAR-NK07注射液（一款异体CAR-NK细胞产品）已于2026年5月9日获批开展临床试验。"
    assert _triples(engine, text) == [("ind_approval", "LJ-CAR-NK07注射液", "2026-05-09")]


def test_a_virus_type_a_tcr_targets_is_no_product(engine):
    text = "澜江生物的QV-318注射液（靶向HPV16 E7的TCR-T细胞产品）已于5月11日获批开展临床试验。"
    assert _canonicals(engine, text, "drug") == {"QV-318注射液"}


def test_a_described_x_gene_firm_that_announces_a_round_is_a_firm(engine):
    text = "5月18日，专注于体内CAR-T疗法的澜晖基因宣布完成5亿元人民币A轮融资。"
    assert _canonicals(engine, text, "company") == {"澜晖基因"}
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "澜晖基因", "2026-05-18")]


def test_a_gene_after_a_described_subject_is_no_firm(engine):
    assert _canonicals(engine, "该疗法修复患者的珠蛋白基因表达。", "company") == set()


def test_the_rounds_investors_told_after_it_are_the_same_round(engine):
    text = "5月18日，澜晖生物宣布完成5亿元人民币A轮融资。本轮由澜石资本领投，东岳医疗基金跟投，天使轮投资方继续加注。"
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "澜晖生物", "2026-05-18")]


def test_a_filed_institutions_row_is_a_filing_not_a_headline(engine):
    text = (
        "根据有关要求，现将2026年第一批完成备案的干细胞临床研究机构和项目予以公示。\n"
        "一、新增备案机构\n序号\t机构名称\t备案日期\n1\t澜江医科大学附属医院\t2026-04-29\n"
        "二、新增备案项目\n序号\t项目名称\t承担机构\t备案日期\n"
        "1\t人脐带间充质干细胞治疗特发性肺纤维化的临床研究\t澜江市人民医院\t2026-04-29\n"
    )
    found = sorted((e.type, e.company, e.date) for e in _events(engine, text))
    assert found == [
        ("research_filing", "澜江医科大学附属医院", "2026-04-29"),
        ("research_filing", "澜江市人民医院", "2026-04-29"),
    ]


def test_whether_to_invest_again_waiting_on_progress_is_no_question(engine):
    text = "澜江细胞于今年3月完成2亿元B轮融资，公司未参与本轮投资，后续是否追加投资将视其研发进展审慎决策。"
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "澜江细胞", "2026-03")]


def test_the_first_patients_infused_in_a_licensed_trial_are_no_prescription(engine):
    title = "澜江股份：参股公司CAR-T项目获批临床，首批患者完成回输"
    text = "澜江细胞的QV-318注射液用于系统性红斑狼疮的临床试验申请已于2026年3月获得默示许可。"
    assert _triples(engine, text, title) == [("ind_approval", "QV-318注射液", "2026-03")]


def test_the_first_patients_infused_after_approval_are_a_first_prescription(engine):
    text = "5月15日，QV-318注射液在澜江医院完成首批患者回输。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-15")]


@pytest.mark.parametrize(
    "text",
    [
        "如最终获批，QV-318注射液有望成为国内首款用于肝衰竭的干细胞药物。",
        "一旦获批上市，QV-318注射液将填补国内空白。",
        "医疗机构依据《干细胞临床研究管理办法（试行）》，在完成机构备案和项目备案（即“双备案”）后，方可开展研究者发起的干细胞临床研究。",
        "有意参加干细胞临床研究的患者，可通过官方登记平台核实项目的备案信息。",
    ],
)
def test_a_step_supposed_or_required_first_is_no_event(engine, text):
    assert _triples(engine, text) == []


def test_a_step_taken_before_what_followed_is_still_told(engine):
    text = "QV-318注射液于5月8日获批上市后，澜江医院于5月15日开出首张处方。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-05-08"),
        ("first_prescription", "QV-318注射液", "2026-05-15"),
    ]


def test_a_hong_kong_offer_opening_is_the_ipo_and_cornerstones_are_its_investors(engine):
    text = (
        "专注CAR-T细胞疗法的澜江药业控股有限公司（澜江药业，股份代号：2199）今日（5月18日）起至5月21日公开招股，"
        "计划全球发售9000万股股份。公司已引入澜石资本、东岳基金等9名基石投资者，合共认购约2.3亿美元的发售股份。"
    )
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "澜江药业", "2026-05-18")]


def test_leave_to_file_an_application_for_conditional_approval_is_no_approval(engine):
    text = "审评中心已同意澜江生物可就QV-318注射液提交附条件批准上市申请，目前尚未正式递交。"
    assert [e for e in _triples(engine, text) if e[0] == "drug_approval"] == []


def test_the_field_a_firm_works_in_is_not_its_products_use(engine):
    text = (
        "澜江药业参股的澜济生物专注实体瘤CAR-T，"
        "其针对肝细胞癌的CAR-GPC3 T细胞注射液（LJ011）于5月8日获得临床试验申请受理。"
    )
    assert [(e.type, e.drug, e.indication) for e in _events(engine, text)] == [("ind_accepted", "LJ011", "肝细胞癌")]


def test_a_roundups_item_headings_date_the_items_below_them(engine):
    text = (
        "编者按：回顾4月，我们按时间线择要梳理如下。\n"
        "▎2026.04.03\n澜川生物宣布，其LC-0601注射液获得临床试验默示许可，拟用于治疗膝骨关节炎。\n"
        "▎04/05\n澜微生物的LW-T305注射液临床试验申请获CDE受理，适应症为肝细胞癌。\n"
        "▎14日\n岭澜细胞完成3亿元B轮融资，由曜石资本领投。\n"
        "■ 04/20　两条消息\n1）澜谱生物的HP-B02注射液上市申请拟纳入优先审评程序。\n"
    )
    found = sorted((e.type, e.date) for e in _events(engine, text, pub="2026-05-02"))
    assert found == [
        ("financing", "2026-04-14"),
        ("ind_accepted", "2026-04-05"),
        ("ind_approval", "2026-04-03"),
        ("priority_review", "2026-04-20"),
    ]


def test_a_pages_byline_with_its_time_does_not_date_the_items_below(engine):
    text = "2026-05-18 10:32 来源：澜江日报\n近日，澜川生物的LC-0601注射液获得临床试验默示许可。\n"
    assert _triples(engine, text) == [("ind_approval", "LC-0601注射液", "2026-05")]


def test_a_count_written_with_a_slash_is_no_date(engine):
    text = "QV-318注射液的研究结果显示，可评估患者中 3/5 达到完全缓解。"
    assert _triples(engine, text) == [("clinical_result", "QV-318注射液", None)]


def test_a_meeting_recaps_undated_readouts_were_given_on_the_meetings_day(engine):
    text = (
        "5月16日，2026细胞治疗产业创新大会在上海举行。多家企业在会上更新了临床数据。\n"
        "▌NK细胞\n澜岭细胞公布了LN-NK02注射液治疗急性髓系白血病的Ⅰ期结果，CR/CRi率为58.3%。\n"
    )
    assert _triples(engine, text) == [("clinical_result", "LN-NK02注射液", "2026-05-16")]


def test_a_talks_own_time_dates_its_data_before_the_meeting_does(engine):
    text = (
        "5月16日，2026细胞治疗产业创新大会在上海举行。多家企业在会上更新了临床数据。\n"
        "报告时间：当地时间5月17日\n澜岭细胞公布了LN-NK02注射液的Ⅰ期结果，CR率为58.3%。\n"
    )
    assert _triples(engine, text) == [("clinical_result", "LN-NK02注射液", "2026-05-17")]


@pytest.mark.parametrize(("line", "expected"), [("05.09　", "2026-05-09"), ("12日　", "2026-05-12")])
def test_a_roundup_line_led_by_a_dotted_day_or_a_bare_day_is_dated_by_it(engine, line, expected):
    text = f"【注册进展】\n{line}澜和生物的XH-MSC02注射液获得临床试验默示许可，拟用于慢性阻塞性肺疾病。\n"
    assert _triples(engine, text) == [("ind_approval", "XH-MSC02注射液", expected)]


def test_a_number_with_a_decimal_point_at_a_lines_start_is_no_date(engine):
    text = "澜和生物完成融资。\n1.5 亿元将用于XH-MSC02注射液的临床试验。\n"
    assert all(e.date != "2026-01-05" for e in _events(engine, text))


@pytest.mark.parametrize(
    "text",
    [
        "Lumarin是Averon Bio公司开发的自体CD19 CAR-T细胞疗法，今年4月获香港卫生署批准注册。",
        "5月8日，一名淋巴瘤患者在澜江医院接受了Lumarin回输。",
        "厚生劳动省批准了住友制药用于帕金森病的「Lumarin」。",
    ],
)
def test_a_foreign_trade_name_a_sentence_defines_or_gives_a_patient_is_a_product(engine, text):
    assert {c.upper() for c in _canonicals(engine, text, "drug")} == {"LUMARIN"}


def test_a_latin_firm_or_study_name_is_no_product(engine):
    text = "Averon是一家总部位于波士顿的公司，其LINGO研究正在招募患者。"
    assert _canonicals(engine, text, "drug") == set()


def test_the_first_patient_a_product_is_used_for_in_a_region_is_a_first_prescription(engine):
    text = "5月8日，一名患者在澜江医院接受了QV-318注射液回输，这是该产品在大湾区内地城市用于患者的首例。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-08")]


def test_a_tables_rows_of_overseas_steps_are_each_their_own(engine):
    text = (
        "9月，多款国产细胞治疗产品在美国取得监管进展：\n产品\t企业\t类型\t适应症\t进展\t日期\n"
        "BX-201注射液\t博析生物\tCAR-T\t多发性骨髓瘤\tFDA批准IND\t2026-04-03\n"
        "GT-0817\t衡光基因\tAAV基因治疗\t血友病B\tFDA批准IND\t2026-04-11\n"
        "NK-510\t沐川医药\tCAR-NK\t急性髓系白血病\tFDA授予孤儿药资格\t2026-04-16\n"
        "HM-302\t和慕生物\t间充质干细胞\t膝骨关节炎\t已向FDA递交IND\t2026-04-19\n"
    )
    assert _triples(engine, text) == [
        ("ind_approval", "BX-201注射液", "2026-04-03"),
        ("ind_approval", "GT-0817", "2026-04-11"),
    ]


def test_a_new_use_approved_for_a_product_is_an_approval(engine):
    text = "澜江生物今日宣布，欧盟委员会已批准QV-318注射液的扩展适应症，用于治疗复发或难治性多发性骨髓瘤成年患者。"
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-05-20")]


def test_an_application_for_a_new_use_is_no_approval(engine):
    text = "澜江生物已向药监局递交申请，寻求批准QV-318注射液的新适应症上市申请。"
    assert [e for e in _triples(engine, text) if e[0] == "drug_approval"] == []


def test_the_first_patient_given_a_product_under_a_new_rule_is_a_first_prescription(engine):
    text = "5月12日，先行区内一家指定医疗机构为一名膝骨关节炎患者注射了QV-318注射液，这是新规实施后的首例。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-12")]


def test_a_hospitals_first_transplant_names_no_product_and_is_no_prescription(engine):
    text = "5月12日，澜江医院为一名白血病患者完成造血干细胞移植，这是该院开展的首例。"
    assert [e for e in _triples(engine, text) if e[0] == "first_prescription"] == []


def test_a_numbered_items_heading_day_dates_its_lines_and_the_next_heading_ends_it(engine):
    text = (
        "我们按时间顺序选出几件大事。\n"
        "1. 首款产品获批（1月2日）\n国家药监局附条件批准澜江生物的QV-318注射液上市，用于急性移植物抗宿主病。\n"
        "2. 首张处方落地（3月5日）\n澜江医院开出QV-318注射液的全国首张处方。\n"
        "3. 新品种进入临床\n澜江生物的QV-402注射液获得临床试验默示许可。\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-01-02"),
        ("first_prescription", "QV-318注射液", "2026-03-05"),
        ("ind_approval", "QV-402注射液", "2026-05"),
    ]
