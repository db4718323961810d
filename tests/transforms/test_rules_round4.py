"""Rules from the fourth real-text round (issue 14): errors seen on the dev pages of batches o–q.

Each case is a new sentence modelled on a phrasing seen there, with invented products (QR-17) and firms.
"""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _events(engine, text: str, pub: str | None = "2026-05-20") -> list:
    return engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub)).events


def _companies(engine, text: str) -> set[str]:
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    return {e.canonical for e in result.entities if e.type == "company"}


@pytest.mark.parametrize(
    "text",
    [
        # one named patient, the product unnamed
        "近日，滨江大学附属第一医院血液科团队用自体CAR-T细胞为一名难治性重症肌无力患者进行治疗，患者症状完全消失。",
        # counted trial subjects
        "在该院牵头的临床试验中，5 名受试患者均实现完全缓解。",
        # a share with its counts in brackets
        "结果显示，12周后约80%的患者（12/15）病情明显缓解。",
        # the overall response rate of a counted cohort
        "研究共治疗了20例复发难治性多发性骨髓瘤患者，总反应率为85.0%。",
    ],
)
def test_a_readout_about_particular_patients_is_a_clinical_result_without_a_named_product(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text, pub=None)] == [("clinical_result", None)]


def test_a_therapy_praised_in_general_is_no_clinical_result(engine):
    text = "CAR-T疗法已在部分血液肿瘤中展现出显著疗效，部分患者实现长期生存。"
    assert [e.type for e in _events(engine, text, pub=None)] == []


def test_a_readout_about_trial_subjects_belongs_to_the_product_just_named(engine):
    text = "QR-17注射液获得国家药监局临床试验默示许可。在此前开展的研究者发起试验中，入组的6例受试者均达到完全缓解。"
    assert ("clinical_result", "QR-17注射液") in [(e.type, e.drug) for e in _events(engine, text)]


@pytest.mark.parametrize(
    "text",
    ["结果初步显示，QR-17治疗重症患者安全、有效。", "QR-17目前正在进行I期临床收案，安全性数据表现佳。"],
)
def test_preliminary_results_and_safety_that_looks_good_are_readouts(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("clinical_result", "QR-17")]


def test_an_acceptance_far_from_its_application_and_priority_review_written_as_审查(engine):
    text = (
        "国家药品监督管理局已于2024年3月受理审查某某生物将QR-17用作复发难治性弥漫性大B细胞淋巴瘤（“DLBCL”）"
        "三线疗法的新药上市申请，并于2024年6月授予新药申请优先审查资格。"
    )
    assert [(e.type, e.drug, e.date) for e in _events(engine, text)] == [
        ("nda_accepted", "QR-17", "2024-03"),
        ("priority_review", "QR-17", "2024-06"),
    ]


def test_an_agency_accepting_a_marketing_application_is_no_approval(engine):
    text = "欧洲药品管理局已经接受关于申请批准QR-17用于治疗复发难治性多发性骨髓瘤成人患者的上市许可申请。"
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("nda_accepted", "QR-17")]


def test_an_approval_sought_is_no_approval(engine):
    text = "公司已向欧洲药品管理局提交上市许可申请，以寻求批准将QR-17用于治疗复发难治性多发性骨髓瘤患者。"
    assert [e.type for e in _events(engine, text)] == []


def test_ind_certificates_for_two_indications_are_two_ind_approvals(engine):
    text = "目前，QR-17已在中国获得B-ALL和B-NHL两项IND批件。"
    assert sorted((e.type, e.indication) for e in _events(engine, text)) == [
        ("ind_approval", "B细胞急性淋巴细胞白血病"),
        ("ind_approval", "B细胞非霍奇金淋巴瘤"),
    ]


def test_the_date_of_a_reference_point_after_继_dates_nothing_later_in_the_sentence(engine):
    text = "继QR-17在2023年获得IND后，公司已完成12例患者的I期临床试验，显示出良好的安全性。"
    dates = [e.date for e in _events(engine, text) if e.type == "clinical_result"]
    assert dates
    assert "2023" not in dates


