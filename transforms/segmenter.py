"""A jieba wrapper that owns its tokenizer, user words and flags (STYLE.md rule 11)."""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jieba

from transforms.clean import normalize_width
from transforms.lexicon import Lexicon

#: The characters jieba segments in runs (its re_han_default); it yields every other one alone.
_JIEBA_BLOCK_CHARS = r"\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-"
# jieba only keeps a user word whole if it is made of these characters.
_JIEBA_WORD_RE = re.compile(rf"^[{_JIEBA_BLOCK_CHARS}]+$")
#: A run of such characters (matched on the reversed text: the run that ends it, maybe empty).
_RUN_RE = re.compile(rf"[{_JIEBA_BLOCK_CHARS}]*")
#: Frequency given to lexicon words that jieba does not know yet: high enough to keep a name
#: in one piece, low enough not to beat common two-character words around it.
USER_WORD_FREQ = 3000


@dataclass(frozen=True, slots=True)
class Token:
    """A token with offsets into the segmented string."""

    text: str
    start: int
    end: int


class Segmenter:
    """Owns one ``jieba.Tokenizer`` loaded with the domain lexicon.

    Never touches jieba's module-level tokenizer, so several segmenters with different
    lexicons can live in one process.

    Args:
        lexicon: Domain lexicon whose surfaces become user words.
        hmm: Whether jieba may use its HMM for unknown words (passed explicitly on every call).
        tmp_dir: Writable directory for jieba's dictionary cache; a temp dir by default.
        dictionary: Optional path of a pinned main dictionary; jieba's bundled one by default.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        hmm: bool = True,
        tmp_dir: str | None = None,
        dictionary: str | None = None,
    ) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._hmm = hmm
        self._tk = jieba.Tokenizer(dictionary=dictionary) if dictionary else jieba.Tokenizer()
        if tmp_dir:
            # jieba only logs (and keeps going slowly) when its cache directory is missing.
            Path(tmp_dir).mkdir(parents=True, exist_ok=True)
        self._tk.tmp_dir = tmp_dir or tempfile.gettempdir()
        self._tk.initialize()
        added = 0
        for entry in lexicon.entries:
            surfaces = list(entry.surfaces)
            if entry.type == "drug":
                # The stem alone (艾米迈托赛) keeps jieba from gluing it to the word before when
                # a name is segmented without its 注射液 suffix.
                surfaces += [x[: -len("注射液")] for x in surfaces if x.endswith("注射液")]
            for surface in surfaces:
                word = normalize_width(surface)
                if _JIEBA_WORD_RE.match(word) and not self._tk.FREQ.get(word):
                    self._tk.add_word(word, freq=USER_WORD_FREQ, tag=entry.type)
                    added += 1
        self.user_words = added
        self.version = segmenter_version(lexicon, hmm=hmm, dictionary=dictionary)

    @property
    def hmm(self) -> bool:
        """Whether HMM discovery of unknown words is on."""
        return self._hmm

    def cut(self, text: str) -> list[str]:
        """Segment text into words.

        Args:
            text: Any text (normally the analysis view).

        Returns:
            The tokens in order.
        """
        return list(self._tk.cut(text, HMM=self._hmm))

    def tokens(self, text: str) -> list[Token]:
        """Segment text and keep offsets.

        Args:
            text: Any text.

        Returns:
            Tokens with ``start``/``end`` offsets into ``text``.
        """
        return [Token(w, s, e) for w, s, e in self._tk.tokenize(text, HMM=self._hmm)]

    def tail_tokens(self, text: str) -> tuple[list[Token], bool]:
        r"""Segment only the end of ``text``: its last run of word characters and the token before it.

        jieba cuts every run of its word characters (``_JIEBA_BLOCK_CHARS``) on its own and yields
        each other character alone (a ``\r\n`` pair as one token), so these tokens are exactly the
        last ones of ``tokens(text)``, at a fraction of the cost when a caller reads a text backwards
        and usually stops at the punctuation before its last phrase.

        Args:
            text: Any text.

        Returns:
            ``(tokens, whole)``: tokens with offsets into ``text``, and whether they are all of
            ``tokens(text)`` (when not, the first token returned is the separator before the last run).
        """
        run = _RUN_RE.match(text[::-1])
        run_start = len(text) - (run.end() if run else 0)
        if run_start == 0:
            return self.tokens(text), True
        sep = run_start - 1
        if sep > 0 and text[sep - 1 : run_start] == "\r\n":
            sep -= 1
        cut = self._tk.tokenize(text[run_start:], HMM=self._hmm)
        tail = [Token(w, run_start + a, run_start + b) for w, a, b in cut]
        return [Token(text[sep:run_start], sep, run_start), *tail], sep == 0

    def word_freq(self, word: str) -> int:
        """Return jieba's dictionary frequency of a word (0 when unknown).

        Args:
            word: A word.

        Returns:
            Its frequency; high values mean a common word, not a proper name.
        """
        return int(self._tk.FREQ.get(word, 0) or 0)


def segmenter_version(lexicon: Lexicon, *, hmm: bool, dictionary: str | None = None) -> str:
    """Version stamp of jieba + lexicon + flags: what a :class:`Segmenter` built with them stamps."""
    flags = f"hmm={hmm};dict={dictionary or 'bundled'};freq={USER_WORD_FREQ}"
    return hashlib.sha256(f"jieba={jieba.__version__};lexicon={lexicon.version};{flags}".encode()).hexdigest()[:16]
