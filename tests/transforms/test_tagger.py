from __future__ import annotations

import pytest

from transforms.rules_registers import decode_acceptance_number
from transforms.tagger import emitted

pytestmark = pytest.mark.unit


def _tag(engine, text):
    view = engine.view(text)
    return [(e.type, e.text, e.canonical) for e in emitted(engine.tagger.tag(text, view, "text"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lexicon: generic name, trade name, legal company name with nested place
        (
            "铂生卓越生物科技（北京）有限公司的艾米迈托赛注射液（睿铂生）",
            [
                ("company", "铂生卓越生物科技（北京）有限公司", "铂生卓越"),
                ("drug", "艾米迈托赛注射液", "艾米迈托赛注射液"),
                ("drug", "睿铂生", "艾米迈托赛注射液"),
            ],
        ),
        # traditional characters resolve to simplified canonicals, surface stays original
        (
            "復星凱特的阿基侖賽注射液",
            [("company", "復星凱特", "复星凯特"), ("drug", "阿基侖賽注射液", "阿基仑赛注射液")],
        ),
        # a known company written straight before a drug name owns it, it is not part of the name
        (
            "铂生卓越艾米迈托赛注射液获批",
            [("company", "铂生卓越", "铂生卓越"), ("drug", "艾米迈托赛注射液", "艾米迈托赛注射液")],
        ),
        # abbreviations resolve
        ("治疗aGVHD和iPSC", [("indication", "aGVHD", "急性移植物抗宿主病"), ("cell_type", "iPSC", "诱导多能干细胞")]),
        # full-width and spaced codes
        (
            "ＣＡＲ－Ｔ细胞与CAR - T疗法",
            [("cell_type", "ＣＡＲ－Ｔ细胞", "CAR-T细胞"), ("cell_type", "CAR - T", "CAR-T细胞")],
        ),
        # development code pattern; lexicon code maps to generic name
        ("XYZ-101与CT053", [("drug", "XYZ-101", "XYZ-101"), ("drug", "CT053", "泽沃基奥仑赛注射液")]),
        # unseen generic name via …注射液
        ("其布瑞基奥仑赛注射液获批", [("drug", "布瑞基奥仑赛注射液", "布瑞基奥仑赛注射液")]),
        # descriptive name + code: the code identifies the product
        (
            "人脐带间充质干细胞注射液LS-MSC01",
            [("drug", "人脐带间充质干细胞注射液", "LS-MSC01"), ("drug", "LS-MSC01", "LS-MSC01")],
        ),
        # unseen legal name → short name; place inside it is not a region
        ("苏州星辰细胞科技有限公司宣布", [("company", "苏州星辰细胞科技有限公司", "星辰细胞")]),
        ("上海澄明生物医药有限公司", [("company", "上海澄明生物医药有限公司", "澄明生物")]),
        # unseen short names
        ("近日，澳斯康生物宣布", [("company", "澳斯康生物", "澳斯康生物")]),
        ("青岛海澄生物的产品", [("company", "青岛海澄生物", "海澄生物")]),
        # hospital suffix
        (
            "上海交通大学医学院附属仁济医院牵头",
            [("company", "上海交通大学医学院附属仁济医院", "上海交通大学医学院附属仁济医院")],
        ),
        # policy titles: canonical without 《》, normalised brackets, drafts lose the draft tag
        (
            "《干细胞临床研究管理办法(试行)》",
            [("policy", "《干细胞临床研究管理办法(试行)》", "干细胞临床研究管理办法（试行）")],
        ),
        (
            "《某某指导原则（征求意见稿）》",
            [("policy", "《某某指导原则（征求意见稿）》", "某某指导原则（征求意见稿）")],
        ),
        # a journal in 《》 is not a policy
        ("发表于《新英格兰医学杂志》", []),
        # regulators, media and government bodies are not companies or regions
        ("国家药监局、证券日报和四川省卫生健康委员会", []),
        ("上海市人民政府办公厅印发", []),
        # regions and pilot zones
        (
            "在乐城先行区和粤港澳大湾区",
            [("region", "乐城先行区", "海南博鳌乐城国际医疗旅游先行区"), ("region", "粤港澳大湾区", "粤港澳大湾区")],
        ),
        # common words before 生物 are not brands; targets are not codes
        ("合成生物与CD19、BCMA靶点", []),
        # ASCII aliases need word boundaries
        ("BANKING ALLOWS", []),
    ],
)
def test_tag(engine, text, expected):
    assert _tag(engine, text) == expected


def test_offsets_index_the_original(engine):
    text = "１月２日，國家藥監局批准睿鉑生（ＣＴ０５３无关）上市。"
    view = engine.view(text)
    for ent in engine.tagger.tag(text, view, "text"):
        assert text[ent.start : ent.end] == ent.text


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("CXSL2500123", (2025, "domestic", "biologic", "ind", False)),
        ("JXSL2400011", (2024, "imported", "biologic", "ind", False)),
        ("CXSS2500007", (2025, "domestic", "biologic", "nda", False)),
        ("CXHL2300456", (2023, "domestic", "chemical", "ind", False)),
        ("CYHS2500001", (2025, "domestic", "chemical", "nda", True)),
        ("CXSB2500002", (2025, "domestic", "biologic", "supplement", False)),
        ("ｃｘｓｌ２５００１２３", (2025, "domestic", "biologic", "ind", False)),
    ],
)
def test_decode_acceptance_number(number, expected):
    d = decode_acceptance_number(number)
    assert d is not None
    assert (d.year, d.origin, d.product, d.application, d.generic) == expected


@pytest.mark.parametrize("number", ["CXSL250012", "ABCD2500123", "CXSL25001234"])
def test_decode_acceptance_number_rejects(number):
    assert decode_acceptance_number(number) is None
