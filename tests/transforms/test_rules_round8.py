"""Rules from the eighth round (issue 14): phrasings the opened real-page-style sets showed missed.

Each case is a new text with invented products (QX-301) and firms; none is copied from a gold document.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples
from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def test_an_application_the_regulator_accepted_of_it_refers_to_the_product_before(engine):
    text = (
        "启明基因的QX-301注射液已进入审评后期。2025年9月，国家药监局受理其治疗复发或难治性多发性骨髓瘤的上市申请，"
        "并纳入优先审评；2026年4月，该产品获批上市。"
    )
    assert _triples(engine, text) == [
        ("drug_approval", "QX-301注射液", "2026-04"),
        ("nda_accepted", "QX-301注射液", "2025-09"),
        ("priority_review", "QX-301注射液", "2025-09"),
    ]


def test_a_date_between_the_application_and_its_approval(engine):
    text = "招股书显示，QX-301用于治疗系统性红斑狼疮的临床试验申请于去年10月获国家药监局药品审评中心批准。"
    assert _triples(engine, text) == [("ind_approval", "QX-301", "2025-10")]


def test_a_later_plan_to_file_for_marketing_does_not_make_a_trial_acceptance_a_marketing_one(engine):
    text = "答：QX-301的临床试验申请去年8月获得受理，10月拿到默示许可，我们计划2028年递交上市申请。"
    assert _triples(engine, text) == [
        ("ind_accepted", "QX-301", "2025-08"),
        ("ind_approval", "QX-301", "2025-10"),
    ]


def test_an_accepted_marketing_application_filed_by_a_named_firm_still_counts(engine):
    text = "3月4日，药审中心受理了澜芯生物提交的QX-301注射液的上市申请。"
    assert _triples(engine, text) == [("nda_accepted", "QX-301注射液", "2026-03-04")]


def test_a_firm_named_right_before_its_product_owns_a_later_readout_about_the_firm(engine):
    text = (
        "1. 澜芯生物：QX-301注射液，今年1月获得临床试验默示许可，适应症为膝骨关节炎。\n"
        "2. 启明基因：NV-12注射液，2月收到《药物临床试验批准通知书》，同样用于膝骨关节炎。\n"
        "澜芯生物此前公布过一项研究者发起的研究：24例患者单次注射后6个月，疼痛评分平均下降38%。"
    )
    readouts = [e for e in _events(engine, text) if e.type == "clinical_result"]
    assert [e.drug for e in readouts] == ["QX-301注射液"]


def test_a_readout_after_the_trial_approval_in_the_same_sentence(engine):
    text = (
        "QX-301是一款通用型CAR-NK细胞产品，已于2025年获得国家药监局临床试验默示许可，"
        "在已完成的I期研究中显示出良好的安全性和初步疗效。"
    )
    assert _triples(engine, text) == [("clinical_result", "QX-301", None), ("ind_approval", "QX-301", "2025")]


def test_preclinical_work_before_a_trial_approval_is_no_readout(engine):
    text = "QX-301在临床前研究中显示出良好的安全性，2026年3月获得国家药监局临床试验默示许可。"
    assert _triples(engine, text) == [("ind_approval", "QX-301", "2026-03")]


@pytest.mark.parametrize(
    "readout",
    [
        "入组的8例难治性狼疮患者均在输注后实现无药物缓解。",
        "入组的8例患者SLEDAI-2K评分由输注前的14分降至3分以下，评分显著下降。",
        "共入组180名膝骨关节炎患者，治疗组与对照组相比疼痛改善达到统计学显著差异。",
        "8例患者随访期间均未观察到3级及以上细胞因子释放综合征。",
    ],
)
def test_narrative_readouts_of_remission_scores_significance_and_toxicity(engine, readout):
    text = "澜芯生物的QX-301注射液是一款CD19 CAR-T产品。" + readout
    assert ("clinical_result", "QX-301注射液") in {(e.type, e.drug) for e in _events(engine, text)}


def test_readouts_about_all_patients_or_the_patient_now_carry_the_product_just_named(engine):
    text = (
        "问：QX-301目前的临床数据如何？\n答：我们已经治疗了9例患者，最长随访超过两年。"
        "所有患者在回输后都摆脱了输血依赖，没有出现与治疗相关的严重不良事件。"
    )
    assert _triples(engine, text) == [("clinical_result", "QX-301", None)]
    hospital = "5月3日，我院为一名淋巴瘤患者回输了QX-301注射液。目前患者一般情况良好，未出现严重细胞因子释放综合征。"
    assert ("clinical_result", "QX-301注射液", None) in _triples(engine, hospital)


def test_the_first_product_of_a_kind_approved_at_a_vague_time_of_a_year(engine):
    assert _triples(engine, "答：国内首款干细胞药今年初获批，行业才算真正起步。", pub="2026-09-02") == [
        ("drug_approval", None, "2026")
    ]


def test_a_forecast_is_stated_the_day_its_report_was_released_not_the_day_it_is_retold(engine):
    text = (
        "3月18日，某咨询机构发布《2026中国基因治疗产业蓝皮书》。蓝皮书显示，2025年我国基因治疗市场规模约为40亿元。"
        "预计到2031年，这一市场规模将超过600亿元。"
    )
    assert _triples(engine, text, pub="2026-03-19") == [("market_forecast", None, "2026-03-18")]
    # Without a released report the page states it on its own day.
    plain = "业内预计到2031年，我国基因治疗市场规模将超过600亿元。"
    assert _triples(engine, plain, pub="2026-03-19") == [("market_forecast", None, "2026-03-19")]


def _entities(engine, text: str, pub: str | None = "2026-05-20"):
    return {(x.type, x.canonical) for x in engine.extract(InputDocument(id="x", text=text, published_at=pub)).entities}


@pytest.mark.parametrize(
    "text",
    [
        "据悉，澜岳旗下QX-301注射液已获批上市。",
        "5月9日，澜岳申报的QX-301注射液临床试验申请获得受理。",
        "记者从澜岳获悉，QX-301注射液已完成首例患者给药。",
    ],
)
def test_a_bare_short_name_shown_to_be_a_firm_by_what_it_owns_or_says(engine, text):
    assert ("company", "澜岳") in _entities(engine, text)


@pytest.mark.parametrize("text", ["本集团旗下QX-301注射液已获批上市。", "记者从我院获悉，QX-301注射液已完成首例回输。"])
def test_the_writer_speaking_of_itself_is_no_new_firm(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company"} & {"本集团", "我院"}


def test_an_application_now_in_priority_review_was_taken_in_at_a_time_not_told(engine):
    text = "今年3月，QX-301注射液用于治疗多发性骨髓瘤的上市申请获得受理，目前正处于优先审评阶段。"
    assert _triples(engine, text) == [
        ("nda_accepted", "QX-301注射液", "2026-03"),
        ("priority_review", "QX-301注射液", None),
    ]


def test_an_institution_filing_and_a_project_filing_told_in_one_sentence_are_two_filings(engine):
    text = "据介绍，该院于2024年9月通过国家干细胞临床研究机构备案，并于今年2月完成首个干细胞临床研究项目备案。"
    assert _triples(engine, text) == [("research_filing", None, "2024-09"), ("research_filing", None, "2026-02")]


def test_becoming_a_filed_institution_is_a_filing_though_an_ordinal_is_written(engine):
    text = "2025年12月，南州市第二人民医院成为全省第五家国家干细胞临床研究备案机构。"
    assert _triples(engine, text) == [("research_filing", None, "2025-12")]
    # an ordinal restating a count is still no filing of its own
    assert _triples(engine, "这是南州市第二人民医院完成备案的第3个干细胞临床研究项目。") == []


def test_two_rounds_in_one_sentence_each_with_its_own_date_amount_and_name(engine):
    text = "澜岳生物成立于2019年，2022年完成1亿元A轮融资，2024年完成3亿元B轮融资，累计融资超过5亿元。"
    events = sorted(_events(engine, text), key=lambda e: e.date or "")
    assert [(e.type, e.date, e.round, e.amount.value_cny if e.amount else None) for e in events] == [
        ("financing", "2022", "A轮", 100_000_000),
        ("financing", "2024", "B轮", 300_000_000),
    ]


def test_the_investors_clause_of_a_round_is_no_second_round(engine):
    text = "4月8日，澜岳生物宣布完成2亿元B轮融资，由星河资本领投，老股东继续跟投。"
    events = _events(engine, text)
    assert [(e.type, e.date, e.amount.value_cny if e.amount else None) for e in events] == [
        ("financing", "2026-04-08", 200_000_000)
    ]


@pytest.mark.parametrize(
    "readout",
    [
        "QX-301的中位随访时间为11.5个月，12个月无进展生存率达到81%。",
        "数据表明，QX-301在自身免疫病患者中表现出快速而持久的B细胞清除效果。",
        "接受QX-301治疗的7例视神经脊髓炎谱系疾病患者随访期间均未再复发。",
    ],
)
def test_survival_rates_effects_shown_and_no_relapse_are_readouts(engine, readout):
    assert ("clinical_result", "QX-301") in {(e.type, e.drug) for e in _events(engine, readout)}


@pytest.mark.parametrize(
    "text",
    [
        "临床前研究中，QX-301在小鼠模型中表现出显著的抗肿瘤效果。",
        "QX-301在非人灵长类动物实验中安全性良好。",
    ],
)
def test_work_before_any_patient_is_no_clinical_result(engine, text):
    assert _triples(engine, text) == []


def test_the_time_since_an_approval_is_no_approval(engine):
    text = "获批仅25天，QX-301注射液即在南州开出首张商业化处方。"
    assert [t for t, _d, _w in _triples(engine, text)] == ["first_prescription"]


def test_a_simplified_page_keeps_the_variant_characters_of_its_names(engine):
    text = "澜岳生物的瑞昇赛注射液于2026年3月获批上市。"
    drugs = {x.canonical for x in engine.extract(InputDocument(id="x", text=text)).entities if x.type == "drug"}
    assert drugs == {"瑞昇赛注射液"}
    # A traditional page is converted as a whole, except 昇, which both scripts write only in names
    # (changed in the ninth round: the blind writers keep 瑞昇 on Taiwanese pages too).
    trad = "瀾岳生物的瑞昇賽注射液於2026年3月獲批上市，這是該公司首款獲批產品。"
    found = engine.extract(InputDocument(id="x", text=trad)).entities
    assert {x.canonical for x in found if x.type == "drug"} == {"瑞昇赛注射液"}
    assert {x.canonical for x in found if x.type == "company"} == {"澜岳生物"}


def test_a_foreign_cell_product_named_by_its_inn_stem_has_events_unlike_an_antibody(engine):
    text = "院方表示，该院于11月5日完成首例进口CAR-T细胞产品Ovencel回输，患者联合使用了RITUXIMAB。"
    assert _triples(engine, text, pub="2026-11-08") == [("first_prescription", "OVENCEL", "2026-11-05")]


def test_doses_a_hospital_may_import_are_no_approval(engine):
    text = "院方透露，省药监局于今年10月批准该院进口使用Ovencel，首批共获批5人份。"
    assert [t for t, _d, _w in _triples(engine, text, pub="2026-11-08")] == []


@pytest.mark.parametrize(
    "text",
    [
        "4月9日，血液科为一名淋巴瘤患者回输了QX-301注射液，完成我院首例CAR-T细胞商业化治疗。",
        "4月9日，医院为一名血友病B患者完成首例进口基因治疗产品QX-301注射液回输。",
        "4月9日，医院为一名血友病B患者输注了QX-301注射液，这是该药品在国内的首例临床使用。",
    ],
)
def test_first_uses_told_with_words_in_between(engine, text):
    assert _triples(engine, text, pub="2026-04-12") == [("first_prescription", "QX-301注射液", "2026-04-09")]


def test_a_first_use_restated_after_the_day_of_another_event(engine):
    text = (
        "8月6日，省政府办公厅印发《关于支持细胞治疗产业发展的若干措施》。\n"
        "就在文件印发当天，某医院为一名患者输注了已在欧美获批上市的基因治疗药物QX-301注射液。"
        "院方介绍，这是该药品在国内的首例临床使用。"
    )
    assert ("first_prescription", "QX-301注射液", "2026-08-06") in _triples(engine, text, pub="2026-08-08")


def test_the_same_year_refers_to_the_year_named_earlier_in_the_sentence(engine):
    text = "QX-301注射液今年2月获批上市。回顾历程：该产品上市申请于2024年8月获得受理，同年10月被纳入优先审评。"
    assert ("priority_review", "QX-301注射液", "2024-10") in _triples(engine, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("今天开出首张处方，这距离QX-301注射液获批上市还不到一个月。", ["first_prescription"]),
        ("QX-301注射液从受理到获批用了约六个月。", []),
        ("QX-301注射液从获批到首张处方不到一个月。", []),
    ],
)
def test_the_time_since_or_between_steps_reports_neither(engine, text, types):
    assert [t for t, _d, _w in _triples(engine, text)] == types


def test_a_subscription_of_new_shares_completed_by_the_firm_of_the_headline(engine):
    text = (
        "澜岳医药-B公布，其QX-301注射液获纳入突破性治疗品种。\n"
        "另外，公司同日公布，向某生命科学基金配发新H股的认购事项已于5月18日完成，所得款项总额约人民币1.6亿元。"
    )
    title = "澜岳医药-B QX-301获纳入突破性治疗品种 同步完成配售"
    financing = [e for e in _events(engine, text, title=title, pub="2026-05-19") if e.type == "financing"]
    assert [(e.company, e.date, e.amount.value_cny if e.amount else None) for e in financing] == [
        ("澜岳医药", "2026-05-18", 160_000_000)
    ]


def test_a_rate_given_as_a_figure_is_a_readout_of_the_product_just_named(engine):
    text = "QX-301注射液是一款TIL产品。公司在去年6月的ASCO年会上公布的I期数据显示，客观缓解率为41.2%。"
    assert _triples(engine, text) == [("clinical_result", "QX-301注射液", "2025-06")]


def test_a_data_cutoff_in_the_sentence_before_dates_no_readout(engine):
    text = (
        "12月7日，澜岳生物在ASH年会上公布了QX-301注射液的最新数据。截至2026年9月30日数据截止，共有40例患者接受回输。"
        "客观缓解率为95.0%，完全缓解率为80.0%。"
    )
    assert _triples(engine, text, pub="2026-12-09") == [("clinical_result", "QX-301注射液", "2026-12-07")]


def test_filing_items_written_one_field_per_line_are_one_filing_each(engine):
    text = (
        "现将2026年第一批完成备案的干细胞临床研究项目情况公布如下：\n\n"
        "一、\n项目名称：人脐带间充质干细胞治疗肝硬化的临床研究\n研究机构：南州医科大学附属第一医院\n"
        "主要研究者：陈××\n备案时间：2026年3月28日\n\n"
        "二、\n项目名称：\n自体脂肪间充质干细胞治疗糖尿病足的临床研究\n研究机构：南州市第二人民医院\n"
        "备案时间：2026年4月9日\n\n"
        "截至目前，我省累计已有18个干细胞临床研究项目完成备案。"
    )
    events = _events(engine, text, title="关于公布2026年第一批干细胞临床研究项目备案情况的通知", pub="2026-04-20")
    assert sorted((e.type, e.date, e.company) for e in events) == [
        ("research_filing", "2026-03-28", "南州医科大学附属第一医院"),
        ("research_filing", "2026-04-09", "南州市第二人民医院"),
    ]


def test_a_register_row_broken_over_two_lines_is_read_whole(engine):
    header = "\t".join(["序号", "受理号", "药品名称", "注册申请人", "拟定适应症", "公示日期"])
    text = (
        "以下品种拟纳入优先审评审批程序，现予以公示。\n"
        + header
        + "\n1\tCXSS2600031\tQX-301注射液\t澜岳生物科技（南州）有限公司\t多发性骨髓瘤\t2026-05-08\n"
        + "2\tCXSS2600035\tNV-12注射液\t启明基因科技有限公司\n\t中重度血友病B\t2026-05-08\n"
    )
    events = _events(engine, text, title="关于拟纳入优先审评品种名单的公示", pub="2026-05-08")
    assert sorted((e.type, e.drug, e.date) for e in events) == [
        ("priority_review", "NV-12注射液", "2026-05-08"),
        ("priority_review", "QX-301注射液", "2026-05-08"),
    ]


def test_a_weekly_digest_with_a_table_of_acceptances_and_bulleted_trial_approvals(engine):
    text = (
        "本周CDE共承办细胞治疗产品申请2项，另有2个产品获得临床试验默示许可。\n\n"
        "【一、新受理】\n受理号｜药品名称｜企业名称｜承办日期\n"
        "CXSL2600711｜QX-301注射液｜澜岳生物（南州）有限公司｜2026-07-20\n"
        "CXSS2600059｜NV-12注射液｜启明基因（上海）有限公司｜2026-07-22\n\n"
        "【二、默示许可】\n▸ 日期：2026-07-21\n　品种：HB-N2注射液\n　企业：衡博生物\n　适应症：急性髓系白血病\n"
        "▸ 日期：2026-07-23\n　品种：QC-M1注射液\n　企业：群创生命\n　适应症：膝骨关节炎\n"
    )
    events = _events(engine, text, title="CGT审评速递｜7.20-7.24：4个细胞治疗产品新获受理或默示许可", pub="2026-07-27")
    assert sorted((e.type, e.drug, e.date) for e in events) == [
        ("ind_accepted", "QX-301注射液", "2026-07-20"),
        ("ind_approval", "HB-N2注射液", "2026-07-21"),
        ("ind_approval", "QC-M1注射液", "2026-07-23"),
        ("nda_accepted", "NV-12注射液", "2026-07-22"),
    ]


def test_no_notice_received_is_a_negation(engine):
    text = "截至本公告披露日，公司未收到任何QX-301注射液纳入优先审评审批程序的通知。"
    assert _triples(engine, text) == []


@pytest.mark.parametrize("text", ["香港理大研究為柏金遜症患者帶來新療法。", "慈濟醫院研究以細胞療法治療巴金森氏症。"])
def test_hong_kong_and_taiwan_names_of_parkinsons_disease(engine, text):
    assert ("indication", "帕金森病") in _entities(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "本轮由长岭资本领投，老股东澜川创投超额跟投。",
        "序号｜发行对象名称｜获配金额（元）\n1｜澜川创投｜250,000,000.00\n认购对象均以现金认购本次发行的股份。",
    ],
)
def test_an_investor_before_超额跟投_or_in_a_table_cell(engine, text):
    assert ("company", "澜川创投") in _entities(engine, text)


def test_an_approval_documents_list_with_broken_rows_and_certificate_types(engine):
    sp = "\u3000"
    rows = [
        sp.join(["序号", "受理号", "药品名称", "申请人", "批件类型", "批准日期"]),
        sp.join(["1", "CXSS2600133", "QX-301注射液"]),
        sp * 2 + sp.join(["澜岳生物医药有限公司", "药品注册证书（附条件批准）", "2026-12-16"]),
        sp.join(["2", "CYHS2601022", "盐酸二甲双胍缓释片"]),
        sp * 2 + sp.join(["恒康制药有限公司", "药品注册证书", "2026-12-15"]),
        sp.join(["3", "CXSB2600086", "（补充申请）"]),
        sp * 2 + sp.join(["某生物制药股份有限公司", "药品补充申请批准通知书", "2026-12-15"]),
    ]
    text = "以下药品批准证明文件已制作完成，请申请人领取。\n" + "\n".join(rows)
    events = _events(engine, text, title="药品批准证明文件送达信息", pub="2026-12-18")
    assert sorted((e.type, e.drug, e.date) for e in events) == [
        ("drug_approval", "QX-301注射液", "2026-12-16"),
        ("drug_approval", "盐酸二甲双胍缓释片", "2026-12-15"),
    ]


def test_a_later_clause_without_a_time_of_its_own_restates_the_filing(engine):
    text = "南州市第二人民医院于今年3月完成备案，成为国家干细胞临床研究备案机构。"
    assert _triples(engine, text) == [("research_filing", None, "2026-03")]


def test_a_headline_dated_by_the_page_yields_to_the_bodys_open_date(engine):
    title = "澜岳生物：QX-301注射液上市申请获受理并纳入优先审评"
    text = (
        "公司于2026年8月18日收到国家药监局受理通知，QX-301注射液的上市申请获得受理，"
        "该申请亦同时获纳入优先审评审批程序。"
    )
    assert _triples(engine, text, title=title, pub="2026-08-20") == [
        ("nda_accepted", "QX-301注射液", "2026-08-18"),
        ("priority_review", "QX-301注射液", None),
    ]


def test_a_placing_paid_in_by_a_date_and_the_approval_of_the_plan_is_no_financing(engine):
    text = (
        "证券代码：600999　　证券简称：澜岳生命　　公告编号：临2026-087\n"
        "2026年9月，公司收到中国证监会出具的《关于同意澜岳生命科技股份有限公司向特定对象发行股票注册的批复》。\n"
        "截至2026年12月5日，发行对象已将认购资金全额汇入指定账户，本次发行的募集资金总额为人民币850,000,000.00元。"
    )
    events = _events(engine, text, title="澜岳生命：向特定对象发行A股股票发行情况报告书", pub="2026-12-10")
    assert [(e.type, e.date, e.company) for e in events] == [("financing", "2026-12-05", "澜岳生命")]


def test_an_intended_use_is_no_hedge_and_an_application_awaiting_acceptance_is_not_accepted(engine):
    text = "QX-301注射液拟用于治疗肝衰竭，其临床试验申请已于2026年3月获得国家药监局受理。"
    assert _triples(engine, text) == [("ind_accepted", "QX-301注射液", "2026-03")]
    waiting = "另一款候选产品NV-12拟用于急性呼吸窘迫综合征，相关临床试验申请已递交国家药监局，尚待受理。"
    assert _triples(engine, waiting) == []


def test_a_firm_that_developed_a_product_reports_its_results_later_in_the_story(engine):
    text = (
        "今年4月，澜岳医药研发的QX-301注射液获国家药监局批准上市。回看审评历程，2025年7月其上市申请获受理。"
        "同年12月，澜岳医药在ASH年会上公布了III期注册研究的结果，患者单次给药后年化出血次数较基线大幅减少。"
    )
    assert ("clinical_result", "QX-301注射液", "2025-12") in _triples(engine, text)


def test_a_policy_is_dated_by_the_signing_day_its_sentence_gives(engine):
    text = "日前，南州市人民政府办公室印发《南州市促进细胞治疗产业发展行动方案》，文件落款日期为10月27日。"
    assert [(t, w) for t, _d, w in _triples(engine, text, pub="2026-10-30")] == [("policy_issued", "2026-10-27")]


def test_a_reward_for_those_who_completed_a_filing_is_no_filing(engine):
    text = "二是支持医疗机构开展干细胞临床研究，对完成国家干细胞临床研究项目备案的，按每个项目给予最高200万元奖励。"
    assert _triples(engine, text) == []


def test_this_infusion_is_the_first_restates_the_infusion_told_earlier_in_the_paragraph(engine):
    text = (
        "7月3日上午，一名19岁的患者接受了QX-301注射液的首次输注。这名患者去年底在我院接受移植，属于典型的难治病例。"
        "此次输注是该药上市以来我院完成的首例商业化用药。"
    )
    assert _triples(engine, text, pub="2026-07-09") == [("first_prescription", "QX-301注射液", "2026-07-03")]


def test_a_description_in_brackets_after_a_code_is_that_product_whatever_it_holds(engine):
    text = "XG-301注射液（自体CD34+造血干细胞基因修饰注射液）拟纳入优先审评。"
    found = _entities(engine, text)
    assert {c for t, c in found if t == "drug"} == {"XG-301注射液"}
    assert not {c for t, c in found if t == "cell_type"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月5日，QX-301注射液上市申请进入优先审评通道。", [("priority_review", "QX-301注射液", "2026-06-05")]),
        (
            "CDE官网显示，QX-301注射液被列入拟优先审评品种名单，拟定适应症为多发性骨髓瘤。",
            [("priority_review", "QX-301注射液", "2026-06")],
        ),
        (
            "6月5日，药审中心公示，QX-301注射液拟被纳入突破性治疗品种。",
            [("breakthrough_therapy", "QX-301注射液", "2026-06-05")],
        ),
        (
            "6月5日，QX-301注射液的上市申请被纳入优先审评，有望于年内获批。",
            [("priority_review", "QX-301注射液", "2026-06-05")],
        ),
        (
            "QX-301注射液已先后获得突破性治疗药物认定和优先审评资格。",
            [("breakthrough_therapy", "QX-301注射液", None), ("priority_review", "QX-301注射液", None)],
        ),
    ],
)
def test_designations_entered_listed_proposed_or_told_as_a_history(engine, text, expected):
    assert _triples(engine, text, pub="2026-06-10") == expected


def test_an_application_taken_on_by_承办_is_an_acceptance(engine):
    text = "澜岳生物递交的QX-301注射液上市申请已于5月13日获得CDE承办。"
    assert _triples(engine, text) == [("nda_accepted", "QX-301注射液", "2026-05-13")]


def test_what_follows_a_round_is_no_round(engine):
    assert _triples(engine, "本轮融资完成后，澜岳生物估值超过50亿元。") == []
    text = "澜岳生物完成3亿元B轮融资，本轮融资完成后，公司估值超过50亿元。"
    assert [(e.type, e.amount.value_cny if e.amount else None) for e in _events(engine, text)] == [
        ("financing", 300_000_000)
    ]


def test_a_law_passed_by_a_standing_committee_on_a_day(engine):
    text = "南州省人民代表大会常务委员会第十次会议于5月29日通过《南州省细胞治疗产业促进条例》。"
    assert _triples(engine, text) == [("policy_issued", None, "2026-05-29")]


def test_a_market_said_to_reach_a_size_is_a_forecast(engine):
    assert _triples(engine, "据测算，到2031年全球细胞治疗市场有望突破500亿美元。", pub="2026-06-10") == [
        ("market_forecast", None, "2026-06-10")
    ]
    # a past size is a statistic
    assert _triples(engine, "2025年全球细胞治疗市场达到180亿美元。", pub="2026-06-10") == []


def test_a_market_index_is_no_firm(engine):
    found = _entities(engine, "上周申万医药生物指数上涨1.84%，跑赢沪深300指数。")
    assert not {c for t, c in found if t == "company"}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("台灣衛福部食藥署昨（9）日核准QX-301細胞治療產品有條件上市。", "2026-06-09"),
        ("瀾岳生技的QX-301今年3月取得衛福部附款許可，用於治療膝關節軟骨缺損。", "2026-03"),
    ],
)
def test_taiwans_approvals_核准上市_and_附款许可(engine, text, date):
    assert _triples(engine, text, pub="2026-06-10") == [("drug_approval", "QX-301", date)]


def test_a_count_of_taiwans_conditional_licences_is_no_approval(engine):
    assert _triples(engine, "依據再生醫療雙法，衛福部已核准3件細胞治療產品附款許可。", pub="2026-06-10") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("经审核，南州医院的“间充质干细胞治疗肝衰竭”临床研究项目已于5月20日备案。", "2026-05-20"),
        ("2026年5月，南州医院干细胞临床研究机构通过国家卫生健康委、国家药监局备案。", "2026-05"),
    ],
)
def test_filings_told_without_a_verb_or_before_two_regulators(engine, text, date):
    assert [(t, w) for t, _d, w in _triples(engine, text)] == [("research_filing", date)]


def test_one_patients_outcome_weeks_after_the_infusion_is_undated_a_cohorts_is_not(engine):
    story = "5月18日，我院为一名淋巴瘤患者回输了QX-301注射液。患者输注后第28天复查，达到完全缓解。"
    assert ("clinical_result", "QX-301注射液", None) in _triples(engine, story)
    study = (
        "5月18日，澜岳医院团队在国际期刊发表了QX-301注射液治疗狼疮的研究成果。"
        "结果显示，在中位随访11个月时，9例患者全部达到狼疮低疾病活动度。"
    )
    assert ("clinical_result", "QX-301注射液", "2026-05-18") in _triples(engine, study)


def test_a_filings_english_and_chinese_names_on_consecutive_lines_are_one_firm(engine):
    text = "Lanyue Biotherapeutics Co., Ltd.\n澜岳生物股份有限公司\n（于中华人民共和国注册成立的股份有限公司）"
    assert {c for t, c in _entities(engine, text) if t == "company"} == {"澜岳生物"}


def test_products_approved_one_after_another_are_background(engine):
    text = "阿基仑赛注射液、瑞基奥仑赛注射液和伊基奥仑赛注射液等产品相继获批，但实际治疗患者数量一直不多。"
    assert _triples(engine, text) == []


def test_an_acceptance_before_the_time_it_took_to_approval(engine):
    text = (
        "QX-301注射液今年1月获批上市。该产品的上市许可申请2024年10月获得受理，"
        "去年3月被纳入优先审评，从受理到获批用时约15个月。"
    )
    assert _triples(engine, text, pub="2026-01-20") == [
        ("drug_approval", "QX-301注射液", "2026-01"),
        ("nda_accepted", "QX-301注射液", "2024-10"),
        ("priority_review", "QX-301注射液", "2025-03"),
    ]


def test_a_product_approved_last_september_first_used_on_a_day(engine):
    text = "另据了解，澜岳生物去年9月获批的QX-301注射液已于1月13日在上海完成首批商业化患者回输。"
    assert _triples(engine, text, pub="2026-01-20") == [
        ("drug_approval", "QX-301注射液", "2025-09"),
        ("first_prescription", "QX-301注射液", "2026-01-13"),
    ]


def test_a_page_with_two_tables_each_led_by_what_its_records_are(engine):
    sp = "\u3000"
    text = (
        "根据有关规定，以下品种拟纳入突破性治疗药物程序，现予以公示。\n"
        + sp.join(["序号", "受理号", "药品名称", "申请人", "拟定适应症", "公示日期"])
        + "\n"
        + sp.join(["1", "CXSL2600278", "QX-301注射液", "澜岳生物科技有限公司", "胶质母细胞瘤", "2026-10-28"])
        + "\n\n拟优先审评品种公示\n以下注册申请拟纳入优先审评审批程序，现予以公示。\n"
        + sp.join(["序号", "受理号", "药品名称", "企业名称", "拟定适应症", "公示日期"])
        + "\n"
        + sp.join(["1", "CXSS2600240", "NV-12注射液", "启明基因科技有限公司", "滤泡性淋巴瘤", "2026-10-28"])
    )
    title = "突破性治疗公示（2026年第41批）及拟优先审评品种公示"
    assert _triples(engine, text, title=title, pub="2026-10-28") == [
        ("breakthrough_therapy", "QX-301注射液", "2026-10-28"),
        ("priority_review", "NV-12注射液", "2026-10-28"),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("QX-301（通用名：泽沃基奥仑赛注射液）获批上市。", "泽沃基奥仑赛注射液"),
        ("KQ-2205（即阿基仑赛注射液）获批上市。", "阿基仑赛注射液"),
    ],
)
def test_a_name_in_brackets_after_a_code_is_read_as_a_name_not_a_description(engine, text, name):
    assert name in {c for t, c in _entities(engine, text) if t == "drug"}


@pytest.mark.parametrize(
    "text",
    [
        "QX-301注射液此前被纳入优先审评，并于2025年5月获批上市。",
        "QX-301注射液的上市申请被纳入优先审评，于2025年5月获批上市。",
    ],
)
def test_a_later_steps_date_is_not_an_earlier_undated_steps(engine, text):
    assert _triples(engine, text) == [
        ("drug_approval", "QX-301注射液", "2025-05"),
        ("priority_review", "QX-301注射液", None),
    ]


def test_a_general_claim_about_patients_is_no_readout(engine):
    text = "QX-301注射液今年2月获批上市。这一疗法显著改善了患者的生存质量。"
    assert [t for t, _d, _w in _triples(engine, text)] == ["drug_approval"]


@pytest.mark.parametrize(
    ("text", "pub", "date"),
    [
        ("澜岳细胞上周五（19日）公布，其QX-301注射液已取得临床试验默示许可。", "2026-09-24", "2026-09-19"),
        ("澜岳细胞本周一（3日）公布，其QX-301注射液已取得临床试验默示许可。", "2026-08-05", "2026-08-03"),
    ],
)
def test_a_weekday_with_its_day_in_brackets(engine, text, pub, date):
    assert _triples(engine, text, pub=pub) == [("ind_approval", "QX-301注射液", date)]


def test_a_named_product_on_a_new_list_is_designated_a_count_on_it_is_not(engine):
    text = "11月3日，CDE官网公示新一批拟纳入突破性治疗品种名单，澜岳生物的QX-301在列。"
    assert _triples(engine, text, pub="2026-11-05") == [("breakthrough_therapy", "QX-301", "2026-11-03")]
    count = "上周CDE公示新一批拟纳入突破性治疗品种名单，共有40款创新药入选。"
    assert _triples(engine, count, pub="2026-11-05") == []


def test_an_acceptance_is_dated_by_the_day_its_sentence_labels(engine):
    text = (
        "8月4日晚间，澜岳生物公告，公司近日收到国家药监局签发的《受理通知书》，"
        "QX-301注射液上市许可申请获得受理，受理号为CXSS2600301，受理日期为2026年8月1日。"
    )
    assert _triples(engine, text, pub="2026-08-05") == [("nda_accepted", "QX-301注射液", "2026-08-01")]


def test_no_such_designation_exists_is_a_negation(engine):
    text = "QX-301目前处于Ⅱ期临床阶段，尚未提交上市许可申请，亦不存在被纳入优先审评或突破性治疗品种的情况。"
    assert _triples(engine, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("QX-301今年4月已取得美國FDA同意進行第二期臨床試驗。", ("ind_approval", "QX-301", "2026-04")),
        ("另一項產品QX-302的查驗登記申請已於5月獲衛福部食藥署受理。", ("nda_accepted", "QX-302", "2026-05")),
    ],
)
def test_taiwans_consent_to_a_phase_two_trial_and_registration_application(engine, text, expected):
    assert _triples(engine, text, pub="2026-06-20") == [expected]


def test_a_speaker_before_the_results_and_a_day_in_brackets_date_the_readout(engine):
    text = (
        "澜岳生技今(20)日宣布，旗下新药QX-301的第二期临床试验已完成期中分析。"
        "公司表示，初步结果显示，QX-301整体安全性及耐受性良好。"
    )
    assert _triples(engine, text, pub="2026-06-20") == [("clinical_result", "QX-301", "2026-06-20")]


def test_a_dated_approval_before_what_followed_it_is_an_approval(engine):
    text = "澜岳生物宣布，公司QX-301注射液于今年9月获国家药监局批准上市后，首张商业化处方已于10月14日开出。"
    assert _triples(engine, text, pub="2026-10-16") == [
        ("drug_approval", "QX-301注射液", "2026-09"),
        ("first_prescription", "QX-301注射液", "2026-10-14"),
    ]
    # undated, "after approval" only introduces what follows
    assert _triples(engine, "QX-301注射液获批上市后，公司将加快商业化。") == []


def test_the_product_just_named_approved_at_a_time(engine):
    text = "12月7日，澜岳生物公布了QX-301注射液的24个月随访数据。该产品今年9月刚在国内获批。"
    assert ("drug_approval", "QX-301注射液", "2026-09") in _triples(engine, text, pub="2026-12-09")


def test_a_claim_the_sentence_denies_is_no_event(engine):
    text = "部分自媒体将QX-301的壁报解读为“已获FDA突破性疗法认定”，经记者求证，公司称该说法并无依据。"
    assert _triples(engine, text) == []


def test_an_approval_as_an_attribute_of_a_first_prescription_is_no_approval(engine):
    text = "7月8日，某医院开具了QX-301注射液处方。这是澜岳药业该产品获批上市后的全国首张处方。"
    assert [t for t, _d, _w in _triples(engine, text)] == ["first_prescription"]


def test_a_forecast_made_in_a_talk_the_sentence_before_dates(engine):
    text = (
        "“审批提速、支付破冰。”在7月12日举行的细胞治疗产业论坛上，一位分析师这样概括行业现状。"
        "他在演讲中预计，到2030年中国干细胞治疗市场规模有望超过2000亿元。"
    )
    assert _triples(engine, text, pub="2026-07-14") == [("market_forecast", None, "2026-07-12")]


def test_a_vague_time_before_dates_no_forecast_that_follows(engine):
    text = (
        "多家研究机构近期发布的测算显示，中国干细胞治疗市场正处于快速扩张期。"
        "其中，某咨询机构预计，到2030年中国干细胞治疗市场规模将超过2000亿元。"
    )
    assert _triples(engine, text, pub="2026-11-18") == [("market_forecast", None, "2026-11-18")]


def test_a_project_record_page_with_its_filing_date_on_a_line(engine):
    text = (
        "项目名称：脐带间充质干细胞治疗糖尿病足的临床研究\n备案机构：南州医科大学附属医院\n"
        "备案状态：已备案\n备案日期：2026-08-26\n"
    )
    assert _triples(engine, text, title="干细胞临床研究项目备案信息公示", pub="2026-09-10") == [
        ("research_filing", None, "2026-08-26")
    ]


def test_a_step_told_inside_a_reference_is_dated_there(engine):
    text = (
        "11月7日，我院申报的干细胞临床研究项目顺利通过备案。"
        "这是继2018年我院成为国家干细胞临床研究备案机构之后，我院获批的第三个备案项目。"
    )
    assert sorted(w or "" for _t, _d, w in _triples(engine, text, pub="2026-11-12")) == ["2018", "2026-11-07"]


def test_a_forecast_dated_by_the_release_of_a_report_with_an_edition_in_its_title(engine):
    text = (
        "11月4日发布的《中国干细胞产业发展蓝皮书（2026）》显示，2025年我国干细胞医疗市场规模约为820亿元；"
        "报告预计，到2030年该市场规模将超过3000亿元。"
    )
    assert _triples(engine, text, pub="2026-11-05") == [("market_forecast", None, "2026-11-04")]


def test_a_fiscal_years_label_dates_nothing(engine):
    text = (
        "公司2025年度向特定对象发行A股股票事项已实施完毕，本次发行募集资金总额为人民币6.5亿元，"
        "新增股份已于2026年4月办理完毕登记托管手续。"
    )
    events = _events(engine, text, title="澜岳生物：2026年半年度报告摘要", pub="2026-08-29")
    assert [(e.type, e.date) for e in events if e.type == "financing"] == [("financing", "2026-04")]


def test_a_step_done_on_a_date_stands_before_a_risk_clause(engine):
    text = (
        "QX-301注射液的临床试验申请已于2025年12月获得受理，截至本报告披露日尚在审评中，"
        "能否获得临床试验许可存在不确定性。"
    )
    assert _triples(engine, text) == [("ind_accepted", "QX-301注射液", "2025-12")]
    risk = "药品从获得临床试验许可到获批上市需要经过多个环节，能否获批上市存在不确定性。"
    assert _triples(engine, risk) == []


@pytest.mark.parametrize(
    "text",
    [
        "研究方案已获医院伦理委员会批准。",
        "文件鼓励省内三级医院开展细胞治疗临床研究。",
        "投资者应关注具备医院准入能力的公司。",
    ],
)
def test_words_of_the_sentence_before_医院_are_no_hospital(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company"}
