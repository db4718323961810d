from __future__ import annotations

import jieba
import pytest

from transforms.lexicon import load_lexicon
from transforms.segmenter import Segmenter, Token

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("铂生卓越的艾米迈托赛注射液获批上市", ["铂生卓越", "的", "艾米迈托赛注射液", "获批", "上市"]),
        ("华龛生物完成新一轮融资", ["华龛生物", "完成", "新一轮", "融资"]),
    ],
)
def test_cut_keeps_lexicon_names_whole(engine, text, expected):
    assert engine.segmenter.cut(text) == expected


def test_tokens_have_offsets(engine):
    toks = engine.segmenter.tokens("华龛生物完成融资")
    assert toks[0] == Token("华龛生物", 0, 4)
    assert all("华龛生物完成融资"[t.start : t.end] == t.text for t in toks)


def test_does_not_touch_global_jieba(engine):
    engine.segmenter.cut("华龛生物")
    assert "华龛生物" not in jieba.dt.FREQ
    assert "华龛生物" not in jieba.dt.user_word_tag_tab


def test_version_depends_on_flags(engine, tmp_path):
    other = Segmenter(load_lexicon(), hmm=False, tmp_dir=str(tmp_path))
    assert other.version != engine.segmenter.version
    assert other.hmm is False
    assert engine.lexicon_version == engine.segmenter.version


def test_word_freq_separates_common_words_from_brands(engine):
    assert engine.segmenter.word_freq("中国") > 1000
    assert engine.segmenter.word_freq("澳斯康") == 0
