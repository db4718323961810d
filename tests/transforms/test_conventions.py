"""Canonical-form conventions settled on 2026-12-03 (issue #14, tests/gold/README.md), on new sentences."""

from __future__ import annotations

import pytest

from transforms.evaluate import _norm
from transforms.types import InputDocument

pytestmark = pytest.mark.unit


def _ents(engine, text, type_, title=None):
    doc = engine.extract(InputDocument(id="c", text=text, title=title, published_at="2026-03-02"))
    return {e.canonical for e in doc.entities if e.type == type_}


# ------------------------------------------------------------------ 1. code-named products


def test_a_product_written_as_code_injection_is_named_so_and_its_bare_code_follows(engine):
    text = "澜起生物的TR-5803注射液获得临床试验默示许可。公司表示，TR-5803将首先用于膝骨关节炎。"
    assert _ents(engine, text, "drug") == {"TR-5803注射液"}


def test_a_spaced_dosage_form_still_names_the_product(engine):
    assert _ents(engine, "受理品种：KD - 77 注射液，承办日期2026-02-01。", "drug") == {"KD-77注射液"}


def test_a_document_that_only_writes_the_code_keeps_the_code(engine):
    assert _ents(engine, "公司宣布，TR-5803的I期临床研究完成首例受试者给药。", "drug") == {"TR-5803"}


def test_a_generic_name_beats_the_code_injection_spelling(engine):
    text = "莱泽基奥仑赛注射液（研发代号：MW-3302）获批上市。此前，MW-3302注射液已纳入优先审评。"
    assert _ents(engine, text, "drug") == {"莱泽基奥仑赛注射液"}


def test_a_knowledge_base_code_followed_by_injection_takes_the_injection_name(engine):
    # PA3-17 is a knowledge-base product known only by its code.
    text = "博生吉的PA3-17注射液获批开展临床试验，PA3-17用于T细胞急性淋巴细胞白血病。"
    assert _ents(engine, text, "drug") == {"PA3-17注射液"}
    assert _ents(engine, "博生吉披露了PA3-17的随访数据。", "drug") == {"PA3-17"}


# ------------------------------------------------------------------ 3. drafts and editions


def test_a_draft_keeps_its_suffix_and_is_not_the_final_policy(engine):
    text = "省药监局就《细胞治疗产品院内制剂管理规范（征求意见稿）》公开征求意见。"
    assert _ents(engine, text, "policy") == {"细胞治疗产品院内制剂管理规范（征求意见稿）"}


def test_an_edition_stays_in_the_canonical(engine):
    text = "《罕见病诊疗药品目录（2026年版）》新增两款细胞治疗产品。"
    assert _ents(engine, text, "policy") == {"罕见病诊疗药品目录（2026年版）"}


# ------------------------------------------------------------------ 4, 5. knowledge-base canonicals


def test_indication_standard_names_and_their_old_spelling(engine):
    text = "该疗法用于弥漫大B细胞淋巴瘤、狼疮肾炎、β-地中海贫血和心血管系统疾病的研究。"
    assert _ents(engine, text, "indication") == {"弥漫性大B细胞淋巴瘤", "狼疮性肾炎", "β地中海贫血", "心血管疾病"}


def test_rare_disease_is_a_class_not_an_indication(engine):
    assert engine.tagger.lookup("indication", "罕见病") is None
    assert _ents(engine, "公司专注于罕见病领域的基因治疗，已有管线用于庞贝病。", "indication") == {"庞贝病"}


def test_foreign_subsidiaries_are_their_group(engine):
    text = "Kite Pharma与杨森分别公布了CAR-T细胞疗法的新数据。"
    assert _ents(engine, text, "company") == {"吉利德", "强生"}


# ------------------------------------------------------------------ 6. evaluation folds Latin case


def test_evaluation_folds_latin_case_only():
    assert _norm("AMTAGVI") == _norm("Amtagvi") == _norm("ＡＭＴＡＧＶＩ")
    assert _norm("KN-iCM01注射液") == _norm("KN-ICM01 注射液")
    assert _norm("Β地中海贫血") != _norm("β地中海贫血")  # Greek is not folded
    assert _norm(None) is None
