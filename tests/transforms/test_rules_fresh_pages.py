"""Rules from the third real-text round (issue 14): errors seen on 50 new dev pages; each case is a new sentence."""

from __future__ import annotations

import pytest

from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _events(engine, text: str, pub: str | None = "2026-05-20") -> list:
    return engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub)).events


def _entities(engine, text: str) -> set[tuple[str, str]]:
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    return {(e.type, e.canonical) for e in result.entities}


@pytest.mark.parametrize(
    "text",
    [
        # a count of products is a statistic, whatever the event types it lists
        "上周约35款1类新药拟纳入突破性治疗品种/优先审评/IND获批临床默示许可。",
        "2019年，监管机构先后批准了两个CAR-T细胞治疗产品上市。",
        # a history told in steps
        "从2018年首个基因疗法上市，到2022年通用型细胞疗法进入临床，再到2025年碱基编辑疗法获批上市，技术迭代不断加速。",
        # investors as a noun: a hope, not a round
        "赴港上市可吸引国际战略投资者（如某某资本），为后续合作铺路。",
        # a clinical data set is an asset, not a readout
        "QR-17注射液拥有业内最大规模的临床数据集与最长随访周期。",
    ],
)
def test_no_event_from_counts_histories_and_nouns(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text)] == []


def test_a_numbered_sub_round_is_one_financing_not_a_count_of_rounds(engine):
    events = _events(engine, "6月3日，专注于iPSC-CAR-NK疗法的澄源生物宣布完成A-2轮3000万美元融资，由某某资本领投。")
    assert [(e.type, e.company) for e in events] == [("financing", "澄源生物")]


def test_a_long_consent_to_run_a_trial_is_an_ind_approval(engine):
    text = (
        "公司控股子公司近日收到国家药监局关于同意其CD22靶点自体CAR-T细胞治疗产品QR-17用于治疗既往接受过"
        "二线及以上治疗后复发或难治性急性淋巴细胞白血病成人患者开展临床试验的批准。"
    )
    assert [(e.type, e.drug) for e in _events(engine, text)] == [("ind_approval", "QR-17")]


def test_subtypes_spelled_out_after_an_indication_give_no_events_of_their_own(engine):
    text = (
        "QR-17注射液获得国家药监局临床试验默示许可，用于治疗复发或难治性惰性非霍奇金淋巴瘤，"
        "包含滤泡性淋巴瘤和边缘区淋巴瘤。"
    )
    assert [(e.type, e.indication) for e in _events(engine, text)] == [("ind_approval", "惰性非霍奇金淋巴瘤")]


def test_two_listed_indications_still_give_two_events(engine):
    text = "QR-17注射液获得临床试验默示许可，用于治疗系统性红斑狼疮和类风湿关节炎。"
    assert sorted(e.indication for e in _events(engine, text)) == ["类风湿关节炎", "系统性红斑狼疮"]


def test_a_code_written_as_cell_injection_is_named_so(engine):
    text = "澄源生物KX-301细胞注射液获批临床，KX-301是公司首个通用型产品。"
    assert ("drug", "KX-301细胞注射液") in _entities(engine, text)
    assert ("drug", "KX-301") not in _entities(engine, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("该公司的核心管线围绕T细胞受体的设计展开。", ("cell_type", "T细胞")),
        ("说明书新增了T细胞恶性肿瘤的风险提示。", ("cell_type", "T细胞")),
        ("因受试者外周血CD4+T细胞计数偏低，试验暂停。", ("cell_type", "T细胞")),
    ],
)
def test_a_lymphocyte_as_receptor_owner_tumour_origin_or_counted_subset_is_no_cell_type(engine, text, absent):
    assert absent not in _entities(engine, text)


def test_marked_stem_cells_and_cell_therapies_of_tumours_stay_cell_types(engine):
    found = _entities(engine, "试验使用自体CD34+造血干细胞，另有5款CAR-T肿瘤治疗药品在列。")
    assert {("cell_type", "造血干细胞"), ("cell_type", "CAR-T细胞")} <= found


def test_big_pharma_banks_and_listed_chinese_pharma_are_known_companies(engine):
    text = "默沙东、诺和诺德与华润三九均有布局，杰富瑞和中信证券担任联席保荐人。"
    assert {
        ("company", "默沙东"),
        ("company", "诺和诺德"),
        ("company", "华润三九"),
        ("company", "杰富瑞"),
    } <= _entities(engine, text)


