"""Rules from the nineteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import canonicals as _canonicals
from tests.transforms.rule_cases import events as _events
from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Approvals -----------------------------------------------------------------------------------------------


def test_a_rank_among_products_approved_before_approves_none_of_them(engine):
    # Only 获批上市 / 获批用于 name the approval; a bare rank (第5款获批的) places the product among its kind.
    text = "继澜汐基奥仑赛注射液和澜川基奥仑赛注射液之后，这是国内第3款获批的CAR-T产品。"
    assert _triples(engine, text) == []


def test_a_product_called_the_first_approved_for_market_is_an_undated_approval(engine):
    text = "澜汐基奥仑赛注射液由澜汐生物研发，是国内首款获批上市的CAR-T产品，数据表现亮眼。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", None)]


# First uses ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年，北辰医院完成全市首例QV-871注射液商业输注。", [("first_prescription", "QV-871注射液", "2024")]),
        (
            "澜汐基奥仑赛注射液上市后，北辰医院完成全省首例以CAR-T治疗儿童淋巴瘤的个案。",
            [("first_prescription", "澜汐基奥仑赛注射液", "2026-05")],
        ),
    ],
)
def test_a_first_commercial_case_told_as_a_case_is_a_first_use(engine, text, expected):
    assert _triples(engine, text) == expected


def test_a_look_back_with_no_time_leaves_its_first_use_undated(engine):
    text = "回顾本地发展，澜汐基奥仑赛注射液上市后，北辰医院完成全省首例以CAR-T治疗儿童淋巴瘤的个案。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", None)]


def test_a_look_back_to_a_year_keeps_the_year(engine):
    text = "回顾2024年，澜汐基奥仑赛注射液上市后，北辰医院完成全省首例以CAR-T治疗儿童淋巴瘤的个案。"
    assert _triples(engine, text) == [("first_prescription", "澜汐基奥仑赛注射液", "2024")]


def test_the_licence_month_before_a_first_use_does_not_date_the_use(engine):
    text = (
        "北辰医院今（20）日宣布，本月8日已为一名病人完成QV-871注射液回输，"
        "为该药去年11月取得药证后的全市首例商业治疗个案。"
    )
    assert _triples(engine, text) == [("first_prescription", "QV-871注射液", "2026-05-08")]


def test_a_use_told_after_a_first_prescription_keeps_its_month(engine):
    # the month is the use's own (已于7月完成获批后首例…回输), not the licence's
    text = "QV-871注射液已于3月完成获批后首例商业化患者的细胞回输。"
    assert _triples(engine, text) == [("first_prescription", "QV-871注射液", "2026-03")]


def test_the_first_patient_told_by_how_the_product_was_used_is_a_first_use(engine):
    text = "北辰医院昨日（19日）公布，一名病人上月接受QV-871注射液输注，成为本港首名以商业途径使用该类疗法的病人。"
    assert _triples(engine, text) == [("first_prescription", "QV-871注射液", "2026-04")]


# Readouts ------------------------------------------------------------------------------------------------


def test_a_primary_measure_told_before_it_was_met_is_a_readout(engine):
    text = "澜汐生物20日宣布，QV-871用于膝骨关节炎的三期临床试验主要疗效指标达到统计显著。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2026-05-20")]


def test_a_readout_announced_today_but_published_before_takes_the_publication_day(engine):
    text = "澜汐生物今日公布，QV-871的Ib期临床研究结果已于5月18日在国际期刊《自然医学》网上发表。"
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2026-05-18")]


def test_readouts_given_at_a_companys_research_day_are_dated_by_the_day(engine):
    text = (
        "澜汐生物今日举办2026年研发日，集中披露了两款在研产品的最新进展。\n"
        "QV-871关键II期研究显示，大B细胞淋巴瘤患者的12个月持续缓解率为63.2%。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2026-05-20")]


def test_a_date_labelled_as_another_steps_does_not_date_a_readout_in_its_row(engine):
    text = "QV-871 | 帕金森病 | I期（IND获批：2025年4月） | n=6，客观缓解率为50%"
    assert ("clinical_result", "QV-871", None) in _triples(engine, text)
    assert ("ind_approval", "QV-871", "2025-04") in _triples(engine, text)


def test_readouts_told_after_a_papers_publication_day_are_dated_by_it(engine):
    text = (
        "健康时报　记者 李青\n2026-05-20\n"
        "5月18日，国际医学期刊《新英格兰医学杂志》在线发表了北辰医院与澜汐生物合作完成的一项研究。"
        "该研究采用通用型CAR-T细胞QV-871治疗系统性硬化症。\n"
        "论文报告了8例患者的结果：5例系统性硬化症患者的皮肤评分平均下降12分，肺功能保持稳定。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2026-05-18")]


# Registers -----------------------------------------------------------------------------------------------


WEEKLY = (
    "一、受理情况（按承办日期）\n"
    "受理号 | 药品名称 | 申请类型 | 企业 | 承办日期\n"
    "CXSL2600612 | QV-871注射液 | 新药临床 | 澜汐生物 | 2026-05-12\n"
    "CXSS2600088 | 澜汐基奥仑赛注射液 | 上市申请 | 澜汐生物 | 2026-05-13\n"
    "二、指导原则\n"
    "5月15日，药审中心发布《细胞治疗产品上市后研究技术指导原则（试行）》，自发布之日起施行。"
)


def test_a_section_headed_by_acceptances_with_a_gloss_holds_acceptances_under_an_approvals_title(engine):
    events = _triples(engine, WEEKLY, title="CDE周报：2款新药获受理，2款产品获默示许可")
    assert ("ind_accepted", "QV-871注射液", "2026-05-12") in events
    assert ("nda_accepted", "澜汐基奥仑赛注射液", "2026-05-13") in events
    assert not any(t == "ind_approval" for t, _d, _w in events)


def test_a_policy_issued_beside_a_register_is_kept(engine):
    assert ("policy_issued", None, "2026-05-15") in _triples(engine, WEEKLY)


# Products ------------------------------------------------------------------------------------------------


def test_a_code_told_in_a_later_clause_about_a_named_product_is_that_product(engine):
    text = "澜汐迈托赛注射液由澜汐生物自主研发，研发代号QV-871，今年1月20日获附条件批准上市。"
    assert _canonicals(engine, text, "drug") == {"澜汐迈托赛注射液"}
    assert _triples(engine, text) == [("drug_approval", "澜汐迈托赛注射液", "2026-01-20")]


def test_a_code_after_another_product_is_not_glossed_by_the_first(engine):
    text = "澜汐迈托赛注射液已获批上市，公司另一款产品澜川迈托赛注射液的研发代号为QV-872。"
    assert "QV-872" in _canonicals(engine, text, "drug")


def test_the_time_since_an_untold_step_does_not_date_it(engine):
    text = "5月18日，北辰医院开出澜汐迈托赛注射液的首张处方，距离它拿到“准生证”过去了130天。"
    assert ("drug_approval", "澜汐迈托赛注射液", "2026-05-18") not in _triples(engine, text)


def test_the_time_since_a_dated_step_keeps_its_date(engine):
    text = "5月18日，北辰医院开出澜汐迈托赛注射液的首张处方，距离该产品5月2日获批上市仅过去16天。"
    assert ("drug_approval", "澜汐迈托赛注射液", "2026-05-02") in _triples(engine, text)


def test_results_reported_before_the_next_trials_approval_are_a_readout(engine):
    text = (
        "澜汐生技昨（19）日公布，QV-871治疗膝关节炎的第二期人体临床试验结果，"
        "并同步宣布已获食药署核准执行第三期临床试验。"
    )
    assert ("clinical_result", "QV-871", "2026-05-19") in _triples(engine, text)


@pytest.mark.parametrize(
    "text",
    ["澜汐生物计划于明年公布QV-871的II期临床试验结果。", "澜汐生物尚未公布QV-871的临床试验数据。"],
)
def test_results_still_to_be_reported_are_no_readout(engine, text):
    assert _triples(engine, text) == []


def test_the_only_product_inside_a_reference_keeps_the_references_date(engine):
    text = "值得一提的是，这是继2023年11月澜川生物的澜川基奥仑赛注射液之后，国内第二款获批用于成人B-ALL的CAR-T产品。"
    assert _triples(engine, text) == [("drug_approval", "澜川基奥仑赛注射液", "2023-11")]


MOPS = (
    "公開資訊觀測站 > 重大訊息與公告\n"
    "主旨：公告本公司新藥QV-871第II期臨床試驗解盲結果\n"
    "事實發生日：115/05/18\n"
    "說明：\n"
    "1.研發新藥名稱或代號：QV-871\n"
    "2.各期人體臨床試驗結果：主要療效指標試驗組為52.1%，安慰劑組為30.2%，達統計上顯著意義。"
)


def test_a_taiwan_announcement_of_results_dates_them_by_its_fact_day(engine):
    assert ("clinical_result", "QV-871", "2026-05-18") in _triples(engine, MOPS)


def test_a_taiwan_announcement_of_another_fact_leaves_a_retold_readout_undated(engine):
    text = MOPS.replace("第II期臨床試驗解盲結果", "獲准執行第III期臨床試驗")
    assert ("clinical_result", "QV-871", "2026-05-18") not in _triples(engine, text)


def test_an_application_accepted_beside_a_register_of_other_applications_is_kept(engine):
    text = (
        "受理号｜药品名称｜申请人｜适应症｜默示许可日期\n"
        "CXSL2600611｜QV-871注射液｜澜汐生物｜膝骨关节炎｜2026-05-12\n"
        "此外，澜川生物递交的QV-872注射液临床试验申请已于5月11日获CDE受理，受理号CXSL2600628。"
    )
    events = _triples(engine, text)
    assert ("ind_approval", "QV-871注射液", "2026-05-12") in events
    assert ("ind_accepted", "QV-872注射液", "2026-05-11") in events


def test_taiwans_approval_of_a_named_applicants_product_for_a_phased_trial_is_an_ind_approval(engine):
    text = (
        "食药署今（20）日宣布，已于本月16日核准澜汐生技股份有限公司申请之异体细胞制剂QV-871执行第一/二期人体临床试验。"
    )
    assert _triples(engine, text) == [("ind_approval", "QV-871", "2026-05-16")]


def test_hong_kongs_poisons_board_approving_a_products_registration_is_an_approval(engine):
    text = (
        "卫生署今日表示，药剂业及毒药管理局（管理局）已批准一款名为「澜汐基奥仑赛注射液」的先进疗法制品注册为药剂制品。"
    )
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-20")]


def test_items_headed_by_a_product_with_their_fields_below_are_register_records(engine):
    text = (
        "①澜汐基奥仑赛注射液（研发代号：QV-871）\n申请人：澜汐生物\n适应症：系统性硬化症\n默示许可日期：5月12日\n"
        "②QV-872注射液\n申请人：澜川生物\n适应症：晚期实体瘤\n默示许可日期：5月14日\n"
        "③QV-873注射液\n申请人：澜江生物\n受理号：CXSL2600455\n承办日期：5月13日\n"
    )
    events = _triples(engine, text, title="本周2款细胞疗法获临床默示许可，1款新药申请获受理")
    assert events == [
        ("ind_accepted", "QV-873注射液", "2026-05-13"),
        ("ind_approval", "QV-872注射液", "2026-05-14"),
        ("ind_approval", "澜汐基奥仑赛注射液", "2026-05-12"),
    ]


def test_numbered_items_with_fields_but_no_step_are_no_records(engine):
    text = "1. 澜汐生物\n成立时间：2018年\n适应症：系统性硬化症\n申请人：澜汐生物\n2. 澜川生物\n成立时间：2019年\n"
    assert _triples(engine, text) == []


def test_a_product_record_pages_timeline_rows_are_its_steps(engine):
    text = (
        "【基本信息】\n通用名：澜汐基奥仑赛注射液\n研发代号：QV-871\n"
        "【注册进度】\n日期｜受理号｜事项｜适应症\n"
        "2025-03-12｜CXSL2500118｜临床试验申请受理｜多发性骨髓瘤\n"
        "2025-05-20｜CXSL2500118｜临床试验默示许可｜多发性骨髓瘤\n"
        "2025-11-05｜CXSL2500118｜拟纳入突破性治疗药物程序公示｜多发性骨髓瘤\n"
        "2026-03-03｜CXSS2600031｜上市许可申请受理｜多发性骨髓瘤\n"
        "2026-03-09｜CXSS2600031｜拟纳入优先审评公示｜多发性骨髓瘤\n"
    )
    assert _triples(engine, text) == [
        ("breakthrough_therapy", "澜汐基奥仑赛注射液", "2025-11-05"),
        ("ind_accepted", "澜汐基奥仑赛注射液", "2025-03-12"),
        ("ind_approval", "澜汐基奥仑赛注射液", "2025-05-20"),
        ("nda_accepted", "澜汐基奥仑赛注射液", "2026-03-03"),
        ("priority_review", "澜汐基奥仑赛注射液", "2026-03-09"),
    ]


FILING_NOTICE = (
    "以下2个干细胞临床研究项目已于2026年5月9日完成备案，现予公告。\n"
    "一、项目名称：脐带间充质干细胞治疗慢加急性肝衰竭的随机对照研究\n"
    "　　备案机构：北辰大学附属第一医院\n"
    "二、项目名称：脂肪间充质干细胞治疗膝骨关节炎的探索性研究\n"
    "　　备案机构：北辰医科大学附属第二医院\n"
    "另，澜江大学附属医院已于2026年4月完成干细胞临床研究机构备案，可按规定组织项目申报。\n"
    "各备案机构应严格按照备案方案开展研究。\n"
    "北辰省卫生健康委员会办公室\n2026年5月18日"
)


def test_a_filing_lists_items_take_the_leads_day_and_another_institution_told_after_them_is_kept(engine):
    events = sorted((e.type, e.date, e.company) for e in _events(engine, FILING_NOTICE))
    assert events == [
        ("research_filing", "2026-04", "澜江大学附属医院"),
        ("research_filing", "2026-05-09", "北辰医科大学附属第二医院"),
        ("research_filing", "2026-05-09", "北辰大学附属第一医院"),
    ]


def test_a_supplements_approval_on_a_delivery_list_is_no_marketing_approval(engine):
    text = (
        "序号｜受理号｜药品名称｜申请人｜审批结论｜批准日期\n"
        "1｜CXSS2600188｜澜汐基奥仑赛注射液｜澜汐生物｜附条件批准上市｜2026-05-17\n"
        "2｜CXSB2600140｜澜川迈托赛注射液｜澜川生物｜批准（变更生产场地）｜2026-05-16\n"
    )
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-17")]


def test_a_supplement_that_adds_a_use_is_an_approval(engine):
    text = (
        "序号｜受理号｜药品名称｜申请人｜审批结论｜批准日期\n"
        "1｜CXSB2600142｜澜汐基奥仑赛注射液｜澜汐生物｜补充申请批准（新增适应症）｜2026-05-10\n"
    )
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-10")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("食药署已于3月2日核准澜汐生技之「QX-KOA1自体脂肪干细胞制剂」附款许可。", "QX-KOA1"),
        ("另外，澜汐生技开发之QX-HF2亦于日前获食药署核准执行第一/二期临床试验。", "QX-HF2"),
    ],
)
def test_a_one_digit_code_described_as_cells_or_as_a_firms_development_is_a_product(engine, text, code):
    assert code in _canonicals(engine, text, "drug")


def test_a_one_digit_code_with_nothing_saying_it_is_a_product_is_none(engine):
    assert _canonicals(engine, "会议编号QX-HF2的讨论将于下周举行。", "drug") == set()


def test_an_approval_dated_in_an_attribute_with_its_pathway_between_is_dated(engine):
    text = "去年12月经「1+」机制获卫生署批准注册的CAR-T疗法澜汐基奥仑赛注射液，本周二（19日）已为首名本港病人完成输注。"
    events = _triples(engine, text)
    assert ("drug_approval", "澜汐基奥仑赛注射液", "2025-12") in events
    assert ("first_prescription", "澜汐基奥仑赛注射液", "2026-05-19") in events


def test_a_registration_application_approved_is_an_approval(engine):
    text = "卫生署今日宣布，药剂制品注册委员会已于昨日（5月19日）批准先进疗法制品澜汐基奥仑赛注射液的注册申请。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05-19")]


def test_laws_passed_and_promulgated_together_are_dated_by_that_day(engine):
    text = (
        "《再生医疗法》与《再生医疗制剂条例》自2026年1月1日起正式施行。"
        "这两部法律于2024年6月经立法院三读通过并由总统公布。"
    )
    assert _triples(engine, text) == [("policy_issued", None, "2024-06"), ("policy_issued", None, "2024-06")]


def test_uses_approved_later_at_times_not_told_are_undated_approvals(engine):
    text = "QV-871于2021年2月获美国FDA批准上市，用于大B细胞淋巴瘤，此后又陆续获批用于滤泡性淋巴瘤和套细胞淋巴瘤。"
    assert sorted((e.indication, e.date) for e in _events(engine, text) if e.type == "drug_approval") == [
        ("大B细胞淋巴瘤", "2021-02"),
        ("套细胞淋巴瘤", None),
        ("滤泡性淋巴瘤", None),
    ]


# Policies ------------------------------------------------------------------------------------------------


def test_a_law_taking_effect_is_no_issuance_on_a_page_that_tells_its_promulgation(engine):
    text = (
        "「再生医疗法」自今年1月1日起正式施行。\n"
        "卫生福利部表示，「再生医疗法」于2024年6月4日经立法院三读通过，同年6月19日由总统公布。"
    )
    assert _triples(engine, text, pub="2026-01-02") == [("policy_issued", None, "2024-06-19")]


def test_a_law_taking_effect_alone_still_stands_for_its_issuance(engine):
    text = "《北辰省细胞治疗产业发展若干政策》自2026年5月1日起正式施行。"
    assert _triples(engine, text) == [("policy_issued", None, "2026-05-01")]


def test_a_title_holding_a_word_of_taking_effect_is_issued_when_told_so(engine):
    text = (
        "《再生醫療法》於2026年1月1日起施行。\n"
        "台灣細胞治療過去主要依據107年9月修正發布之《特定醫療技術檢查檢驗醫療儀器施行或使用管理辦法》辦理。"
    )
    assert ("policy_issued", None, "2018-09") in _triples(engine, text, pub="2026-01-02")


def test_the_first_use_of_a_product_brought_in_through_a_scheme_is_a_first_use(engine):
    text = "北辰医院本月1日为一名病人输注QV-871，这是大湾区内地九市首例经「港澳药械通」引入并使用的基因治疗药物。"
    assert ("first_prescription", "QV-871", "2026-05-01") in _triples(engine, text)


def test_a_step_told_afterwards_without_a_time_is_undated(engine):
    text = "2022年10月，澜汐基奥仑赛注射液的上市申请获受理，随后被纳入优先审评。"
    assert _triples(engine, text) == [
        ("nda_accepted", "澜汐基奥仑赛注射液", "2022-10"),
        ("priority_review", "澜汐基奥仑赛注射液", None),
    ]


def test_dated_bracket_items_with_description_lines_under_a_list_lead_are_each_listed(engine):
    text = (
        "5月11日至15日共有3款细胞治疗产品获得临床试验默示许可。以下为部分品种（按公示日期排列）：\n"
        "【5月11日】澜汐生物　QV-871注射液\n靶向CD22的自体CAR-T，拟用于急性淋巴细胞白血病。\n"
        "【5月12日】澜川细胞　QV-872注射液（人脐带间充质干细胞注射液）\n适应症为膝骨关节炎。\n"
        "【5月13日】澜江基因　QV-873注射液\nAAV载体基因治疗产品，拟用于血友病A。\n"
        "此外，澜海细胞的QV-874注射液临床试验申请于5月14日获受理，拟用于肾细胞癌。\n"
    )
    assert _triples(engine, text) == [
        ("ind_accepted", "QV-874注射液", "2026-05-14"),
        ("ind_approval", "QV-871注射液", "2026-05-11"),
        ("ind_approval", "QV-872注射液", "2026-05-12"),
        ("ind_approval", "QV-873注射液", "2026-05-13"),
    ]


def test_marginal_zone_lymphoma_is_a_disease_of_its_own(engine):
    text = "澜汐基奥仑赛注射液获批用于治疗滤泡性淋巴瘤和边缘区淋巴瘤（MZL）成人患者。"
    assert _canonicals(engine, text, "indication") == {"滤泡性淋巴瘤", "边缘区淋巴瘤"}


def test_the_first_patient_to_have_the_product_implanted_is_a_first_use(engine):
    text = "取得许可后，北辰纪念医院已于5月4日为首位自费患者完成QV-871植入手术，术后恢复良好。"
    assert _triples(engine, text) == [("first_prescription", "QV-871", "2026-05-04")]


def test_a_cut_off_day_glossed_in_brackets_dates_no_readout(engine):
    text = (
        "QV-871治疗多发性骨髓瘤的I期临床研究最新数据，已于2026年5月17日在学术年会上以口头报告形式公布。\n"
        "截至数据截止日（2026年3月31日），在18名可评估患者中，客观缓解率为88.9%。"
    )
    assert _triples(engine, text) == [("clinical_result", "QV-871", "2026-05-17")]


def test_data_first_told_at_a_taiwan_investor_conference_are_dated_by_it(engine):
    text = (
        "干细胞新药公司澜汐生医今（20）日举行法人说明会。总经理表示，QV-871的第二期临床试验，在上月取得食药署核准。\n"
        "另一方面，公司于会中首度公布QV-871膝骨关节炎第一/二期试验期中分析：治疗组受试者的疼痛分数较基线平均下降42%，且未发生严重不良事件。"
    )
    assert _triples(engine, text) == [
        ("clinical_result", "QV-871", "2026-05-20"),
        ("ind_approval", "QV-871", "2026-04"),
    ]


def test_a_table_under_a_section_heading_ending_in_a_colon_takes_the_sections_kind(engine):
    text = (
        "拟纳入突破性治疗品种（CGT部分）：\n"
        "受理号｜药品名称｜申请人｜拟定适应症｜公示日期\n"
        "CXSL2600655｜QV-871注射液｜澜汐生物｜膝骨关节炎｜2026-05-12\n"
        "拟纳入优先审评品种（CGT部分）：\n"
        "受理号｜药品名称｜申请人｜拟定适应症｜公示日期\n"
        "CXSS2600102｜QV-872注射液｜澜川生物｜大B细胞淋巴瘤｜2026-05-13\n"
    )
    title = "CDE半月观察｜1款产品拟纳入突破性治疗，1款CAR-T拟优先审评"
    assert _triples(engine, text, title=title) == [
        ("breakthrough_therapy", "QV-871注射液", "2026-05-12"),
        ("priority_review", "QV-872注射液", "2026-05-13"),
    ]


def test_a_step_disclosed_in_an_earlier_announcement_is_not_dated_by_that_announcement(engine):
    text = (
        "诚如本公司日期为2026年4月30日的公告所披露，QV-871用于急性呼吸窘迫综合征的III期临床试验申请已获国家药监局批准。"
    )
    assert _triples(engine, text) == [("ind_approval", "QV-871", None)]


def test_one_products_dated_licence_after_a_count_of_licences_is_an_ind_approval(engine):
    text = "据药审中心网站，本周共有5款细胞治疗产品获得临床试验默示许可，其中澜汐生物的QV-871于5月14日获得默示许可。"
    assert _triples(engine, text) == [("ind_approval", "QV-871", "2026-05-14")]


def test_a_policy_issued_the_same_day_and_taking_effect_later_is_dated_by_that_day(engine):
    text = (
        "5月12日，北辰省药监局印发《北辰省促进细胞与基因治疗产业高质量发展若干措施》。"
        "同日，北辰市卫生健康委员会发布《北辰市细胞治疗临床研究支持办法》，自2026年6月1日起施行。"
    )
    assert _triples(engine, text) == [("policy_issued", None, "2026-05-12"), ("policy_issued", None, "2026-05-12")]


@pytest.mark.parametrize(
    "text",
    [
        "澜汐迈托赛注射液已获批上市。此前完成的III期临床试验中，治疗12周后溃疡完全愈合率较对照组提高逾一倍。",
        "澜汐迈托赛注射液已获批上市。此前完成的III期临床试验中，治疗组未见与产品相关的严重不良事件。",
    ],
)
def test_a_healing_rate_or_no_serious_adverse_event_is_a_readout(engine, text):
    assert ("clinical_result", "澜汐迈托赛注射液", None) in _triples(engine, text)
