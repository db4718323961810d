from __future__ import annotations

from datetime import date

import pytest

from transforms.amounts import CNY_RATES, cn_number, parse_amounts
from transforms.dates import compatible, find_dates, index_dates, parse_published

pytestmark = pytest.mark.unit

PUB = date(2025, 6, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年1月2日", ["2025-01-02"]),
        ("2024-12-30", ["2024-12-30"]),
        ("2025年6月", ["2025-06"]),
        ("2029年", ["2029"]),
        ("二〇三〇年", ["2030"]),
        ("今年1月", ["2025-01"]),
        ("今年3月15日", ["2025-03-15"]),
        ("去年", ["2024"]),
        ("近日", ["2025-06"]),
        ("日前", ["2025-06"]),
        ("本月", ["2025-06"]),
        ("上月", ["2025-05"]),
        ("今日", ["2025-06-10"]),
        ("昨日", ["2025-06-09"]),
        ("6月5日", ["2025-06-05"]),
        ("12月", ["2024-12"]),  # a month well after publication is last year's
        ("3个月后", []),
        ("2月30日", []),
    ],
)
def test_find_dates(text, expected):
    assert [d.value for d in find_dates(text, PUB)] == expected


def test_same_year_uses_context_year():
    assert [d.value for d in find_dates("同年9月", PUB, same_year=2021)] == ["2021-09"]
    assert find_dates("同年9月", PUB) == []


def test_relative_dates_need_publication_date():
    assert find_dates("近日，今年1月", None) == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025-01", "2025-01-02", True),
        ("2025", "2025-06", True),
        ("2025-01-02", "2025-01-08", True),
        ("2025-01-02", "2025-01-20", False),
        ("2025-01", "2025-02", False),
    ],
)
def test_compatible(a, b, expected):
    assert compatible(a, b) is expected


@pytest.mark.parametrize(("value", "expected"), [("2025-01-03", date(2025, 1, 3)), ("bad", None), (None, None)])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000亿元", [(200000000000, "CNY", 200000000000, False)]),
        ("超过2000亿元", [(200000000000, "CNY", 200000000000, True)]),
        ("1.5亿美元", [(150000000, "USD", 150000000 * CNY_RATES["USD"], False)]),
        ("3.2亿港元", [(320000000, "HKD", 320000000 * CNY_RATES["HKD"], False)]),
        ("两千亿元", [(200000000000, "CNY", 200000000000, False)]),
        ("5,000万元人民币", [(50000000, "CNY", 50000000, False)]),
        ("超亿元", [(100000000, "CNY", 100000000, True)]),
        ("数千万元", []),
        ("数亿元", []),
        ("每股8.5元", []),
    ],
)
def test_parse_amounts(text, expected):
    got = [(a.value, a.currency, a.value_cny, a.lower_bound) for _, _, a in parse_amounts(text)]
    assert len(got) == len(expected)
    for (v, c, n, lb), (ev, ec, en, elb) in zip(got, expected, strict=True):
        assert (c, lb) == (ec, elb)
        assert v == pytest.approx(ev)
        assert n == pytest.approx(en)


@pytest.mark.parametrize(("text", "expected"), [("两千", 2000), ("十五", 15), ("三百五十", 350), ("x", None)])
def test_cn_number(text, expected):
    assert cn_number(text) == expected


def test_date_index_resolves_a_span_once_with_field_offsets():
    text = "公司成立于2021年。同年5月完成A轮融资。7月9日获批。"
    a, b = text.index("同年"), text.index("7月")
    sentences = [(0, a), (a, b), (b, len(text))]
    index = index_dates(text, sentences, date(2025, 8, 1))
    # 同年 refers to the last year named outright before the span
    assert [(d.start, d.value) for d in index.within(a, b)] == [(0, "2021-05")]
    assert [m.value for m in index.mentions] == ["2021", "2021-05", "2025-07-09"]
    assert index.has_own_year(0, a)
    assert not index.has_own_year(b, len(text))
