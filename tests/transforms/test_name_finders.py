"""The product and policy finders on their own, with a small stand-in knowledge base.

The tagger's tests cover them inside the whole tagging; these pin the finders' contracts: what a
shape alone finds, and what the knowledge base changes.
"""

from __future__ import annotations

import pytest

from transforms.candidates import Cand, Scan
from transforms.policy_names import PolicyFinder
from transforms.products import ProductFinder

pytestmark = pytest.mark.unit

_KB = {
    ("drug", "ZX-201"): "泽星仑赛注射液",
    ("policy", "中华人民共和国药品管理法"): "药品管理法",
    ("policy", "药品管理法"): "药品管理法",
}


def _lookup(type_: str, surface: str) -> str | None:
    return _KB.get((type_, surface))


def _no_walk(view: str, pos: int, *, max_len: int) -> int:
    raise AssertionError("the code finder never walks back")


def _no_freq(word: str) -> int:
    raise AssertionError("the code finder never asks how common a word is")


def _found(cands: list[Cand]) -> list[tuple[str, str]]:
    return [(c.canonical, c.source) for c in cands]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        # a code with two digits is a product; with a dosage form after it, the form is its name
        ("公司的QB-37获批临床", [("QB-37", "dev_code")]),
        ("公司的QB-37注射液获批临床", [("QB-37注射液", "dev_code")]),
        # one digit is enough when a dosage form names it
        ("NR-T1注射液", [("NR-T1注射液", "dev_code")]),
        ("代号为NR-T1的项目", []),
        # a gene, a mutation or a target is no product
        ("BCL11A基因的突变", []),
        ("携带T87Q突变", []),
        ("靶向CD19和BCMA的疗法", []),
        # the knowledge base gives a code its generic name
        ("ZX-201获批上市", [("泽星仑赛注射液", "dev_code")]),
        # a foreign product by its INN stem
        ("LIFILEUCEL在美国获批", [("LIFILEUCEL", "foreign_product")]),
        ("联合RITUXIMAB治疗", [("RITUXIMAB", "inn")]),
    ],
)
def test_code_candidates(view: str, expected: list[tuple[str, str]]) -> None:
    finder = ProductFinder(_lookup, _no_walk, _no_freq)
    assert _found(finder.code_candidates(Scan(view, []), [])) == expected


@pytest.mark.parametrize(
    ("name", "gap", "expected"),
    [
        # a product's own name wins over its code
        ("瑞康赛注射液", "（研发代号：", "瑞康赛注射液"),
        # 人脐带间充质干细胞注射液 names a class shared by many products; the code identifies this one
        ("人脐带间充质干细胞注射液", "（", "QB-37"),
    ],
)
def test_a_name_and_its_code_in_brackets_are_one_product(name: str, gap: str, expected: str) -> None:
    view = f"{name}{gap}QB-37）"
    code_start = len(name) + len(gap)
    cands = [
        Cand(0, len(name), "drug", name, 2, "injection"),
        Cand(code_start, code_start + 5, "drug", "QB-37", 2, "dev_code"),
    ]
    linked = ProductFinder(_lookup, _no_walk, _no_freq).link_codes(view, cands)
    assert [c.canonical for c in linked] == [expected, expected]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("省里发布《支持细胞治疗产业发展的若干措施》", ["支持细胞治疗产业发展的若干措施"]),
        # the notice that issues a policy stands for the policy
        ("《关于印发细胞治疗产品临床研究管理办法的通知》", ["细胞治疗产品临床研究管理办法"]),
        # a short form after the full title is that title
        (
            "《细胞治疗产业高质量发展行动方案》（以下简称《行动方案》）提出",
            ["细胞治疗产业高质量发展行动方案", "细胞治疗产业高质量发展行动方案"],
        ),
        # a book, a journal or a society's consensus is no policy
        ("刊于《细胞》杂志", []),
        ("《CAR-T细胞治疗淋巴瘤专家共识》", []),
        # a title head the knowledge base adds
        ("《细胞产品生产常见问题与解答》", ["细胞产品生产常见问题与解答"]),
    ],
)
def test_policy_titles(view: str, expected: list[str]) -> None:
    finder = PolicyFinder(_lookup, ["问题与解答"])
    assert [c.canonical for c in finder.title_candidates(Scan(view, []), [])] == expected


def test_scheme_brands_without_the_word_before_them() -> None:
    found = PolicyFinder(_lookup, []).scheme_candidates(Scan("可用于城惠保报销，不同于保障", []), [])
    assert [(c.canonical, c.start) for c in found] == [("城惠保", 3)]


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("药品管理法", "中华人民共和国药品管理法"),
        ("细胞治疗管理办法", "细胞治疗管理办法"),
        ("基因编辑法", "基因编辑法"),
    ],
)
def test_a_national_law_takes_its_full_title(canonical: str, expected: str) -> None:
    assert PolicyFinder(_lookup, []).full_law_title(canonical) == expected
