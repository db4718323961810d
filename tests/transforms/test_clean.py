from __future__ import annotations

import opencc
import pytest

from transforms import clean
from transforms.clean import (
    analysis_view,
    html_to_text,
    is_boilerplate_line,
    mask_boilerplate,
    mask_markup,
    normalize_width,
    split_sentences,
    to_simplified,
)

pytestmark = pytest.mark.unit

T2S = opencc.OpenCC("t2s")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＣＡＲ－Ｔ", "CAR-T"),
        ("ＡＢＣ１２３", "ABC123"),
        ("１．５亿元", "1.5亿元"),
        ("ipsc", "IPSC"),
        ("（试行）", "（试行）"),
        ("(试行)", "（试行）"),
        ("，。：；！？《》", "，。：；！？《》"),
        ("2022—2024年", "2022-2024年"),
        ("a\u3000b", "A B"),
    ],
)
def test_normalize_width(text, expected):
    assert normalize_width(text) == expected
    assert len(normalize_width(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("國家藥監局附條件批准", "国家药监局附条件批准"),
        ("幹細胞臨床研究備案", "干细胞临床研究备案"),
        ("already simplified 干细胞", "already simplified 干细胞"),
    ],
)
def test_to_simplified(text, expected):
    assert to_simplified(text, T2S) == expected


class _GrowingConverter:
    """Converts '甲' to two characters, as a phrase table might; forces the char fallback."""

    def convert(self, text: str) -> str:
        return text.replace("甲乙", "丙丁戊").replace("國", "国")


def test_to_simplified_falls_back_to_char_mapping_when_length_changes():
    out = to_simplified("甲乙國", _GrowingConverter())
    assert out == "甲乙国"
    assert len(out) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>干细胞</p>", "\n  干细胞\n   "),
        ("A&nbsp;B", "A      B"),
        ("<script>var x=1;</script>正文", " " * len("<script>var x=1;</script>") + "正文"),
        ("no markup", "no markup"),
    ],
)
def test_mask_markup_keeps_length(text, expected):
    assert mask_markup(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("责任编辑：王芳", True),
        ("免责声明：本文仅供参考", True),
        ("来源：证券时报", True),
        ("分享到：微信 微博", True),
        ("首页 > 财经 > 医药", True),
        ("（证券日报记者 张三）", True),
        ("风险提示：股市有风险", True),
        ("6月17日，公司发布公告称，获得批准。", False),
        ("编辑部认为干细胞前景广阔", False),
    ],
)
def test_is_boilerplate_line(line, expected):
    assert is_boilerplate_line(line) is expected


def test_mask_boilerplate_blanks_whole_lines_only():
    text = "正文一句。\n责任编辑：王芳\n正文二句。"
    out = mask_boilerplate(text)
    assert out == "正文一句。\n" + " " * 7 + "\n正文二句。"


def test_analysis_view_is_offset_preserving():
    original = "１月２日，國家藥監局批准<b>睿鉑生</b>上市。\n責任編輯：王小明"
    view = analysis_view(original, T2S)
    assert len(view) == len(original)
    assert view.startswith("1月2日，国家药监局批准   睿铂生    上市。")
    assert view.rstrip().endswith("上市。")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句！第三句", [(0, 4), (4, 8), (8, 11)]),
        ("  前导空格。\n\n下一段", [(2, 7), (9, 12)]),
        ("他说：“好。”然后走了。", [(0, 7), (7, 12)]),
        ("", []),
    ],
)
def test_split_sentences_offsets(text, expected):
    assert split_sentences(text) == expected


def test_html_to_text_drops_navigation_share_and_editor_lines():
    html = """<html><body>
    <div class="nav">首页 > 新闻</div>
    <div class="content"><p>國家藥監局批准上市。</p><p>责任编辑：张三</p><p>第二段内容。</p></div>
    <div class="share-bar">分享到 微信</div><footer>版权所有</footer>
    </body></html>"""
    assert html_to_text(html, T2S) == "國家藥監局批准上市。\n第二段内容。"


def test_normalize_width_maps_every_character_as_its_table_says():
    text = "".join(chr(c) for c in range(0x20000) if not 0xD800 <= c < 0xE000)
    assert clean.normalize_width(text) == text.translate(clean._NORMAL_TABLE)
