"""Rules from the sixth real-text round (issue 14): phrasings the dev pages showed the rules missing.

Each case is a new sentence modelled on a phrasing seen there, with invented products (QX-301) and firms.
"""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _triples(engine, text: str, pub: str | None = "2026-05-20") -> list[tuple[str, str | None, str | None]]:
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub))
    return [(e.type, e.drug, e.date) for e in result.events]


@pytest.mark.parametrize(
    "text",
    [
        "2025年8月,启明基因公布,I期研究初步证明了QX-301注射液的安全性和有效性。",
        "2025年8月,QX-301注射液在治疗淋巴瘤的研究中展现出良好的治疗效果。",
        "2025年8月,接受QX-301注射液治疗的患儿恢复了听力。",
        "2025年8月,接受QX-301注射液治疗的血友病患者均无须再注射凝血因子。",
        "2025年8月,QX-301注射液的研究中未观察到与治疗相关的不良反应。",
        "2025年8月,研究显示QX-301注射液将患者的3年生存率提高了10%。",
    ],
)
def test_narrative_outcomes_are_readouts(engine, text):
    assert _triples(engine, text) == [("clinical_result", "QX-301注射液", "2025-08")]


@pytest.mark.parametrize(
    "text",
    [
        # a goal, not a result shown
        "2025年8月,启明基因表示将确保QX-301注射液安全有效。",
        # a safety measure, not an outcome
        "2025年8月,QX-301注射液的说明书要求医院监测不良反应。",
    ],
)
def test_goals_and_duties_are_no_readouts(engine, text):
    assert _triples(engine, text) == []


def test_a_date_of_the_approval_in_an_attribute_does_not_date_the_readout(engine):
    text = "QX-301注射液是一种于2019年在美国获批的细胞疗法,临床试验表明其能显著延长患者的生存期。"
    assert ("clinical_result", "QX-301注射液", None) in _triples(engine, text, pub=None)
    assert ("clinical_result", "QX-301注射液", "2019") not in _triples(engine, text, pub=None)


@pytest.mark.parametrize(
    "text",
    [
        # the approval named after its object
        "启明基因收到国家药品监督管理局关于同意QX-301用于治疗视网膜色素变性的临床试验批准。",
        # Taiwan's wording
        "启明基因于今日接获TFDA核准进行QX-301第一期临床试验之通知。",
    ],
)
def test_an_ind_approval_received_or_核准进行(engine, text):
    assert [(t, d) for t, d, _ in _triples(engine, text)] == [("ind_approval", "QX-301")]


def test_an_ind_approval_for_a_company_s_own_unnamed_product(engine):
    text = "2026年1月,星岳生物宣布,其自主研发的iPSC来源神经细胞新药已获国家药品监督管理局批准,开展I期临床试验。"
    assert _triples(engine, text) == [("ind_approval", None, "2026-01")]


def test_an_unnamed_product_needs_its_owner_s_own_description(engine):
    """A product of nobody in particular stays no event: an IND needs a product."""
    text = "2026年1月,一款iPSC来源神经细胞新药已获国家药品监督管理局批准,开展I期临床试验。"
    assert _triples(engine, text) == []


def test_a_class_then_its_disease_after_a_dash_is_one_indication(engine):
    text = "2026年1月,QX-301注射液获批开展临床试验,用于治疗神经退行性罕见病——多系统萎缩。"
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    assert [(e.type, e.indication) for e in result.events] == [("ind_approval", "多系统萎缩")]


def test_two_diseases_listed_without_a_dash_are_two_indications(engine):
    text = "2026年1月,QX-301注射液获批开展临床试验,用于治疗多系统萎缩和帕金森病。"
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    assert sorted(e.indication for e in result.events) == ["多系统萎缩", "帕金森病"]


def _entities(engine, text: str, type_: str) -> list[str]:
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    return sorted({e.canonical for e in result.entities if e.type == type_})


