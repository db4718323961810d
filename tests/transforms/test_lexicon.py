from __future__ import annotations

import pytest

from transforms.lexicon import EMITTED_TYPES, load_lexicon, parse_tsv

pytestmark = pytest.mark.unit

HEADER = "type\tcanonical\taliases\tcompany\tnote\n"


def test_parse_tsv_reads_aliases_and_company():
    entries = parse_tsv(HEADER + "drug\t阿基仑赛注射液\t奕凯达|FKC876\t复星凯特\tNMPA 2021\n")
    assert len(entries) == 1
    e = entries[0]
    assert (e.type, e.canonical, e.aliases, e.company) == ("drug", "阿基仑赛注射液", ("奕凯达", "FKC876"), "复星凯特")
    assert e.surfaces == ("阿基仑赛注射液", "奕凯达", "FKC876")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bad header\n", "header"),
        (HEADER + "gadget\tX\t\t\t\n", "unknown type"),
        (HEADER + "drug\t\t\t\t\n", "empty canonical"),
    ],
)
def test_parse_tsv_rejects_malformed(text, message):
    with pytest.raises(ValueError, match=message):
        parse_tsv(text)


APPROVED = [
    ("阿基仑赛注射液", "奕凯达", "复星凯特"),
    ("瑞基奥仑赛注射液", "倍诺达", "药明巨诺"),
    ("伊基奥仑赛注射液", "福可苏", "驯鹿生物"),
    ("泽沃基奥仑赛注射液", "赛恺泽", "科济药业"),
    ("纳基奥仑赛注射液", "源瑞达", "合源生物"),
    ("艾米迈托赛注射液", "睿铂生", "铂生卓越"),
    ("西达基奥仑赛注射液", "卡卫荻", "传奇生物"),
    ("波哌达可基注射液", "信玖凝", "信念医药"),
    ("舒瑞基奥仑赛注射液", "CT041", "科济药业"),
]


@pytest.mark.parametrize(("generic", "trade", "company"), APPROVED)
def test_packaged_lexicon_has_approved_products(generic, trade, company):
    lex = load_lexicon()
    drug = next(e for e in lex.of_type("drug") if e.canonical == generic)
    assert trade in drug.aliases
    assert drug.company == company
    assert lex.drug_company(generic) == company
    assert any(e.canonical == company for e in lex.of_type("company"))
    # The approved products live in the knowledge base, with their NMPA approval and a source.
    assert drug.kb_class == "products"
    assert "NMPA" in drug.attr("approvals")
    assert drug.source_url.startswith("http")


@pytest.mark.parametrize("name", ["国家药监局", "药审中心", "国家卫健委", "国务院", "科技部"])
def test_regulators_are_authorities_not_companies(name):
    lex = load_lexicon()
    assert any(e.canonical == name for e in lex.of_type("authority"))
    assert not any(e.canonical == name for e in lex.of_type("company"))
    assert "authority" not in EMITTED_TYPES


def test_lexicon_version_is_stable_and_content_based(tmp_path):
    a = load_lexicon()
    assert a.version == load_lexicon().version
    (tmp_path / "x.tsv").write_text(HEADER + "region\t上海\t上海市\t\t\n", encoding="utf-8")
    b = load_lexicon(tmp_path)
    assert b.version != a.version
    (tmp_path / "x.tsv").write_text(HEADER + "region\t上海\t沪\t\t\n", encoding="utf-8")
    assert load_lexicon(tmp_path).version != b.version
