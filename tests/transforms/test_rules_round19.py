"""Rules from the nineteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

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