def test_a_semicolon_or_lost_registered_mark_inside_brackets_ends_no_sentence(engine):
    text = (
        "某某生物收到国家药监局关于同意QR-17注射液（商品名：安瑞达?；以下简称“该产品”）"
        "用于治疗成人大B细胞淋巴瘤开展临床试验的批准。"
    )
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("ind_approval", "QR-17注射液")]


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("患者在首都医科大学附属北京地坛医院接受治疗。", "北京地坛医院"),
        ("患者在浙江大学医学院附属第一医院接受治疗。", "浙江大学医学院附属第一医院"),
        ("患者在上海交通大学医学院附属瑞金医院接受治疗。", "瑞金医院"),
        ("患者在中国人民解放军总医院接受治疗。", "解放军总医院"),
        ("患者在首都医科大学附属北京天坛医院接受治疗。", "北京天坛医院"),
        ("患者在海军军医大学第二附属医院接受治疗。", "上海长征医院"),
        ("该研究由浙大二院牵头。", "浙江大学医学院附属第二医院"),
        ("该研究由天津第一中心医院牵头。", "天津市第一中心医院"),
    ],
)
def test_a_hospital_is_named_by_its_own_common_name(engine, text, hospital):
    assert hospital in _companies(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "目前，QR-17已在中国获得临床试验默示许可。",
        "前期已开展的探索性研究数据显示，QR-17治疗的受试者临床获益显著。",
        "根据公司早先发布的消息，QR-17治疗的患儿安全性良好，已顺利出院。",
    ],
)
def test_a_state_or_an_earlier_step_without_a_date_takes_no_publication_date(engine, text):
    dated = [(e.type, e.date) for e in _events(engine, text)]
    assert dated
    assert all(date is None for _, date in dated)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("細胞療法廠商長聖生技宣布其CAR-T療法獲准進行臨床一期試驗。", "长圣国际"),
        ("早在2018年，Juno的CD19 CAR-T就已进入关键试验。", "百时美施贵宝"),
        ("弗特克斯生物制药公司与合作方共同开发了这款基因编辑疗法。", "Vertex"),
        ("本轮融资由红杉资本领投。", "红杉中国"),
    ],
)
def test_groups_are_known_by_their_subsidiaries_and_local_names(engine, text, company):
    assert company in _companies(engine, text)


def test_holdings_before_an_ipo_are_no_financing(engine):
    text = "IPO前，某某资本持有QR生物25.22%股份，某某控股持股13.73%。"
    assert [e.type for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "经过治疗，这名患者体内的肿瘤明显缩小，仍在随访中。",
        "回输一个月后，该名患者的骨髓MRD检测转为阴性。",
        "治疗三个月后，这名患者已脱离输血，血红蛋白保持稳定。",
        "接受治疗后，王女士的病情明显好转，已经可以下床行走。",
        "小宇（化名）在治疗后重新站立，运动功能明显恢复。",
    ],
)
def test_outcomes_a_hospital_story_tells_are_clinical_results(engine, text):
    assert [e.type for e in _events(engine, text, pub=None)] == ["clinical_result"]


def test_a_date_that_starts_a_period_in_its_own_clause_dates_no_readout(engine):
    text = "该院自2016年成立细胞治疗团队以来持续探索，首位接受QR-17治疗的患者已脱离输血依赖18个月。"
    dates = [e.date for e in _events(engine, text, pub=None) if e.type == "clinical_result"]
    assert dates == [None]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("园区聚集了一批细胞企业，如成都某某生物科技有限公司等。", "如成都某某生物"),
        ("家属曾专程赶到医院询问治疗方案。", "曾专程赶到医院"),
        ("当时医院还没有开展这项治疗。", "当时医院"),
        ("香港的公私营医院均可转介患者。", "公私营医院"),
        ("患者被转入一家三级肿瘤专科医院。", "三级肿瘤专科医院"),
    ],
)
def test_a_function_word_or_a_kind_of_hospital_is_not_part_of_a_name(engine, text, wrong):
    assert wrong not in _companies(engine, text)


