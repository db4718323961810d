"""Cleaning: HTML to main text, boilerplate removal, offset-preserving normalisation, sentences.

Two paths exist on purpose:

* :func:`html_to_text` is for the pipeline, which owns raw HTML and may produce a new ``text``.
* :func:`analysis_view` is for ``extract``, whose output offsets must index the caller's
  original string. It never changes the length of the text: markup, boilerplate lines and
  odd characters are *masked* (replaced by spaces) or mapped one character to one character
  (full-width to half-width, traditional to simplified). So an offset found in the analysis
  view is an offset into the original, and ``original[start:end]`` is the surface string.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Protocol

from bs4 import BeautifulSoup, Tag

# Full-width ASCII letters, digits and the symbols that occur inside codes and numbers map
# to ASCII; Chinese sentence punctuation (，。：；！？《》“”) stays, because sentence
# splitting and policy-title detection rely on it.
_WIDTH_MAP: dict[int, str] = {}
for _cp in range(0xFF10, 0xFF1A):
    _WIDTH_MAP[_cp] = chr(_cp - 0xFEE0)
for _cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
    _WIDTH_MAP[_cp] = chr(_cp - 0xFEE0)
for _ch in "＋－．／％＆＃＿＠＝＊＜＞［］｛｝～｜＂＇":
    _WIDTH_MAP[ord(_ch)] = chr(ord(_ch) - 0xFEE0)
# Dashes of every width become "-" so "CAR–T", "CAR－T" and "CAR-T" look the same.
for _ch in "‐‑‒–—―−﹣":
    _WIDTH_MAP[ord(_ch)] = "-"
# One bracket style for matching; the canonical policy titles use full-width brackets.
_WIDTH_MAP[ord("(")] = "（"
_WIDTH_MAP[ord(")")] = "）"
_WIDTH_MAP[ord("〔")] = "〔"
for _ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\t\r":
    _WIDTH_MAP[ord(_ch)] = " "
WIDTH_TABLE: dict[int, str] = _WIDTH_MAP


def normalize_width(text: str) -> str:
    """Map full-width letters/digits/symbols to ASCII and upper-case ASCII letters, 1:1 per char.

    Args:
        text: Any text.

    Returns:
        A string of exactly the same length; brackets become full-width （）, dashes ``-``.
    """
    return text.translate(_NORMAL_BY_CODE)


# Upper-casing ASCII only: str.upper() on CJK text is a no-op but "ß" would grow, so it is a
# translate table that keeps the length, composed with the width table so a text is read once.
_UPPER_TABLE: dict[int, int] = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_NORMAL_TABLE: dict[int, str] = {
    **{c: chr(u) for c, u in _UPPER_TABLE.items()},
    **{c: v.translate(_UPPER_TABLE) for c, v in WIDTH_TABLE.items()},
}
#: The same table as a list indexed by code point (each unmapped character maps to itself), up to the last
#: mapped one: ``str.translate`` indexes a list more than twice as fast as it hashes into a dict, and a
#: character past the list's end is left alone, as one missing from the dict is.
_NORMAL_BY_CODE: list[str] = [_NORMAL_TABLE.get(c, chr(c)) for c in range(max(_NORMAL_TABLE) + 1)]


class Converter(Protocol):
    """The part of ``opencc.OpenCC`` we use."""

    def convert(self, text: str) -> str:  # pragma: no cover - protocol
        """Convert text."""
        ...


def to_simplified(text: str, converter: Converter) -> str:
    """Convert traditional to simplified characters without changing the length.

    OpenCC converts phrases, which can in rare cases change the length; then the offending
    line is converted character by character, which is always 1:1 for t2s.

    Args:
        text: Text in traditional or simplified characters.
        converter: An ``opencc.OpenCC("t2s")`` instance (or anything with ``convert``).

    Returns:
        Simplified text of the same length.
    """
    if not text or text.isascii():
        return text
    converted = converter.convert(text)
    if len(converted) == len(text):
        return _keep_name_variants(text, converted)
    parts: list[str] = []
    for line in text.splitlines(keepends=True):
        conv = converter.convert(line)
        if len(conv) != len(line):
            conv = "".join(_char_convert(ch, converter) for ch in line)
        parts.append(conv)
    return "".join(parts)


#: Characters simplified Chinese writes in names that OpenCC folds all the same (瑞昇 → 瑞升, 乾元 → 干元).
_NAME_VARIANTS = frozenset("昇乾")
#: …of which traditional text, too, writes one only in names (瑞昇生技; rising is 升 in both scripts),
#: while 乾 is also its word for dry (乾眼症 → 干眼症).
_NAME_ONLY_VARIANTS = frozenset("昇")
#: A text whose conversion changes at most this share of its other Han characters is already simplified.
_SIMPLIFIED_SHARE = 0.01


def _keep_name_variants(text: str, converted: str) -> str:
    """The conversion, with the name variants of a text written in simplified characters kept.

    A traditional page changes a large share of its characters (國, 說, 為); a simplified one at most
    a few, and its 昇 or 乾 is part of a name, not a traditional form.
    """
    # Most texts hold no variant at all: two substring scans in C spare a Python loop over every character.
    if not any(ch in text for ch in _NAME_VARIANTS):
        return converted
    variants = [i for i, (a, b) in enumerate(zip(text, converted, strict=True)) if a != b and a in _NAME_VARIANTS]
    if not variants:
        return converted
    others = sum(a != b for a, b in zip(text, converted, strict=True)) - len(variants)
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    if others > han * _SIMPLIFIED_SHARE:
        variants = [i for i in variants if text[i] in _NAME_ONLY_VARIANTS]
    chars = list(converted)
    for i in variants:
        chars[i] = text[i]
    return "".join(chars)


def _char_convert(ch: str, converter: Converter) -> str:
    """Convert one character, keeping it when the conversion is not a single character."""
    c = converter.convert(ch)
    return c if len(c) == 1 else ch


_TAG_RE = re.compile(
    r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);",
    re.S | re.I,
)
_BLOCK_TAG_RE = re.compile(r"^</?(p|div|br|li|h\d|tr|section|article)\b", re.I)


def mask_markup(text: str) -> str:
    """Blank out HTML tags, scripts and entities, keeping the length.

    Block-level tags become a newline followed by spaces so sentence splitting still sees a
    break at paragraph ends.

    Args:
        text: Text that may contain HTML markup.

    Returns:
        Text of the same length with markup replaced by whitespace.
    """
    if "<" not in text and "&" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        if _BLOCK_TAG_RE.match(s):
            return "\n" + " " * (len(s) - 1)
        return " " * len(s)

    return _TAG_RE.sub(repl, text)


# Lines that are page furniture, not content. Matched on the normalised (simplified,
# half-width) line with leading whitespace stripped.
_BOILERPLATE_RE = re.compile(
    r"""^(?:
        责任编辑|编辑[:：]|编辑\s|校对|审核[:：]|主编|策划|监制|记者[:：]|作者[:：]|实习生[:：]|
        来源[:：]|文章来源|稿件来源|原标题|原文链接|本文来源|图片来源|图源|
        免责声明|声明[:：]|风险提示|特别提示[:：]|版权声明|版权所有|copyright|©|
        分享到|分享至|扫一扫|扫描二维码|打开微信|点击(?:查看|关注|阅读)|关注我们|关注公众号|更多精彩|
        相关阅读|相关新闻|相关文章|相关链接|推荐阅读|热门推荐|延伸阅读|往期推荐|往期回顾|往期精彩|精彩推荐|猜你喜欢|
        返回首页|返回顶部|上一篇|下一篇|阅读原文|点个“?在看|
        首页\s*[>＞›/]|当前位置|您的位置|网站地图|联系我们|举报|
        微信\s*微博|微博\s*微信|收藏\s*打印|打印\s*关闭|字号[:：]|【?纠错】?|
        \[?编辑[:：]|\(?责编
    )""",
    re.X | re.I,
)
#: The heading of a list of links to other articles; the list's items follow on their own lines.
_RELATED_HEADING_RE = re.compile(
    r"^(?:【[^】]{0,8}】\s*)*(?:相关阅读|相关新闻|相关文章|相关链接|推荐阅读|热门推荐|延伸阅读|更多阅读|往期推荐|往期回顾|往期精彩"
    r"|精彩推荐|猜你喜欢)"
)
#: One item of such a list: a bulleted or numbered headline, or a short line without a full stop.
_LINK_ITEM_RE = re.compile(r"^(?:[·•●▪◆■▶►▷→>\-*]|\d{1,2}[.、)]|[^。！？]{1,40}$|[^。！？，,；]{1,90}$)")
# Short bylines such as "（证券日报记者 张三）" or "本报记者 李四" on their own line.
_BYLINE_RE = re.compile(r"^[（\(]?[^\n，。]{0,12}记者[^\n，。]{0,12}[）\)]?\s*$")


def is_boilerplate_line(line: str) -> bool:
    """Tell whether a line is navigation, a byline, a share bar or a disclaimer.

    Args:
        line: One line of normalised text.

    Returns:
        True when the line should not be analysed.
    """
    s = line.strip()
    if not s:
        return False
    return bool(_BOILERPLATE_RE.match(s) or _BYLINE_RE.match(s))


def mask_boilerplate(text: str) -> str:
    """Replace boilerplate lines by spaces (same length).

    Args:
        text: Normalised text.

    Returns:
        Text of the same length where boilerplate lines are blank.
    """
    if not text:
        return text
    parts: list[str] = []
    in_links = False  # inside a "related reading" list: its items are other articles' headlines
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if _RELATED_HEADING_RE.match(body.strip()):
            in_links = True
        elif in_links and not (_LINK_ITEM_RE.match(body.strip()) or not body.strip()):
            in_links = False
        if in_links or is_boilerplate_line(body):
            parts.append(" " * len(body) + line[len(body) :])
        else:
            parts.append(line)
    return "".join(parts)


# Reprinted mainland pages often carry a pinyin gloss after a character: 業(yè), 經(jīng). The gloss is
# lower-case pinyin (tone marks optional) right after a CJK character; upper-case or mixed
# brackets (受体(CAR), 蛋白(RPE65)) are abbreviations and stay.
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")
_GLOSS_RE = re.compile(r"(?<=[\u4e00-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6})\)")
_PINYIN_RE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|er|ia|ie|iu|ua|uo|ui|ue|ve"
    r"|a|o|e|i|u|v)"
)


def _gloss_spans(text: str) -> list[tuple[int, int]]:
    """Where the pinyin glosses are: ``(start, end)`` of each bracketed syllable after a character."""
    if "(" not in text:
        return []
    return [m.span() for m in _GLOSS_RE.finditer(text) if _PINYIN_RE.fullmatch(m.group(1).translate(_TONE_BASE))]


def mask_pinyin_glosses(text: str) -> str:
    """Blank out pinyin glosses glued to characters (經(jīng)濟 → 經      濟), keeping the length.

    Args:
        text: Original text (case matters: a gloss is lower-case).

    Returns:
        Text of the same length with every gloss replaced by spaces.
    """
    spans = _gloss_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def strip_pinyin_glosses(text: str) -> tuple[str, list[int] | None]:
    """Remove pinyin glosses glued to characters (監(jiān)局 → 監局) and say where each character was.

    Masking a gloss keeps offsets but leaves a gap inside the word (監      局), which no name,
    title or trigger pattern matches; pages that gloss characters do it dozens of times. Tagging
    runs on the stripped text and maps its offsets back to the original.

    Args:
        text: Original field text.

    Returns:
        ``(stripped, origin)`` where ``stripped[i] == text[origin[i]]``; ``(text, None)`` when the
        text has no gloss.
    """
    spans = _gloss_spans(text)
    if not spans:
        return text, None
    # The stretches between glosses, in order.
    kept = list(zip([0, *(end for _, end in spans)], [*(start for start, _ in spans), len(text)], strict=True))
    origin = [i for a, b in kept for i in range(a, b)]
    return "".join(text[a:b] for a, b in kept), origin


#: OpenCC keeps 著 (著名, 显著), but after these verbs Taiwan and Hong Kong text writes the aspect
#: particle 着 so (隨著 → 随着, 意味著 → 意味着).
_ASPECT_ZHE_RE = re.compile(r"(?<=[随接有带沿朝向本跟靠凭顺味])著")
#: Hong Kong counts cases with 宗 (本港首宗输注): the mainland's 首例.
_FIRST_CASE_ZONG_RE = re.compile(r"(?<=首)宗")


def analysis_view(text: str, converter: Converter) -> str:
    """Build the offset-preserving analysis string for one field.

    Order matters: markup and pinyin glosses are masked first (so tag text never becomes
    content, and a gloss is still lower-case), then widths and characters are normalised (so
    boilerplate rules see simplified half-width text).

    Args:
        text: Original field text.
        converter: OpenCC t2s converter.

    Returns:
        String with ``len(result) == len(text)``; offsets are shared with ``text``.
    """
    view = mask_pinyin_glosses(mask_markup(text))
    view = to_simplified(normalize_width(view), converter)
    # (Each rewrite only where its character occurs: the look-behinds would be tried at every offset.)
    if "著" in view:
        view = _ASPECT_ZHE_RE.sub("着", view)
    if "宗" in view:
        view = _FIRST_CASE_ZONG_RE.sub("例", view)
    view = mask_boilerplate(view)
    if len(view) != len(text):  # pragma: no cover - guarded by construction
        raise AssertionError("analysis view changed the text length")
    return view


#: The characters that end a sentence (the splitter below also ends one at 】 and an inline citation).
SENTENCE_ENDS = "。！？!?；;\n"
# 】 closes a bracketed headline (【公司：产品获批】财联社3月12日电，…): its own sentence; so does a
# citation mark before an inline bullet (…获FDA批准 [5] - 我国企业…) on pages that lost their line breaks.
_SENT_RE = re.compile(r"[^。！？!?；;\n】]*?(?:[。！？!?；;】]+[”’\"'）」』]*|\[\d{1,3}\](?=\s+[-•·]\s)|\n|$)")


#: The second of a pair the sentence before began to enumerate (一张为X…；另一张为Y…).
_PAIR_SECOND_RE = re.compile(r"另一[张款例个位项家]?为")
_STEP_WORDS = "受理|默示许可|获批|批准|优先审评|突破性治疗|备案"
#: A later item that tells a step of its own (…；同日，Y完成…融资): it is a sentence of its own.
_LABEL_STEP_RE = re.compile(f"{_STEP_WORDS}|融资")
#: An item led by a short label (▶ 受理：A（…）；B（…）): the label governs every item after its semicolons.
_LABEL_LEAD_RE = re.compile(rf"[▶◆•·\-]?\s*[^，。；：:\n\s]{{0,6}}(?:{_STEP_WORDS})[^，。；：:\n\s]{{0,4}}[：:]")
#: A digest item's day told in brackets after its full stop (…完成B轮融资。（7月8日）): it dates that item.
_TRAILING_DAY_RE = re.compile(r"[（(]\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentences and return their offsets.

    A line break that only wraps a printed page's line (a filing extracted from PDF) ends nothing.

    Args:
        text: The (analysis or original) text; offsets are valid in both.

    Returns:
        ``(start, end)`` pairs with surrounding whitespace trimmed and empty sentences dropped.
    """
    spans: list[tuple[int, int]] = []
    wraps = wrapped_line_breaks(text) if "\n" in text else frozenset()
    joined = False  # the previous span ended on a wrapped line's break
    for m in _SENT_RE.finditer(text):
        s, e = m.start(), m.end()
        wrap = e - 1 in wraps
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            if spans and (
                joined
                or (_inside_brackets(text, *spans[-1]) and text[s - 1] != "\n")
                or (_TRAILING_DAY_RE.fullmatch(text, s, e) is not None and "\n" not in text[spans[-1][1] : s])
                or (text[spans[-1][1] - 1] in "；;" and _PAIR_SECOND_RE.match(text, s) is not None)
                or (
                    text[spans[-1][1] - 1] in "；;"
                    and "\n" not in text[spans[-1][1] : s]
                    and _LABEL_LEAD_RE.match(text, spans[-1][0]) is not None
                    and _LABEL_STEP_RE.search(text, s, e) is None
                )
            ):
                # （商品名：奕凯达?；以下简称“该产品”）: a semicolon or a lost ® inside brackets ends nothing;
                # nor does one before the second of a pair (一张为X…；另一张为Y…), nor one between the items
                # of a step's label (受理：A…；B…) when the later item tells no step of its own; a day in
                # brackets after the full stop belongs to the item before it.
                s = spans.pop()[0]
            spans.append((s, e))
        joined = wrap and bool(spans)
    return spans


#: Characters a printed line may end on when its sentence or item ends there.
_LINE_END_MARKS = frozenset("。！？!?；;：:，,、）)”」】》|")
#: A new item, not the rest of a wrapped line: 4.预计…, (1)提出申请…, ●交易概况, - 文档编号.
_ITEM_START_RE = re.compile(r"\s*(?:\d{1,2}\s*[.、．]|[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[）)]|[-•·●■◆▪*#])")
#: Lines shorter than this are headings, labels or list items, never page-width wraps.
_MIN_WRAP_WIDTH = 24
#: A page wraps its lines when at least this many lines stop mid-sentence at one width.
_MIN_WRAPS = 4


_CELL_GAP_RE = re.compile(r"\s+")


def cell_gaps(text: str) -> int:
    """How many runs of white space set a text's words apart (a table's row of four cells has three)."""
    return len(_CELL_GAP_RE.findall(text.strip()))


def wrapped_line_breaks(text: str) -> frozenset[int]:
    """Offsets of line breaks that wrap a printed page's line inside a sentence.

    Filings extracted from PDF keep the page's line breaks: most of their lines stop at one width
    (about 38 characters on an A4 filing) in the middle of a sentence. When at least four lines stop
    mid-sentence at one width (give or take two characters), every such line's break is a wrap;
    shorter lines (headings, list items) and lines ending on punctuation keep their breaks.
    """
    lines: list[tuple[int, int]] = []  # (offset of the line's break, width of the line)
    start = 0
    while (pos := text.find("\n", start)) != -1:
        line = text[start:pos].rstrip()
        following = text[pos + 1 : pos + 12]
        if (
            len(line.strip()) >= _MIN_WRAP_WIDTH
            and line[-1] not in _LINE_END_MARKS
            and following.strip()
            and following[:1] != "\n"
            and not _ITEM_START_RE.match(following)
            # (a table's row, four or more cells set apart by tabs or spaces, ends at its break)
            and cell_gaps(line) < 3
        ):
            lines.append((pos, len(line)))
        start = pos + 1
    if len(lines) < _MIN_WRAPS:
        return frozenset()
    widths = Counter(width for _, width in lines)
    support, width = max((sum(widths[w] for w in range(n - 2, n + 3)), n) for n in widths)
    if support < _MIN_WRAPS:
        return frozenset()
    return frozenset(pos for pos, w in lines if abs(w - width) <= 2)


def _inside_brackets(text: str, start: int, end: int) -> bool:
    """True when a span ends on ;/? with a bracket still open (the sentence goes on after it)."""
    if text[end - 1] not in "；;?？":
        return False
    chunk = text[start:end]
    return chunk.count("（") + chunk.count("(") > chunk.count("）") + chunk.count(")")


# ---------------------------------------------------------------------------------------------
# HTML to main text (pipeline path)
# ---------------------------------------------------------------------------------------------

_NOISE_ATTR_RE = re.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|header|sidebar|side-bar|comment|recommend|related|"
    r"copyright|disclaimer|toolbar|ad-|advert|qrcode|login|search",
    re.I,
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button")


def html_to_text(html: str, converter: Converter | None = None) -> str:
    """Extract the main text of an article page.

    Removes scripts, navigation, headers/footers, share bars and recommendation blocks,
    picks the container with the most paragraph text, and drops boilerplate lines (责任编辑,
    免责声明, 来源/编辑, share bars). The result keeps the original characters (no width or
    t2s normalisation), one paragraph per line, so later offsets refer to readable text.

    Args:
        html: Raw HTML.
        converter: Only used to recognise boilerplate in traditional-character pages.

    Returns:
        Main text, one paragraph per line.
    """
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.attrs is None:
            continue
        classes = tag.get("class")
        class_list = list(classes) if isinstance(classes, list) else [str(classes or "")]
        attrs = " ".join([*class_list, str(tag.get("id") or "")])
        if attrs.strip() and _NOISE_ATTR_RE.search(attrs) and tag.name not in ("body", "html"):
            tag.decompose()
    root = _main_container(soup)
    lines = list(_block_lines(root))
    kept: list[str] = []
    for line in lines:
        probe = normalize_width(line)
        if converter is not None:
            probe = to_simplified(probe, converter)
        if not is_boilerplate_line(probe):
            kept.append(line)
    return "\n".join(kept)


def _main_container(soup: BeautifulSoup) -> Tag:
    """Return the element whose direct <p> children hold the most CJK text."""
    best: Tag | None = None
    best_score = 0
    for cand in soup.find_all(["article", "div", "section", "td", "main", "body"]):
        if not isinstance(cand, Tag):
            continue
        score = sum(_cjk_count(p.get_text()) for p in cand.find_all("p", recursive=False))
        if score > best_score:
            best, best_score = cand, score
    if best is not None:
        return best
    body = soup.body
    return body if isinstance(body, Tag) else soup


def _cjk_count(s: str) -> int:
    """Count CJK ideographs: a cheap content-density score."""
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


def _block_lines(root: Tag) -> Iterator[str]:
    """Yield one stripped line per text block under ``root``."""
    text = root.get_text("\n")
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\u3000\u00a0]+", " ", raw).strip()
        if line:
            yield line


TextFn = Callable[[str], str]
