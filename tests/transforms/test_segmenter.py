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


@pytest.mark.parametrize(
    "text",
    [
        "北京华龛生物科技有限公司",  # no character jieba yields alone: the whole text
        "据悉，华龛生物完成融资",
        "合源生物科技（天津）有限公司",
        "公告\r\n华龛生物",  # jieba yields \r\n as one token
        "公告\n\n华龛生物",
        "华龛生物完成融资，",  # ends on a separator: the last run is empty
        "2025年3月，CAR-T产品NK-101获批",
    ],
)
def test_tail_tokens_are_the_last_tokens_of_the_text(engine, text):
    tail, whole = engine.segmenter.tail_tokens(text)
    full = engine.segmenter.tokens(text)
    assert full[len(full) - len(tail) :] == tail
    assert whole == (tail == full)


def test_tail_tokens_stop_at_the_last_separator(engine):
    tail, whole = engine.segmenter.tail_tokens("据悉，华龛生物完成融资")
    assert not whole
    assert tail[0] == Token("，", 2, 3)
    assert [t.text for t in tail[1:]] == ["华龛生物", "完成", "融资"]
    assert engine.segmenter.tail_tokens("公告\r\n华龛生物")[0][0] == Token("\r\n", 2, 4)
