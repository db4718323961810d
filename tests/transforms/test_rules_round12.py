"""Rules from the twelfth round (issue 14): phrasings found missed by probing new sentences and by the h15/h16 sets.

Each case is a new text with invented products (QV-318) and firms; none is copied from a gold document.
The invented texts are dated 2026-05-20, a Wednesday, unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


def test_a_digest_items_bracketed_day_after_its_full_stop_dates_that_item(engine):
    text = (
        "【资本】\n◆ 澜舟细胞宣布完成3亿元A+轮融资，由启辰资本领投，资金用于通用型CAR-T平台建设。（5月14日）\n"
        "◆ 沃川基因完成1亿元天使轮融资。（5月18日）\n"
    )
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [
        ("financing", "澜舟细胞", "2026-05-14"),
        ("financing", "沃川基因", "2026-05-18"),
    ]


def test_a_bracketed_day_on_the_next_line_is_no_dating_of_the_item_before(engine):
    text = "◆ 澜舟细胞宣布完成3亿元A+轮融资，由启辰资本领投。\n（5月14日）\n"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", "2026-05")]


@pytest.mark.parametrize(
    "text",
    [
        "5月17日，乐城先行区一名9岁患儿使用了QV-318注射液，成为该产品在国内的首例用药患者。",
        "5月17日，澜江医院为一名淋巴瘤患者回输了QV-318注射液，她是该院首位接受该产品治疗的患者。",
    ],
)
def test_the_first_patient_given_a_product_outside_a_trial_is_a_first_prescription(engine, text):
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-17")]


def test_the_first_patient_dosed_in_a_trial_is_no_first_prescription(engine):
    text = "5月17日，QV-318注射液的I期临床试验完成首例用药患者给药。"
    assert not [e for e in _events(engine, text) if e.type == "first_prescription"]


def test_the_first_batch_of_patients_described_after_the_first_use_adds_no_event(engine):
    text = (
        "5月17日，QV-318注射液在澜江医院完成首批患者商业化回输。首批接受治疗的3名患者均为复发或难治性淋巴瘤患者。"
    )
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-17")]


def test_patients_off_insulin_is_a_readout(engine):
    text = "一名1型糖尿病患者在接受QV-318注射液治疗后第60天起完全停用胰岛素，血糖控制平稳。"
    assert _triples(engine, text) == [("clinical_result", "QV-318注射液", None)]


def test_a_phased_trials_results_belong_to_the_product_told_before(engine):
    text = (
        "QV-318注射液是一种异体间充质干细胞药物，上市申请于2025年9月获受理。"
        "Ⅲ期临床试验在全国12家医院开展，结果显示，用药后第24周的疼痛评分降幅显著优于对照组。"
    )
    assert _triples(engine, text) == [
        ("clinical_result", "QV-318注射液", None),
        ("nda_accepted", "QV-318注射液", "2025-09"),
    ]


def test_a_confirmatory_trial_still_owed_after_a_conditional_approval_is_no_readout(engine):
    text = (
        "5月18日，QV-318注射液获国家药监局附条件批准上市。"
        "国家药监局要求持有人继续完成确证性临床试验，并在规定期限内提交研究结果。"
    )
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-05-18")]


def test_a_study_that_met_its_expectations_is_a_readout_not_a_hedge(engine):
    text = "QV-318注射液是一款基因治疗产品。公司披露，Ⅲ期研究的全部受试者均已完成52周访视，安全性和有效性均达到预期。"
    assert _triples(engine, text) == [("clinical_result", "QV-318注射液", None)]


def test_an_expected_readout_stays_a_hedge(engine):
    text = "QV-318注射液是一款基因治疗产品。公司预期Ⅲ期研究的主要终点数据将于明年公布。"
    assert not _events(engine, text)


@pytest.mark.parametrize("regulator", ["国家药品监督管理局", "国家药监局"])
def test_an_approval_by_the_regulators_full_name_for_a_use_is_a_marketing_approval(engine, regulator):
    text = f"QV-318注射液今年4月获{regulator}批准，用于中重度血友病B成年患者。"
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-04")]


@pytest.mark.parametrize("regulator", ["国家药品监督管理局", "国家药监局"])
def test_a_trial_application_approved_on_a_date_without_yu_is_an_ind_approval(engine, regulator):
    text = f"QV-318注射液的临床试验申请今年4月获{regulator}批准，用于中重度血友病B。"
    assert _triples(engine, text) == [("ind_approval", "QV-318注射液", "2026-04")]


def test_an_earlier_designation_without_a_date_leaves_the_approvals_date_to_the_approval(engine):
    text = "QV-318注射液的上市申请曾被纳入优先审评，今年4月获国家药品监督管理局批准，用于中重度血友病B成年患者。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-04"),
        ("priority_review", "QV-318注射液", None),
    ]


def test_a_readout_for_two_listed_uses_is_one_event_per_use(engine):
    text = (
        "5月16日，澜舟细胞在学术年会上公布了QV-318治疗晚期胃癌及胰腺癌的Ib期研究数据，客观缓解率为41.2%。"
    )
    assert sorted((e.type, e.drug, e.indication, e.date) for e in _events(engine, text)) == [
        ("clinical_result", "QV-318", "胃癌", "2026-05-16"),
        ("clinical_result", "QV-318", "胰腺癌", "2026-05-16"),
    ]


def test_a_readout_at_a_meeting_held_over_several_days_is_dated_by_the_month(engine):
    text = (
        "第31届血液学年会于5月12日至15日在澜城召开。澜舟细胞在会上公布了QV-318治疗急性髓系白血病的研究数据。\n"
        "该研究共入组16例患者。结果显示，第28天完全缓解率为43.8%（7/16）。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-318", "2026-05")]


def test_a_readout_in_the_sentence_naming_the_meetings_days_is_dated_by_the_month(engine):
    text = "在本月6日至9日举行的血液学年会上，澜舟细胞公布了QV-318关键临床研究的数据，总体缓解率为63.0%。"
    assert _triples(engine, text) == [("clinical_result", "QV-318", "2026-05")]


def test_a_span_of_days_outside_a_meeting_keeps_its_days(engine):
    text = "5月11日至13日，澜舟细胞完成了3亿元A轮融资的交割，由启辰资本领投。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", "2026-05-11")]


def test_a_designation_table_with_one_cell_per_line_and_glossed_column_labels_gives_each_row(engine):
    text = (
        "拟纳入优先审评程序药品注册申请的公示\n以下药品注册申请拟纳入优先审评审批程序，现予以公示。\n"
        "序号\n受理号\n药品名称\n注册申请人\n拟定适应症（或功能主治）\n理由及依据\n公示日期\n截止日期\n"
        "1\nCXSS2600087\nQV-318注射液\n澜舟细胞科技有限公司\n复发或难治性大B细胞淋巴瘤\n符合附条件批准的药品\n"
        "2026-05-14\n2026-05-20\n"
        "2\nCXSS2600131\nQV-406注射液\nLanzhou Gene Therapy AG\n中重度血友病B\n罕见病\n2026-05-14\n2026-05-20\n"
    )
    assert _triples(engine, text) == [
        ("priority_review", "QV-318注射液", "2026-05-14"),
        ("priority_review", "QV-406注射液", "2026-05-14"),
    ]


def test_a_filing_table_with_a_responsible_institution_column_gives_one_filing_per_row(engine):
    text = (
        "澜江省卫生健康委员会关于2026年第一批干细胞临床研究项目完成备案的通告\n"
        "以下2个干细胞临床研究项目已完成备案：\n"
        "序号\t项目名称\t项目负责单位\t项目负责人\t备案号\t备案日期\n"
        "1\t人脐带间充质干细胞治疗膝骨关节炎的临床研究\t澜江大学附属第一医院\t陈某\tLJ-SC2026001\t2026年4月27日\n"
        "2\t自体骨髓间充质干细胞治疗肝硬化的临床研究\t澜江省人民医院\t李某\tLJ-SC2026002\t2026年5月4日\n"
    )
    assert sorted((e.type, e.date, e.indication) for e in _events(engine, text)) == [
        ("research_filing", "2026-04-27", "膝骨关节炎"),
        ("research_filing", "2026-05-04", "肝硬化"),
    ]


def test_filed_projects_told_as_blocks_of_labelled_lines_are_one_filing_each(engine):
    text = (
        "经审核，我省以下2个干细胞临床研究项目已完成备案，现予公布。\n\n"
        "一、项目名称：人脐带间充质干细胞治疗特发性肺纤维化的临床研究\n备案机构：澜江省妇幼保健院\n"
        "主要研究者：刘某\n备案时间：2026年4月22日\n\n"
        "二、项目名称：自体骨髓间充质干细胞治疗脊髓损伤的临床研究\n备案机构：澜江医科大学附属医院\n"
        "主要研究者：张某\n备案时间：2026年5月9日\n\n澜江省卫生健康委员会\n2026年5月18日"
    )
    assert sorted((e.type, e.company, e.date) for e in _events(engine, text)) == [
        ("research_filing", "澜江医科大学附属医院", "2026-05-09"),
        ("research_filing", "澜江省妇幼保健院", "2026-04-22"),
    ]


def test_a_rule_forbidding_the_use_of_results_reports_no_readout(engine):
    text = "各项目负责单位不得向受试者收取研究费用，不得将干细胞临床研究结果作为临床收费治疗的依据。"
    assert not _events(engine, text)


def test_function_characters_before_a_new_nonproprietary_name_are_not_part_of_it(engine):
    text = "再看澜舟基奥仑赛注射液的上市之路：2025年12月，其上市申请获得受理。"
    assert _triples(engine, text) == [("nda_accepted", "澜舟基奥仑赛注射液", "2025-12")]


def test_an_earlier_step_told_as_done_early_is_undated(engine):
    text = "QV-318注射液较早获得药审中心的突破性治疗药物认定；2025年12月，其上市申请获得受理。"
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "QV-318注射液", None),
        ("nda_accepted", "QV-318注射液", "2025-12"),
    ]


def test_a_clause_whose_subject_is_the_bare_word_product_refers_to_the_product_told_before(engine):
    text = "2025年12月，QV-318注射液的上市申请获得受理；2026年4月，产品正式获批上市。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-04"),
        ("nda_accepted", "QV-318注射液", "2025-12"),
    ]


def test_a_registration_history_clause_led_by_the_application_refers_to_the_product_before(engine):
    text = (
        "回顾其注册历程：QV-318于2024年4月被纳入突破性治疗品种；"
        "上市申请于2025年9月获受理，并在2025年10月被纳入优先审评审批程序。"
    )
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "QV-318", "2024-04"),
        ("nda_accepted", "QV-318", "2025-09"),
        ("priority_review", "QV-318", "2025-10"),
    ]


def test_a_table_of_products_headed_product_and_approval_time_gives_each_rows_approval(engine):
    text = (
        "国内已上市的同类产品见下表。\n产品\t企业\t获批时间\n"
        "澜舟基奥仑赛注射液\t澜舟生物\t2023年6月\n沃川基奥仑赛注射液\t沃川医药\t2024年2月\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "沃川基奥仑赛注射液", "2024-02"),
        ("drug_approval", "澜舟基奥仑赛注射液", "2023-06"),
    ]


def test_a_table_captioned_as_first_prescriptions_gives_each_rows_first_use(engine):
    text = (
        "表：部分细胞治疗产品首张处方情况\n产品\t适应症\t医院\t时间\n"
        "澜舟基奥仑赛注射液\t多发性骨髓瘤\t澜江大学附属第一医院\t2025年10月\n"
        "QV-318注射液\t血友病B\t澜江省人民医院\t2026年4月9日\n资料来源：公司公告\n"
    )
    assert _triples(engine, text) == [
        ("first_prescription", "QV-318注射液", "2026-04-09"),
        ("first_prescription", "澜舟基奥仑赛注射液", "2025-10"),
    ]


def test_a_product_this_news_calls_approved_in_a_part_of_a_month_is_that_months_approval(engine):
    text = "5月16日，澜江医院开出了QV-318注射液的全省首张处方。这款4月下旬获批的国产CAR-T产品，由此进入临床使用阶段。"
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-04"),
        ("first_prescription", "QV-318注射液", "2026-05-16"),
    ]


def test_approval_to_run_a_trial_in_a_place_is_an_ind_approval(engine):
    text = "QV-318是一款CAR-T细胞疗法。该产品今年2月获国家药监局批准在内地开展临床试验。"
    assert _triples(engine, text) == [("ind_approval", "QV-318", "2026-02")]


def test_a_product_on_the_same_batch_of_a_list_announced_sentences_before(engine):
    text = (
        "CDE官网5月15日公示，澜舟基因申报的QV-318拟纳入突破性治疗品种。"
        "根据今年3月公布的早期数据，接受QV-318治疗的受试者均已摆脱输血依赖。"
        "同批公示名单中，沃川生物的QV-406亦在列。"
    )
    assert [t for t in _triples(engine, text) if t[0] == "breakthrough_therapy"] == [
        ("breakthrough_therapy", "QV-318", "2026-05-15"),
        ("breakthrough_therapy", "QV-406", "2026-05-15"),
    ]


def test_hong_kongs_acceptance_of_a_new_drug_registration_is_a_marketing_application_accepted(engine):
    text = "澜舟生物昨日（19日）宣布，卫生署已正式受理其CAR-T产品澜舟基奥仑赛注射液的新药注册申请。"
    assert _triples(engine, text) == [("nda_accepted", "澜舟基奥仑赛注射液", "2026-05-19")]


def test_a_phased_studys_results_made_public_at_a_meeting_are_a_readout(engine):
    text = (
        "2025年7月24日，QV-318的上市申请获得受理；"
        "同年12月，III期注册研究的52周结果在学术年会上公布，受试者的年化出血率较基线大幅下降。"
    )
    assert _triples(engine, text) == [
        ("clinical_result", "QV-318", "2025-12"),
        ("nda_accepted", "QV-318", "2025-07-24"),
    ]


def test_the_road_a_product_took_through_priority_review_is_no_designation(engine):
    text = "1月2日，QV-318注射液获国家药监局附条件批准上市。当时，该产品走的是优先审评审批程序。"
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-01-02")]


def test_what_was_issued_at_a_meeting_that_opened_on_a_day_takes_that_day(engine):
    text = (
        "5月16日，第三届澜江干细胞大会在澜江国际医疗旅游先行区开幕。\n"
        "会上，先行区管理局发布了《澜江先行区干细胞临床研究管理暂行办法》。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-05-16")]


def test_what_was_issued_at_a_meeting_held_over_several_days_takes_the_month(engine):
    text = (
        "第三届澜江干细胞大会于5月12日至15日在澜江举行。\n"
        "会上，先行区管理局发布了《澜江先行区干细胞临床研究管理暂行办法》。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-05")]


def test_results_told_in_a_later_indented_paragraph_take_the_days_the_study_was_reported(engine):
    text = (
        "　　5月16日，澜江大学团队的研究全文在线发表，研究者同日在学术年会上作了口头报告。\n"
        "　　研究评估的是澜舟生物的QV-318注射液，一款自体CAR-T细胞产品。\n"
        "　　从结果看，与对照组相比，QV-318注射液明显延长了患者的无进展生存期；安全性整体可控。"
    )
    assert [t for t in _triples(engine, text) if t[0] == "clinical_result"] == [
        ("clinical_result", "QV-318注射液", "2026-05-16")
    ]


def test_a_policy_measure_about_study_data_is_no_readout(engine):
    text = (
        "澜江省人民政府办公厅关于印发《澜江省细胞治疗产业发展行动方案（2026—2028年）》的通知\n"
        "澜府办发〔2026〕9号\n"
        "　　现将《澜江省细胞治疗产业发展行动方案（2026—2028年）》印发给你们，请认真贯彻执行。\n"
        "澜江省人民政府办公厅\n2026年3月28日\n"
        "　　（一）加快临床研究转化。支持符合条件的三级医院开展干细胞临床研究机构和项目备案，"
        "探索将研究者发起的临床研究数据用于药品注册申请。"
    )
    assert [e.type for e in _events(engine, text)] == ["policy_issued"]


def test_an_explainers_steps_an_institution_must_take_first_are_no_filing(engine):
    text = "医疗机构要先完成干细胞临床研究机构备案，再就具体项目向卫生健康部门备案。"
    assert not _events(engine, text)


def test_a_clause_restating_the_use_told_before_takes_its_day_not_the_approvals_month(engine):
    text = (
        "上周五，澜江医院血液科为一名52岁的患者成功回输了QV-318注射液。"
        "据了解，该产品今年4月获批用于大B细胞淋巴瘤，这是其上市后在全国范围内完成的首例商业化治疗。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QV-318注射液", "2026-04"),
        ("first_prescription", "QV-318注射液", "2026-05-15"),
    ]


def test_a_prescription_said_to_be_the_first_is_a_first_prescription(engine):
    text = (
        "5月18日上午，63岁的刘阿姨在澜江医院骨科完成了QV-318注射液的首次关节腔注射。"
        "她拿到的这张处方，是该药品获批上市后在澜江开出的第一张。"
    )
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-18")]


def test_a_records_english_name_is_the_product_named_in_chinese_above_it(engine):
    text = (
        "澜舟医药股份有限公司关于QV-318注射液获得药品注册证书的公告\n"
        "公司于2026年5月15日收到国家药品监督管理局核准签发的《药品注册证书》。\n"
        "药品名称：澜舟基奥仑赛注射液\n英文名：Lanzhoucabtagene Autoleucel Injection\n剂型：注射剂\n"
        "审批结论：经审查，本品符合药品注册的有关要求，附条件批准注册，发给药品注册证书。"
    )
    assert {e.drug for e in _events(engine, text) if e.type == "drug_approval"} == {"澜舟基奥仑赛注射液"}


def test_the_road_to_file_by_under_conditional_approval_is_no_approval(engine):
    text = "经与药审中心沟通，药审中心同意澜舟生物以附条件批准路径就QV-318提出上市申请。"
    assert not _events(engine, text)


def test_since_its_approval_is_a_reference_point_not_an_approval(engine):
    text = "QV-318注射液获批以来，公司按计划推进各地医院准入工作。"
    assert not _events(engine, text)


def test_another_abstract_of_the_same_batch_takes_the_batchs_day(engine):
    text = (
        "在5月13日大会官网公布的摘要中，澜舟细胞的QV-318注射液披露了I期研究的更新数据，客观缓解率为95.8%。\n"
        "同批公布的另一份摘要显示，沃川生物的QV-406注射液在I期研究里的完全缓解率为93.3%。"
    )
    assert _triples(engine, text) == [
        ("clinical_result", "QV-318注射液", "2026-05-13"),
        ("clinical_result", "QV-406注射液", "2026-05-13"),
    ]


def test_research_a_hospital_may_start_once_filed_is_no_filing(engine):
    text = "另一条路径是由具备条件的医疗机构完成机构和项目“双备案”后开展研究，研究结果不能直接用于收费治疗。"
    assert not _events(engine, text)


def test_a_regulation_told_as_this_law_signed_by_its_signer_on_a_day_is_issued_that_day(engine):
    text = (
        "国务院日前公布《澜江生物医学新技术临床转化管理条例》。"
        "这份以国务院令第900号形式发布的行政法规由国务院总理于4月28日签署，自2027年1月1日起施行。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-04-28")]


def test_an_application_entering_the_quoted_proposed_priority_list_is_a_priority_review(engine):
    text = "据CDE官网信息，QV-318注射液的上市申请近日进入“拟优先审评”公示名单，公示期至5月26日。"
    assert _triples(engine, text) == [("priority_review", "QV-318注射液", "2026-05")]


def test_a_readout_at_a_meeting_just_ended_is_dated_by_the_month(engine):
    text = (
        "在刚刚结束的移植与细胞治疗大会上，沃川生物公布了QV-318治疗系统性硬化症的I期数据："
        "6例患者的mRSS评分平均下降12.5分。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-318", "2026-05")]


@pytest.mark.parametrize(
    "text",
    [
        "5月12日，国家药监局批准澜舟生物QV-318注射液新增适应症，用于二线治疗大B细胞淋巴瘤。",
        "5月12日，QV-318注射液的新适应症正式获批，用于二线治疗大B细胞淋巴瘤。",
    ],
)
def test_a_further_use_approved_is_an_approval(engine, text):
    assert _triples(engine, text) == [("drug_approval", "QV-318注射液", "2026-05-12")]


def test_an_application_for_a_further_use_is_no_approval(engine):
    text = "5月12日，澜舟生物递交的QV-318注射液新增适应症的申请获得受理。"
    assert _triples(engine, text) == [("nda_accepted", "QV-318注射液", "2026-05-12")]


def test_the_first_case_in_a_province_after_approval_is_a_first_use_not_an_approval(engine):
    text = "记者从澜江医院获悉，该院日前为一名多发性骨髓瘤患者成功实施了QV-318注射液治疗，这是该药获批后省内首例。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05")]


def test_an_everyday_and_a_function_character_before_a_new_name_are_not_part_of_it(engine):
    text = "回看澜舟基奥仑赛注射液的注册历程：2025年1月8日，其上市申请获得受理。"
    assert _triples(engine, text) == [("nda_accepted", "澜舟基奥仑赛注射液", "2025-01-08")]


def test_a_new_name_whose_first_syllable_is_a_common_character_keeps_it(engine):
    text = "2025年1月8日，天衡基奥仑赛注射液的上市申请获得受理。"
    assert _triples(engine, text) == [("nda_accepted", "天衡基奥仑赛注射液", "2025-01-08")]


def test_a_milestone_tables_rows_are_the_documents_one_products_steps(engine):
    text = (
        "本集团自主研发的CAR-T细胞产品澜舟基奥仑赛注射液（研发代号：QV-318）已于2026年5月12日获国家药监局附条件批准上市。\n"
        "主要监管里程碑\n里程碑\t日期\n"
        "上市许可申请（受理号：CXSS2500137）获国家药监局受理\t2025年11月18日\n"
        "纳入优先审评程序\t2025年12月10日\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜舟基奥仑赛注射液", "2026-05-12"),
        ("nda_accepted", "澜舟基奥仑赛注射液", "2025-11-18"),
        ("priority_review", "澜舟基奥仑赛注射液", "2025-12-10"),
    ]


def test_a_newspapers_page_number_after_its_date_is_no_product(engine):
    text = "信报财经新闻　2026年5月20日　A12　公司动向\n澜舟生物昨晚宣布完成3亿元B轮融资。"
    assert not _canonicals(engine, text, "drug")


def test_a_code_glossed_by_its_class_is_a_product(engine):
    text = "QV-B7是一款双靶点CAR-T，主攻系统性红斑狼疮（SLE）等自身免疫病，今年2月已取得国家药监局的临床试验默示许可。"
    assert _triples(engine, text) == [("ind_approval", "QV-B7", "2026-02")]


def test_a_hong_kong_placing_told_as_jizi_is_a_financing(engine):
    text = "澜舟生物昨日公布集资结果，集资总额约6.2亿港元。"
    assert [e.type for e in _events(engine, text)] == ["financing"]


@pytest.mark.parametrize(
    "header",
    ["序号\t研究机构\t项目名称\t备案时间\n", "序号\n医疗机构\n项目名称\n备案日期\n"],
)
def test_a_filing_table_flattened_one_cell_per_line_gives_one_filing_per_row(engine, header):
    text = (
        "我省以下2项干细胞临床研究项目已完成国家备案，现将有关情况通报如下。\n"
        + header
        + "1\n澜江大学医学院附属第一医院\n人脐带间充质干细胞治疗膝骨关节炎的临床研究\n2026年4月8日\n"
        "2\n澜江省人民医院\n人胎盘间充质干细胞治疗溃疡性结肠炎的临床研究\n2026年4月21日\n"
        "请各相关机构严格按照备案方案开展研究。\n澜江省卫生健康委员会\n2026年5月10日"
    )
    assert sorted((e.type, e.date, e.indication) for e in _events(engine, text)) == [
        ("research_filing", "2026-04-08", "膝骨关节炎"),
        ("research_filing", "2026-04-21", "溃疡性结肠炎"),
    ]


def test_taiwans_application_for_a_conditional_licence_accepted_is_a_marketing_application_accepted(engine):
    text = "澜展生技同步公告，QV-318用于膝骨关节炎的附款许可申请已于5月18日获卫福部食品药物管理署受理。"
    assert _triples(engine, text) == [("nda_accepted", "QV-318", "2026-05-18")]


def test_a_private_placement_fully_paid_in_is_a_financing(engine):
    text = "澜展生技（6973）今（20）日公告，私募普通股1,400万股已全数收足股款，共募得新台币5.6亿元。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", "2026-05-20")]


def test_hong_kongs_clinical_trial_certificate_is_an_ind_approval(engine):
    text = "澜源细胞创办人透露，QV-318注射液上月已取得卫生署发出的临床试验证明书，将在本港开展I期研究。"
    assert _triples(engine, text) == [("ind_approval", "QV-318注射液", "2026-04")]


def test_a_supplement_approved_in_a_delivery_list_is_no_new_approval(engine):
    text = (
        "2026年5月18日药品批准证明文件送达信息\n下列药品批准证明文件已制作完成。\n"
        "序号\t受理号\t药品名称\t申请人\t批件类型\t送达日期\n"
        "1\tCXSS2500051\t澜舟基奥仑赛注射液\t澜舟生物科技有限公司\t药品注册证书\t2026-05-18\n"
        "2\tCYSB2500188\tQV-318注射液\t沃川生物科技有限公司\t药品补充申请批准通知书\t2026-05-18\n"
    )
    assert _triples(engine, text) == [("drug_approval", "澜舟基奥仑赛注射液", "2026-05-18")]


def test_items_headed_project_one_with_labelled_lines_are_one_filing_each(engine):
    text = (
        "经国家卫生健康委和国家药监局审核，以下2个干细胞临床研究项目已完成备案：\n"
        "项目一\n机构名称：澜江大学华西医院\n项目名称：人脐带间充质干细胞治疗系统性硬化症的临床研究\n备案时间：2026年4月\n"
        "项目二\n机构名称：澜江省人民医院\n项目名称：自体骨髓间充质干细胞治疗脊髓损伤的临床研究\n备案时间：2026年4月\n"
        "\n澜江省卫生健康委员会\n2026年5月9日"
    )
    assert sorted((e.type, e.company, e.date) for e in _events(engine, text)) == [
        ("research_filing", "澜江大学华西医院", "2026-04"),
        ("research_filing", "澜江省人民医院", "2026-04"),
    ]


def test_a_step_done_on_its_own_day_is_not_dated_by_the_announcement(engine):
    text = "澜舟生物昨日宣布，旗下QV-318注射液的全国首张处方已于5月16日在澜江医院开出。"
    assert _triples(engine, text) == [("first_prescription", "QV-318注射液", "2026-05-16")]


def test_a_topic_label_for_financing_is_no_second_round(engine):
    text = "融资方面，澜舟生物于2025年9月完成2.8亿元B轮融资，由启辰资本领投。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", "2025-09")]


def test_a_trial_approval_from_the_regulator_named_between_is_an_ind_approval(engine):
    text = "我们于2025年8月就QV-318注射液取得国家药监局的临床试验批准。"
    assert _triples(engine, text) == [("ind_approval", "QV-318注射液", "2025-08")]


def test_a_code_after_taiwans_word_for_a_preparation_is_a_product(engine):
    text = (
        "澜昕生医昨（19）日公告，卫福部已于本月12日核予自体脂肪干细胞制剂QV-K1有附款许可，适应症为膝骨关节炎。"
        "公司并指出，首名患者已于18日在澜江荣民总医院接受关节腔注射。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QV-K1", "2026-05-12"),
        ("first_prescription", "QV-K1", "2026-05-18"),
    ]


def test_an_applications_basis_told_in_passing_is_no_readout(engine):
    text = "QV-318注射液已完成多中心、随机、双盲、安慰剂对照的Ⅲ期临床试验，主要疗效终点达到预设标准。"
    assert not [e for e in _events(engine, text) if e.type == "clinical_result"]