def test_issuing_the_title_of_the_previous_sentence_while_citing_the_procedure_followed(engine):
    text = (
        "为规范细胞治疗产品的药学研究，药审中心组织制定了《某某细胞治疗产品药学研究技术指导原则（试行）》（见附件）。\n"
        "根据《国家药监局综合司关于印发药品技术指导原则发布程序的通知》要求，经国家药品监督管理局审查同意，现予发布，"
        "自发布之日起施行。\n特此通告。\n国家药监局药审中心\n2026年3月2日"
    )
    events = [(e.type, e.policy, e.date) for e in _events(engine, text)]
    assert events == [("policy_issued", "某某细胞治疗产品药学研究技术指导原则（试行）", "2026-03-02")]


@pytest.mark.parametrize(
    "text",
    [
        "这名患者在试验中明显获益，原先的多处转移灶只剩下一处。",
        "专家表示，首例患者的造血干细胞移植手术取得了初步成功。",
        "团队为首名骨髓瘤患者进行了CAR-T治疗，取得显著的疗效，且未出现严重并发症。",
    ],
)
def test_benefit_success_and_no_serious_complications_are_readouts(engine, text):
    assert [e.type for e in _events(engine, text, pub=None)] == ["clinical_result"]


def test_a_named_product_launched_is_an_approval_but_not_after_its_launch(engine):
    launched = _events(engine, "今年1月份，我国首款干细胞治疗药品QR-17注射液上市。")
    assert [(e.type, e.drug, e.date) for e in launched] == [("drug_approval", "QR-17注射液", "2026-01")]
    assert list(_events(engine, "QR-17注射液上市后，公司将加快商业化进程。")) == []


@pytest.mark.parametrize(
    "text",
    [
        "公司自主研发的候选新药QR-17获药品审评中心批准，进入确证性Ⅱ期临床试验。",
        "QR-17人體臨床一期試驗已獲美國FDA核准。",
    ],
)
def test_entering_a_phase_and_a_taiwanese_核准_are_ind_approvals(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("ind_approval", "QR-17")]


def test_the_first_prescription_of_a_one_product_page_is_that_product(engine):
    text = "QR-17注射液是一款干细胞药品。2026年3月，某某医院开出处方单——这是全国首张干细胞药物处方。"
    assert ("first_prescription", "QR-17注射液", "2026-03") in [(e.type, e.drug, e.date) for e in _events(engine, text)]


@pytest.mark.parametrize(
    ("text", "indication"),
    [
        ("干细胞治疗新冠肺炎患者的研究获批。", "新型冠状病毒肺炎"),
        ("该疗法用于治疗退化性膝关节炎。", "膝骨关节炎"),
        ("该药物用于杜氏肌营养不良患者。", "杜氏肌营养不良症"),
        ("该团队长期研究血液瘤的细胞治疗。", "血液肿瘤"),
    ],
)
def test_indication_synonyms_take_the_standard_name(engine, text, indication):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert indication in {e.canonical for e in result.entities if e.type == "indication"}


def test_fund_houses_as_cornerstone_investors_are_known(engine):
    text = "基石投资者包括易方达基金、睿远基金和高瓴资本。"
    assert {"易方达基金", "睿远基金", "高瓴资本"} <= _companies(engine, text)


