"""Rules from the eighteenth round (issue 14): phrasings found missed on the opened sets and by probing new sentences.

Each case is a new text with invented products (澜汐基奥仑赛注射液, QV-871) and firms; none is copied from a gold
document. The invented texts are dated 2026-05-20 unless a case says otherwise.
"""

from __future__ import annotations

import pytest

from tests.transforms.rule_cases import triples as _triples

pytestmark = pytest.mark.unit


# Approvals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "署长表示，第二款CAR-T产品已在本地取得药证，厂商正申请给付。",
        "署长表示，另一款第二代CAR-T已在本地取得藥證，並已申請給付。",
        "署长表示，已有新一代CAR-T在本地取得药证，正申请给付。",
    ],
)
def test_a_second_product_of_a_kind_licensed_without_a_time_is_an_undated_approval(engine, text):
    assert _triples(engine, text) == [("drug_approval", None, None)]


def test_a_second_generation_product_licensed_recently_is_dated_by_the_month(engine):
    text = "署长昨（19）日表示，近期已有第二代CAR-T取得药证，最快今年内纳入给付。"
    assert _triples(engine, text) == [("drug_approval", None, "2026-05")]


def test_a_named_product_licensed_without_a_time_is_undated(engine):
    text = "澜汐生物表示，澜汐基奥仑赛注射液已在香港取得药品注册证书。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", None)]


def test_the_earliest_hoped_time_of_a_later_step_does_not_date_the_approval(engine):
    text = "澜汐基奥仑赛注射液5月获批上市，最快明年纳入医保。"
    assert _triples(engine, text) == [("drug_approval", "澜汐基奥仑赛注射液", "2026-05")]


def test_an_ordinal_clause_of_a_law_is_no_product(engine):
    text = "依照该法第二款规定，CAR-T产品须在取得药证后方可上市销售。"
    assert _triples(engine, text) == []