@pytest.mark.parametrize(
    "text",
    [
        "被保险人须经二级及以上医院的专科医生诊断。",
        "在大城市,因为这些医院设备更好,费用也更高。",
        "而在一些地方医院,费用相对较低。",
        "患者在选择医院时还要考虑医疗质量。",
        "试点允许在九个城市设立外商独资医院。",
    ],
)
def test_a_kind_of_hospital_is_no_hospital(engine, text):
    assert _entities(engine, text, "company") == []


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("她听说青岚大学附属第一医院启动了一项基因治疗研究。", "青岚大学附属第一医院"),
        ("细胞制备场所为远山医疗社团法人远山医院。", "远山医院"),
        ("施行机构:中岭医疗社团法人中岭医院", "中岭医院"),
    ],
)
def test_a_hospital_starts_after_the_speaker_and_the_legal_form(engine, text, hospital):
    assert _entities(engine, text, "company") == [hospital]


def test_a_hospital_s_declared_short_name_keeps_its_full_name(engine):
    text = "近日,青岚大学附属第二医院(简称“青大附二医院”)完成首例基因治疗。青大附二医院表示,患儿恢复良好。"
    assert _entities(engine, text, "company") == ["青岚大学附属第二医院"]


def test_a_company_s_declared_short_name_is_its_canonical(engine):
    text = "远帆细胞科技(上海)有限公司(以下简称“远帆细胞”)完成A轮融资。远帆细胞表示将加快临床。"
    assert _entities(engine, text, "company") == ["远帆细胞"]


@pytest.mark.parametrize(
    ("text", "indications"),
    [
        ("该基因疗法用于治疗先天性耳聋,患儿术后恢复听力。", ["先天性耳聋"]),
        ("OTOF基因突变导致的常染色体隐性遗传性耳聋9型(DFNB9)。", ["常染色体隐性遗传性耳聋9型"]),
        ("公司聚焦遗传性视网膜疾病(IRD)的基因治疗。", ["遗传性视网膜变性"]),
        ("CAR-T疗法已用于血液癌症的治疗。", ["血液肿瘤"]),
    ],
)
def test_knowledge_base_indications_of_this_round(engine, text, indications):
    assert _entities(engine, text, "indication") == indications


#: An announcement extracted from PDF: its lines stop at the page width in mid-sentence.
_WRAPPED = (
    "远帆细胞科技股份有限公司\n"
    "关于QX-301注射液获得药物临床试验批准通知书的公告\n"
    "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导\n"
    "性陈述或者重大遗漏，并对其内容的真实性、准确性和完整性承担法\n"
    "律责任。近日，本公司自主研发的QX-301注射液收到国家药品监督管\n"
    "理局核准签发的《药物临床试验批准通知书》，同意本品开展用于治疗\n"
    "复发或难治性多发性骨髓瘤的临床试验。\n"
    "一、药品基本情况\n"
)


def test_the_breaks_of_a_page_s_wrapped_lines_end_no_sentence():
    from transforms.clean import split_sentences, wrapped_line_breaks

    assert len(wrapped_line_breaks(_WRAPPED)) == 4  # the heading and the item title keep their breaks
    sentences = [_WRAPPED[s:e].replace("\n", "") for s, e in split_sentences(_WRAPPED)]
    assert sentences[0] == "远帆细胞科技股份有限公司"
    assert sentences[3].startswith("近日，")
    assert sentences[3].endswith("的临床试验。")
    assert sentences[-1] == "一、药品基本情况"


def test_a_milestone_told_across_wrapped_lines_is_found(engine):
    assert _triples(engine, _WRAPPED, pub="2026-03-02") == [("ind_approval", "QX-301注射液", "2026-03")]


def test_short_lines_of_one_width_are_not_wraps():
    from transforms.clean import wrapped_line_breaks

    title = "细胞治疗临床研究伦理审查指南"
    headings = "\n".join([title, "发布日期", title, title, title, "正文"])
    assert wrapped_line_breaks(headings) == frozenset()


