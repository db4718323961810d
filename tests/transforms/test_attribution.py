"""Developer and listed parent from announcements (transforms.attribution)."""

from __future__ import annotations

import pytest

from transforms.attribution import Attribution, CompanySpan, attribute, credited

pytestmark = pytest.mark.unit


def spans(text: str, *names: tuple[str, str]) -> list[CompanySpan]:
    out = []
    for surface, canonical in names:
        start = text.index(surface)
        out.append(CompanySpan(canonical, start, start + len(surface)))
    return out


ASSOCIATE = (
    "关于参股公司免疫细胞治疗产品获得临床试验默示许可的公告\n"
    "中山大学达安基因股份有限公司（以下简称“公司”）参股公司广州达博细胞生物技术有限公司（以下简称“达博细胞”）"
    "研发的DB-NK01注射液于近日获得国家药品监督管理局药品审评中心的临床试验默示许可。\n"
    "二、公司持股情况。公司持有达博细胞15.00%的股权，为其第二大股东。"
)


def test_an_associate_named_after_the_title_line_is_the_developer_with_the_stake():
    found = attribute(ASSOCIATE, "达安基因", spans(ASSOCIATE, ("广州达博细胞生物技术有限公司", "达博细胞")))
    assert found == Attribution(developer="达博细胞", parent="达安基因", stake=15.0, relation="参股公司")
    assert credited("达安基因", found) == ("达博细胞", "达安基因", 15.0)
    # The developer's own financing keeps its company and gains the parent.
    assert credited("达博细胞", found) == ("达博细胞", "达安基因", 15.0)
    # An investor or partner named in the same announcement is left alone.
    assert credited("高瓴资本", found) == ("高瓴资本", None, None)


def test_a_diluted_stake_is_the_one_after_the_round():
    text = "公司参股公司博生吉安科完成B轮融资。本轮融资完成后，公司对其持股比例由23.50%稀释至20.15%。"
    found = attribute(text, "安科生物", spans(text, ("博生吉安科", "博生吉安科")))
    assert found is not None
    assert found.stake == 20.15


def test_an_unnamed_associate_is_not_the_listed_firm():
    text = "公司参股公司研发的BL-TIL01注射液公布研究结果。公司持有该参股公司12.00%股权。"
    found = attribute(text, "北陆药业", [])
    assert credited("北陆药业", found) == (None, "北陆药业", 12.0)


def test_a_wholly_owned_subsidiary_without_its_own_name_stays_with_the_group():
    text = "公司全资子公司与天津市第一中心医院合作开展的临床研究项目已完成备案。"
    found = attribute(text, "中源协和", spans(text, ("天津市第一中心医院", "天津市第一中心医院")))
    assert found is not None
    assert found.developer is None
    assert credited("中源协和", found) == ("中源协和", None, None)


def test_no_relation_no_attribution():
    assert attribute("公司收到临床试验批准通知书。", "天士力", []) is None
    assert credited("天士力", None) == ("天士力", None, None)