@pytest.mark.parametrize(
    ("text", "hospital", "wrong"),
    [
        ("患者昨天下午3点走出宁江市第三医院的病房。", "宁江市第三医院", "昨天下午3点走出宁江市第三医院"),
        ("多家机构已获备案，例如宁江大学附属口腔医院。", "宁江大学附属口腔医院", "例如宁江大学附属口腔医院"),
    ],
)
def test_a_hospital_name_leaves_out_the_time_verb_and_example_cue_before_it(engine, text, hospital, wrong):
    found = _entities(engine, text)
    assert ("company", hospital) in found
    assert ("company", wrong) not in found


@pytest.mark.parametrize("text", ["经过治疗，患者走出市肿瘤医院的无菌病房。", "当地正在筹建研究型医院。"])
def test_an_anaphoric_or_generic_hospital_is_no_company(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "company"}


def test_an_undated_page_dates_a_notice_by_the_year_of_its_document_number(engine):
    text = (
        "近日，国家发展改革委等部门联合印发《关于支持某新区放宽市场准入的意见》。\n"
        "发改体改〔2023〕1786号\n各有关部门：为完善市场准入制度，现提出以下意见。"
    )
    events = [(e.type, e.date) for e in _events(engine, text, pub=None)]
    assert events == [("policy_issued", "2023")]


def test_a_cited_policys_document_number_dates_nothing(engine):
    text = (
        "近日，某省卫健委印发《干细胞临床研究备案实施细则（试行）》，"
        "依据《干细胞临床研究管理办法（试行）》（国卫科教发〔2015〕48号）制定。"
    )
    assert [(e.type, e.date) for e in _events(engine, text, pub=None)] == [("policy_issued", None)]


def test_a_latin_product_name_without_its_hyphen_is_the_same_product(engine):
    assert ("drug", "西达基奥仑赛注射液") in _entities(engine, "研究显示ciltacel在多线治疗后仍有效。")


def test_an_abstract_number_is_no_product_code(engine):
    assert not {c for t, c in _entities(engine, "数据在年会（摘要#EP964）上公布。") if t == "drug"}


@pytest.mark.parametrize(
    ("text", "investor"),
    [
        ("本轮由Temasek领投。", "淡马锡"),
        ("OrbiMed参与了本轮投资。", "奥博资本"),
        ("夏尔巴资本继续追加投资。", "夏尔巴资本"),
    ],
)
def test_foreign_investors_take_the_chinese_name_the_press_uses(engine, text, investor):
    assert ("company", investor) in _entities(engine, text)


@pytest.mark.parametrize("text", ["细胞疗法有望攻克绝大多数癌症。", "治疗后患者存在细胞因子释放综合征等不良反应。"])
def test_quantifiers_and_verbs_before_a_disease_word_make_no_indication(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "indication"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an approval dated in its own attribute is the event; an undated attribute is not
        ("去年获批的QR-17注射液用于治疗系统性红斑狼疮。", [("drug_approval", "QR-17注射液", "2025")]),
        ("2024年3月获批上市的QR-17注射液用于治疗多发性骨髓瘤。", [("drug_approval", "QR-17注射液", "2024-03")]),
        # NMPA's approval documents and a formal approval are a marketing approval
        (
            "2026年5月8日，药监局公示的药品批准证明文件显示，澄源生物QR-17注射液已正式获得批准。",
            [("drug_approval", "QR-17注射液", "2026-05-08")],
        ),
        # the FDA's consent to run a trial is an IND approval
        (
            "子公司于美国时间2026年5月8日收到FDA准许QR-17注射液在美国开展I期临床试验的函件。",
            [("ind_approval", "QR-17注射液", "2026-05-08")],
        ),
    ],
)
def test_dated_attributes_approval_documents_and_fda_consent(engine, text, expected):
    assert [(e.type, e.drug, e.date) for e in _events(engine, text)] == expected


def test_an_undated_attribute_approval_is_no_event(engine):
    assert [e.type for e in _events(engine, "首款获批上市的QR-17注射液疗效良好。") if e.type == "drug_approval"] == []