def test_a_meeting_and_its_year_is_no_product_but_a_code_like_it_is(engine):
    assert _entities(engine, "公司将在IMW2019会议上报告QX-301的结果。", "drug") == ["QX-301"]
    assert _entities(engine, "LB1901的I期临床试验已完成首例患者给药。", "drug") == ["LB1901"]


@pytest.mark.parametrize(
    ("text", "policies"),
    [
        # Taiwan and Hong Kong quote statutes in 「」; other quotes are words or speech
        ("署长指出,「细胞疗法管理法」已于1月1日施行,搭配「细胞制剂条例」。", ["细胞制剂条例", "细胞疗法管理法"]),
        ("他说「这是好事」,医院的「细胞治疗计划」也将扩大。", []),
        ("「细胞疗法」与「基因疗法」的区别在于方法。", []),
        ("卫福部预计年底前完成「再生医疗法」的子法。", ["再生医疗法"]),
        # two laws named together
        ("《再生医疗双法》近期三读通过。", []),
        # a trial edition written after the title is part of it; a draft written so is not (README item 3)
        ("药审中心发布《干细胞制剂质量研究技术指导原则》(试行)。", ["干细胞制剂质量研究技术指导原则（试行）"]),
        ("药审中心起草了《干细胞制剂质量研究技术指导原则》(征求意见稿)。", ["干细胞制剂质量研究技术指导原则"]),
        # a foreign bill is not the national law whose name it contains
        ("美国《生物安全法案》引发关注。", ["生物安全法案"]),
        ("美国国会审议生物安全法案。", []),
        ("根据《生物安全法》的规定。", ["中华人民共和国生物安全法"]),
        # a PDF's stray space inside a title
        ("国务院印发《关于推动细胞治疗产业发展的若干意 见》。", ["关于推动细胞治疗产业发展的若干意见"]),
    ],
)
def test_policy_titles_of_this_round(engine, text, policies):
    assert _entities(engine, text, "policy") == policies


@pytest.mark.parametrize(
    "text",
    [
        "远帆细胞的“QX-301注射液”(人脐带源间充质干细胞注射液)获临床试验默示许可。",
        "QX-301注射液®(人脐带源间充质干细胞注射液)获临床试验默示许可。",
    ],
)
def test_a_product_s_description_in_brackets_after_quotes_or_a_mark_is_that_product(engine, text):
    assert _entities(engine, text, "drug") == ["QX-301注射液"]


@pytest.mark.parametrize("lead", ["自", "就"])
def test_a_function_word_before_a_known_product_is_no_part_of_it(engine, lead):
    text = f"公司已经{lead}艾米迈托赛注射液与一家平台展开合作。"
    assert _entities(engine, text, "drug") == ["艾米迈托赛注射液"]


def test_a_known_name_inside_a_longer_unknown_name_is_not_cut_out(engine):
    """康瑞基奥仑赛注射液 is another product than 瑞基奥仑赛注射液, not 康 + it."""
    assert _entities(engine, "康瑞基奥仑赛注射液获批上市。", "drug") == ["康瑞基奥仑赛注射液"]


def test_a_rights_issue_is_a_financing(engine):
    text = "2025年11月6日,远帆生物宣布供股完成,筹资净额约2.5亿港元。"
    assert _triples(engine, text) == [("financing", None, "2025-11-06")]


def test_a_price_per_ads_is_no_product_code(engine):
    assert _entities(engine, "远帆生物以每ADS40美元的价格发售750万股ADS。", "drug") == []


@pytest.mark.parametrize("text", ["除邦耀生物外,他还创立了两家公司。", "除了邦耀生物,他还创立了两家公司。"])
def test_除_before_a_firm_is_no_part_of_its_name(engine, text):
    assert _entities(engine, text, "company") == ["邦耀生物"]


def test_a_breakthrough_认证_is_the_designation(engine):
    text = "QX-301注射液于2025年3月获得了国家药品监督管理局的突破性治疗药物认证。"
    assert _triples(engine, text) == [("breakthrough_therapy", "QX-301注射液", "2025-03")]


