"""High-level pure API: build once, then ``extract(doc)`` per document."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import opencc

from transforms.clean import analysis_view, split_sentences, strip_pinyin_glosses
from transforms.dates import parse_published
from transforms.event_context import FieldContext
from transforms.events import extract_events
from transforms.lexicon import Lexicon, load_lexicon
from transforms.naming import resolve_aliases, resolve_codes, resolve_trade_names
from transforms.products import COMMON_SYLLABLE_FREQ
from transforms.segmenter import Segmenter, segmenter_version
from transforms.tagger import EntityTagger, emitted
from transforms.types import DocumentExtraction, Entity, Event, Field, InputDocument

#: Events below this confidence are dropped; hedged events (拟, 计划, 有望) fall below it.
DEFAULT_MIN_CONFIDENCE = 0.5
#: A field longer than this is tagged in pieces of at most this many characters, cut at a sentence
#: end where one exists. Tagging one field costs time that grows with the square of its length, so
#: bounded pieces keep the cost per character flat (``make bench``: tagging_scale). Entities and
#: events never span two sentences, so cutting at sentence ends loses nothing inside a piece; only
#: cross-references between distant pieces (an alias defined 10,000 characters earlier) are lost.
MAX_PIECE_CHARS = 10_000
_PIECE_ENDS = "。！？!?\n"


def split_pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters, each ending at a sentence end if possible.

    Args:
        text: The original field text.
        limit: The largest piece.

    Returns:
        ``(offset, piece)`` pairs covering ``text`` in order; ``text[offset:offset + len(piece)] == piece``.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        # Prefer the last sentence end in the window's second half; a piece without one is cut hard.
        cut = max(window.rfind(ch, limit // 2) for ch in _PIECE_ENDS) + 1
        cut = cut if cut > 0 else limit
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


class TransformEngine:
    """Clean → segment/tag → extract events, for one document at a time.

    The engine holds only read-only state built in ``__init__`` (lexicon, jieba tokenizer,
    Aho-Corasick automaton, OpenCC converter), so ``extract`` is a pure function of its input.

    Args:
        lexicon_dir: Lexicon folder; the packaged one by default.
        tmp_dir: Writable folder for jieba's cache.
        hmm: jieba HMM flag.
        min_confidence: Events below this confidence are not returned.
    """

    def __init__(
        self,
        *,
        lexicon_dir: Path | None = None,
        tmp_dir: str | None = None,
        hmm: bool = True,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ) -> None:
        self.lexicon: Lexicon = load_lexicon(lexicon_dir)
        self.segmenter = Segmenter(self.lexicon, hmm=hmm, tmp_dir=tmp_dir)
        self._t2s = opencc.OpenCC("t2s")
        self.tagger = EntityTagger(self.lexicon, self.segmenter, self._t2s)
        self._min_conf = min_confidence
        self._drug_company = {e.canonical: e.company for e in self.lexicon.of_type("drug") if e.company}

    @staticmethod
    def version_without_building(*, lexicon_dir: Path | None = None, hmm: bool = True) -> str:
        """The ``lexicon_version`` an engine built with these arguments would have, cheaply."""
        return segmenter_version(load_lexicon(lexicon_dir), hmm=hmm)

    @property
    def lexicon_version(self) -> str:
        """Version stamp of jieba + lexicon + flags, stored with every output row."""
        return self.segmenter.version

    def _is_word(self, text: str) -> bool:
        """A word of the dictionary (下同, 国产), not a new product's name (沐安达)."""
        return self.segmenter.word_freq(text) >= COMMON_SYLLABLE_FREQ

    def view(self, text: str) -> str:
        """Return the offset-preserving analysis view of a text.

        Args:
            text: Original text.

        Returns:
            Normalised text of the same length.
        """
        return analysis_view(text, self._t2s)

    def extract(self, doc: InputDocument) -> DocumentExtraction:
        """Extract entities and events from one document.

        Args:
            doc: The input document.

        Returns:
            Entities (DOMAIN.md types only) and events, stamped with ``lexicon_version``.
        """
        fields: list[tuple[Field, str]] = []
        if doc.title:
            fields.append(("title", doc.title))
        fields.append(("text", doc.text))
        # Tag glossed pages (監(jiān)局) without their glosses; offsets are mapped back below.
        stripped = {field: strip_pinyin_glosses(original) for field, original in fields}
        parts: list[tuple[Field, str]] = [(field, stripped[field][0]) for field, _ in fields]
        entities: list[Entity] = []
        events: list[Event] = []
        if all(len(original) <= MAX_PIECE_CHARS for _, original in parts):
            entities, events = self._extract_parts(parts, doc.published_at)
        else:
            for field, original in parts:
                for offset, piece in split_pieces(original):
                    found, reported = self._extract_parts([(field, piece)], doc.published_at)
                    entities.extend(dataclasses.replace(e, start=e.start + offset, end=e.end + offset) for e in found)
                    events.extend(
                        dataclasses.replace(
                            ev, evidence_start=ev.evidence_start + offset, evidence_end=ev.evidence_end + offset
                        )
                        for ev in reported
                    )
        origins = {field: origin for field, (_, origin) in stripped.items() if origin is not None}
        if origins:
            originals = dict(fields)
            entities = [_restore_entity(e, originals[e.field], origins.get(e.field)) for e in entities]
            events = [_restore_event(ev, originals[ev.field], origins.get(ev.field)) for ev in events]
        return DocumentExtraction(
            id=doc.id,
            entities=tuple(entities),
            events=tuple(events),
            lexicon_version=self.lexicon_version,
        )

    def _extract_parts(
        self, parts: list[tuple[Field, str]], published_at: str | None
    ) -> tuple[list[Entity], list[Event]]:
        """Entities and confident events of the given fields, tagged together (offsets per field)."""
        contexts: list[FieldContext] = []
        views = [self.view(original) for _, original in parts]
        tagged = [self.tagger.tag(original, view, field) for (field, original), view in zip(parts, views, strict=True)]
        tagged = resolve_aliases([f for f, _ in parts], [o for _, o in parts], views, tagged)
        tagged = resolve_codes(tagged)
        tagged = resolve_trade_names([f for f, _ in parts], [o for _, o in parts], views, tagged, is_word=self._is_word)
        for (field, original), view, ents in zip(parts, views, tagged, strict=True):
            contexts.append(
                FieldContext(
                    field=field,
                    original=original,
                    view=view,
                    sentences=tuple(split_sentences(view)),
                    entities=tuple(ents),
                )
            )
        regions_in: dict[str, tuple[str, ...]] = {}
        for ctx in contexts:
            for ent in ctx.entities:
                if ent.type in ("policy", "authority") and ent.canonical not in regions_in:
                    regions_in[ent.canonical] = tuple(self.tagger.regions_in(ent.text))
        events = extract_events(
            contexts,
            parse_published(published_at),
            drug_company=self._drug_company,
            regions_in=regions_in,
        )
        return (
            [x for ctx in contexts for x in emitted(ctx.entities)],
            [ev for ev in events if ev.confidence >= self._min_conf],
        )


def _span_back(start: int, end: int, origin: list[int]) -> tuple[int, int]:
    """Offsets in the stripped text → offsets in the original (a span keeps the glosses inside it)."""
    if end <= start:
        at = origin[start] if start < len(origin) else (origin[-1] + 1 if origin else 0)
        return at, at
    return origin[start], origin[end - 1] + 1


def _restore_entity(entity: Entity, original: str, origin: list[int] | None) -> Entity:
    if origin is None:
        return entity
    start, end = _span_back(entity.start, entity.end, origin)
    return dataclasses.replace(entity, start=start, end=end, text=original[start:end])


def _restore_event(event: Event, original: str, origin: list[int] | None) -> Event:
    if origin is None:
        return event
    start, end = _span_back(event.evidence_start, event.evidence_end, origin)
    return dataclasses.replace(event, evidence_start=start, evidence_end=end, evidence=original[start:end])
