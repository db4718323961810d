"""Rules from the fifth real-text round (issue 14): errors seen on the dev pages, refilled on a new machine.

Each case is a new sentence modelled on a phrasing seen there, with invented products (QR-17) and firms.
"""

from __future__ import annotations

from datetime import date

import pytest

from transforms.amounts import parse_amounts
from transforms.dates import find_dates, months_after
from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _events(engine, text: str, pub: str | None = "2026-05-20") -> list:
    return engine.extract(InputDocument(id="x", text=text, title=None, published_at=pub)).events


def _triples(engine, text: str, pub: str | None = "2026-05-20") -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.drug, e.date) for e in _events(engine, text, pub)]


def test_a_sentence_naming_only_a_date_dates_the_milestone_told_right_after_it(engine):
    text = "2024年9月3日,一纸批文改写了国内基因治疗的历史。启明基因研发的QR-17注射液获得附条件批准上市。"
    assert _triples(engine, text, pub=None) == [("drug_approval", "QR-17注射液", "2024-09-03")]


def test_a_date_in_another_paragraph_dates_nothing(engine):
    text = "2024年9月3日,一纸批文改写了国内基因治疗的历史。\n启明基因研发的QR-17注射液获得附条件批准上市。"
    assert _triples(engine, text, pub=None) == [("drug_approval", "QR-17注射液", None)]


@pytest.mark.parametrize(
    ("text", "value", "surface"),
    [
        ("首轮即募得1亿3000万元。", 130_000_000, "1亿3000万元"),
        ("一天之内揽下2亿5千万美金。", 250_000_000, "2亿5千万美金"),
        ("获得5000万美金投资。", 50_000_000, "5000万美金"),
    ],
)
def test_an_amount_written_in_亿_and_万_parts_or_in_美金_is_read_whole(text, value, surface):
    [(_, _, amount)] = parse_amounts(text)
    assert (amount.value, amount.surface) == (value, surface)
    assert amount.currency == ("USD" if "美金" in text else "CNY")


def test_a_listing_on_an_exchange_is_a_financing_but_a_share_listed_there_is_not(engine):
    listed = "2019年3月,启明基因在美国纳斯达克上市,首日募资1.2亿美元。"
    assert _triples(engine, listed) == [("financing", None, "2019-03")]
    shares = "报道称启明基因在纳斯达克上市的股票价值下跌一半。"
    assert [e.type for e in _events(engine, shares)] == []


def test_只有_before_a_count_is_no_condition(engine):
    text = "2019年3月,只有30名员工的远帆生物在美国纳斯达克上市。"
    assert _triples(engine, text) == [("financing", None, "2019-03")]


def test_只有_as_a_condition_still_cancels(engine):
    text = "只有完成C轮融资,启明基因才能启动注册临床。"
    assert [e.type for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("一个月后,该公司宣布完成融资。", "2019-04"),
        ("仅仅过了两个月,同行宣布融资。", "2019-05"),
        ("时隔十个月,又一款产品获批。", "2020-01"),
        ("半个月后,首批患者完成回输。", "2019-03"),
    ],
)
def test_months_later_counts_from_the_month_just_told(text, month):
    assert months_after("2019-03-12", text) == month


def test_months_later_needs_a_month_and_an_opening_phrase():
    assert months_after("2019", "一个月后,该公司宣布完成融资。") is None
    assert months_after("2019-03", "该公司宣布完成融资,一个月后上市。") is None


def test_the_next_step_of_a_story_is_dated_from_the_month_before(engine):
    text = (
        "2019年3月,启明基因在美国纳斯达克上市,募资1.2亿美元。"
        "仅仅过了两个月,同样成立不久的远帆生物宣布完成1亿3千万美元B轮融资。"
    )
    assert _triples(engine, text) == [("financing", None, "2019-03"), ("financing", None, "2019-05")]


@pytest.mark.parametrize(
    "text",
    [
        "QR-17注射液是一款间充质干细胞药物。该产品的II期试验达到全部主要终点。",
        "QR-17注射液是一款CAR-T细胞药物。数据显示,接受治疗的患者客观缓解率为78%。",
    ],
)
def test_a_readout_told_without_a_time_is_undated(engine, text):
    assert _triples(engine, text) == [("clinical_result", "QR-17注射液", None)]


