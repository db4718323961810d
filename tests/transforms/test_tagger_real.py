"""Tagger rules for real news text (issue 14), one test per rule class, on sentences written here."""

from __future__ import annotations

import pytest

from transforms.clean import mask_pinyin_glosses
from transforms.naming import resolve_aliases
from transforms.tagger import emitted

pytestmark = pytest.mark.unit


def _tag(engine, text):
    view = engine.view(text)
    return [(e.type, e.text, e.canonical) for e in emitted(engine.tagger.tag(text, view, "text"))]


def _canonicals(engine, text, type_):
    return {c for t, _s, c in _tag(engine, text) if t == type_}


# ------------------------------------------------------------------------------ pinyin glosses


def test_pinyin_glosses_are_masked_but_abbreviations_stay():
    text = "發(fā)展嵌合抗原受體(CAR)與蛋白(RPE65)的產(chǎn)業(yè)"
    masked = mask_pinyin_glosses(text)
    assert len(masked) == len(text)
    assert all(gloss not in masked for gloss in ("(fā)", "(chǎn)", "(yè)"))
    assert all(abbreviation in masked for abbreviation in ("(CAR)", "(RPE65)"))
    # lower-case English in brackets is no pinyin syllable
    assert mask_pinyin_glosses("平台(cells)") == "平台(cells)"


def test_glossed_title_is_found_whole_with_its_original_surface(engine):
    text = "該市發布《浙江省細(xì)胞產(chǎn)業(yè)促進(jìn)條例》，明年施行。"
    found = [(s, c) for t, s, c in _tag(engine, text) if t == "policy"]
    assert found == [("《浙江省細(xì)胞產(chǎn)業(yè)促進(jìn)條例》", "浙江省细胞产业促进条例")]


# ------------------------------------------------------------------------------------- drugs


@pytest.mark.parametrize(
    "text",
    [
        "团队通过编辑KLF12基因的增强子恢复表达。",  # a gene
        "患者多携带G5521T突变，治疗后T87Q蛋白占比上升。",  # point mutations
        "早期的QW-301研究和QW-302研究均已结束。",  # study names
        "细胞经慢病毒载体ZK201转导后回输。",  # a vector
        "中图分类号：R730; R979.5 文献标志码：A",  # library class numbers
        "香港证监会牌照AXB117号",  # a registration number
    ],
)
def test_codes_that_name_no_product_are_not_drugs(engine, text):
    assert _canonicals(engine, text, "drug") == set()


def test_a_code_shown_once_as_a_gene_is_no_drug_anywhere_in_the_field(engine):
    text = "视网膜蛋白(TRPX22)突变导致失明，本品用于TRPX22缺乏的患者。"
    assert _canonicals(engine, text, "drug") == set()


def test_a_code_with_a_dosage_form_stays_a_drug(engine):
    assert "QW-301注射液" in _canonicals(engine, "QW-301注射液获得临床试验批准。", "drug")


def test_foreign_products_are_found_by_their_inn_stem(engine):
    text = "全球第二款TIL疗法Veracleucel获批，同类产品Cordistem也在申报。"
    assert _canonicals(engine, text, "drug") == {"VERACLEUCEL", "CORDISTEM"}
    assert _canonicals(engine, "公司升级了ERP ECOSYSTEM平台", "drug") == set()


def test_verbs_before_a_product_name_are_not_part_of_it(engine):
    text = "医院近日启动瑞科奥仑赛注射液的二期临床。"
    assert _canonicals(engine, text, "drug") == {"瑞科奥仑赛注射液"}


def test_a_cell_type_plus_injection_is_a_class_not_a_product(engine):
    assert _canonicals(engine, "目前接受CAR-T注射液的患者状态平稳。", "drug") == set()


# ------------------------------------------------------------------------------- indications


def test_counts_and_scope_words_are_not_part_of_a_disease(engine):
    text = "该疗法已治疗超百名脊髓小脑性共济失调症患者，还涉及硬纤维瘤等适应症。"
    found = _canonicals(engine, text, "indication")
    assert "脊髓小脑性共济失调" in found  # the knowledge base names it without 症
    assert not any(c.startswith(("超百名", "涉及")) for c in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("研究纳入了42位脊髓小脑性共济失调症病人。", "脊髓小脑性共济失调"),  # 42|位…: the walk left the number out
        ("纳入的Ⅲ–Ⅳ级视神经脊髓炎患者中", "视神经脊髓炎"),  # a grade
        ("该中心治疗地中海贫血症患者", "地中海贫血"),  # a known name written with 症
    ],
)
def test_grades_counts_and_a_trailing_symptom_word(engine, text, expected):
    found = _canonicals(engine, text, "indication")
    assert expected in found
    assert all(c.endswith(expected) for c in found)


def test_words_about_indications_are_not_indications(engine):
    found = _canonicals(engine, "说明书列出了适应症、禁忌症和用法。", "indication")
    assert found == set()


def test_a_listed_disease_category_is_an_indication(engine):
    text = "干细胞在代谢性疾病、眼底血管疾病等领域潜力较大，但相关疾病的机制仍不清楚。"
    found = _canonicals(engine, text, "indication")
    assert {"代谢性疾病", "眼底血管疾病"} <= found
    assert "相关疾病" not in found