def test_an_ind_application_接纳_by_the_cde_is_accepted(engine):
    text = "公司在研产品QX-301的IND申请已于2019年8月获药品审评中心接纳处理。"
    assert _triples(engine, text) == [("ind_accepted", "QX-301", "2019-08")]


@pytest.mark.parametrize(
    "text",
    [
        "2025年8月,接受QX-301注射液治疗的患者目前病情控制稳定。",
        "2025年8月,一名淋巴瘤患者接受QX-301注射液治疗成功。",
        "2025年8月,医院以QX-301注射液成功治疗一名难治型淋巴瘤患者。",
        "2025年8月,患者接受QX-301注射液后重获新生。",
        "2025年8月,QX-301注射液治疗后患者的疼痛明显减轻。",
        "2025年8月,QX-301注射液的II期试验结果正向,疗效显著优于对照组。",
        "2025年8月,QX-301注射液在脑卒中治疗中展现良好成果。",
    ],
)
def test_hospital_story_outcomes_are_readouts(engine, text):
    assert _triples(engine, text) == [("clinical_result", "QX-301注射液", "2025-08")]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("中岭医院今(10)日宣布,QX-301注射液治疗成功。", "2023-05-10"),
        ("中岭医院昨（9）日宣布,QX-301注射液治疗成功。", "2023-05-09"),
    ],
)
def test_taiwan_s_bracketed_day_is_a_day_of_the_publication_month(engine, text, day):
    assert _triples(engine, text, pub="2023-05-11") == [("clinical_result", "QX-301注射液", day)]


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("急性淋巴性白血病", "急性淋巴细胞白血病"),
        ("瀰漫性大B細胞淋巴癌", "弥漫性大B细胞淋巴瘤"),
        ("退化性關節炎", "骨关节炎"),
        ("膝部骨關節炎", "膝骨关节炎"),
        ("乳癌", "乳腺癌"),
        ("大腸癌", "结直肠癌"),
        ("食道癌", "食管癌"),
        ("慢性腎臟病", "慢性肾脏病"),
        ("小腦萎縮症", "脊髓小脑性共济失调"),
    ],
)
def test_taiwan_s_names_of_diseases(engine, surface, canonical):
    assert _entities(engine, f"该细胞疗法用于治疗{surface}患者。", "indication") == [canonical]


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        # Taiwan writes 间充质 as 间质
        ("医院以自体骨髓间质干细胞治疗脊髓损伤。", ["骨髓间充质干细胞"]),
        ("研究使用脐带间质干细胞与脂肪间质干细胞。", ["脂肪间充质干细胞", "脐带间充质干细胞"]),
        # CAR-T免疫细胞疗法 is one modality
        ("首例健保给付的CAR-T免疫细胞疗法在医院完成。", ["CAR-T细胞"]),
        # a word of an institution's name
        ("作者为国家干细胞转化资源库副主任。", []),
        ("上海干细胞临床转化研究院发布报告。", []),
    ],
)
def test_cell_types_of_this_round(engine, text, cells):
    assert _entities(engine, text, "cell_type") == cells


@pytest.mark.parametrize(
    ("text", "indications"),
    [
        ("湘雅医院儿童血液肿瘤科主任表示。", []),
        ("中华医学会血液学分会白血病淋巴瘤学组发布共识。", []),
        ("白血病细胞侵犯骨髓。", []),
        ("该疗法用于治疗白血病,也用于淋巴瘤。", ["淋巴瘤", "白血病"]),
    ],
)
def test_a_department_society_or_cell_named_after_a_disease_is_no_indication(engine, text, indications):
    assert _entities(engine, text, "indication") == indications


def test_a_wire_report_of_an_announcement_dates_its_undated_milestone_by_the_report_s_day(engine):
    text = "远帆生物(02199.HK)公布,集团开发的QX-301注射液已获国家药品监督管理局批准开展临床试验。"
    assert _triples(engine, text, pub="2024-06-25") == [("ind_approval", "QX-301注射液", "2024-06-25")]