def test_a_readout_told_as_recent_takes_the_page_month(engine):
    text = "QR-17注射液是一款间充质干细胞药物。不久前,该产品的II期试验达到全部主要终点。"
    assert _triples(engine, text) == [("clinical_result", "QR-17注射液", "2026-05")]


def test_a_product_named_after_its_indication_with_适应症为_is_a_product_not_a_class(engine):
    text = "该企业旗下适应症为膝骨关节炎的人脐带间充质干细胞注射液已于2024年5月获得药物临床试验默示许可。"
    assert _triples(engine, text) == [("ind_approval", "人脐带间充质干细胞注射液", "2024-05")]


def test_a_product_described_with_为_is_still_a_class(engine):
    text = "QR-17为一种人脐带间充质干细胞注射液,已获得药物临床试验默示许可。"
    assert {e.drug for e in _events(engine, text)} == {"QR-17"}


def test_an_ind_application_经_a_regulator_批准_is_an_ind_approval(engine):
    text = "2025年2月,QR-17新药临床试验申请(IND)经FDA批准,将在美国开展I期研究。"
    assert _triples(engine, text) == [("ind_approval", "QR-17", "2025-02")]


def test_another_study_in_the_next_sentence_shares_the_report_date(engine):
    text = (
        "2025年3月25日,某研究团队在期刊上发表了两项研究。其中,QR-17治疗8例淋巴瘤患者的I期研究结果显示,有效率达75%。"
        "另一项QR-18治疗9例白血病患者的I期研究总有效率为66.7%。"
    )
    assert ("clinical_result", "QR-18", "2025-03-25") in _triples(engine, text)


def test_an_approval_that_goes_on_to_give_its_study_figures_is_also_a_readout(engine):
    text = "启明基因的QR-17注射液获批用于三线淋巴瘤,客观缓解率(ORR)达78.1%,完全缓解率(CR)为53.2%。"
    assert sorted(_triples(engine, text)) == [
        ("clinical_result", "QR-17注射液", None),
        ("drug_approval", "QR-17注射液", "2026-05"),
    ]


def test_an_approval_justified_by_data_without_figures_is_no_readout(engine):
    text = "QR-17注射液此次获附条件批准,是基于其显著的早期临床疗效数据。"
    assert [e.type for e in _events(engine, text)] == ["drug_approval"]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("该疗法用于治疗弥漫性大B淋巴细胞瘤。", "弥漫性大B细胞淋巴瘤"),
        ("辉大基因的HG-204进入临床。", "HG204"),
        # leukaemia in general and Takeda, named as the annotators name them
        ("他被确诊为白血病后接受了治疗。", "白血病"),
        ("患者被确诊为急性白血病。", "急性白血病"),
        ("武田的这款药物已在日本上市。", "武田制药"),
    ],
)
def test_a_variant_spelling_takes_the_standard_name(engine, text, canonical):
    result = engine.extract(InputDocument(id="x", text=text, title=None, published_at="2026-05-20"))
    assert canonical in {e.canonical for e in result.entities}


def test_the_first_commercial_product_approved_is_no_first_prescription(engine):
    text = "2021年6月23日,中国首个商业化CAR-T细胞治疗产品QR-17注射液正式获批上市。"
    assert _triples(engine, text) == [("drug_approval", "QR-17注射液", "2021-06-23")]


def test_the_first_commercial_patient_is_still_a_first_prescription(engine):
    text = "2026年5月,滨江医院完成QR-17注射液的首个商业化患者回输。"
    assert _triples(engine, text) == [("first_prescription", "QR-17注射液", "2026-05")]