def test_t_vec_is_imlygic(engine):
    assert ("drug", "Imlygic") in _entities(engine, "2015年，安进的T-VEC在美国获批用于治疗黑色素瘤。")


@pytest.mark.parametrize(
    "text", ["新股解码丨基因治疗第一股澄源生物冲击港股IPO", "澄源生物已向港交所递交上市申请，拟募资5亿港元。"]
)
def test_an_attempt_at_a_listing_is_no_financing(engine, text):
    assert [e.type for e in _events(engine, text)] == []


def test_the_arrival_of_raised_funds_is_the_issuers_financing(engine):
    text = "证券代码：300999 证券简称：禾川医药\n本次募集资金已于2026年5月8日全部到账，会计师事务所出具了验资报告。"
    assert [(e.type, e.company, e.date) for e in _events(engine, text)] == [("financing", "禾川医药", "2026-05-08")]


def test_liver_cancer_and_hepatocellular_carcinoma_are_named_as_written(engine):
    assert ("indication", "肝癌") in _entities(engine, "该疗法用于治疗晚期肝癌患者。")
    assert ("indication", "肝细胞癌") in _entities(engine, "该疗法用于治疗晚期肝细胞癌患者。")


def test_cell_and_blood_banks_are_organisations_and_hide_the_cell_word_in_their_name(engine):
    found = _entities(engine, "宁江省脐带血造血干细胞库与宁江市血液中心联合发布了公告。")
    assert {("company", "宁江省脐带血造血干细胞库"), ("company", "宁江市血液中心")} <= found
    assert ("cell_type", "造血干细胞") not in found


def test_a_bank_needs_a_name(engine):
    assert not {c for t, c in _entities(engine, "该院建立了细胞库，用于保存干细胞。") if t == "company"}


@pytest.mark.parametrize(
    ("text", "firm", "wrong"),
    [
        ("这标志着澄源生物的研发进入新阶段。", "澄源生物", "着澄源生物"),
        (
            "根据宁江华信资产评估有限公司出具的报告，估值为3亿元。",
            "宁江华信资产评估有限公司",
            "根据宁江华信资产评估有限公司",
        ),
        (
            "公司继续委托宁江市红杉物业管理有限公司负责物业。",
            "宁江市红杉物业管理有限公司",
            "委托宁江市红杉物业管理有限公司",
        ),
    ],
)
def test_a_firm_name_leaves_out_the_verb_before_it(engine, text, firm, wrong):
    names = {c for t, c in _entities(engine, text) if t == "company"}
    assert wrong not in names
    assert any(firm.startswith(n) or n.startswith(firm[:4]) for n in names), names


def test_taiwanese_biomedical_firms_end_in_sheng_yi(engine):
    assert ("company", "台宝生医") in _entities(engine, "台宝生医的细胞制剂已获核准。")


def test_a_month_listed_after_a_dated_month_shares_its_year_and_the_list_dates_from_its_first():
    from datetime import date

    from transforms.dates import find_dates

    found = find_dates("该产品已于2020年7月及12月先后于美国、欧洲获批上市。", date(2025, 9, 24))
    assert [d.value for d in found] == ["2020-07", "2020-12"]


def test_an_approval_listed_over_two_months_takes_the_first(engine):
    events = _events(engine, "QR-17注射液已于2020年7月及12月先后于美国、欧洲获批上市。", pub="2025-09-24")
    assert [(e.type, e.date) for e in events] == [("drug_approval", "2020-07")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("澄源生物就QR-17注射液的药品注册申请获国家药品监督管理局受理。", [("nda_accepted", "QR-17注射液")]),
        (
            "2025年10月，公司提交的QR-17注射液新增二线适应症申请获得药品审评中心受理。",
            [("nda_accepted", "QR-17注射液")],
        ),
        ("QR-17注射液于2019年5月24日被FDA批准用于治疗2岁以下患儿。", [("drug_approval", "QR-17注射液")]),
        (
            "2024年2月，FDA批准了全球首款TIL疗法 Lifileucel (Amtagvi) 用于治疗晚期黑色素瘤。",
            [("drug_approval", "Amtagvi")],
        ),
    ],
)
def test_registration_applications_new_indications_and_approvals_for_a_use(engine, text, expected):
    assert [(e.type, e.drug) for e in _events(engine, text)] == expected


