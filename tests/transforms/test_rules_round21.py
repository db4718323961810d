"""Rules from the twenty-first round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (岚枫基奥仑赛注射液, QM-552, Orvelta) and firms; none is copied from a
gold document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


def _uses(engine, text: str, type_: str = "clinical_result") -> list[tuple[str | None, str | None, str | None]]:
    return sorted((e.drug, e.indication, e.date) for e in _events(engine, text) if e.type == type_)


# Readouts broken down by cohort ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "breakdown",
    [
        # the cohorts counted in the next paragraph
        "\n\n截至数据截止日，研究共入组20例患者，其中系统性红斑狼疮14例、特发性炎性肌病6例。",
        # one line per cohort
        "\n· 系统性红斑狼疮队列：14例患者中12例达到缓解；\n· 特发性炎性肌病队列：6例患者中5例肌力明显改善。",
        # counted before each use
        "研究纳入14例难治性系统性红斑狼疮患者和6例特发性炎性肌病患者，全部患者均停用了激素。",
    ],
)
def test_a_readout_whose_next_sentences_give_its_cohorts_is_one_event_per_cohort(engine, breakdown):
    text = "5月12日，岚枫生物以壁报形式公布了QM-552治疗难治性自身免疫病的Ⅰ期研究数据。" + breakdown
    assert _uses(engine, text) == [
        ("QM-552", "特发性炎性肌病", "2026-05-12"),
        ("QM-552", "系统性红斑狼疮", "2026-05-12"),
    ]


def test_the_readouts_own_population_and_a_service_sentence_are_no_cohorts(engine):
    # a single population counted in the readout's own sentence, and a hospital's patients in general after it
    text = (
        "5月12日，岚枫生物公布了QM-552治疗12名难治性系统性红斑狼疮患者的研究结果，10名患者达到缓解。"
        "医院表示，将为更多血液肿瘤患者提供细胞治疗。"
    )
    assert _uses(engine, text) == [("QM-552", "系统性红斑狼疮", "2026-05-12")]


def test_cohorts_told_after_another_product_belong_to_that_product(engine):
    text = (
        "5月12日，岚枫生物公布了QM-552治疗难治性自身免疫病的Ⅰ期研究数据。"
        "同场公布的另一项研究使用QM-610注射液，纳入10例系统性硬化症患者和8例特发性炎性肌病患者。"
    )
    assert ("QM-552", "自身免疫性疾病", "2026-05-12") in _uses(engine, text)
    assert not any(drug == "QM-552" and use == "系统性硬化症" for drug, use, _ in _uses(engine, text))


# Products and their steps in Hong Kong, Macau and Taiwan ----------------------------------------------------


def test_a_latin_name_after_the_word_for_a_product_of_hong_kong_or_taiwan_is_a_product(engine):
    text = "卫生署公布，注册委员会已于本月六日批准基因治疗制品Orvelta的注册申请，适用于中度至重度血友病B成年患者。"
    assert "ORVELTA" in {c.upper() for c in _canonicals(engine, text, "drug")}
    assert [(t, (d or "").upper(), w) for t, d, w in _triples(engine, text)] == [
        ("drug_approval", "ORVELTA", "2026-05-06")
    ]


def test_last_years_month_in_chinese_numerals_is_that_month(engine):
    text = "基因治疗制品Orvelta去年十一月获药剂业及毒药（注册）委员会批准注册，用于血友病B成年患者。"
    assert [w for t, _d, w in _triples(engine, text) if t == "drug_approval"] == ["2025-11"]


def test_a_taiwan_page_telling_the_fda_approval_with_its_word_and_a_later_use(engine):
    text = "細胞療法Orvelta於2019年獲美國食品藥物管理局核准，用於成人大B細胞淋巴瘤，隨後擴及濾泡性淋巴瘤。"
    found = sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval")
    assert found == [("大B细胞淋巴瘤", "2019"), ("滤泡性淋巴瘤", None)]


def test_an_fda_licence_for_a_trial_is_no_approval(engine):
    text = "QM-552已於2025年獲美國食品藥物管理局核准進行第一期臨床試驗。"
    assert [t for t, _d, _w in _triples(engine, text)] == ["ind_approval"]


# First uses ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Hong Kong's 首宗 (the view's 首例) of a kind of treatment, told after the infusion
        "医院管理局今日宣布，玛嘉烈医院团队于本月九日为一名患者输注基因治疗制品Orvelta，为本港公营医院首宗同类治疗。",
        # Macau's first treatment with a registered product
        "镜湖医院本月九日为一名淋巴瘤患者完成岚枫基奥仑赛注射液回输，这是本澳首宗以已注册药物形式提供的CAR-T细胞治疗。",
        # a product's first clinical use in a place
        "5月9日，博鳌一龄医院为一名患者输注了基因治疗药物Orvelta，这是该产品首次在海南博鳌乐城国际医疗旅游先行区用于临床。",
        "5月9日，香港大学深圳医院为一名患者输注了基因治疗产品Orvelta，这是该产品在内地的首次临床使用。",
    ],
)
def test_a_first_treatment_of_its_kind_told_after_the_infusion_is_a_first_use(engine, text):
    found = [(t, w) for t, _d, w in _triples(engine, text)]
    assert found == [("first_prescription", "2026-05-09")]


@pytest.mark.parametrize(
    "text",
    [
        "5月9日，岚枫生物QM-552的Ⅰ期临床试验完成首例受试者给药，这是该产品首次在海南用于临床。",
        # a product entering the clinic: its first patient is a trial's
        "5月9日，岚枫医院为一名患者输注QM-552，标志着该产品正式进入临床，为本港首例同类治疗。",
    ],
)
def test_a_trials_first_dose_in_a_place_is_still_no_first_use(engine, text):
    assert [t for t, _d, _w in _triples(engine, text)] == []


# Registers ----------------------------------------------------------------------------------------------


def test_register_records_numbered_in_brackets_are_read_one_event_each(engine):
    text = (
        "临床试验默示许可（2026年5月第2周）\n"
        "【记录1】受理号：CXSL2600411；药品名称：QM-552；企业名称：岚枫生物科技有限公司；适应症：系统性红斑狼疮；"
        "默示许可日期：2026-05-11\n"
        "【记录2】受理号：CXSL2600427；药品名称：岚枫基奥仑赛注射液；企业名称：岚枫生物科技有限公司；"
        "适应症：多发性骨髓瘤；默示许可日期：2026-05-13\n"
    )
    assert _triples(engine, text) == [
        ("ind_approval", "QM-552", "2026-05-11"),
        ("ind_approval", "岚枫基奥仑赛注射液", "2026-05-13"),
    ]


# Steps of two kinds in one sentence, each with its own use -------------------------------------------------


def test_two_steps_of_two_kinds_in_one_sentence_take_their_own_clauses_uses(engine):
    text = (
        "QM-552用于狼疮性肾炎的适应症已于今年3月被药审中心纳入突破性治疗品种，"
        "用于系统性硬化症的临床试验申请则在去年12月取得默示许可。"
    )
    found = sorted((e.type, e.indication, e.date) for e in _events(engine, text))
    assert found == [
        ("breakthrough_therapy", "狼疮性肾炎", "2026-03"),
        ("ind_approval", "系统性硬化症", "2025-12"),
    ]


def test_a_second_step_without_a_use_of_its_own_keeps_the_sentences_use(engine):
    text = "QM-552用于狼疮性肾炎的上市申请于今年3月获受理，并于4月被纳入优先审评。"
    found = sorted((e.type, e.indication) for e in _events(engine, text))
    assert found == [("nda_accepted", "狼疮性肾炎"), ("priority_review", "狼疮性肾炎")]


# Names ----------------------------------------------------------------------------------------------------


def test_a_code_with_cart_inside_is_a_product_and_a_targets_car_is_not(engine):
    text = "岚枫生物的CAR-T产品QM-CART07治疗急性淋巴细胞白血病的临床试验申请于本月3日获受理，该产品编码CD19-CART。"
    drugs = _canonicals(engine, text, "drug")
    assert "QM-CART07" in drugs
    assert not any("CD19" in d for d in drugs)


def test_this_times_filing_is_no_firm_and_a_few_patients_are_no_part_of_the_disease(engine):
    text = "支撑此次申报的是一项Ⅱ期研究，研究同时纳入了少量黏液样脂肪肉瘤患者。"
    assert _canonicals(engine, text, "company") == set()
    assert _canonicals(engine, text, "indication") == {"黏液样脂肪肉瘤"}


def test_a_new_cell_therapys_generic_name_without_its_form_is_that_product(engine):
    text = (
        "国家药监局附条件批准岚枫生物申报的岚枫迈托赛注射液上市。与已上市的睿铂生相比，其适应症不同。\n"
        "回看岚枫迈托赛的注册路径：2023年，该产品被纳入突破性治疗品种；2024年9月，上市申请获得受理。"
    )
    found = sorted((e.type, e.drug) for e in _events(engine, text))
    assert found == [
        ("breakthrough_therapy", "岚枫迈托赛注射液"),
        ("drug_approval", "岚枫迈托赛注射液"),
        ("nda_accepted", "岚枫迈托赛注射液"),
    ]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a coined generic name before 基因注射液 names the product; its code is the same product
        ("国家药监局附条件批准岚枫基因的岚凝基因注射液（研发代号：LF-AAV3）上市，用于血友病B。", "岚凝基因注射液"),
        # a description of what the product is leaves the code to name it
        ("国家药监局批准重组腺相关病毒载体凝血因子基因注射液（研发代号：LF-AAV3）上市，用于血友病B。", "LF-AAV3"),
    ],
)
def test_a_gene_therapys_coined_generic_name_is_its_name_and_a_description_is_not(engine, text, product):
    assert [d for _t, d, _w in _triples(engine, text)] == [product]


def test_a_one_digit_code_after_the_word_for_a_drug_is_a_product(engine):
    text = "岚枫基因今日宣布，腺相关病毒（AAV）载体基因治疗药物LF-F9的上市许可申请已于5月6日获药品审评中心正式受理。"
    assert _triples(engine, text) == [("nda_accepted", "LF-F9", "2026-05-06")]


def test_this_times_application_is_no_firm(engine):
    text = "支持本次申报的关键研究显示，岚枫迈托赛注射液治疗后患者的年化出血率下降约九成。"
    assert _canonicals(engine, text, "company") == set()


def test_a_trade_name_declared_in_the_products_bracket_names_that_product_later(engine):
    text = (
        "岚枫生物的岚瑞基奥仑赛注射液（商品名：枫安达®，研发代号：LF-201）已于5月6日获国家药监局批准上市。\n"
        "回顾注册历程，枫安达的上市许可申请于2025年4月获得受理，同年6月被纳入优先审评。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "岚瑞基奥仑赛注射液", "2026-05-06"),
        ("nda_accepted", "岚瑞基奥仑赛注射液", "2025-04"),
        ("priority_review", "岚瑞基奥仑赛注射液", "2025-06"),
    ]


def test_a_bulleted_timelines_items_are_the_pages_one_products_steps(engine):
    text = (
        "岚枫生物的岚枫迈托赛注射液已于5月6日获国家药监局附条件批准上市。\n"
        "开发历程：\n· 2025年3月，上市许可申请获受理；\n· 2025年4月，被纳入优先审评程序；\n"
        "· 2026年5月6日，获附条件批准。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "岚枫迈托赛注射液", "2026-05-06"),
        ("nda_accepted", "岚枫迈托赛注射液", "2025-03"),
        ("priority_review", "岚枫迈托赛注射液", "2025-04"),
    ]


def test_a_timeline_headings_own_day_dates_the_step_the_lines_under_it_tell_undated(engine):
    text = (
        "上半年监管里程碑，按时间线整理如下：\n1月6日｜岚枫迈托赛注射液获附条件批准\n"
        "岚枫生物的岚枫迈托赛注射液获批用于中重度膝骨关节炎，成为国内第二款上市的干细胞药物。"
    )
    assert _triples(engine, text) == [("drug_approval", "岚枫迈托赛注射液", "2026-01-06")]


def test_a_firms_prefix_on_a_car_t_with_a_two_digit_number_is_a_product(engine):
    text = "11月，岚枫生物的LF-CAR-T31获得临床试验默示许可，拟用于复发胶质母细胞瘤。"
    assert _triples(engine, text) == [("ind_approval", "LF-CAR-T31", "2025-11")]


def test_a_start_up_named_after_the_word_is_the_firm_a_rumoured_one_is_none(engine):
    raised = "香港本地初创岚源细胞于5月4日宣布完成5,000万港元种子轮融资，由某创投基金领投。"
    assert _canonicals(engine, raised, "company") >= {"岚源细胞"}
    assert [(t, w) for t, _d, w in _triples(engine, raised)] == [("financing", "2026-05-04")]
    rumoured = "据传一家细胞治疗初创企业正在洽谈数亿元B轮融资，交易双方均未予确认。"
    assert _canonicals(engine, rumoured, "company") == set()


def test_a_step_the_period_starts_from_told_with_its_day_is_news_a_years_start_is_not(engine):
    told = "自今年3月6日完成首例商业化回输以来，岚枫迈托赛注射液已累计治疗60余名患者。"
    assert _triples(engine, told) == [("first_prescription", "岚枫迈托赛注射液", "2026-03-06")]
    period = "自2017年首款CAR-T产品Kymriah获批以来，全球已有十余款CAR-T产品上市。"
    assert _triples(engine, period) == []


def test_the_day_the_press_learned_of_a_step_told_as_recent_does_not_date_it(engine):
    text = (
        "本报记者 林舟\n记者昨天从省卫生健康委获悉，岚枫医院“人脐带间充质干细胞治疗膝骨关节炎的临床研究”"
        "近日完成国家干细胞临床研究项目备案。"
    )
    assert {(e.type, e.date) for e in _events(engine, text)} == {("research_filing", "2026-05")}