def test_a_facility_whose_scale_will_serve_a_region_is_no_market_forecast(engine):
    text = "该细胞制备中心总投资3亿元,建成后规模将覆盖周边地区约1200万人口。"
    assert [e.type for e in _events(engine, text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012年,美国FDA批准了首个溶瘤病毒产品Talimogene(商品名QRX®)。", ("drug_approval", "2012")),
        ("2004年,我国批准了世界上第一个基因治疗产品Genovir。", ("drug_approval", "2004")),
        ("18年后的2026年3月,中国第一款诱导多能干细胞药品获批上市。", ("drug_approval", "2026-03")),
        ("据了解,今年3月,国内首个TIL细胞治疗药品获批。", ("drug_approval", "2026-03")),
        ("近日,全球首个碱基编辑疗法上市申请获受理。", ("nda_accepted", "2026-05")),
    ],
)
def test_the_first_product_of_a_kind_is_an_event_named_or_not(engine, text, expected):
    assert [(e.type, e.date) for e in _events(engine, text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "回顾过去四年,行业从“首款产品获批”迅速迈入产业加速期。",
        "可以说,自首款产品获批以来,这一领域就迎来了高光时刻。",
    ],
)
def test_a_first_product_without_its_kind_or_since_its_approval_is_no_event(engine, text):
    assert [e.type for e in _events(engine, text)] == []


def test_the_significance_of_a_step_retells_it_rather_than_adding_one(engine):
    text = (
        "2026年2月14日,启明基因宣布,香港卫生署已正式受理其CAR-T细胞产品QR-17注射液的新药上市许可申请。"
        "这是香港卫生署首次正式受理国产CAR-T细胞产品的新药上市申请。"
    )
    assert _triples(engine, text) == [("nda_accepted", "QR-17注射液", "2026-02-14")]


def test_an_unnamed_first_approval_beside_the_named_one_is_the_same_approval(engine):
    text = (
        "1月2日,国家药监局附条件批准启明基因申报的QR-17注射液上市。"
        "“首款干细胞药物获批,意味着行业进入收获期。”一位分析师表示。"
    )
    assert _triples(engine, text, pub="2026-01-03") == [("drug_approval", "QR-17注射液", "2026-01-02")]


def test_a_law_passed_by_the_legislature_is_issued(engine):
    text = "台湾于2024年6月正式通过《再生医疗法》与《再生医疗制剂条例》。"
    assert [(e.type, e.policy, e.date) for e in _events(engine, text)] == [
        ("policy_issued", "再生医疗法", "2024-06"),
        ("policy_issued", "再生医疗制剂条例", "2024-06"),
    ]


def test_traditional_隨著_is_background_like_随着(engine):
    text = "隨著《再生醫療法》全面施行,2026年被視為再生醫療元年。"
    assert [e.type for e in _events(engine, text)] == []


def test_the_aspect_著_becomes_着_but_著_of_显著_stays(engine):
    view = engine.view("隨著療效顯著,意味著市場擴大。")
    assert view == "随着疗效显著,意味着市场扩大。"


def test_an_approval_letter_that_quotes_its_acceptance_day_reports_the_acceptance_too(engine):
    text = (
        "关于全资子公司获得药物临床试验批准通知书的公告\n"
        "药品名称:QR-17注射液\n"
        "受理号:CXSL2400999\n"
        "审批结论:根据《中华人民共和国药品管理法》及有关规定,经审查,2024年11月5日受理的QR-17注射液"
        "符合药品注册的有关要求,同意开展膝骨关节炎的临床试验。\n"
    )
    assert sorted(_triples(engine, text, pub="2025-01-20")) == [
        ("ind_accepted", "QR-17注射液", "2024-11-05"),
        ("ind_approval", "QR-17注射液", "2025-01"),
    ]


@pytest.mark.parametrize(
    "text",
    ["该公司的细胞治疗产品QR-17即在第二期临床后直接取得上市许可。", "QR-17于今年3月取得国内药证。"],
)
def test_a_licence_obtained_is_an_approval(engine, text):
    assert [e.type for e in _events(engine, text)] == ["drug_approval"]


@pytest.mark.parametrize("text", ["QR-17的上市许可持有人为启明基因。", "公司已向EMA提交QR-17的上市许可申请。"])
def test_a_licence_holder_or_a_licence_application_is_no_approval(engine, text):
    assert "drug_approval" not in [e.type for e in _events(engine, text)]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("相关子法于115年1月1日公告施行", ["2026-01-01"]),
        ("该药于111年获得欧洲药品管理局核准上市", ["2022"]),
        ("卫福部于民国113年6月公布", ["2024-06"]),
        ("113年度预算", ["2024"]),
        ("该院已有110年历史", []),
        ("第115年", []),
    ],
)
def test_taiwan_民国_years_are_resolved_and_durations_are_not(text, values):
    assert [d.value for d in find_dates(text, date(2026, 1, 7))] == values