def test_a_readout_that_continues_a_dated_report_takes_its_date(engine):
    text = "2024年3月，诺华公司公布了QR-17注射液治疗SMA的最新研究数据。研究结果显示，几乎所有患者维持或改善了运动功能。"
    assert {(e.type, e.date) for e in _events(engine, text, pub="2025-07-20")} == {("clinical_result", "2024-03")}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("诺华的鞘内注射液（OAV101 注射液，Zolgensma）拟纳入优先审评。", "Zolgensma"),
        ("复星凯瑞的FKC889已提交上市申请。", "布瑞基奥仑赛注射液"),
        ("奕凯达（阿基仑塞注射液）已治疗逾400位患者。", "阿基仑赛注射液"),
    ],
)
def test_codes_and_misspellings_of_known_products_take_their_canonical(engine, text, canonical):
    drugs = {c for t, c in _entities(engine, text) if t == "drug"}
    assert drugs == {canonical}


def test_a_loose_indication_beside_its_precise_name_gives_one_event(engine):
    text = "2021年6月，QR-17注射液获批上市，用于治疗淋巴瘤中的复发或难治性大B细胞淋巴瘤。"
    assert [(e.type, e.indication) for e in _events(engine, text)] == [("drug_approval", "大B细胞淋巴瘤")]


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("沪惠保已将两款CAR-T纳入特药保障。", "沪惠保"),
        ("北京普惠健康保覆盖了该疗法。", "北京普惠健康保"),
        ("城惠保覆盖超过百城。", "惠民保"),
    ],
)
def test_city_inclusive_insurance_brands_are_policies(engine, text, scheme):
    assert ("policy", scheme) in _entities(engine, text)


@pytest.mark.parametrize(
    "text", ["该产品价格实惠保障到位。", "商业保险的覆盖程度将直接影响放量。", "地方推行惠医保政策。"]
)
def test_words_around_bao_are_no_scheme(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "policy"}


def test_the_national_reimbursement_list_by_its_short_names(engine):
    assert ("policy", "国家基本医疗保险药品目录") in _entities(engine, "该药暂未纳入国家医保目录，患者需自费。")


def test_an_edition_year_is_no_date():
    from transforms.dates import find_dates

    assert find_dates("国家医保局正式发布2025年版国家医保药品目录。", None) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("血液中心位于上海市虹桥路1191号血液中心大楼。", "上海市虹桥路1191号血液中心"),
        ("文件强调支持干细胞库建设。", "强调支持干细胞库"),
    ],
)
def test_addresses_and_verbs_are_not_part_of_a_bank_name(engine, text, wrong):
    assert ("company", wrong) not in _entities(engine, text)


def test_an_approval_letter_records_the_dated_acceptance_and_names_the_documents_product(engine):
    text = (
        "近日，公司全资子公司收到国家药监局核准签发的QR-19注射液《药物临床试验批准通知书》。\n"
        "审批结论：根据《中华人民共和国药品管理法》及有关规定，经审查，2025年8月1日受理的靶向CD19的"
        "嵌合抗原受体自体T细胞注射液符合药品注册的有关要求，同意本品开展临床试验。"
    )
    events = {(e.type, e.drug, e.date) for e in _events(engine, text, pub="2025-11-20")}
    assert ("ind_accepted", "QR-19注射液", "2025-08-01") in events
    assert {e[1] for e in events} == {"QR-19注射液"}


@pytest.mark.parametrize(
    "text",
    [
        "参与QR-17注射液1/2期试验的15名患者均已停止输注因子，都没有出现严重不良反应。",
        "QR-17注射液在三期临床中获最佳疗效，公司股价当日大涨。",
        "用药后五年内，QR-17注射液组患者年化出血率降低逾半。",
    ],
)
def test_readouts_in_a_trials_own_terms(engine, text):
    assert [e.type for e in _events(engine, text)] == ["clinical_result"]


def test_a_citation_mark_before_an_inline_bullet_ends_a_sentence():
    from transforms.clean import split_sentences

    text = "QR-17已于2024年2月获FDA批准 [5] - 临床试验数量远超2009年的2% [6] - 其他。"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "QR-17已于2024年2月获FDA批准 [5]",
        "- 临床试验数量远超2009年的2% [6]",
        "- 其他。",
    ]