@pytest.mark.parametrize(
    ("text", "indication", "wrong"),
    [
        ("研究显示干细胞可减少糖尿病患者对胰岛素的需求。", "糖尿病", "干细胞可减少糖尿病"),
        ("这项技术有望解决阿尔兹海默症的治疗难题。", "阿尔茨海默病", "解决阿尔兹海默症"),
        ("CT041胃癌适应症的确证性试验已经启动。", "胃癌", "CT041胃癌"),
        ("细胞疗法正在改变中国癌症患者的治疗格局，尤其是淋巴瘤。", "淋巴瘤", "中国癌症"),
    ],
)
def test_a_verb_a_country_or_a_code_before_a_disease_is_not_part_of_it(engine, text, indication, wrong):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    found = {e.canonical for e in result.entities if e.type == "indication"}
    assert indication in found
    assert wrong not in found


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        ("患者先后使用泰它西普及利妥昔单抗治疗。", {"泰它西普", "利妥昔单抗"}),
        ("清淋方案为氟达拉滨和环磷酰胺。", {"氟达拉滨", "环磷酰胺"}),
        ("既往接受多柔比星、异环磷酰胺、达卡巴嗪和曲贝替定治疗。", {"多柔比星", "异环磷酰胺", "达卡巴嗪", "曲贝替定"}),
        ("患者口服他克莫司和溴吡斯的明，并联合索拉非尼。", {"他克莫司", "溴吡斯的明", "索拉非尼"}),
    ],
)
def test_conditioning_and_comparator_drugs_are_found_by_their_stems_one_name_each(engine, text, drugs):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert {e.canonical for e in result.entities if e.type == "drug"} == drugs


@pytest.mark.parametrize("text", ["多巴胺能神经元细胞治疗帕金森病。", "国产单抗类药物加速出海。"])
def test_dopamine_and_a_class_of_antibodies_are_no_drugs(engine, text):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert [e for e in result.entities if e.type == "drug"] == []


def test_a_traditional_alias_matches_the_simplified_view(engine):
    # companies.tsv lists 蘇大附屬第二醫院 as an alias; the view the tagger scans is simplified
    assert "苏州大学附属第二医院" in _companies(engine, "患者在蘇大附屬第二醫院接受治療。")


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("荣昌生物公布了年度业绩。", "荣昌生物"),
        ("讯联生技宣布脐带血库业务增长。", "讯联生技"),
        ("Allogene公布了异体CAR-T的最新数据。", "Allogene Therapeutics"),
    ],
)
def test_listed_biotechs_at_home_in_taiwan_and_abroad_are_known(engine, text, company):
    assert company in _companies(engine, text)


def test_a_list_of_products_already_on_the_market_reports_no_approval(engine):
    text = "目前已上市的同靶点产品包括某某公司的QR-17注射液（2021年6月获批上市）和QR-18注射液（2021年9月获批上市）。"
    assert [e.type for e in _events(engine, text)] == []


def test_再生医疗_is_a_field_not_a_taiwanese_firm_ending_in_生医(engine):
    assert _companies(engine, "新法让再生医疗产品有了上市路径，也为再生医疗提供了依据。") == set()
    assert "台宝生医" in _companies(engine, "台宝生医宣布完成新一轮融资。")


def test_a_foreign_hospital_is_named_without_its_country(engine):
    assert _companies(engine, "德国雷根斯堡大学医院主导了这项研究。") == {"雷根斯堡大学医院"}


def test_a_forecast_year_in_a_later_clause_dates_no_milestone(engine):
    text = "公司核心品种QR-17注射液的NDA获国家药监局受理，业绩有望加速增长，我们预计公司2027年收入为3.6亿元。"
    assert [(e.type, e.date) for e in _events(engine, text, pub=None) if e.type == "nda_accepted"] == [
        ("nda_accepted", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "国内首例接受该细胞治疗的淋巴瘤患者顺利出院。",
        "移植后第13天，这名患儿的粒细胞成功植入，重建造血功能。",
        "这份脐带血首先用于救治患再生障碍性贫血的妹妹，移植获得了成功。",
    ],
)
def test_a_transplant_story_ends_in_a_clinical_result(engine, text):
    assert [e.type for e in _events(engine, text, pub=None)] == ["clinical_result"]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("小妮经湘雅三医院专家组评估，达到临床治愈标准。", "湘雅三医院"),
        ("这更标志着湘雅三医院的技术走在前列。", "湘雅三医院"),
    ],
)
def test_a_hospital_name_leaves_out_the_verb_before_it(engine, text, company):
    assert _companies(engine, text) == {company}