def test_severity_stage_and_relapse_qualifiers_leave_the_canonical(engine):
    text = "拟用于治疗重型/危重型流感病毒肺炎、难治/复发套细胞淋巴瘤及失代偿期原发性胆汁性胆管炎。"
    found = _canonicals(engine, text, "indication")
    assert {"流感病毒肺炎", "套细胞淋巴瘤", "原发性胆汁性胆管炎"} <= found
    assert not any(c.startswith(("危重型", "难治", "复发", "失代偿")) for c in found)


# -------------------------------------------------------------------------------- companies


def test_generic_hospital_kinds_are_no_companies(engine):
    text = "患者先在一家综合医院就诊，后转入三级甲等医院，再要去医院复查。"
    assert _canonicals(engine, text, "company") == set()


def test_role_words_before_a_legal_name_are_cut(engine):
    text = "公司向其母公司澜川生物科技有限公司出售股份，并增资上海岚汐细胞科技有限公司。"
    assert _canonicals(engine, text, "company") == {"澜川生物", "岚汐细胞"}


def test_legal_names_shorten_past_treatment_and_development_words(engine):
    text = "成都岚汐细胞治疗技术有限公司与上海澜川医药产业发展有限公司签约。"
    assert _canonicals(engine, text, "company") == {"岚汐细胞", "澜川医药"}


@pytest.mark.parametrize(
    "text",
    [
        "病毒将新基因送入细胞核。",  # a function word is no brand's first character
        "全国细胞与基因治疗产业首部条例",  # 胞与基因: the end of 细胞, then a conjunction
        "开展4 项卫生技术评估",  # a count before the "brand"
        "湖北首家细胞治疗中心",  # a place, then a cell term
        "干细胞可延缓细胞衰老",  # a cell term continues
    ],
)
def test_implausible_short_names_are_not_companies(engine, text):
    assert _canonicals(engine, text, "company") == set()


@pytest.mark.parametrize(
    "text",
    [
        "为何医院迟迟不开这种疗法？",  # a question, not a hospital's name
        "本品为人脐带间充质干/基质细胞注射液",  # alternative cell names, not a firm
    ],
)
def test_questions_and_cell_alternatives_are_not_companies(engine, text):
    assert _canonicals(engine, text, "company") == set()


def test_an_english_name_before_a_chinese_firm_word_is_a_company(engine):
    assert "ZENOVA" in _canonicals(engine, "只有20名员工的ZENOVA生物技术公司上市。", "company")


def test_english_firm_names_are_companies_and_take_a_chinese_name_before_them(engine):
    text = "澜川生物（Lanchuan Bio）与Harbor Therapeutics达成合作，Greyfield Capital参投。"
    found = _canonicals(engine, text, "company")
    assert found == {"澜川生物", "HARBOR THERAPEUTICS", "GREYFIELD CAPITAL"}


# ---------------------------------------------------------------------------------- regions


def test_zones_named_after_a_place_are_regions(engine):
    text = "项目落户成都经济技术开发区，另一期位于两江新区。"
    found = _canonicals(engine, text, "region")
    assert {"成都经济技术开发区", "两江新区"} <= found
    assert "成都" not in found


def test_a_sentence_is_no_zone(engine):
    assert not any("发布" in c for c in _canonicals(engine, "海南发布支持乐城先行区的措施", "region"))


@pytest.mark.parametrize(
    "text",
    [
        "新疆生产建设兵团卫生局、食品药品监管局联合发文",  # a government body
        "香港证监会发出通函",  # a regulator
        "云南省干细胞转化创新团队完成备案",  # a team named after its province
        "湖南日报报业集团主办",  # a newspaper
    ],
)
def test_places_inside_organisation_names_are_not_regions(engine, text):
    assert _canonicals(engine, text, "region") == set()


# --------------------------------------------------------------------------------- policies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a notice title without its issuing words names the issued policy
        ("省卫健委印发《细胞治疗机构备案实施细则（试行）的通知》。", {"细胞治疗机构备案实施细则（试行）"}),
        # professional societies' guidance is not a policy
        ("学会发布《中国血友病诊断与治疗指南（2024年版）》和《膝关节软骨损伤专家共识》。", set()),
        # a title defined as a short name is the full policy
        (
            "市政府出台《临港细胞产业高质量发展行动方案》（以下简称《新版方案》），提出十条举措。",
            {"临港细胞产业高质量发展行动方案"},
        ),
    ],
)
def test_policy_titles(engine, text, expected):
    assert _canonicals(engine, text, "policy") == expected


# ------------------------------------------------------------------------------- cell types


def test_cell_types_written_alone(engine):
    text = "T细胞疗法之外，巨噬细胞疗法和NK免疫细胞也受关注。"
    assert {"T细胞", "巨噬细胞", "NK细胞"} <= _canonicals(engine, text, "cell_type")


def test_t_cells_inside_a_longer_name_do_not_count(engine):
    assert "T细胞" not in _canonicals(engine, "嵌合抗原受体T细胞产品获批", "cell_type")


def test_a_declared_short_name_drops_its_company_word(engine):
    text = "江苏博远生物科技有限公司（以下简称“博远公司”）宣布，博远公司完成融资。"
    view = engine.view(text)
    fields = resolve_aliases(["text"], [text], [view], [engine.tagger.tag(text, view, "text")])
    assert {e.canonical for e in emitted(fields[0]) if e.type == "company"} == {"博远"}