def test_an_undated_milestone_of_an_ordinary_report_keeps_the_month(engine):
    text = "远帆生物开发的QX-301注射液已获国家药品监督管理局批准开展临床试验。"
    assert _triples(engine, text, pub="2024-06-25") == [("ind_approval", "QX-301注射液", "2024-06")]


def test_an_undated_page_s_forecast_is_dated_by_the_report_it_retells(engine):
    text = (
        "干细胞疗法研究报告\n本文的核心观点出自远帆证券于2025年5月29日发布的报告。\n"
        "机构预计到2030年全球干细胞市场规模将达到330亿美元。"
    )
    assert _triples(engine, text, pub=None) == [("market_forecast", None, "2025-05-29")]


def test_an_undated_research_report_s_forecast_is_dated_by_its_cover(engine):
    text = "细胞治疗专题报告\n远帆证券研究发展中心\n2023年6月\n预计2030年全球CAR-T细胞疗法市场规模达218亿美元。"
    assert _triples(engine, text, pub=None) == [("market_forecast", None, "2023-06")]


def test_a_market_s_forecast_sales_are_a_market_forecast(engine):
    text = "2025年8月,机构预计2030年全球CAR-T细胞疗法市场销售额将达218亿美元。"
    assert _triples(engine, text) == [("market_forecast", None, "2025-08")]


def test_a_case_treated_is_a_patient_s_readout_even_unnamed_and_undated(engine):
    text = "该疗法纳入医保后,台湾第一例个案就在中岭医院治疗成功。"
    assert [t for t, _, _ in _triples(engine, text, pub=None)] == ["clinical_result"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024年1月2日,首例健保给付的CAR-T免疫细胞疗法在中岭医院进行。", "2024-01-02"),
        # recalled without a time: undated, not the page's month
        ("健保给付的第一例CAR-T治疗病例也在中岭医院。", None),
    ],
)
def test_the_first_reimbursed_case_is_a_first_use_of_an_unnamed_product(engine, text, date):
    assert ("first_prescription", None, date) in _triples(engine, text, pub="2025-11-15")


def test_a_first_prescription_still_needs_its_product_otherwise(engine):
    assert _triples(engine, "医院开出首张处方。", pub="2025-11-15") == []


def test_a_drug_approval_number_granted_is_the_approval(engine):
    text = "2025年1月2日,QX-301注射液斩获国药准字S20250001。"
    assert _triples(engine, text) == [("drug_approval", "QX-301注射液", "2025-01-02")]


@pytest.mark.parametrize(
    "text",
    [
        "自2017年QX-301注射液获批以来,该疗法已成长为规模可观的市场。",
        "QX-301注射液获批已近半年,但价格才意味着一切。",
        "QX-301注射液上市9个月的销售收入已超过1亿美元。",
    ],
)
def test_the_start_of_a_period_or_the_time_since_an_approval_is_no_approval(engine, text):
    assert [t for t, _, _ in _triples(engine, text)] == []


def test_a_product_launched_after_its_name_in_brackets(engine):
    text = "2021年6月,远帆生物的细胞治疗药品奕远达®(QX-301注射液)上市。"
    assert _triples(engine, text) == [("drug_approval", "QX-301注射液", "2021-06")]


def test_an_approval_followed_by_a_later_clause_on_its_sales_is_still_an_approval(engine):
    text = "2024年3月,QX-301注射液获批上市,上市3个月销售额即超过1亿元。"
    assert _triples(engine, text) == [("drug_approval", "QX-301注射液", "2024-03")]


def test_the_car_t_stem_miswritten_伦赛_is_the_known_product(engine):
    assert _entities(engine, "瑞基奥伦赛注射液获批上市。", "drug") == ["瑞基奥仑赛注射液"]


@pytest.mark.parametrize("text", ["这是一则癌症新闻。", "就是从癌症治疗说起。", "该药用于治疗恶性肿瘤。"])
def test_generic_cancer_is_no_indication_whatever_precedes_it(engine, text):
    assert _entities(engine, text, "indication") == []


