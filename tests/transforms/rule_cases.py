"""What the rule-round tests read off one invented text: its events, their (type, drug, date), its canonicals."""

from __future__ import annotations

from transforms.engine import TransformEngine
from transforms.types import Event, InputDocument

#: The publication day the invented texts are dated against unless a case says otherwise.
PUBLISHED = "2026-05-20"


def events(engine: TransformEngine, text: str, title: str | None = None, pub: str | None = PUBLISHED) -> list[Event]:
    """The events the engine extracts from one text."""
    return engine.extract(InputDocument(id="x", text=text, title=title, published_at=pub)).events


def triples(
    engine: TransformEngine, text: str, title: str | None = None, pub: str | None = PUBLISHED
) -> list[tuple[str, str | None, str | None]]:
    """The (type, drug, date) of each event, sorted."""
    return sorted((e.type, e.drug, e.date) for e in events(engine, text, title, pub))


def canonicals(engine: TransformEngine, text: str, type_: str, pub: str | None = PUBLISHED) -> set[str]:
    """The canonical names of one entity type the engine tags in one text."""
    found = engine.extract(InputDocument(id="x", text=text, published_at=pub)).entities
    return {x.canonical for x in found if x.type == type_}
