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