def test_a_dated_old_approval_in_a_recent_report_is_kept(engine):
    text = (
        "2025年7月14日，QR-17注射液拟纳入优先审评。"
        "QR-17注射液是一种基因疗法，于2019年5月获得美国FDA的批准上市，用于治疗2岁以下患儿。"
    )
    events = {(e.type, e.date) for e in _events(engine, text, pub="2025-07-16")}
    assert ("drug_approval", "2019-05") in events


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("上海中源济生细胞科技有限公司为公司参股公司。", "中源协和"),
        ("贵州中观生物技术有限公司开展了干细胞临床研究。", "圣济堂"),
        ("南京艾尔普再生医学的HiCM-188获得临床许可。", "艾尔普"),
        ("上药生物治疗收到了临床试验批准通知书。", "上海医药"),
    ],
)
def test_subsidiaries_and_brands_take_the_groups_common_name(engine, text, group):
    assert ("company", group) in _entities(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "2020年，国务院发布的《关于深化医疗保障制度改革的意见》进一步提出要加快发展商业健康保险。",
        "自2009年国务院颁布《关于深化医药卫生体制改革的意见》以来，各部委陆续印发指导文件。",
    ],
)
def test_a_policy_described_or_used_as_a_time_reference_is_not_issued_here(engine, text):
    assert [e.type for e in _events(engine, text)] == []


def test_a_policy_issued_in_the_sentence_still_is(engine):
    text = "2020年，国务院发布《关于深化医疗保障制度改革的意见》，提出要加快发展商业健康保险。"
    assert [(e.type, e.date) for e in _events(engine, text)] == [("policy_issued", "2020")]


def test_the_first_prescription_of_a_named_class(engine):
    text = "2026年4月，宁江大学人民医院开出了全省首张干细胞药物处方，药物为QR-17注射液。"
    assert [e.type for e in _events(engine, text)] == ["first_prescription"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014年6月，澄源生物在美国纳斯达克上市，首日募资1.3亿美元。", ["financing"]),
        ("港股生物医药板块IPO市场热度持续攀升。", []),
    ],
)
def test_listings_in_other_words_and_the_ipo_market_as_a_noun(engine, text, expected):
    assert [e.type for e in _events(engine, text, pub="2025-12-20")] == expected


def test_an_inn_before_its_dosage_form_is_named_without_it(engine):
    drugs = {c for t, c in _entities(engine, "Fitusiran注射液的上市申请已获受理。") if t == "drug"}
    assert {d.lower() for d in drugs} == {"fitusiran"}


@pytest.mark.parametrize(
    ("text", "hospital", "wrong"),
    [
        ("牵头临床中心宁江医院的主任表示，研究进展顺利。", "宁江医院", "中心宁江医院"),
        ("该中心依托宁江肿瘤医院开展研究。", "宁江肿瘤医院", "中心依托宁江肿瘤医院"),
    ],
)
def test_a_hospital_name_leaves_out_a_centre_word_and_a_verb(engine, text, hospital, wrong):
    found = _entities(engine, text)
    assert ("company", hospital) in found
    assert ("company", wrong) not in found


def test_a_verb_of_curing_is_not_part_of_the_disease(engine):
    assert not {c for t, c in _entities(engine, "细胞疗法有望攻克癌症。") if t == "indication"}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("该病患者人数远少于肺癌。", ("indication", "人数远少于肺癌")),
        ("可以说退化性膝关节炎是常见病。", ("indication", "可以说退化性膝关节炎")),
        ("有人声称干细胞能包治百病。", ("indication", "包治百病")),
        ("干细胞可分化为成骨细胞和造血细胞。", ("company", "成骨细胞")),
    ],
)
def test_comparisons_speech_and_cell_words_make_no_entity(engine, text, absent):
    assert absent not in _entities(engine, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("患者2021年于玛丽医院接受了CAR-T治疗。", ("company", "香港玛丽医院")),
        ("服务延伸至威尔斯医院。", ("company", "威尔斯亲王医院")),
        ("传奇生物与杨森生物合作开发。", ("company", "强生")),
        ("台湾依特管办法开放细胞治疗。", ("policy", "特定医疗技术检查检验医疗仪器施行或使用管理办法")),
    ],
)
def test_hong_kong_hospitals_groups_and_taiwans_special_regulation(engine, text, expected):
    assert expected in _entities(engine, text)


