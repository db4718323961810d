"""Rules from the tenth round (issue 14): phrasings the sets h13a/h13c showed missed, each tested on a new text.

Each case is a new text with invented products (RV-207) and firms; none is copied from a gold document.
The invented texts are dated 2026-05-20, a Wednesday, unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("said", "day"),
    [("上周五", "2026-05-15"), ("上星期一", "2026-05-11"), ("本周一", "2026-05-18"), ("这周二", "2026-05-19")],
)
def test_a_weekday_of_this_or_last_week_is_resolved_to_its_day(engine, said, day):
    text = f"{said}，澜川生物宣布完成2亿元人民币A轮融资，由启辰资本领投。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("financing", day)]


def test_a_weekday_later_this_week_than_the_page_dates_nothing(engine):
    # 本周五 seen on a Wednesday is still to come: the sentence announces a plan, no date of a step.
    assert [e.date for e in _events(engine, "本周五，澜川生物宣布完成2亿元人民币A轮融资。")] != ["2026-05-22"]


def test_a_first_prescription_names_the_product_with_its_trade_name_in_between(engine):
    text = "5月18日，澜江医院为一名淋巴瘤患者开出澜江省首张瑞伏基奥仑赛注射液（澜瑞达）处方。"
    assert _triples(engine, text) == [("first_prescription", "瑞伏基奥仑赛注射液", "2026-05-18")]


@pytest.mark.parametrize(
    "text",
    [
        "澜析医药公布了RX-TIL5治疗晚期黑色素瘤的II期研究数据：24例可评估患者中，ORR为41.7%。",
        "澜析医药披露了局部给药CAR-T产品RX-G3CAR的I期研究中期分析：15例患者的中位总生存期为14.2个月。",
    ],
)
def test_a_code_with_one_digit_is_a_product_when_a_product_word_or_a_treatment_goes_with_it(engine, text):
    assert {e.drug for e in _events(engine, text)} <= {"RX-TIL5", "RX-G3CAR"}
    assert _canonicals(engine, text, "drug") & {"RX-TIL5", "RX-G3CAR"}


def test_a_code_named_as_a_product_once_is_one_in_a_list_heading_too(engine):
    text = "二、RX-CAR5：黑色素瘤ORR超四成\n澜析医药公布了RX-CAR5治疗晚期黑色素瘤的II期研究数据。"
    assert "RX-CAR5" in _canonicals(engine, text, "drug")


def test_targets_and_hormones_shaped_like_codes_stay_no_products(engine):
    text = "对于抗PD-1治疗失败的患者，IL-6治疗后，GLP-1治疗糖尿病的研究也在推进。"
    assert _canonicals(engine, text, "drug") == set()


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("6月8日，澜江医院血液科为一名患者顺利回输瑞伏基奥仑赛注射液，完成首例商业化输注。", "瑞伏基奥仑赛注射液"),
        ("本集团舒伏基奥仑赛注射液获纳入突破性治疗品种。", "舒伏基奥仑赛注射液"),
    ],
)
def test_a_generic_name_does_not_take_in_the_words_jieba_glues_before_it(engine, text, drug):
    assert _canonicals(engine, text, "drug") == {drug}


def test_a_regulator_that_accepts_an_application_and_takes_it_into_priority_review(engine):
    # A Hong Kong announcement's active voice, with the product's names in a bracket between verb and object.
    text = (
        "於2026年5月18日，國家藥監局已受理本集團瑞伏基奧侖賽注射液（商品名：瑞伏達®；研發代號：LX09）"
        "用於治療復發或難治性濾泡性淋巴瘤成人患者的新適應症上市申請，並將該申請納入優先審評。"
    )
    assert _triples(engine, text) == [
        ("nda_accepted", "瑞伏基奥仑赛注射液", "2026-05-18"),
        ("priority_review", "瑞伏基奥仑赛注射液", "2026-05-18"),
    ]


def test_a_placing_completed_on_a_day_is_a_financing_of_that_day(engine):
    events = _events(
        engine,
        "董事會欣然宣佈，配售事項的所有條件均已達成，配售已於2026年5月15日完成。",
        title="澜川生物控股有限公司－自願公告",
    )
    assert [(e.type, e.date, e.company) for e in events] == [("financing", "2026-05-15", "澜川生物")]


def test_a_bare_day_followed_by_where_it_happened_dates_the_step(engine):
    text = "第二款獲批上市的幹細胞藥物瑞伏邁托賽注射液18日在上海開出首張處方。"
    assert _triples(engine, text) == [("first_prescription", "瑞伏迈托赛注射液", "2026-05-18")]


def test_a_study_update_told_the_same_day_keeps_that_day_despite_its_follow_up_time(engine):
    text = (
        "当地时间5月17日，澜川生物公布了RV-207注射液的3年随访结果。\n"
        "启辰医药：RX-508注射液24个月随访\n"
        "同日，启辰医药公布了RX-508注射液治疗大B细胞淋巴瘤的更新数据：中位随访24.6个月，中位无进展生存期为14.2个月。"
    )
    assert ("clinical_result", "RX-508注射液", "2026-05-17") in _triples(engine, text)


def test_a_product_named_as_the_reference_point_is_not_what_the_next_sentence_refers_to(engine):
    text = (
        "RV-207注射液为人胎盘间充质干细胞注射液，是继RX-508注射液之后我国批准上市的第二款同类药物。"
        "该品种于2025年1月提交上市申请，2025年2月被纳入优先审评审批程序。"
    )
    assert ("priority_review", "RV-207注射液", "2025-02") in _triples(engine, text)
    assert not [e for e in _events(engine, text) if e.drug == "RX-508注射液"]


@pytest.mark.parametrize(
    "text",
    [
        "针对市场流传的其正筹备赴港IPO的消息，澜川生物相关负责人回应称，公司经营一切正常，“暂无上市计划”。",
        "针对“RV-207注射液II期临床未达主要终点”的网络传言，澜川生物5月18日回应称，该研究尚未揭盲，相关说法不实。",
    ],
)
def test_a_rumour_answered_in_its_sentence_is_no_event(engine, text):
    assert list(_events(engine, text)) == []


def test_a_quoted_project_filed_in_a_year_keeps_that_year(engine):
    text = "2023年，澜江医院牵头的“iPSC来源细胞移植治疗帕金森病的临床研究”在国家卫生健康委完成干细胞临床研究项目备案。"
    assert [(e.type, e.date, e.company) for e in _events(engine, text)] == [("research_filing", "2023", "澜江医院")]


@pytest.mark.parametrize(("name", "filed"), [("澜江省妇女儿童医学中心", True), ("中山大学澜江眼科中心", False)])
def test_medical_and_eye_centres_are_institutions(engine, name, filed):
    text = f"三、项目名称：人脐带间充质干细胞治疗支气管肺发育不良的安全性研究\n备案机构：{name}\n备案日期：2026年5月7日"
    assert name in _canonicals(engine, text, "company")
    if filed:
        assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", "2026-05-07")]


def test_a_national_or_regional_medical_centre_is_a_designation_not_an_institution(engine):
    assert _canonicals(engine, "该院是国家医学中心建设单位，也是区域医学中心。", "company") == set()


@pytest.mark.parametrize(
    "text",
    [
        "第三条 对在本市医疗机构开展并完成国家干细胞临床研究项目备案的研究者发起研究，给予最高200万元的资助。",
        "自查范围：已完成干细胞临床研究机构备案的医疗机构及其在研项目。",
    ],
)
def test_a_kind_of_filed_project_a_rule_is_about_is_no_filing(engine, text):
    assert [e for e in _events(engine, text) if e.type == "research_filing"] == []


def test_a_guideline_the_regulator_issued_earlier_is_recalled_not_issued(engine):
    text = "值得一提的是，药审中心此前已发布《人源性干细胞及其衍生细胞治疗产品临床试验技术指导原则（试行）》。"
    assert [e for e in _events(engine, text) if e.type == "policy_issued"] == []


def test_products_listed_under_a_lead_that_says_they_were_selected(engine):
    text = (
        "5月15日，药审中心发布拟纳入突破性治疗品种公示，两款细胞治疗产品入选：\n"
        "① 澜川生物的RV-207注射液，用于视网膜色素变性；\n"
        "② 启辰医药的RX-508注射液，用于套细胞淋巴瘤。"
    )
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "RV-207注射液", "2026-05-15"),
        ("breakthrough_therapy", "RX-508注射液", "2026-05-15"),
    ]


def test_a_product_also_on_the_list_announced_that_day(engine):
    text = (
        "5月15日，药审中心公示拟纳入优先审评的品种名单，澜川生物的RV-207注射液在列。"
        "RV-207注射液的上市申请今年3月获得受理。\n"
        "同日公示的还有启辰医药的RX-508注射液，申请用于治疗弥漫性大B细胞淋巴瘤。"
    )
    assert ("priority_review", "RX-508注射液", "2026-05-15") in _triples(engine, text)
    assert ("nda_accepted", "RX-508注射液", "2026-03") not in _triples(engine, text)


def test_a_product_on_the_list_its_own_sentence_names_takes_that_list(engine):
    text = (
        "5月15日，药审中心公示拟纳入优先审评品种名单，澜川生物的RV-207注射液在列。"
        "同日公示的突破性治疗品种中，启辰医药RX-508注射液用于卵巢癌的适应症入选。"
    )
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "RX-508注射液", "2026-05-15"),
        ("priority_review", "RV-207注射液", "2026-05-15"),
    ]


def test_one_round_of_financing_is_no_count_of_rounds(engine):
    text = "澜川生物去年12月完成了一轮H股配售，募集资金约5.6亿港元。"
    assert [(e.type, e.date, e.company) for e in _events(engine, text)] == [("financing", "2025-12", "澜川生物")]


def test_an_interview_answer_speaks_for_the_headline_firm_and_opens_with_its_date(engine):
    text = (
        "問：公司近期在融資方面有何動作？\n"
        "答：我們去年12月完成了一輪H股配售，募集資金約5.6億港元。\n"
        "問：RV-207注射液進展如何？\n"
        "答：本月初，RV-207注射液用於治療濾泡性淋巴瘤的上市申請獲國家藥監局受理，並同時被納入優先審評。"
    )
    events = _events(engine, text, title="澜川生物行政總裁：RV-207新適應症獲受理")
    assert sorted((e.type, e.date) for e in events) == [
        ("financing", "2025-12"),
        ("nda_accepted", "2026-05"),
        ("priority_review", "2026-05"),
    ]
    assert [e.company for e in events if e.type == "financing"] == ["澜川生物"]


def test_a_day_still_to_come_dates_no_step_already_taken(engine):
    text = (
        "这项研究将于6月7日以口头报告形式亮相。"
        "摘要显示，10例T细胞急性淋巴细胞白血病患者输注RV-207注射液后第28天的完全缓解率为90%。"
    )
    assert [e.date for e in _events(engine, text) if e.type == "clinical_result"] == [None]


def test_a_filing_notice_also_tells_the_policy_it_issued(engine):
    text = (
        "经国家卫生健康委、国家药监局审核，我省以下2个干细胞临床研究项目已完成备案，现予以公告：\n"
        "1. 备案机构：澜江医院；项目名称：人脐带间充质干细胞治疗特发性肺纤维化的临床研究\n"
        "2. 备案机构：澜川医院；项目名称：自体脂肪间充质干细胞治疗膝骨关节炎的临床研究\n"
        "今年4月，我委印发《澜江省干细胞临床研究管理实施细则（试行）》，对项目监督作出规定。"
    )
    events = _events(engine, text)
    assert sorted(e.company for e in events if e.type == "research_filing") == ["澜川医院", "澜江医院"]
    assert [e.date for e in events if e.type == "policy_issued"] == ["2026-04"]


def test_products_counted_by_their_kind_name_no_product(engine):
    text = "本月以来已有2款间充质干细胞注射液的临床试验申请获得受理，另有1款干细胞产品获得临床试验默示许可。"
    assert _canonicals(engine, text, "drug") == set()
    assert list(_events(engine, text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "5月18日，澜江医院开出两款细胞治疗新药的澜江省首张处方：一张为澜川生物的RV-207注射液，用于一名淋巴瘤患者；"
        "另一张为启辰医药的RX-508注射液，用于一名慢性移植物抗宿主病患者。",
        "5月18日，澜江医院开出两款新药的澜江省首张处方，分别为RV-207注射液和RX-508注射液。",
    ],
)
def test_two_products_counted_and_then_named_each_have_their_first_prescription(engine, text):
    assert _triples(engine, text) == [
        ("first_prescription", "RV-207注射液", "2026-05-18"),
        ("first_prescription", "RX-508注射液", "2026-05-18"),
    ]


def test_a_conjunction_jieba_glues_to_a_generic_name_is_not_part_of_it(engine):
    text = "澜江医院开出瑞伏基奥仑赛注射液和普伏迈托赛注射液的首张处方。"
    assert _canonicals(engine, text, "drug") == {"瑞伏基奥仑赛注射液", "普伏迈托赛注射液"}


def test_a_legal_name_whose_walk_runs_out_starts_after_the_sentence_joint(engine):
    text = "2月10日，澜江大学澜川医学院附属第一医院风湿免疫科团队联合武汉澜禾基因科技有限公司发表论文。"
    assert "澜禾基因" in _canonicals(engine, text, "company")
    assert not any("团队" in name for name in _canonicals(engine, text, "company"))


@pytest.mark.parametrize(
    "text",
    [
        "细胞在澜川生物的生产基地完成制备后运回医院。",
        "我们在香港一间私家医院完成了首例输注。",
        "移植物抗宿主病是异基因造血干细胞移植后常见的并发症。",
        "陸股生技週報：本周三家企業獲批。",
    ],
)
def test_words_of_the_sentence_are_no_firm_or_hospital(engine, text):
    assert _canonicals(engine, text, "company") <= {"澜川生物"}


def test_a_paragraph_of_a_papers_results_is_dated_by_the_paper(engine):
    text = (
        "5月10日，国际医学期刊在线发表了澜江医院团队的一项研究，评估CAR-T细胞产品RV-207治疗系统性红斑狼疮的安全性。\n\n"
        "论文显示，研究共纳入12例患者，其中7例合并狼疮肾炎。7例狼疮肾炎患者中6例达到完全肾脏缓解。"
    )
    assert [(e.type, e.date) for e in _events(engine, text)] == [("clinical_result", "2026-05-10")]


def test_a_code_followed_by_its_firm_in_brackets_is_a_product(engine):
    text = "3. RX-CD7CAR（澜川生物）｜T细胞急性淋巴细胞白血病\n摘要显示，10例患者输注后第28天的完全缓解率为90%。"
    assert "RX-CD7CAR" in _canonicals(engine, text, "drug")


def test_the_approval_a_first_prescription_comes_after_is_its_reference_not_news(engine):
    assert _triples(engine, "5月18日，RV-207注射液获批后首张处方在澜江医院落地。") == [
        ("first_prescription", "RV-207注射液", "2026-05-18")
    ]


def test_the_year_after_the_one_just_named_dates_the_next_step(engine):
    text = "RV-207注射液的上市申请于2024年12月获受理，次年1月被纳入优先审评。"
    assert ("priority_review", "RV-207注射液", "2025-01") in _triples(engine, text)


def test_a_bare_day_before_the_regulators_verb_dates_the_approval(engine):
    text = "衛福部食藥署18日核准瀾川生技的細胞治療產品RV-207注射液上市，用於治療膝關節軟骨缺損。"
    assert _triples(engine, text) == [("drug_approval", "RV-207注射液", "2026-05-18")]