def test_患有_and_不同类型_are_not_part_of_a_disease(engine):
    text = "团队已为60名患有不同类型血癌的患者进行治疗，其中一名患者患有白血病。"
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert {e.canonical for e in result.entities if e.type == "indication"} == {"血液肿瘤", "白血病"}


@pytest.mark.parametrize(
    "text",
    ["发布者:fsjc68 2024-09-09 浏览:12", "本研究受关键技术研究基金( GJJS-2022-6-1)资助。"],
)
def test_a_user_name_or_a_grant_number_is_no_product_code(engine, text):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert [e for e in result.entities if e.type == "drug"] == []


def test_titles_listed_after_分别是_are_what_the_verb_issued(engine):
    text = (
        "2026年2月23日，某开发区发布新政，此次共印发2份文件，"
        "分别是《某开发区促进细胞治疗产业发展的若干措施》《某开发区生物医药人才支持办法》。"
    )
    events = sorted((e.type, e.policy, e.date) for e in _events(engine, text))
    assert events == [
        ("policy_issued", "某开发区促进细胞治疗产业发展的若干措施", "2026-02-23"),
        ("policy_issued", "某开发区生物医药人才支持办法", "2026-02-23"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "最终在移植后第13天，他的粒细胞成功植入，重建造血功能。",
        "幸好，她们都是通过脐带血造血干细胞移植慢慢恢复健康的。",
    ],
)
def test_a_pronoun_makes_a_readout_about_particular_patients(engine, text):
    assert [e.type for e in _events(engine, text, pub=None)] == ["clinical_result"]


def test_a_place_written_after_the_brand_of_a_legal_name_is_dropped(engine):
    assert _companies(engine, "该研究由某某研究所与科济生物医药上海有限公司共同完成。") == {"科济药业"}
    assert "某某细胞" in _companies(engine, "某某细胞科技杭州有限公司宣布完成融资。")


@pytest.mark.parametrize(
    ("text", "indication"),
    [
        ("该产品用于治疗广泛期小细胞肺癌成年患者。", "小细胞肺癌"),
        ("公司进度最快的是脑胶质瘤管线。", "脑胶质瘤"),
        ("最新获批的成人急淋CAR-T产品用于复发患者。", "急性淋巴细胞白血病"),
        ("国内首个先天性黑矇基因治疗临床研究启动，患者入组。", "Leber先天性黑蒙"),
        ("这是黏多糖贮积症患儿的基因治疗。", "黏多糖贮积症"),
    ],
)
def test_indications_named_by_stage_abbreviation_or_variant_character(engine, text, indication):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    assert indication in {e.canonical for e in result.entities if e.type == "indication"}


def test_a_firms_founding_year_dates_none_of_its_milestones(engine):
    text = "某某生物创立于2021年，专注于iPSC衍生细胞药，其QR-17注射液已获得临床试验默示许可。"
    assert [(e.type, e.date) for e in _events(engine, text, pub=None)] == [("ind_approval", None)]


def test_publishing_a_batch_of_filed_institutions_is_a_filing(engine):
    text = "2017年11月28日，两部门联合发布第二批干细胞临床研究备案机构，此次入选的共有72家医院。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", "2017-11-28")]


def test_landing_on_the_hong_kong_market_is_a_completed_listing(engine):
    text = "澄岚药业是一家成立于2014年的创新药企业，2021年登陆港股市场。"
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at=None))
    companies = {e.canonical for e in result.entities if e.type == "company"}
    assert [(e.type, e.date) for e in result.events] == [("financing", "2021")]
    assert companies


def test_a_summary_of_several_studies_is_no_readout_of_its_own(engine):
    text = "2026年3月25日，某某生物对外公布了两项CAR-T疗法I期临床试验结果，受到国际关注。"
    assert [e.type for e in _events(engine, text)] == []


