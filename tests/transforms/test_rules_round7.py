"""Rules from the seventh round (issue 14): layouts and phrasings the opened written set holdout7 showed missed.

Each case is a new text with invented products (QX-301) and firms; none is copied from a gold document.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples
from transforms.types import InputDocument

pytestmark = pytest.mark.unit

SEP = "\u3000"  # an ideographic space, the cell separator of a flattened register table


def test_a_register_table_whose_cells_are_set_apart_by_one_ideographic_space(engine):
    rows = [
        ["序号", "受理号", "药品名称", "申请人", "拟定适应症", "公示日期"],
        ["1", "CXSS2600011", "QX-301注射液", "启明基因科技（无锡）有限公司", "复发或难治性多发性骨髓瘤", "2026-04-08"],
        ["2", "JXSL2600007", "NV-12注射液", "Nova Cell Therapeutics Ltd.", "中重度血友病B", "2026-04-08"],
    ]
    # A foreign applicant's words are set apart by ideographic spaces too.
    rows[2][3] = rows[2][3].replace(" ", SEP)
    text = "拟将以下品种纳入优先审评审批程序，现予以公示。\n" + "\n".join(SEP.join(r) for r in rows)
    events = _events(engine, text, title="拟纳入优先审评品种公示（2026年第14批）", pub="2026-04-08")
    assert sorted((e.type, e.drug, e.date, e.indication) for e in events) == [
        ("priority_review", "NV-12注射液", "2026-04-08", "血友病B"),
        ("priority_review", "QX-301注射液", "2026-04-08", "多发性骨髓瘤"),
    ]
    assert {(e.company or "").upper() for e in events} == {"启明基因", "NOVA CELL THERAPEUTICS"}


def test_an_acceptance_table_with_single_and_double_ideographic_gaps(engine):
    header = SEP.join(["受理号", "药品名称", "申请类型", "注册分类", "企业名称", "承办日期"])
    rows = [
        SEP.join(
            [
                "ＣＸＳＬ２６０１１０２",
                "ＱＸ－３０１注射液",
                "新药",
                "１类",
                "启明基因科技有限公司" + SEP,
                "２０２６－０３－０２",
            ]
        ),
        SEP.join(
            [
                "ＣＸＳＳ２６０００４１",
                "澜芯赛注射液" + SEP * 2,
                "新药",
                "１类",
                "澜芯生物医药有限公司",
                "２０２６－０３－０４",
            ]
        ),
    ]
    text = "受理品种信息\n" + header + "\n" + "\n".join(rows)
    assert _triples(engine, text, pub="2026-03-06") == [
        ("ind_accepted", "QX-301注射液", "2026-03-02"),
        ("nda_accepted", "澜芯赛注射液", "2026-03-04"),
    ]


def test_a_filing_list_led_by_a_full_sentence_gives_one_filing_per_item(engine):
    text = (
        "经专家委员会评估，以下2个干细胞临床研究项目已完成备案，现予通报。\n"
        "一、江北医科大学附属医院：人脐带间充质干细胞治疗膝骨关节炎的临床研究（备案号：CSCR-2026-007）。\n"
        "二、临川市中心医院：间充质干细胞治疗帕金森病的安全性研究（备案号：CSCR-2026-008）。\n"
        "国家卫生健康委办公厅\n2026年3月10日"
    )
    result = engine.extract(InputDocument(id="x", text=text, published_at="2026-03-15"))
    assert sorted((e.type, e.company, e.indication, e.date) for e in result.events) == [
        ("research_filing", "临川市中心医院", "帕金森病", "2026-03-10"),
        ("research_filing", "江北医科大学附属医院", "膝骨关节炎", "2026-03-10"),
    ]
    # 备案号 codes are registrations, not products.
    assert not [x for x in result.entities if x.type == "drug"]


@pytest.mark.parametrize("label", ["备案号：", "登记号：", "注册号："])
def test_a_code_after_a_registration_label_is_no_product(engine, label):
    text = f"该研究{label}QXR-2026-031，由启明基因提供细胞制剂。"
    result = engine.extract(InputDocument(id="x", text=text, published_at="2026-03-15"))
    assert not [x for x in result.entities if x.type == "drug"]


def test_an_announcement_reads_both_its_quoted_record_and_its_prose(engine):
    text = (
        "启明基因科技股份有限公司（以下简称“公司”）于2026年2月9日收到国家药品监督管理局核准签发的"
        "《药物临床试验批准通知书》，同意QX-301注射液开展治疗系统性红斑狼疮的临床试验。\n"
        "一、药品基本情况\n"
        "药品名称：QX-301注射液；受理号：CXSL2500931；申请事项：临床试验；受理日期：2025年11月20日。\n"
        "特此公告。\n启明基因科技股份有限公司董事会\n2026年2月11日"
    )
    title = "启明基因科技股份有限公司关于QX-301注射液获得药物临床试验批准通知书的公告"
    assert _triples(engine, text, title=title, pub="2026-02-11") == [
        ("ind_accepted", "QX-301注射液", "2025-11-20"),
        ("ind_approval", "QX-301注射液", "2026-02-09"),
    ]


def test_a_register_record_outside_an_announcement_still_stands_alone(engine):
    text = "受理号：CXSL2500931；药品名称：QX-301注射液；申请人：启明基因科技股份有限公司；承办日期：2025-11-20"
    assert _triples(engine, text, pub="2025-11-25") == [("ind_accepted", "QX-301注射液", "2025-11-20")]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "临川市中心医院牵头的间充质干细胞治疗帕金森病研究于上月通过国家卫健委和国家药监局干细胞临床研究备案。",
            "2026-04",
        ),
        ("3月12日，临川市中心医院通过国家卫生健康委和国家药监局干细胞临床研究机构备案。", "2026-03-12"),
    ],
)
def test_a_filing_passed_before_a_long_name_of_the_regulators(engine, text, date):
    assert [(e.type, e.date) for e in _events(engine, text)] == [("research_filing", date)]


def test_what_an_institution_must_do_before_research_is_no_filing(engine):
    text = "按照规定，开展干细胞临床研究的医疗机构需先完成机构备案，具体项目还需经伦理委员会审查。"
    assert _events(engine, text) == ()


@pytest.mark.parametrize(
    ("text", "pub", "date"),
    [
        ("启明生技（6842）15日公布QX-301第二期临床试验解盲结果，达成主要疗效指标。", "2026-05-16", "2026-05-15"),
        # a day after the publication day is last month's
        ("启明生技28日表示，QX-301第二期临床试验解盲成功，达成主要疗效指标。", "2026-05-02", "2026-04-28"),
    ],
)
def test_a_bare_day_with_an_announcing_verb_is_in_the_publication_month(engine, text, pub, date):
    assert [(e.type, e.date) for e in _events(engine, text, pub=pub)] == [("clinical_result", date)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # an issuance's draft scheme, still to be approved
        (
            "本次发行募集资金总额不超过80,000万元，拟用于QX-301注射液临床研究项目。",
            "启明基因2026年度向特定对象发行A股股票预案",
        ),
        # a government's target
        ("到2028年，全省细胞和基因治疗产业规模力争突破800亿元。", None),
    ],
)
def test_plans_are_no_events(engine, text, title):
    assert _events(engine, text, title=title) == ()


def test_a_subsidy_for_products_that_win_approval_is_no_approval(engine):
    text = "对首次获得药物临床试验批准通知书的基因治疗产品，按研发投入给予最高800万元补助。"
    assert _events(engine, text) == ()


@pytest.mark.parametrize(
    "second",
    ["该文件由国务院办公厅于2026年2月26日印发。", "该意见已于2026年2月26日由国务院办公厅正式印发。"],
)
def test_a_policy_posted_later_is_dated_by_its_signing(engine, second):
    text = "3月2日，中国政府网公布《国务院办公厅关于推动细胞治疗产业高质量发展的意见》（国办发〔2026〕9号）。" + second
    assert [(e.type, e.date) for e in _events(engine, text, pub="2026-03-03")] == [("policy_issued", "2026-02-26")]


def _entities(engine, text: str) -> set[tuple[str, str]]:
    result = engine.extract(InputDocument(id="x", text=text, published_at="2026-05-20"))
    return {(x.type, x.canonical) for x in result.entities if x.type != "region"}


@pytest.mark.parametrize(
    "text",
    [
        "公司将加快推进医院准入，目前多数医院尚不具备细胞治疗的管理能力。",
        "截至目前，全国所有医院均未开展该项治疗；部分医院已提交申请。",
        "募集资金将用于iPSC细胞库和自动化生产线的建设。",
        "澜芯生物下属公司引入战略投资，获注资人民币2亿元。",
    ],
)
def test_kinds_and_counts_of_institutions_are_no_companies(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company" and "澜芯" not in c}


def test_an_investor_named_before_signing_an_agreement(engine):
    text = "澜芯生物与远峰资本及临江生物医药产业基金订立增资协议，两名投资者合共注资2亿元。"
    assert ("company", "临江生物医药产业基金") in _entities(engine, text)


@pytest.mark.parametrize(
    ("text", "indication"),
    [
        ("QX-301注射液用于铂耐药复发性卵巢癌的II期研究已完成入组。", "卵巢癌"),
        ("QX-301注射液用于复发性胶质母细胞瘤患者。", "胶质母细胞瘤"),
        ("启明基因CAR-T产品获批 一次拿下两项白血病适应症", "白血病"),
        ("干细胞已被用于帕金森病、黄斑变性等疾病的探索性研究。", "黄斑变性"),
        ("老年性黄斑变性患者接受了QX-301注射液治疗。", "年龄相关性黄斑变性"),
    ],
)
def test_indications_without_qualifiers_counts_or_other_words(engine, text, indication):
    found = {c for t, c in _entities(engine, text) if t == "indication"}
    assert indication in found
    assert all(c == indication or c in ("帕金森病",) for c in found)


@pytest.mark.parametrize(
    "text",
    [
        "该细胞药物可通过旁分泌作用减轻气道炎症、修复受损组织。",
        "患者的微小残留病（MRD）阴性率为89.2%。",
    ],
)
def test_inflammation_of_a_body_part_and_a_residual_disease_measure_are_no_indications(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "indication"}


def test_a_conditional_before_a_product_name_is_not_part_of_it(engine):
    assert ("drug", "澜芯赛注射液") in _entities(engine, "业内认为，若澜芯赛注射液顺利获批，有望成为同类首款。")


@pytest.mark.parametrize(
    "text", ["大湾区正在借助“港澳药械通”机制引进新药。", "「港澳藥械通」實施以來，已引進多款藥品。"]
)
def test_the_greater_bay_area_drug_access_scheme_is_a_policy(engine, text):
    assert ("policy", "港澳药械通") in _entities(engine, text)


def test_a_readout_announced_with_a_long_description_of_the_product(engine):
    text = (
        "当地时间12月6日，在美国血液学会年会上，启明基因以口头报告形式公布了其自体BCMA CAR-T产品QX-301注射液"
        "（研发代号：QX-301）治疗复发或难治性多发性骨髓瘤（RRMM）患者的Ib/II期研究最新数据。"
    )
    assert _triples(engine, text, pub="2026-12-08") == [("clinical_result", "QX-301注射液", "2026-12-06")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("细胞治疗板块午后拉升，澜芯达20cm涨停，启睿科涨超8%，多只个股跟涨。", {"澜芯达", "启睿科"}),
        ("截至发稿，昆澜医药股价涨停。", {"昆澜医药"}),
        ("11月3日，干细胞药物研发企业曦澜再生宣布完成3亿元B轮融资。", {"曦澜再生"}),
        ("通用型细胞治疗企业赛澜生物近日披露了两项临床进展。", {"赛澜生物"}),
    ],
)
def test_a_short_name_shown_to_be_a_firm_by_its_stock_move_or_its_description(engine, text, names):
    assert {c for t, c in _entities(engine, text) if t == "company"} == names


@pytest.mark.parametrize(
    "text",
    [
        "细胞治疗概念股午后走强，板块涨停家数居前，上市首日大涨的个股不多。",
        "一位深圳的细胞治疗企业创始人表示，公司计划明年扩产。",
        "多家药企密集披露临床进展，一位细胞药企业负责人表示将加快研发。",
        "香港多家生物科技企业亦已在深圳设立研发中心。",
    ],
)
def test_market_words_roles_and_adverbs_are_no_firm_names(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company"}


def test_the_investor_is_never_the_firm_raising(engine):
    text = "该公司已完成近亿元Pre-A轮融资，本轮由远峰资本领投，老股东持续加注。"
    assert [(e.type, e.company) for e in _events(engine, text)] == [("financing", None)]


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        # a known product after its target and modality
        ("驯鹿生物的BCMA CAR-T伊基奥仑赛注射液新适应症获批。", "伊基奥仑赛注射液"),
        # a known code followed by its description
        ("科济药业CT041自体CAR-T细胞注射液的上市申请已获受理。", "舒瑞基奥仑赛注射液"),
    ],
)
def test_a_product_is_named_without_its_modality_or_description(engine, text, drug):
    assert {c for t, c in _entities(engine, text) if t == "drug"} == {drug}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "公司近日收到FDA的通知，同意公司QX-301注射液的新药临床试验申请（IND）。",
            [("ind_approval", "QX-301注射液", "2026-05")],
        ),
        ("国家药监局同意受理QX-301注射液的临床试验申请。", [("ind_accepted", "QX-301注射液", "2026-05")]),
    ],
)
def test_an_application_granted_by_同意_unlike_one_accepted(engine, text, expected):
    assert _triples(engine, text) == expected


def test_a_register_table_flattened_with_one_space_per_cell(engine):
    text = (
        "当前位置：首页 > 信息公开 > 临床试验默示许可\n"
        "序号 受理号 药品名称 企业名称 适应症 注册分类 日期\n"
        "1 CXSL2600411 QX-301注射液 启明基因科技（苏州）有限公司 复发或难治性多发性骨髓瘤 1 2026-04-18\n"
        "2 JXSL2600052 NV-12注射液 Nova Cell Therapeutics, Inc. 镰状细胞病 1 2026-04-17\n"
        "共 1286 条  10条/页"
    )
    events = _events(engine, text, title="临床试验默示许可_信息公开", pub="2026-04-20")
    assert sorted((e.type, e.drug, e.date, e.indication) for e in events) == [
        ("ind_approval", "NV-12注射液", "2026-04-17", "镰状细胞病"),
        ("ind_approval", "QX-301注射液", "2026-04-18", "多发性骨髓瘤"),
    ]


def test_a_step_told_after_此后_in_a_history_is_undated(engine):
    text = "2021年6月，QX-301注射液获国家药监局批准上市。此后，QX-301注射液用于二线治疗的上市申请获受理。"
    assert _triples(engine, text, pub="2025-11-18") == [
        ("drug_approval", "QX-301注射液", "2021-06"),
        ("nda_accepted", "QX-301注射液", None),
    ]


def test_a_legal_name_that_starts_a_table_cell_keeps_its_first_character(engine):
    text = "序号 受理号 药品名称 企业名称 日期\n1 CXSL2600842 QX-301注射液 中澜免疫技术（上海）有限公司 2026-04-15"
    assert ("company", "中澜免疫") in _entities(engine, text)


def test_a_wechat_list_of_earlier_posts_reports_nothing(engine):
    text = (
        "6月5日，QX-301注射液开出了首张处方。\n\n往期推荐\n▶ 一文看懂CDE默示许可\n▶ 澜芯赛注射液获批上市，意味着什么？"
    )
    assert _triples(engine, text, pub="2025-07-02") == [("first_prescription", "QX-301注射液", "2025-06-05")]


def test_a_labelled_restatement_is_the_step_just_told(engine):
    text = "今年1月2日，国家药监局附条件批准QX-301注射液上市。划重点：这是我国第一款获批上市的干细胞药物。"
    assert _triples(engine, text, pub="2025-07-02") == [("drug_approval", "QX-301注射液", "2025-01-02")]


def test_a_readout_of_a_named_study_and_its_code_is_no_product(engine):
    text = (
        "当地时间12月7日，公司以口头报告形式公布了CAR-T产品QX-301治疗复发或难治性大B细胞淋巴瘤的"
        "关键II期研究（QX-LB-02）最新结果。"
    )
    result = engine.extract(InputDocument(id="x", text=text, published_at="2025-12-09"))
    assert [(e.type, e.drug, e.date) for e in result.events] == [("clinical_result", "QX-301", "2025-12-07")]
    assert {x.canonical for x in result.entities if x.type == "drug"} == {"QX-301"}


def test_a_talks_labelled_time_dates_the_data_under_it(engine):
    text = (
        "【QX-301：r/r LBCL关键II期】\n摘要号：7012｜报告时间：当地时间5月31日\n"
        "启明基因公布了QX-301治疗大B细胞淋巴瘤的关键II期研究结果。ORR为83.3%。"
    )
    assert _triples(engine, text, pub="2025-06-03") == [("clinical_result", "QX-301", "2025-05-31")]


def test_a_latin_product_name_found_once_names_it_wherever_it_recurs(engine):
    text = (
        "8月12日，一名患儿在乐城某国际医院接受了基因治疗产品Velmora的回输，这是该产品在国内的首例临床应用。"
        "据介绍，Velmora由美国一家公司研发，于2024年获美国FDA批准上市。"
    )
    triples = _triples(engine, text, pub="2025-08-15")
    assert [(t, d) for t, _, d in triples] == [("drug_approval", "2024"), ("first_prescription", "2025-08-12")]
    assert {drug.upper() for _, drug, _ in triples} == {"VELMORA"}


def test_the_first_year_of_sales_is_no_first_prescription(engine):
    assert _events(engine, "科济药业-B全年亏损收窄 泽沃基奥仑赛注射液进入商业化首年") == ()


def test_a_conference_preview_reports_no_readout(engine):
    text = "在即将召开的ASH年会上，启明基因将更新QX-301在早线多发性骨髓瘤中的长期随访数据。"
    assert _events(engine, text) == ()


def test_the_new_indication_just_told_is_the_products(engine):
    text = (
        "2021年6月，QX-301注射液获国家药监局批准上市。此后，其二线适应症的上市申请获受理；"
        "2023年6月，这一新增适应症获附条件批准。"
    )
    assert ("drug_approval", "QX-301注射液", "2023-06") in _triples(engine, text, pub="2025-11-18")


def test_a_filing_of_another_year_is_not_merged_into_todays(engine):
    text = (
        "近日，由我院骨科牵头申报的间充质干细胞治疗膝骨关节炎临床研究项目通过国家干细胞临床研究项目备案。"
        "据了解，临川市第一医院于2022年通过国家干细胞临床研究机构备案，此后医院先后开展多项研究。"
    )
    result = engine.extract(InputDocument(id="x", text=text, published_at="2025-03-11"))
    assert sorted(e.date for e in result.events if e.type == "research_filing") == ["2022", "2025-03"]
    assert not [x for x in result.entities if x.canonical == "此后医院"]


@pytest.mark.parametrize(
    "text",
    [
        # an announcement: the listed company is the group
        "证券代码：688472    证券简称：澜屹药业\n澜屹药业股份有限公司（以下简称“公司”）"
        "控股子公司上海澜屹细胞科技有限公司（以下简称“澜屹细胞”）收到《药物临床试验批准通知书》。"
        "澜屹细胞将尽快启动临床试验。",
        # news: the company named before 子公司 in the sentence
        "11月21日，澜屹药业公告称，全资子公司澜屹细胞治疗（苏州）有限公司申报的QX-302注射液临床试验申请获受理。",
    ],
)
def test_a_subsidiary_takes_its_groups_name(engine, text):
    assert {c for t, c in _entities(engine, text) if t == "company"} == {"澜屹药业"}


@pytest.mark.parametrize(
    ("text", "indications"),
    [
        ("号称打一针就能逆转帕金森病、根治糖尿病。", {"帕金森病", "糖尿病"}),
        ("免疫效应细胞相关神经毒性综合征（ICANS）发生率7.9%，所有患者均达到微小残留病（MRD）阴性。", set()),
    ],
)
def test_verbs_and_complications_around_disease_names(engine, text, indications):
    assert {c for t, c in _entities(engine, text) if t == "indication"} == indications


def test_a_regular_hospital_is_no_hospitals_name(engine):
    text = "最好的办法是去正规医院，可以关注正规医院的临床试验招募信息。"
    assert not {c for t, c in _entities(engine, text) if t == "company"}


def test_spellings_of_one_code_with_and_without_its_hyphen_are_one_product(engine):
    text = "澜屹药业申报的ＱＸ－３０２注射液临床试验申请获受理。公告显示，QX302注射液此前共治疗15例患者，ORR为33.3%。"
    assert {c for t, c in _entities(engine, text) if t == "drug"} == {"QX-302注射液"}


@pytest.mark.parametrize(
    "text",
    [
        "QX-302是一款靶向GPC3的自体CAR-T细胞注射液，拟用于治疗肝细胞癌。",
        "QX-302是公司自主研发的靶向CD19的自体CAR-T细胞注射液。",
    ],
)
def test_a_class_description_with_its_modality_is_no_product(engine, text):
    assert {c for t, c in _entities(engine, text) if t == "drug"} == {"QX-302"}


@pytest.mark.parametrize(
    "text",
    [
        "公开资料显示，澜屹生物成立于2021年。此前，公司曾于2023年完成数千万元天使轮融资。",
        "澜屹生物成立于2021年，专注于CAR-NK。该公司于2023年完成1亿元A轮融资，由远峰资本领投。",
    ],
)
def test_a_financing_told_of_the_company_just_named(engine, text):
    assert [(e.type, e.company, e.date) for e in _events(engine, text, pub="2025-06-03")] == [
        ("financing", "澜屹生物", "2023")
    ]


def test_a_company_in_another_paragraph_is_not_the_one_raising(engine):
    text = "澜屹生物成立于2021年。\n公司完成1亿元A轮融资。"
    assert [(e.type, e.company) for e in _events(engine, text, pub="2025-06-03")] == []


def test_a_listing_by_挂牌_on_an_exchange(engine):
    text = "專注CAR-T療法的澜屹生物-B今(10)日以18A章在港交所主板掛牌，開市報11.9港元。"
    assert [(e.type, e.company, e.date) for e in _events(engine, text, pub="2024-07-10")] == [
        ("financing", "澜屹生物", "2024-07-10")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "截至本公告披露日，国内尚无同类干细胞药物获批用于该适应症。",
        "澜屹生物的澜芯赛注射液（商品名：澜瑞达）已上市一年有余。",
    ],
)
def test_none_approved_yet_and_the_time_since_a_launch_are_no_approvals(engine, text):
    assert _events(engine, text, pub="2025-07-30") == ()


def test_an_ind_approval_obtained_and_a_disease_of_the_next_product(engine):
    text = (
        "此前，公司已就QX-201在系统性红斑狼疮适应症上取得临床试验批准，"
        "QX-305是公司在自身免疫性疾病领域布局的第二款CAR-T产品。"
    )
    events = _events(engine, text, pub="2026-01-12")
    assert [(e.type, e.drug, e.date, e.indication) for e in events] == [
        ("ind_approval", "QX-201", None, "系统性红斑狼疮")
    ]


def test_register_records_written_one_field_per_line(engine):
    text = (
        "受理品种信息\n受理号：CXSL2500311\n药品名称：QX-101注射液\n申请人：启明基因科技有限公司\n承办日期：2025-10-15\n\n"
        "受理号：CXSS2500042\n药品名称：澜芯赛注射液\n申请人：澜芯生物医药有限公司\n承办日期：2025-10-16"
    )
    assert _triples(engine, text, pub="2025-10-20") == [
        ("ind_accepted", "QX-101注射液", "2025-10-15"),
        ("nda_accepted", "澜芯赛注射液", "2025-10-16"),
    ]


def test_a_register_flattened_one_cell_per_line(engine):
    text = (
        "以下品种拟纳入突破性治疗药物程序，现予以公示。\n序号\n1\n受理号\nCXSL2400912\n药品名称\nQX-101注射液\n"
        "申请人\n启明基因（上海）有限公司\n拟定适应症（或功能主治）\n难治性系统性红斑狼疮\n公示期限\n2025-04-21至2025-04-27\n"
        "序号\n2\n受理号\nCXSL2500133\n药品名称\n澜芯赛注射液\n申请人\n澜芯生物科技（深圳）有限公司\n"
        "拟定适应症（或功能主治）\n中晚期帕金森病\n公示期限\n2025-04-21至2025-04-27"
    )
    events = _events(engine, text, title="拟突破性治疗品种公示", pub=None)
    assert sorted((e.type, e.drug, e.date, e.indication) for e in events) == [
        ("breakthrough_therapy", "QX-101注射液", "2025-04-21", "系统性红斑狼疮"),
        ("breakthrough_therapy", "澜芯赛注射液", "2025-04-21", "帕金森病"),
    ]


def test_a_research_notes_table_of_approved_products(engine):
    text = (
        "图表4：国内已获批上市的CAR-T产品一览\n通用名 商品名 企业 靶点 首个获批适应症 获批时间\n"
        "阿基仑赛注射液 奕凯达 复星凯特 CD19 r/r LBCL（≥2L） 2021.06\n"
        "伊基奥仑赛注射液 福可苏 驯鹿生物 BCMA r/r MM（≥3L） 2023.06\n资料来源：NMPA，华岳证券研究所"
    )
    assert _triples(engine, text, pub="2025-04-14") == [
        ("drug_approval", "伊基奥仑赛注射液", "2023-06"),
        ("drug_approval", "阿基仑赛注射液", "2021-06"),
    ]


def test_its_application_told_with_其_and_undated_steps_before_and_shortly_after(engine):
    text = (
        "2024年2月，QX-301注射液获国家药监局批准上市。在此之前，该产品已先后被纳入突破性治疗品种和优先审评。"
        "获批后不久，QX-301注射液开出首批商业化处方。公司另一款产品QX-401注射液进展顺利。"
        "今年6月，其用于治疗胃癌的新药上市申请获国家药监局受理。"
    )
    assert _triples(engine, text, pub="2025-08-27") == [
        ("breakthrough_therapy", "QX-301注射液", None),
        ("drug_approval", "QX-301注射液", "2024-02"),
        ("first_prescription", "QX-301注射液", None),
        ("nda_accepted", "QX-401注射液", "2025-06"),
        ("priority_review", "QX-301注射液", None),
    ]


def test_a_meeting_roundups_undated_items_were_presented_at_the_meeting(engine):
    text = (
        "第30届欧洲血液学协会（EHA）年会于6月12日至15日在意大利米兰举行。\n"
        "1. 启明基因公布了QX-301治疗大B细胞淋巴瘤的I期扩展队列数据。ORR为61.9%。"
    )
    assert _triples(engine, text, pub="2025-06-16") == [("clinical_result", "QX-301", "2025-06")]


def test_a_regulation_posted_weeks_after_it_was_signed(engine):
    text = (
        "3月30日，国家市场监督管理总局对外发布新修订的《药品注册管理办法》（国家市场监督管理总局令第27号）。"
        "该办法于2020年1月22日公布，自2020年7月1日起施行。"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub="2020-03-31")] == [("policy_issued", "2020-01-22")]


def test_a_denied_rumour_and_a_list_of_things_to_watch_report_nothing(engine):
    rumour = "澜屹生物发布澄清公告称，近日网络流传的“QX-301注射液获批上市”相关消息不实。"
    assert _events(engine, rumour, title="澜屹生物澄清：QX-301注射液尚未获批上市") == ()
    watch = "下半年还有不少看点：QX-301注射液的审评结果、更多CAR-T新适应症的获批……"
    assert _events(engine, watch) == ()


def test_a_rough_count_of_filed_projects_is_a_statistic(engine):
    text = "据不完全统计，上半年又有20余个干细胞临床研究项目完成国家备案。"
    assert _events(engine, text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "澜屹生物-B首日掛牌 收市較招股價跌6%。盤中一度攻上漲停價58.3元，終場收漲7.2%。",
        "一位高层坦言，特管办法让医院累积了大量临床经验，并将临床试验工作量纳入医院绩效考核。",
    ],
)
def test_market_words_and_verbs_before_医院_are_no_firms(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company" and "澜屹" not in c}


def test_complications_and_endpoints_name_no_indication(engine):
    text = (
        "未观察到移植物抗宿主病及≥3级CRS，中位无白血病生存期尚未达到。"
        "QX-301用于治疗急性移植物抗宿主病，并拓展实体瘤适应症。"
    )
    assert {c for t, c in _entities(engine, text) if t == "indication"} == {"急性移植物抗宿主病", "实体瘤"}


def test_a_subsidiary_named_a_sentence_after_its_group(engine):
    text = "澜启医药以仿制药为基本盘。公司通过控股子公司上海澜启细胞科技有限公司（以下简称“澜启细胞”）布局CAR-T。"
    assert {c for t, c in _entities(engine, text) if t == "company"} == {"澜启医药"}
