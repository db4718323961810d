"""The knowledge base (``transforms/kb/``): row hygiene, consistency with the lexicon, and its effect on tagging."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from transforms.clean import normalize_width
from transforms.lexicon import (
    KB_CLASSES,
    KB_DIR,
    LEXICON_DIR,
    POLICY_PATTERN_FILE,
    load_lexicon,
    parse_kb_tsv,
    parse_policy_patterns,
)
from transforms.tagger import EntityTagger
from transforms.types import InputDocument

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
HELDOUT = REPO / ".." / "shared" / "heldout_urls.sha256"
KB_FILES = sorted(KB_DIR.glob("*.tsv"))
URL_RE = re.compile(r"https?://[^\s|]+")
APPROVAL_RE = re.compile(r"^(NMPA|SFDA|FDA|EMA|PMDA)( \d{4}(-\d{2}(-\d{2})?)?)? \S+$")


def _rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [
        dict(zip(header, line.split("\t") + [""] * (len(header) - len(line.split("\t"))), strict=True))
        for line in lines[1:]
        if line.strip() and not line.startswith("#")
    ]


def _urls(row: dict[str, str]) -> list[str]:
    return [u.strip() for u in row["source_url"].split("|") if u.strip()]


def _key(surface: str) -> str:
    # The tagger's match key: width-normalised, no spaces.
    return re.sub(r"\s+", "", normalize_width(surface))


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


# --------------------------------------------------------------------------- row hygiene


def test_every_kb_file_is_a_known_class():
    assert {p.stem for p in KB_FILES} == {*KB_CLASSES, POLICY_PATTERN_FILE}


@pytest.mark.parametrize("path", KB_FILES, ids=lambda p: p.name)
def test_every_row_has_http_source_urls(path):
    rows = _rows(path)
    assert rows, f"{path.name} has no rows"
    for row in rows:
        urls = _urls(row)
        assert urls, f"{path.name}: row without source_url: {row}"
        assert all(URL_RE.fullmatch(u) for u in urls), f"{path.name}: bad source_url {row['source_url']!r}"


def test_no_source_url_is_held_out():
    if not HELDOUT.is_file():
        pytest.skip(f"held-out URL list not found at {HELDOUT} (only present in the shared workspace)")
    held = {line.strip() for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()}
    used = {u for path in KB_FILES for row in _rows(path) for u in _urls(row)}
    leaked = sorted(u for u in used if hashlib.sha256(u.encode("utf-8")).hexdigest() in held)
    assert not leaked, f"held-out pages used as sources: {leaked}"


@pytest.mark.parametrize("kb_class", sorted(KB_CLASSES))
def test_no_duplicate_canonical_within_a_class(kb_class):
    seen = [row["canonical"] for row in _rows(KB_DIR / f"{kb_class}.tsv")]
    assert len(seen) == len(set(seen)), sorted({c for c in seen if seen.count(c) > 1})


def test_no_canonical_twice_across_kb_and_lexicon(lexicon):
    # One source of truth: a fact lives in the KB or in a lexicon file, not in both.
    where = defaultdict(list)
    for e in lexicon.entries:
        where[(e.type, e.canonical)].append(e.kb_class or "lexicon")
    assert not {k: v for k, v in where.items() if len(v) > 1}


def test_no_surface_resolves_to_two_canonicals(lexicon):
    targets = defaultdict(set)
    for e in lexicon.entries:
        for s in e.surfaces:
            targets[_key(s)].add((e.type, e.canonical))
    clashes = {k: v for k, v in targets.items() if len(v) > 1}
    assert not clashes, clashes


def test_product_companies_and_company_parents_are_kb_companies(lexicon):
    kb_companies = {e.canonical for e in lexicon.entries if e.type == "company" and e.kb_class}
    products = [e for e in lexicon.entries if e.kb_class == "products"]
    assert len(products) >= 40
    missing = {e.canonical: e.company for e in products if e.company and e.company not in kb_companies}
    assert not missing, missing
    parents = {e.canonical: e.parent for e in lexicon.of_type("company") if e.parent}
    assert parents
    assert all(p in kb_companies for p in parents.values()), parents


def test_product_indications_and_approvals_are_well_formed(lexicon):
    indications = {e.canonical for e in lexicon.of_type("indication")}
    for e in (x for x in lexicon.entries if x.kb_class == "products"):
        for ind in filter(None, e.attr("indications").split("|")):
            assert ind in indications, f"{e.canonical}: indication {ind!r} is not an indication canonical"
        for approval in filter(None, e.attr("approvals").split("|")):
            assert APPROVAL_RE.match(approval), f"{e.canonical}: approval {approval!r}"


def test_indication_categories_are_category_rows(lexicon):
    rows = [e for e in lexicon.of_type("indication") if e.kb_class == "indications"]
    categories = {e.canonical for e in rows if e.attr("category") == "类别"}
    assert {"血液肿瘤", "实体瘤", "自身免疫性疾病", "血液系统疾病", "神经系统疾病"} <= categories
    for e in rows:
        assert e.attr("category") in categories | {"类别", ""}, (e.canonical, e.attr("category"))


def test_policy_patterns_load_with_real_examples(lexicon):
    suffixes = {p.suffix for p in lexicon.policy_patterns}
    assert {"指导原则", "考虑要点", "管理办法", "行动计划"} <= suffixes
    policies = {e.canonical for e in lexicon.of_type("policy")}
    # An example that is itself a listed policy keeps the two files consistent.
    assert sum(p.example in policies for p in lexicon.policy_patterns) >= len(lexicon.policy_patterns) // 2


# --------------------------------------------------------------------------- parsing and API


def test_parse_kb_tsv_reads_class_columns():
    header = "\t".join(KB_CLASSES["companies"][1])
    row = "jv\t复星凯特\t复星凯瑞\tFosun Kite\t\t复星医药\thttps://example.org/a|http://example.org/b"
    (entry,) = parse_kb_tsv(f"{header}\n{row}\n", kb_class="companies")
    assert (entry.type, entry.canonical, entry.parent) == ("company", "复星凯特", "复星医药")
    assert entry.aliases == ("复星凯瑞", "Fosun Kite")
    assert entry.attr("kind") == "jv"
    assert entry.attr("stock_codes") == ""
    assert entry.source_url == "https://example.org/a|http://example.org/b"


@pytest.mark.parametrize(
    ("kb_class", "text", "message"),
    [
        ("gadgets", "canonical\tsource_url\n", "unknown KB class"),
        ("investors", "canonical\taliases\n", "header"),
        ("investors", "kind\tcanonical\taliases\tenglish\tsource_url\nvc\t某资本\t\t\t\n", "source_url"),
        ("investors", "kind\tcanonical\taliases\tenglish\tsource_url\nvc\t某资本\t\t\tftp://x\n", "source_url"),
        ("investors", "kind\tcanonical\taliases\tenglish\tsource_url\nvc\t\t\t\thttps://x.org\n", "empty canonical"),
    ],
)
def test_parse_kb_tsv_rejects_malformed(kb_class, text, message):
    with pytest.raises(ValueError, match=message):
        parse_kb_tsv(text, kb_class=kb_class)


def test_parse_policy_patterns_rejects_an_example_without_its_suffix():
    text = "suffix\tkind\texample\tsource_url\n实施方案\tplan\t某某行动计划\thttps://example.org\n"
    with pytest.raises(ValueError, match="suffix"):
        parse_policy_patterns(text)


def test_subsidiary_and_offshore_names_resolve_to_the_group(lexicon):
    assert lexicon.resolve("company", "锦州奥鸿药业有限责任公司") == "复星医药"
    assert lexicon.resolve("company", "CARsgen Therapeutics Holdings Limited") == "科济药业"
    assert lexicon.parent_of("复星凯瑞（上海）生物科技有限公司") == "复星医药"
    assert lexicon.parent_of("复星医药") is None
    assert lexicon.group_of("南京传奇生物科技有限公司") == "金斯瑞"
    assert lexicon.group_of("药明巨诺") == "药明巨诺"
    assert lexicon.group_of("不存在的公司") is None


def test_lexicon_version_covers_the_kb(tmp_path):
    lex_dir, kb_dir = tmp_path / "lexicon", tmp_path / "kb"
    lex_dir.mkdir()
    kb_dir.mkdir()
    (lex_dir / "regions.tsv").write_text(
        "type\tcanonical\taliases\tcompany\tnote\nregion\t上海\t\t\t\n", encoding="utf-8"
    )
    header = "\t".join(KB_CLASSES["investors"][1])
    kb_file = kb_dir / "investors.tsv"
    kb_file.write_text(f"{header}\nvc\t某资本\t\t\thttps://example.org/1\n", encoding="utf-8")
    first = load_lexicon(lex_dir, kb_dir=kb_dir)
    assert [e.canonical for e in first.of_type("company")] == ["某资本"]
    kb_file.write_text(f"{header}\nvc\t某资本\t某创投\t\thttps://example.org/1\n", encoding="utf-8")
    assert load_lexicon(lex_dir, kb_dir=kb_dir).version != first.version
    assert load_lexicon(lex_dir).version != first.version
    # The packaged default includes the KB: without it the stamp differs.
    assert load_lexicon().version != load_lexicon(LEXICON_DIR).version


# --------------------------------------------------------------------------- tagging through the engine


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # trade names
        ("医院上周为一名患者回输了赛恺泽。", ("drug", "赛恺泽", "泽沃基奥仑赛注射液")),
        ("信玖凝的首批患者已完成给药。", ("drug", "信玖凝", "波哌达可基注射液")),
        # English names and codes
        ("研究者比较了Carvykti与三药联合方案的疗效。", ("drug", "Carvykti", "西达基奥仑赛注射液")),
        ("该公司的satri-cel用于胃癌三线治疗。", ("drug", "satri-cel", "舒瑞基奥仑赛注射液")),
        ("Temasek与Lilly Asia Ventures参与了本轮投资。", ("company", "Lilly Asia Ventures", "礼来亚洲基金")),
        # subsidiary and renamed-entity names resolve to the group's short name
        ("锦州奥鸿药业有限责任公司收到了药品注册证书。", ("company", "锦州奥鸿药业有限责任公司", "复星医药")),
        (
            "该产品由复星凯瑞（上海）生物科技有限公司负责生产。",
            ("company", "复星凯瑞（上海）生物科技有限公司", "复星凯特"),
        ),
        # investors are companies
        ("本轮融资由正心谷资本领投。", ("company", "正心谷资本", "正心谷资本")),
        # abbreviations
        ("入组的32名受试者均为SLE患者。", ("indication", "SLE", "系统性红斑狼疮")),
        ("其中12例为MDS患者。", ("indication", "MDS", "骨髓增生异常综合征")),
        # synonyms
        ("患者既往有心肌梗塞病史。", ("indication", "心肌梗塞", "心肌梗死")),
        ("三年前曾中风的患者被排除。", ("indication", "中风", "脑卒中")),
        ("该疗法面向B型血友病成年患者。", ("indication", "B型血友病", "血友病B")),
        ("这一技术可用于治疗恶性血液病。", ("indication", "恶性血液病", "血液肿瘤")),
        # a short law takes the 中华人民共和国 prefix
        ("项目须遵守《药品管理法》的规定。", ("policy", "药品管理法", "中华人民共和国药品管理法")),
        # --- rows added in the second KB round
        # codes and descriptive names of products added in this round
        ("公司宣布XS411注射液完成首例受试者给药。", ("drug", "XS411注射液", "XS411注射液")),
        ("NL003的三期临床试验已经完成入组。", ("drug", "NL003", "重组人肝细胞生长因子裸质粒注射液")),
        ("TAEST16001此前已在肉瘤患者中开展研究。", ("drug", "TAEST16001", "TAEST16001注射液")),
        # a subsidiary's legal name and a renamed English name resolve to the group
        ("香雪生命科学技术（广东）有限公司递交了申请。", ("company", "香雪生命科学技术（广东）有限公司", "香雪制药")),
        ("Pregene Biopharma与跨国药企签署了合作协议。", ("company", "Pregene Biopharma", "普瑞金")),
        # hospital short names and investors' English names
        ("该患者在中山三院接受了细胞移植。", ("company", "中山三院", "中山大学附属第三医院")),
        ("本轮融资由CD Capital领投。", ("company", "CD Capital", "辰德资本")),
        # new indications: abbreviations and synonyms
        ("入组的受试者均为ETP-ALL患者。", ("indication", "ETP-ALL", "早期前体T细胞急性淋巴细胞白血病")),
        ("该疗法面向RDEB患者的慢性创面。", ("indication", "RDEB", "隐性营养不良型大疱性表皮松解症")),
        ("研究纳入了慢加急性肝功能衰竭患者。", ("indication", "慢加急性肝功能衰竭", "慢加急性肝衰竭")),
        ("试验入组了软组织肉瘤患者。", ("indication", "软组织肉瘤", "软组织肉瘤")),
        # named lists and reimbursement schemes are policies
        ("该病已被列入《第一批罕见病目录》。", ("policy", "第一批罕见病目录", "第一批罕见病目录")),
        ("这款疗法已被多个城市的惠民保纳入保障范围。", ("policy", "惠民保", "惠民保")),
        # --- rows added in the third KB round
        # in-vivo gene-editing and iPSC product codes, with the new rare-disease indications
        ("YOLT-101在家族性高胆固醇血症患者中完成了首例给药。", ("drug", "YOLT-101", "YOLT-101")),
        (
            "YOLT-101在家族性高胆固醇血症患者中完成了首例给药。",
            ("indication", "家族性高胆固醇血症", "家族性高胆固醇血症"),
        ),
        ("hNPC01注射液的二期试验计划明年启动。", ("drug", "hNPC01注射液", "hNPC01注射液")),
        ("一名AIHA患者接受了通用型CAR-T治疗。", ("indication", "AIHA", "自身免疫性溶血性贫血")),
        # English names of Chinese developers, CDMOs and listed groups resolve to the short name
        ("UniXell Biotechnology宣布帕金森病管线获得默示许可。", ("company", "UniXell Biotechnology", "跃赛生物")),
        ("Porton Advanced Solutions新建了病毒载体车间。", ("company", "Porton Advanced Solutions", "博腾生物")),
        ("Hangzhou Tigermed Consulting发起设立了产业基金。", ("company", "Hangzhou Tigermed Consulting", "泰格医药")),
        ("AbelZeta与一家跨国药企扩大了合作范围。", ("company", "AbelZeta", "西比曼")),
        # hospitals running investigator-initiated trials: short names resolve to the full name
        ("该研究在北京佑安医院开展。", ("company", "北京佑安医院", "首都医科大学附属北京佑安医院")),
        ("首例患者在徐医附院完成回输。", ("company", "徐医附院", "徐州医科大学附属医院")),
        # indications moved from the lexicon, and neurological autoimmune diseases
        ("入组患者均为cGVHD。", ("indication", "cGVHD", "慢性移植物抗宿主病")),
        ("该药用于治疗NMOSD的临床试验获批。", ("indication", "NMOSD", "视神经脊髓炎谱系疾病")),
        ("研究纳入了一名牛皮癣患者。", ("indication", "牛皮癣", "银屑病")),
        ("患者被诊断为僵人综合征。", ("indication", "僵人综合征", "僵人综合征")),
        # a State Council regulation takes its full title
        (
            "出境样本须符合《人类遗传资源管理条例》的要求。",
            ("policy", "人类遗传资源管理条例", "中华人民共和国人类遗传资源管理条例"),
        ),
    ],
)
def test_kb_aliases_are_tagged_with_their_canonical(engine, text, expected):
    result = engine.extract(InputDocument(id="kb", text=text, published_at="2025-07-01"))
    found = {(e.type, e.text.strip("《》"), e.canonical) for e in result.entities}
    assert expected in found, found


# --------------------------------------------------------------------------- classes added in the second KB round


def test_policy_patterns_cover_the_common_title_endings(lexicon):
    suffixes = {p.suffix for p in lexicon.policy_patterns}
    assert {"若干措施", "工作方案", "实施方案", "行动方案", "指导意见", "通知"} <= suffixes


def test_kb_class_sizes_do_not_shrink(lexicon):
    # Floors at the size this round reached: a merge that drops rows fails here.
    sizes = defaultdict(int)
    for e in lexicon.entries:
        sizes[e.kb_class] += 1
    assert sizes["products"] >= 125
    # 248 since 2026-12-03: twelve foreign subsidiaries became aliases of their groups (issue #14).
    assert sizes["companies"] >= 248
    assert sizes["indications"] >= 154  # 罕见病 is a class, not an indication (2026-12-03)
    assert sizes["investors"] >= 111
    assert sizes["policies"] >= 71


def test_lexicon_files_keep_only_unsourced_rows():
    # A row moved to the KB with a source must be gone from the lexicon file.
    moved = {"香雪制药", "永泰生物", "瑞金医院", "输血依赖型β地中海贫血", "阿尔茨海默病"}
    moved.add("全链条支持创新药发展实施方案")
    # third round: company, indication and policy rows given sources
    moved |= {
        "北恒生物",
        "天士力",
        "泰格医药",
        "国投创新",
        "慢性移植物抗宿主病",
        "急性髓系白血病",
        "人类遗传资源管理条例",
    }
    names = set()
    for name in ("companies", "indications", "policies"):
        for line in (LEXICON_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            names.update([cells[1], *cells[2].split("|")] if len(cells) > 2 else cells[1:2])
    assert not moved & names, moved & names


def test_spin_off_and_renamed_companies_resolve(lexicon):
    assert lexicon.group_of("石药创新") == "石药集团"
    assert lexicon.resolve("company", "Pregene Biopharma") == "普瑞金"
    assert lexicon.resolve("company", "Neukio Biotherapeutics") == "星奕昂"
    assert lexicon.resolve("company", "香雪生命科学技术（广东）有限公司") == "香雪制药"
    assert lexicon.group_of("博腾生物") == "博腾股份"
    assert lexicon.group_of("优恺泽生物") == "科济药业"


def test_a_kb_policy_pattern_makes_an_unlisted_title_a_policy(engine):
    # 问题与解答 is no generic title head: only its policy_patterns.tsv row makes the title a policy.
    text = "药审中心发布《细胞和基因治疗产品临床试验常见问题与解答》。"
    view = engine.view(text)
    with_patterns = EntityTagger(engine.lexicon, engine.segmenter).tag(text, view, "text")
    without = EntityTagger(replace(engine.lexicon, policy_patterns=()), engine.segmenter).tag(text, view, "text")
    title = "细胞和基因治疗产品临床试验常见问题与解答"
    assert ("policy", title) in {(e.type, e.canonical) for e in with_patterns}
    assert "policy" not in {e.type for e in without}