def test_a_reference_point_after_the_readout_dates_it_neither(engine):
    text = "运动功能改善显著：继QR-17在2024年获得中美IND后，已完成23例患者的I期临床试验。"
    dates = [e.date for e in _events(engine, text, pub=None) if e.type == "clinical_result"]
    assert dates == [None]


def test_an_undated_announcement_dates_its_yearless_days_by_its_own_number(engine):
    text = (
        "证券代码：600000 证券简称：某某生物 公告编号：2025-006\n"
        "公司全资子公司于3月28日收到国家药品监督管理局核准签发的QR-17注射液《药物临床试验批准通知书》。"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub=None)] == [("ind_approval", "2025-03-28")]
    # with a publication date the page's own date anchors it, as before
    assert [(e.type, e.date) for e in _events(engine, text, pub="2026-04-02")] == [("ind_approval", "2026-03-28")]


def test_a_space_aligned_acceptance_table_gives_one_event_per_row(engine):
    text = (
        "受理号　　药品名称　　申请类型　　企业名称　　承办日期\n"
        "ＣＸＳＬ２６０１５６３　　ＱＲ－１７注射液　　新药临床试验　　某某生物科技有限公司　　２０２６－０３－０２\n"
        "ＣＸＳＳ２６０１０４２　　ＱＲ－１８注射液　　新药上市申请　　某某医药有限公司　　２０２６－０３－０２"
    )
    assert sorted((e.type, e.drug, e.date) for e in _events(engine, text)) == [
        ("ind_accepted", "QR-17注射液", "2026-03-02"),
        ("nda_accepted", "QR-18注射液", "2026-03-02"),
    ]


def test_a_regulators_list_is_dated_by_its_signature_not_by_the_page(engine):
    text = (
        "关于公布纳入优先审评审批程序品种名单的通知\n各有关单位：\n药审中心决定将以下品种纳入优先审评审批程序：\n"
        "序号 | 受理号 | 药品名称 | 注册申请人 | 适应症\n1 | CXSS2600311 | QR-17注射液 | 某某生物 | 膝骨关节炎\n"
        "国家药品监督管理局药品审评中心\n2026年4月24日"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub="2026-04-28")] == [("priority_review", "2026-04-24")]


def test_a_notice_listing_filed_projects_gives_one_filing_per_item(engine):
    text = (
        "各省、自治区、直辖市卫生健康委：\n以下干细胞临床研究项目已完成备案：\n"
        "1. 四川大学华西医院：人脐带间充质干细胞治疗失代偿期肝硬化的研究\n"
        "2. 浙江大学医学院附属第一医院：人脐带间充质干细胞治疗膝骨关节炎的研究\n"
        "请各备案机构严格按照备案方案开展研究。\n国家卫生健康委办公厅\n2026年9月19日"
    )
    events = sorted((e.type, e.company, e.date) for e in _events(engine, text))
    assert events == [
        ("research_filing", "四川大学华西医院", "2026-09-19"),
        ("research_filing", "浙江大学医学院附属第一医院", "2026-09-19"),
    ]


def test_a_code_for_injection_is_that_product(engine):
    events = _events(engine, "某某生物的注射用QR-7获得临床试验默示许可。")
    assert [(e.type, e.drug) for e in events] == [("ind_approval", "QR-7")]


def test_a_delivery_register_is_dated_by_its_送达日期(engine):
    text = (
        "国家药品监督管理局 > 药品 > 药品批准证明文件送达信息\n"
        "受理号 | 药品名称 | 申请人 | 审批结论 | 送达日期\n"
        "CXSS2600219 | QR-17注射液 | 某某生物股份有限公司 | 批准上市，发给药品注册证书 | 2026-03-24"
    )
    assert [(e.type, e.drug, e.date) for e in _events(engine, text)] == [("drug_approval", "QR-17注射液", "2026-03-24")]