@pytest.mark.parametrize(
    "text",
    [
        "2025年9月,QX-301注射液在中国获NDA批准用于治疗银屑病。",
        "2025年9月,QX-301注射液已经通过FDA批准。",
        "2025年9月,QX-301注射液已被英国批准用于治疗镰状细胞病。",
    ],
)
def test_approvals_told_as_an_nda_approved_or_in_the_passive(engine, text):
    assert _triples(engine, text) == [("drug_approval", "QX-301注射液", "2025-09")]


def test_the_first_of_a_kind_of_therapy_approved_unnamed(engine):
    assert _triples(engine, "2024年2月,首个针对实体瘤的细胞治疗获批。") == [("drug_approval", None, "2024-02")]


def test_a_listing_told_by_its_first_day_of_trading_is_a_financing(engine):
    text = "市场表现积极,远帆药业于12月10日上市,首日高开129%。"
    assert _triples(engine, text, pub="2025-12-12") == [("financing", None, "2025-12-10")]


@pytest.mark.parametrize(
    ("text", "hospitals"),
    [
        ("本研究采用双岭医院的数据。", ["双岭医院"]),
        ("位于桃园之长岭医院完成治疗。", ["长岭医院"]),
        ("之江医院完成治疗。", ["之江医院"]),
        ("患者可前往上述医院就诊。", []),
    ],
)
def test_a_hospital_starts_after_the_verb_or_之_before_it(engine, text, hospitals):
    assert _entities(engine, text, "company") == hospitals


def test_taiwan_s_regenerative_medicine_law_passed_is_a_policy_issued(engine):
    text = "再生醫療法三讀通過,遠帆生醫董事長4日表示將受惠。"
    assert [(t, d) for t, d, _ in _triples(engine, text, pub=None)] == [("policy_issued", None)]
    assert _entities(engine, text, "policy") == ["再生医疗法"]


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        ("远帆生技以间质干细胞新药FARCYTE®进行第三期临床试验。", ["FARCYTE"]),
        ("远帆的Farchymal®治疗小脑萎缩症。", ["FARCHYMAL"]),
        # one product, named with the indication it is tried in
        ("远帆的FARCYTE-CKD®治疗慢性肾脏病。", ["FARCYTE"]),
        # a platform or a target after the noun is no product
        ("公司使用药物BCMA靶点。", []),
        ("公司使用Illumina®测序平台。", []),
        # the trade name of the product just named
        ("QX-301注射液已在美国获批上市,商品名为Farvorva®。", ["QX-301注射液"]),
    ],
)
def test_latin_trade_names(engine, text, drugs):
    assert _entities(engine, text, "drug") == drugs


@pytest.mark.parametrize(
    "text",
    [
        "条例对高风险生物医疗新技术的临床研究采取审批制。",
        "加快做强医药健康产业。",
        "市场需求让生物细胞产业处于风口之上。",
        "丽山国际细胞医学产业园医药监管培训活动举行。",
        "突变使线粒体生物呼吸链受损。",
        "全世界约有9000万β地贫基因携带者。",
        "患者三系细胞减低。",
        "中科院生物物理所发布成果。",
    ],
)
def test_a_common_word_before_生物_医药_细胞_基因_in_a_compound_is_no_firm(engine, text):
    assert _entities(engine, text, "company") == []


def test_a_firm_before_生物_is_still_one(engine):
    assert _entities(engine, "星辰生物宣布完成B轮融资。", "company") == ["星辰生物"]


@pytest.mark.parametrize(
    ("lead", "disease"), [("早发性", "帕金森病"), ("家族性", "阿尔茨海默病"), ("晚发性", "帕金森病")]
)
def test_onset_and_family_subtypes_belong_to_the_disease(engine, lead, disease):
    assert _entities(engine, f"该细胞疗法用于治疗{lead}{disease}。", "indication") == [lead + disease]