def test_trade_press_is_media_not_a_company(engine):
    assert not {c for t, c in _entities(engine, "据FiercePharma报道，该公司完成了融资。") if t == "company"}


def test_a_first_commercial_product_is_an_attribute_and_a_launch_is_the_first_prescription(engine):
    text = "财报显示，公司的首个商业化产品QR-17注射液在2024年2月获批上市，在2024年3月推向市场。"
    events = {(e.type, e.date) for e in _events(engine, text, pub="2025-08-20")}
    assert events == {("drug_approval", "2024-02"), ("first_prescription", "2024-03")}


def test_a_pages_headline_line_folds_into_the_bodys_dated_event(engine):
    text = (
        "|\n2019-08-30 来源：宁江日报\n宁江市第一人民医院正式成为国家干细胞临床研究备案机构 |\n"
        "宁江市第一人民医院于今年6月完成备案，成为干细胞临床研究备案机构。"
    )
    events = [(e.type, e.date) for e in _events(engine, text, pub="2019-08-30")]
    assert events == [("research_filing", "2019-06")]


def test_a_filing_lists_items_are_no_headlines(engine):
    text = (
        "干细胞临床研究项目备案信息\n"
        "一、项目名称：间充质干细胞治疗膝骨关节炎的临床研究｜备案机构：宁江大学华西医院｜备案日期：2026年5月12日\n"
        "二、项目名称：间充质干细胞治疗脊髓损伤的研究｜备案机构：宁江医科大学总医院｜备案日期：2026年5月14日"
    )
    dates = sorted(e.date for e in _events(engine, text, pub="2026-05-30") if e.type == "research_filing")
    assert dates == ["2026-05-12", "2026-05-14"]


@pytest.mark.parametrize(
    "text",
    [
        "近日，国家药监局正式批准宁江医药旗下QR-17注射液的I-III期全周期临床试验。",
        "2023年4月6日，CDE官网显示，QR-17注射液治疗宫腔粘连的临床试验申请(IND)获批。",
        "QR-17已完成第一期临床试验，并获准进入第二期。",
    ],
)
def test_more_ways_a_trial_is_approved(engine, text):
    assert [(e.type, e.drug) for e in _events(engine, text, pub="2023-04-10")] in (
        [("ind_approval", "QR-17注射液")],
        [("ind_approval", "QR-17")],
    )


def test_an_approval_based_on_trial_results_is_no_ind(engine):
    text = "FDA批准了QR-17注射液上市，此次批准基于其III期临床试验结果。"
    assert "ind_approval" not in [e.type for e in _events(engine, text)]


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        ("患者出现细胞因子释放综合征，经输注托珠单抗后症状明显好转。", {"托珠单抗"}),
        ("既往治疗如利妥昔单抗、泰它西普和贝利尤单抗均无效。", {"利妥昔单抗", "泰它西普", "贝利尤单抗"}),
        ("诺西那生钠注射液是首个获批的SMA药物。", {"诺西那生钠"}),
    ],
)
def test_non_cell_drugs_by_their_nonproprietary_stem(engine, text, drugs):
    assert {c for t, c in _entities(engine, text) if t == "drug"} == drugs


def test_a_supportive_drug_is_tagged_but_no_event_is_about_it(engine):
    text = "QR-17注射液治疗后患者出现细胞因子释放综合征，经输注托珠单抗后症状明显好转。"
    assert {e.drug for e in _events(engine, text)} <= {"QR-17注射液"}


@pytest.mark.parametrize("text", ["单抗类药物市场规模持续扩大。", "PD-1单抗联合化疗。"])
def test_a_stem_alone_is_no_drug(engine, text):
    assert not {c for t, c in _entities(engine, text) if t == "drug"}


def test_a_scheme_brand_leaves_out_the_word_before_it(engine):
    found = _entities(engine, "百城推出的城惠保覆盖了CAR-T疗法。")
    assert ("policy", "惠民保") in found
    assert not {c for t, c in found if t == "policy" and c.startswith(("的", "出"))}