def test_a_notices_filing_is_dated_by_its_signature(engine):
    text = (
        "关于公布新一批干细胞临床研究备案项目的通知\n各省级卫生健康委：\n"
        "经专家委员会评估，现将新完成备案的干细胞临床研究项目予以公布。\n"
        "项目名称：人脐带间充质干细胞治疗狼疮性肾炎的临床研究\n备案机构：某某大学附属第二医院\n"
        "国家卫生健康委办公厅\n2026年11月18日"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub="2026-11-20")] == [("research_filing", "2026-11-18")]


def test_a_forecast_in_a_sentence_led_by_its_day_takes_that_day(engine):
    text = (
        "5月8日，某市人民政府办公厅印发《某市加快细胞治疗产业发展若干措施》，"
        "预计到2027年全市细胞治疗市场规模突破500亿元。"
    )
    dated = {e.type: e.date for e in _events(engine, text, pub="2026-05-09")}
    assert dated["market_forecast"] == "2026-05-08"


def test_platinum_resistance_is_a_qualifier_and_a_business_scope_is_no_part_of_a_short_name(engine):
    result = engine.extract(
        InputDocument(
            id="x",
            text="该疗法用于铂耐药卵巢癌患者。天津市某某物业经营管理有限公司为园区提供服务。外资企业须遵守外商投资法。",
            title=None,
            published_at=None,
        )
    )
    found = {(e.type, e.canonical) for e in result.entities}
    assert ("indication", "卵巢癌") in found
    assert ("company", "某某物业") in found
    assert ("policy", "中华人民共和国外商投资法") in found


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("患者在山东济南天桥人民医院接受治疗。", "济南天桥人民医院"),
        ("患者在四川省人民医院接受治疗。", "四川省人民医院"),
        ("患者在上海浦东医院接受治疗。", "上海浦东医院"),
    ],
)
def test_a_province_before_a_hospitals_city_is_dropped_but_not_a_municipality(engine, text, hospital):
    assert _companies(engine, text) == {hospital}


def test_the_bodys_date_of_an_event_beats_the_titles_page_date(engine):
    doc = InputDocument(
        id="x",
        title="国务院办公厅印发《关于加快推进某某产业创新发展的意见》",
        text="新华社北京9月2日电 近日，国务院办公厅印发《关于加快推进某某产业创新发展的意见》。",
        published_at="2026-09-03",
    )
    events = engine.extract(doc).events
    assert [(e.type, e.date) for e in events] == [("policy_issued", "2026-09")]


def test_the_rule_of_sixty_days_from_acceptance_is_no_acceptance(engine):
    text = "根据《药品注册管理办法》，申请人自受理之日起60日内未收到否定或质疑意见的，可按方案开展药物临床试验。"
    assert [e.type for e in _events(engine, text)] == []


def test_an_ordinal_count_of_a_hospitals_filings_is_no_filing_of_its_own(engine):
    text = (
        "7月18日，某某医院申报的“间充质干细胞治疗克罗恩病肛瘘的临床研究”完成干细胞临床研究项目备案。"
        "这是该院完成备案的第4个干细胞临床研究项目。"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub="2026-07-22")] == [("research_filing", "2026-07-18")]


def test_a_count_of_products_proposed_for_a_designation_designates_none(engine):
    text = "QR-17注射液是一款细胞药物。上周约40款1类创新药拟纳入突破性治疗品种，数量创新高。"
    assert [e.type for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经专家组评估，小妮的各项指标均达到临床治愈标准。", ["clinical_result"]),
        ("小分子药物的各项指标均达到临床治愈标准的报道很多。", []),
    ],
)
def test_a_patients_nickname_makes_a_particular_patient(engine, text, expected):
    assert [e.type for e in _events(engine, text, pub=None)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "疗仪器施行或使用管理办法》(简称《特管办法》)提升法律位阶，促进再生医疗发展。",
        "各地依据《某某医疗技术施行管理办法》开展工作。",
    ],
)
def test_a_verb_inside_a_title_issues_nothing(engine, text):
    assert [e.type for e in _events(engine, text)] == []
