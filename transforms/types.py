"""Frozen record types shared by the transform modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JSONDict = dict[str, Any]

Field = Literal["title", "text"]

ENTITY_TYPES: tuple[str, ...] = ("drug", "indication", "policy", "company", "cell_type", "region")
EVENT_TYPES: tuple[str, ...] = (
    "drug_approval",
    "nda_accepted",
    "priority_review",
    "breakthrough_therapy",
    "ind_approval",
    "ind_accepted",
    "clinical_result",
    "research_filing",
    "policy_issued",
    "financing",
    "market_forecast",
    "first_prescription",
)


@dataclass(frozen=True, slots=True)
class InputDocument:
    """One document as given to ``extract`` (DOMAIN.md contract input line).

    Attributes:
        id: Caller's document id.
        text: Body text (plain text; HTML markup is tolerated and masked).
        title: Optional title.
        published_at: Publication date ``YYYY-MM-DD``; anchors relative dates.
        source: Optional source name.
        url: Optional URL.
    """

    id: str
    text: str
    title: str | None = None
    published_at: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of one field; offsets index the original field string."""

    field: Field
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity mention.

    Attributes:
        type: One of :data:`ENTITY_TYPES`, or ``authority``/``media`` (internal, never emitted).
        text: Exact surface string, ``original_field[start:end]``.
        canonical: Canonical form (DOMAIN.md table).
        field: ``"title"`` or ``"text"``.
        start: Start offset into the original field.
        end: End offset (exclusive).
        source: ``"lexicon"`` or the name of the pattern that found it.
    """

    type: str
    text: str
    canonical: str
    field: Field
    start: int
    end: int
    source: str = "lexicon"

    def to_contract_dict(self) -> JSONDict:
        """Return the DOMAIN.md ``extract`` entity object."""
        return {
            "type": self.type,
            "text": self.text,
            "canonical": self.canonical,
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Amount:
    """A normalised money amount.

    Attributes:
        value: Amount in units of ``currency`` (e.g. 200000000000 for 2000亿元).
        currency: ISO code (``CNY``, ``USD``, ``HKD``, ``EUR``, ``JPY``).
        value_cny: ``value`` converted with the fixed table in :mod:`transforms.amounts`.
        surface: The text the amount was read from.
        lower_bound: True when the text says "more than" (超/逾/突破/超过).
    """

    value: float
    currency: str
    value_cny: float
    surface: str
    lower_bound: bool = False

    def to_contract_dict(self) -> JSONDict:
        """Return the JSON object used for the contract ``amount`` field."""
        return {
            "value": _num(self.value),
            "currency": self.currency,
            "value_cny": _num(self.value_cny),
            "text": self.surface,
            "lower_bound": self.lower_bound,
        }


def _num(x: float) -> float | int:
    """Print whole amounts as integers (200000000000, not 2e11)."""
    return int(x) if float(x).is_integer() else round(x, 2)


@dataclass(frozen=True, slots=True)
class Event:
    """One extracted event with its evidence.

    Attributes:
        type: One of :data:`EVENT_TYPES`.
        date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or None.
        drug: Canonical drug name.
        company: Canonical company name.
        indication: Canonical indication.
        policy: Canonical policy title.
        region: Canonical region.
        amount: Normalised amount.
        evidence: The evidence sentence text.
        field: Field the evidence sentence is in.
        evidence_start: Sentence start offset in that field.
        evidence_end: Sentence end offset.
        confidence: In [0, 1].
        issuer: Canonical authority that issued/decided (internal, not in the contract).
        round: Financing round such as ``B轮`` (internal).
        investors: Canonical investor names (internal).
        acceptance_no: CDE 受理号 if quoted (internal).
    """

    type: str
    date: str | None
    drug: str | None
    company: str | None
    indication: str | None
    policy: str | None
    region: str | None
    amount: Amount | None
    evidence: str
    field: Field
    evidence_start: int
    evidence_end: int
    confidence: float
    issuer: str | None = None
    round: str | None = None
    investors: tuple[str, ...] = ()
    acceptance_no: str | None = None

    def to_contract_dict(self) -> JSONDict:
        """Return the DOMAIN.md ``extract`` event object (absent fields are None)."""
        return {
            "type": self.type,
            "date": self.date,
            "drug": self.drug,
            "company": self.company,
            "indication": self.indication,
            "policy": self.policy,
            "region": self.region,
            "amount": self.amount.to_contract_dict() if self.amount else None,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything extracted from one document.

    Attributes:
        id: Document id.
        entities: Emitted entities (authority/media excluded), in field then offset order.
        events: Extracted events in evidence order.
        lexicon_version: Version stamp of the segmenter + lexicon that produced this.
    """

    id: str
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    lexicon_version: str = field(default="")

    def to_contract_dict(self) -> JSONDict:
        """Return the DOMAIN.md ``extract`` output object."""
        return {
            "id": self.id,
            "entities": [e.to_contract_dict() for e in self.entities],
            "events": [e.to_contract_dict() for e in self.events],
        }
