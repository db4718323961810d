"""Rules from the eleventh round (issue 14): phrasings found missed by probing new sentences and by the h14 sets.

Each case is a new text with invented products (RV-207) and firms; none is copied from a gold document.
The invented texts are dated 2026-05-20, a Wednesday, unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


def test_a_designation_list_counted_then_one_product_named_gives_that_products_designation(engine):
    text = (
        "据药审中心公示，本周共有6个品种拟纳入优先审评审批程序，"
        "其中包括澜川生物的瑞伏基奥仑赛注射液（拟定适应症：多发性骨髓瘤）。"
    )
    assert _triples(engine, text) == [("priority_review", "瑞伏基奥仑赛注射液", "2026-05")]


def test_a_count_of_approvals_then_one_product_named_stays_background(engine):
    text = "目前国内已有7款CAR-T产品获批上市，其中包括澜川生物的瑞伏基奥仑赛注射液。"
    assert not _triples(engine, text)


def test_an_ordinal_that_names_its_project_is_the_filing_itself(engine):
    text = "今年5月初，该院第三项研究——“人脐带间充质干细胞治疗糖尿病足溃疡的临床研究”再获国家备案。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", "2026-05")]


def test_an_ordinal_that_counts_the_institutions_projects_is_no_filing(engine):
    assert not _events(engine, "这是该院完成国家备案的第4个干细胞临床研究项目。")


def test_the_first_patient_given_a_commercial_therapy_is_a_first_prescription(engine):
    text = (
        "5月18日，58岁的李女士成为澜江省首位接受商业化CAR-T治疗的淋巴瘤患者。医生介绍，此次使用的是瑞伏基奥仑赛注射液。"
    )
    assert _triples(engine, text) == [("first_prescription", "瑞伏基奥仑赛注射液", "2026-05-18")]


@pytest.mark.parametrize(("said", "day"), [("今早", "2026-05-20"), ("今晨", "2026-05-20"), ("昨晚", "2026-05-19")])
def test_this_morning_and_last_night_are_days(engine, said, day):
    text = f"澜川生物{said}宣布完成3亿元人民币B轮融资，由启辰资本领投。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", day)]


@pytest.mark.parametrize(
    "text",
    [
        "澜析生技的干细胞新药RV-207日前获食药署核准进入第二期人体临床试验。",
        "澜析生技宣布，RV-207获美国FDA同意进入一期临床试验。",
    ],
)
def test_a_regulator_letting_a_product_enter_a_trial_phase_is_an_ind_approval(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("ind_approval", "RV-207")]


@pytest.mark.parametrize(
    ("written", "standard"),
    [
        ("急性呼吸窘迫症候群", "急性呼吸窘迫综合征"),
        ("急性骨髓性白血病", "急性髓系白血病"),
        ("急性淋巴性白血病", "急性淋巴细胞白血病"),
    ],
)
def test_taiwan_disease_terms_take_the_standard_names(engine, written, standard):
    assert standard in _canonicals(engine, f"澜析生技的RV-207将用于治疗{written}患者。", "indication")


def test_a_published_filing_list_gives_one_filing_per_institution_it_names(engine):
    text = (
        "澜江市卫健委5月18日公示了本市第三批干细胞临床研究备案项目，共3项，"
        "分别来自澜江医院、澜江大学附属第一医院和澜江市人民医院。"
    )
    filings = [(e.type, e.company, e.date) for e in _events(engine, text)]
    assert len(filings) == 3
    assert {date for _, _, date in filings} == {"2026-05-18"}
    assert len({company for _, company, _ in filings}) == 3


def test_a_foreign_product_named_by_its_two_word_name_or_its_short_form(engine):
    text = "澜析公司的ruvocabtagene autoleucel（ruvo-cel）III期数据积极，另一款产品tesa-cel也将公布数据。"
    assert _canonicals(engine, text, "drug") == {"RUVOCABTAGENE AUTOLEUCEL", "TESA-CEL"}


def test_patients_free_of_insulin_is_a_readout(engine):
    text = "澜析医药的RV-207用于治疗1型糖尿病，接受治疗的8名患者中有6人在一年后实现胰岛素脱离。"
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("clinical_result", "RV-207")]


def test_lymphoma_and_autoimmune_abbreviations_in_a_list_of_uses(engine):
    text = "RV-207拟用于治疗r/r DLBCL、FL及MCL，以及SLE、IgG4-RD等自身免疫病。"
    assert {"滤泡性淋巴瘤", "IgG4相关性疾病"} <= _canonicals(engine, text, "indication")


def test_a_designation_table_is_dated_by_its_notice_day_not_the_rows_acceptance(engine):
    text = (
        "以下药品注册申请拟纳入优先审评审批程序，现予以公示。\n"
        "序号\t受理号\t药品名称\t注册申请人\t承办日期\t拟定适应症\t公示截止日期\n"
        "1\tCXSS2600031\t瑞伏基奥仑赛注射液\t澜川生物科技有限公司\t2026-04-12\t多发性骨髓瘤\t2026-05-25\n"
        "2\tCXSS2600040\tRV-207注射液\t澜析医药有限公司\t2026-03-30\t膝骨关节炎\t2026-05-25\n"
        "公示日期：2026-05-18\n国家药品监督管理局药品审评中心\n"
    )
    assert _triples(engine, text) == [
        ("priority_review", "RV-207注射液", "2026-05-18"),
        ("priority_review", "瑞伏基奥仑赛注射液", "2026-05-18"),
    ]


def test_an_announced_step_without_a_date_takes_the_announcements_signature_day(engine):
    text = (
        "澜川生物控股有限公司\n（股份代號：9999）\n自願公告\n"
        "董事會欣然宣佈，本集團的瑞伏基奧侖賽注射液的新藥上市申請已獲國家藥監局受理。\n"
        "承董事會命\n香港，2026年5月18日\n"
    )
    assert _triples(engine, text) == [("nda_accepted", "瑞伏基奥仑赛注射液", "2026-05-18")]


def test_an_earlier_step_told_without_a_date_stays_undated_in_a_signed_announcement(engine):
    text = "董事會欣然宣佈，RV-207此前已獲納入突破性治療品種。\n香港，2026年5月18日\n"
    assert [e.date for e in _events(engine, text)] == [None]


def test_a_step_for_the_uses_above_takes_each_of_them(engine):
    text = (
        "2026年5月18日，澜川生物的瑞伏基奥仑赛注射液用于治疗胃癌和胰腺癌的上市申请获得受理。"
        "该产品此前已于2026年3月就上述适应症获纳入突破性治疗品种。"
    )
    designations = [(e.type, e.indication) for e in _events(engine, text) if e.type == "breakthrough_therapy"]
    assert sorted(designations) == [("breakthrough_therapy", "胃癌"), ("breakthrough_therapy", "胰腺癌")]


def test_steps_told_respectively_after_their_dates_take_them_in_order(engine):
    text = "RV-207此前已分别于2026年1月及2026年3月获纳入突破性治疗品种及纳入优先审评。"
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "RV-207", "2026-01"),
        ("priority_review", "RV-207", "2026-03"),
    ]


def test_a_table_of_filed_projects_without_a_date_column_is_dated_by_the_notice(engine):
    text = (
        "以下2个干细胞临床研究项目已完成备案，现予通告。\n"
        "序号　项目名称　备案机构　项目负责人\n"
        "1　脐带间充质干细胞治疗宫腔粘连的临床研究　澜江医院　王某某\n"
        "2　脂肪间充质干细胞治疗膝骨关节炎的临床研究　澜江市人民医院　李某某\n"
        "澜江省卫生健康委员会\n2026年5月15日\n"
    )
    filings = [(e.type, e.date, e.indication) for e in _events(engine, text)]
    assert sorted(filings) == [
        ("research_filing", "2026-05-15", "宫腔粘连"),
        ("research_filing", "2026-05-15", "膝骨关节炎"),
    ]


def test_a_listed_project_labels_its_institution_as_the_applicant(engine):
    text = (
        "现将拟报送国家备案的项目名单公示如下：\n"
        "1.项目名称：宫血干细胞治疗薄型子宫内膜的探索性研究\n申报机构：澜江医院\n"
        "澜江省卫生健康委员会\n2026年5月15日\n"
    )
    filings = [(e.type, e.company, e.date) for e in _events(engine, text)]
    assert ("research_filing", "澜江医院", "2026-05-15") in filings


def test_an_approval_by_way_of_the_priority_procedure_is_no_priority_review(engine):
    text = "2026年5月18日，国家药监局按照药品优先审评审批程序，附条件批准澜川生物的瑞伏基奥仑赛注射液上市。"
    assert _triples(engine, text) == [("drug_approval", "瑞伏基奥仑赛注射液", "2026-05-18")]


def test_a_regulation_is_dated_by_its_signing_not_its_taking_effect_or_the_pages_month(engine):
    text = (
        "国务院总理日前签署国务院令，公布《澜江细胞治疗临床研究管理条例》，自2027年1月1日起施行。"
        "该条例已于2026年4月10日经国务院常务会议审议通过，总理于4月28日签署国务院令予以公布。"
    )
    title = "《澜江细胞治疗临床研究管理条例》公布 明年1月1日起施行"
    assert [(e.type, e.date) for e in _events(engine, text, title)] == [("policy_issued", "2026-04-28")]


def test_a_check_up_of_the_patient_treated_is_a_readout(engine):
    text = (
        "5月2日，澜江医院为一名急性淋巴细胞白血病患者回输瑞伏基奥仑赛注射液。"
        "5月18日复查结果显示，患者骨髓中已检测不到白血病细胞，达到完全缓解。"
    )
    assert ("clinical_result", "瑞伏基奥仑赛注射液", "2026-05-18") in _triples(engine, text)


def test_commercial_treatment_landing_in_a_province_is_a_first_prescription(engine):
    text = "5月8日，澜江医院为一名淋巴瘤患者回输瑞伏基奥仑赛注射液，这款CAR-T药物在澜江省的商业化治疗由此正式落地。"
    assert _triples(engine, text) == [("first_prescription", "瑞伏基奥仑赛注射液", "2026-05-08")]


def test_the_same_month_refers_to_the_month_named_in_an_earlier_sentence(engine):
    text = (
        "4月18日，澜江医院开出RV-207注射液在澜江省的首张处方。\n"
        "同月下旬，澜山医院为一名淋巴瘤患者回输了瑞伏基奥仑赛注射液，这是该产品在澜山省的首例商业化治疗。"
    )
    assert ("first_prescription", "瑞伏基奥仑赛注射液", "2026-04") in _triples(engine, text)


def test_an_application_that_was_approved_on_a_date_told_after_already(engine):
    text = "此前，RV-207注射液用于治疗系统性硬化症的临床试验申请已于2025年11月获得国家药品监督管理局批准。"
    assert _triples(engine, text) == [("ind_approval", "RV-207注射液", "2025-11")]


def test_the_first_prescription_since_the_approval_does_not_restate_the_approval(engine):
    text = "5月18日，澜江医院开出处方，这也是瑞伏基奥仑赛注射液获批以来的全国首张处方。"
    assert _triples(engine, text) == [("first_prescription", "瑞伏基奥仑赛注射液", "2026-05-18")]


def test_this_application_refers_to_the_product_just_told(engine):
    text = "今年3月18日，澜川生物宣布瑞伏基奥仑赛注射液获批上市。这一上市申请于去年1月获受理。"
    assert ("nda_accepted", "瑞伏基奥仑赛注射液", "2025-01") in _triples(engine, text)


def test_a_reporters_list_of_filed_projects_gives_one_filing_per_item(engine):
    text = (
        "近日，国家卫生健康委公布了新一批完成备案的干细胞临床研究项目。本批共2个项目，记者梳理如下：\n"
        "1. 澜江医院：人脐带间充质干细胞治疗膝骨关节炎的临床研究\n"
        "2. 澜江市人民医院：间充质干细胞治疗系统性红斑狼疮的临床研究\n"
    )
    filings = [(e.type, e.date, e.indication) for e in _events(engine, text)]
    assert sorted(filings) == [
        ("research_filing", "2026-05", "系统性红斑狼疮"),
        ("research_filing", "2026-05", "膝骨关节炎"),
    ]


def test_a_readout_on_the_second_day_of_a_meeting_that_opened_on_a_named_day(engine):
    text = (
        "5月12日，2026年澜江临床肿瘤学术年会在澜江开幕。大会第二天的细胞治疗专场上，"
        "研究团队报告了RV-207治疗晚期肝细胞癌的Ⅰ期研究结果，客观缓解率为41.7%。"
    )
    assert _triples(engine, text) == [("clinical_result", "RV-207", "2026-05-13")]


def test_a_research_notes_table_of_approved_products_and_its_prose_forecast(engine):
    text = (
        "我们预计中国细胞治疗市场规模将由2025年的约60亿元增长至2030年的600亿元。\n"
        "表1：国内已获批上市的产品\n"
        "通用名\t商品名\t企业\t获批时间\t首个获批适应症\n"
        "瑞伏基奥仑赛注射液\t澜瑞达\t澜川生物\t2024年6月\t多发性骨髓瘤\n"
        "澜迈赛注射液\t澜瑞宁\t澜析医药\t2025年11月\t膝骨关节炎\n"
        "资料来源：国家药监局\n"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "澜迈赛注射液", "2025-11"),
        ("drug_approval", "瑞伏基奥仑赛注射液", "2024-06"),
        ("market_forecast", None, "2026-05-20"),
    ]


def test_two_steps_joined_by_bing_in_one_clause_share_its_date(engine):
    text = "其中，瑞伏基奥仑赛注射液的上市申请于2024年12月获受理并被纳入优先审评。"
    assert _triples(engine, text) == [
        ("nda_accepted", "瑞伏基奥仑赛注射液", "2024-12"),
        ("priority_review", "瑞伏基奥仑赛注射液", "2024-12"),
    ]


def test_diseases_of_a_clause_about_other_products_are_not_the_events(engine):
    text = (
        "本月，澜析医药的RV-207获得临床试验批准，拟用于系统性红斑狼疮，"
        "国内同类在研产品适应症覆盖系统性硬化症和重症肌无力。"
    )
    assert [(e.type, e.indication) for e in _events(engine, text)] == [("ind_approval", "系统性红斑狼疮")]


def test_a_weekday_told_in_a_sentence_without_an_event_dates_the_next_ones_step(engine):
    text = "上周五上午，澜江医院一位膝骨关节炎患者接受了关节腔注射。这是澜迈赛注射液获批后开出的首张处方。"
    assert _triples(engine, text) == [("first_prescription", "澜迈赛注射液", "2026-05-15")]


def test_a_code_glossed_by_the_name_it_is_known_by_is_one_product(engine):
    text = "2023年6月，澜析医药的RV-207（即澜迈赛注射液）获得临床试验默示许可。"
    assert _canonicals(engine, text, "drug") == {"澜迈赛注射液"}


def test_each_of_two_steps_takes_the_product_of_its_own_clause(engine):
    text = "RV-207注射液的临床试验申请已于今年3月获国家药监局批准，澜析医药的RX-305注射液的临床试验申请5月获得受理。"
    assert _triples(engine, text) == [
        ("ind_accepted", "RX-305注射液", "2026-05"),
        ("ind_approval", "RV-207注射液", "2026-03"),
    ]


def test_permission_to_file_for_a_conditional_approval_is_no_approval(engine):
    title = "澜析生物获准就RV-207递交附条件批准申请"
    assert not _events(engine, "药审中心已同意公司就候选药物RV-207递交上市申请。", title)


@pytest.mark.parametrize(
    "text",
    [
        "根据《若干措施》，园区企业自主研发的细胞治疗产品获得临床试验默示许可后，可分阶段获得最高1500万元支持。"
        "园区内澜析医药的RV-207注射液已进入Ⅲ期临床。",
        "澜江出台十条措施支持细胞治疗产业 首次获批上市产品最高奖励3000万元",
    ],
)
def test_a_policys_incentive_for_a_kind_of_step_is_no_step(engine, text):
    assert not [e for e in _events(engine, text) if e.type != "policy_issued"]


def test_a_signing_date_told_in_the_sentence_after_the_promulgation(engine):
    text = (
        "国务院总理日前签署国务院令，公布《澜江细胞治疗临床研究管理条例》。"
        "条例已于2026年4月10日经国务院常务会议审议通过，国务院令落款日期为2026年4月28日。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-04-28")]


def test_the_first_prescription_in_a_city_told_as_the_first_one(engine):
    text = "5月10日，澜江医院开具了瑞伏基奥仑赛注射液，这是该药在澜江开出的第一张处方。"
    assert _triples(engine, text) == [("first_prescription", "瑞伏基奥仑赛注射液", "2026-05-10")]


def test_a_patients_assessment_on_a_day_after_dosing_is_a_dated_readout(engine):
    text = (
        "4月20日，澜江医院为一名急性移植物抗宿主病患者开具了艾米迈托赛注射液。"
        "截至5月18日（首次用药后第28天）评估，患者腹泻量明显减少，消化道症状达到部分缓解。"
    )
    assert ("clinical_result", "艾米迈托赛注射液", "2026-05-18") in _triples(engine, text)


def test_a_count_of_applications_handled_is_no_acceptance(engine):
    text = "据统计，今年上半年CDE共承办干细胞类新药临床试验申请41件，其中包括RV-207注射液。"
    assert not _events(engine, text)


def test_a_filed_project_that_names_its_product_by_code_takes_it(engine):
    text = "今年3月，由澜江医院神经外科牵头的“RV-207治疗帕金森病的安全性临床研究”完成国家备案。"
    assert _triples(engine, text) == [("research_filing", "RV-207", "2026-03")]


@pytest.mark.parametrize(
    "verb", ["合作开发", "验证", "配送", "评估", "纳入", "开展", "采集", "授权", "定价", "以口头报告形式公布"]
)
@pytest.mark.parametrize("name", ["澜伏迈托赛注射液", "卡瑞达基奥仑赛注射液", "安普奥仑赛注射液"])
def test_a_new_nonproprietary_name_leaves_out_the_verb_jieba_glued_before_it(engine, verb, name):
    assert _canonicals(engine, f"澜川生物今日{verb}{name}。", "drug") == {name}


@pytest.mark.parametrize("verb", ["缓解", "改善", "确诊", "合并", "伴有", "针对"])
def test_a_new_disease_name_leaves_out_the_verb_before_it(engine, verb):
    assert _canonicals(engine, f"RV-207可用于{verb}澜江综合征患者。", "indication") == {"澜江综合征"}


@pytest.mark.parametrize("verb", ["花落", "亮相", "入住"])
def test_a_hospital_name_leaves_out_the_verb_of_arriving_there(engine, verb):
    assert _canonicals(engine, f"首张处方{verb}澜江市第一人民医院。", "company") == {"澜江市第一人民医院"}


def test_the_first_clinical_use_after_approval_is_a_first_prescription(engine):
    text = "5月18日，澜江医院为一名患者输注澜伏迈托赛注射液，这是该药获批后在本省的首次临床使用。"
    assert _triples(engine, text) == [("first_prescription", "澜伏迈托赛注射液", "2026-05-18")]


def test_a_notice_period_deadline_dates_no_listed_product(engine):
    text = (
        "5月14日，药审中心发布新一期拟纳入优先审评品种公示，公示期5个工作日，截止日期为5月21日。\n"
        "序号\t受理号\t药品名称\t申请人\t拟定适应症\t纳入理由\n"
        "1\tCXSS2600061\t澜伏迈托赛注射液\t澜川生物科技有限公司\t慢加急性肝衰竭\t附条件批准\n"
        "2\tCXSS2600074\tRV-207注射液\t澜析医药有限公司\t血友病B\t临床急需\n"
    )
    assert _triples(engine, text) == [
        ("priority_review", "RV-207注射液", "2026-05-14"),
        ("priority_review", "澜伏迈托赛注射液", "2026-05-14"),
    ]


def test_a_weekly_notes_table_dates_each_row_by_its_day_cell(engine):
    text = (
        "日期 | 公司 | 产品 | 事件 | 适应症\n"
        "05-11 | 澜川生物 | RV-207注射液 | 临床试验申请获CDE受理 | 急性髓系白血病\n"
        "05-13 | 澜析医药 | RX-305注射液 | 获临床试验默示许可 | 帕金森病\n"
    )
    assert _triples(engine, text) == [
        ("ind_accepted", "RV-207注射液", "2026-05-11"),
        ("ind_approval", "RX-305注射液", "2026-05-13"),
    ]


def test_some_years_ago_on_a_day(engine):
    text = "三年前的5月22日，国家药监局批准澜川生物的瑞伏基奥仑赛注射液上市。"
    assert _triples(engine, text) == [("drug_approval", "瑞伏基奥仑赛注射液", "2023-05-22")]


def test_the_day_after_the_approval(engine):
    text = "5月16日，国家药监局附条件批准澜伏迈托赛注射液上市。获批次日，澜江医院开出首张处方。"
    assert ("first_prescription", "澜伏迈托赛注射液", "2026-05-17") in _triples(engine, text)


def test_a_batch_list_led_by_a_line_after_the_paragraph_that_dates_it(engine):
    text = (
        "5月15日，国家卫生健康委公布了新一批完成备案的干细胞临床研究项目。\n"
        "本批部分项目如下：\n"
        "1. 澜江医院：人脐带间充质干细胞治疗特发性肺纤维化的临床研究；\n"
        "2. 澜江市人民医院：自体骨髓间充质干细胞治疗肝硬化的临床研究。\n"
    )
    filings = sorted((e.type, e.date, e.indication) for e in _events(engine, text))
    assert filings == [("research_filing", "2026-05-15", "特发性肺纤维化"), ("research_filing", "2026-05-15", "肝硬化")]


def test_a_regulation_signed_by_someone_on_a_day_told_after_its_promulgation(engine):
    text = (
        "国务院总理日前签署国务院令，公布《澜江细胞治疗管理条例》，自2027年1月1日起施行。"
        "条例已于4月12日经国务院常务会议通过，4月28日由总理签署。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-04-28")]


def test_the_first_patient_given_an_imported_product_this_way_is_a_first_prescription(engine):
    text = "澜江医院上周五宣布，院方为一名白血病患者输注了Kymriah，是大湾区首例经此途径使用的进口CAR-T治疗。"
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("first_prescription", "Kymriah")]


def test_a_code_with_a_greek_letter_is_one_product(engine):
    text = "澜川基因研发的MC-βE02注射液获得临床试验默示许可，用于β地中海贫血。"
    assert _canonicals(engine, text, "drug") == {"MC-βE02注射液"}


def test_a_trial_approved_on_a_date_without_the_word_application(engine):
    text = "答：您好，RV-207注射液用于克罗恩病肛瘘的临床试验于今年3月获得国家药监局批准。"
    assert _triples(engine, text) == [("ind_approval", "RV-207注射液", "2026-03")]


def test_a_code_named_as_the_products_development_code(engine):
    text = "澜伏迈托赛注射液研发代号为RV-207，其上市申请于2025年11月获药审中心受理。"
    assert _canonicals(engine, text, "drug") == {"澜伏迈托赛注射液"}


def test_a_regulation_page_is_dated_by_its_signing_field_not_the_day_it_was_passed(engine):
    text = (
        "发文机关：国务院　成文日期：2026年04月28日\n"
        "《澜江细胞治疗管理条例》已于2026年4月10日经国务院常务会议通过，现予公布，自2027年1月1日起施行。\n"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2026-04-28")]


def test_products_named_on_a_proposed_priority_list(engine):
    text = (
        "5月12日公示的拟优先审评名单中有两款基因治疗产品："
        "澜川基因的RV-207注射液（脊髓性肌萎缩症）和澜析医药的RX-305注射液（血友病A）。"
    )
    assert _triples(engine, text) == [
        ("priority_review", "RV-207注射液", "2026-05-12"),
        ("priority_review", "RX-305注射液", "2026-05-12"),
    ]


def test_a_designation_proposed_and_confirmed_two_weeks_later_is_one_event(engine):
    text = (
        "5月14日，RV-207注射液拟纳入优先审评品种的公示期满，该品种正式纳入优先审评审批程序。"
        "4月30日，该品种曾出现在CDE拟优先审评品种公示名单中。"
    )
    assert [e.type for e in _events(engine, text)] == ["priority_review"]


def test_a_law_passed_and_awaiting_promulgation_is_not_issued(engine):
    text = "立法院昨（19）日三读通过《澜江再生医疗法》，尚待总统公布，施行日期由行政院定之。"
    assert not [e for e in _events(engine, text) if e.type == "policy_issued"]


def test_items_after_a_steps_label_each_take_their_own_bracketed_date(engine):
    text = (
        "▶ 受理：澜川细胞RV-207注射液新增狼疮性肾炎适应症（5月8日，CXSL2600812）；"
        "澜析生物RX-305注射液，一款iPSC衍生细胞产品，拟用于心力衰竭（5月15日，CXSL2600871）。"
    )
    assert _triples(engine, text) == [
        ("ind_accepted", "RV-207注射液", "2026-05-08"),
        ("ind_accepted", "RX-305注射液", "2026-05-15"),
    ]


def test_items_after_a_label_that_tell_their_own_step_stay_apart(engine):
    text = "融资：5月11日，澜川细胞宣布完成3.5亿元B轮融资；同日，澜析生物完成1.2亿元Pre-A轮融资。"
    assert sorted(e.company for e in _events(engine, text)) == ["澜川细胞", "澜析生物"]


@pytest.mark.parametrize("said", ["这是该药获批上市后全国首批开出的处方之一", "这也是澜江省首张"])
def test_one_of_the_first_prescriptions_or_a_provinces_first(engine, said):
    text = f"5月7日上午，澜江医院为一名膝骨关节炎患者开具澜伏迈托赛注射液处方。{said}。"
    assert _triples(engine, text) == [("first_prescription", "澜伏迈托赛注射液", "2026-05-07")]


@pytest.mark.parametrize(
    "text",
    [
        "国家药监局5月14日批准了澜川生物的瑞伏基奥仑赛注射液，这是我国第7款获批的CAR-T产品。",
        "5月14日，瑞伏基奥仑赛注射液正式拿到“准生证”，成为国内第七款CAR-T产品。",
    ],
)
def test_the_regulator_approving_a_product_by_name_or_its_licence_in_the_press_word(engine, text):
    assert _triples(engine, text) == [("drug_approval", "瑞伏基奥仑赛注射液", "2026-05-14")]


def test_the_regulator_approving_a_products_trial_is_no_marketing_approval(engine):
    text = "国家药监局5月14日批准了澜川生物的瑞伏基奥仑赛注射液的临床试验申请。"
    assert [e.type for e in _events(engine, text)] == ["ind_approval"]


def test_taiwans_word_for_survival_in_a_readout(engine):
    text = "RV-305治疗淋巴瘤患者的中位无进展存活期达到14.2个月。"
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("clinical_result", "RV-305")]
