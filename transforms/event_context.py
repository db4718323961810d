"""What event rules read around a sentence: its field, the document's facts, the sentence's neighbourhood."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from transforms.dates import DateIndex, DateMention
from transforms.types import Entity, Field


@dataclass(frozen=True, slots=True)
class FieldContext:
    """One field of a document, ready for event extraction.

    Attributes:
        field: ``"title"`` or ``"text"``.
        original: Original text.
        view: Analysis view (same length).
        sentences: Sentence spans.
        entities: All mentions in the field, guards included, in offset order.
    """

    field: Field
    original: str
    view: str
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """Document-wide facts every sentence's events may draw on.

    Attributes:
        published: Publication date.
        dates: The date index of each field.
        drug_company: Canonical drug → company.
        regions_in: Canonical policy/authority → regions named inside it.
        main_drug: The document's most mentioned drug.
        sole_drug: The document's only product (no other drug named anywhere in it), if it has one.
        main_indication: The document's most mentioned indication.
        issuer: The company the document speaks for.
        signature: A notice's signature date.
        fact_day: The day of the fact a Taiwan material-information announcement reports (事实发生日).
        fact_readout: Whether that fact is a trial's results (主旨：公告…第II期临床试验解盲结果): its readouts
            told without a time of their own came that day.
        number_year: The year of a notice's document number (发改体改〔2023〕1786号).
        meeting_month: The month of the medical meeting a roundup reports from (…年会于6月12日至15日在米兰举行):
            the readouts it lists without a time of their own were presented then.
        meeting_day: The meeting's first day, for what happened at its opening (开幕式上).
        meeting_date: The meeting's day, or its month when it was held over several days: what its speakers said
            (专家预计，到2029年…) is dated by it.
        report_date: The date of the report a page retells (出自某证券于2025年5月29日发布的报告, 1月15日，某咨询
            发布《…白皮书》, or a research report's cover date): its forecasts are stated then, not on the day
            the page retelling them is published.
    """

    published: date | None
    dates: dict[Field, DateIndex]
    drug_company: dict[str, str]
    regions_in: dict[str, tuple[str, ...]]
    main_drug: str | None = None
    sole_drug: str | None = None
    main_indication: str | None = None
    issuer: str | None = None
    signature: str | None = None
    fact_day: str | None = None
    fact_readout: bool = False
    number_year: str | None = None
    report_date: str | None = None
    meeting_month: str | None = None
    meeting_day: str | None = None
    meeting_date: str | None = None


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """One sentence with what its events need from around it.

    Attributes:
        ctx: The field it is in.
        start: Start offset in the field.
        end: End offset.
        text: The sentence (analysis view).
        entities: Its entity mentions (field offsets).
        dates: Its usable dates (sentence offsets).
        context_date: A date from around it (同日, the paragraph's labelled date) for events
            that have none of their own.
        prev_drug: The most recent drug named before it.
        prev_policy: A policy named in the sentence right before it.
        periods: Spans of its 自…以来 clauses (sentence offsets): the start of a period, not news.
        prev_company: For a sentence that opens with 公司/该公司/其, the last company named before it in its
            paragraph: the one it is about.
        subject_product: The product its subject firm was written with before (信念医药研发的X, then
            同年12月，信念医药在ASH年会上公布了…结果): what a readout of that firm is about.
        topic_drug: The product the sentence before, in its paragraph, opened with (X是本集团的核心产品。…):
            what a step told without a product is about.
        told_application: The application kind (``ind``/``nda``) of the last step told before it (for 该申请).
    """

    ctx: FieldContext
    start: int
    end: int
    text: str
    entities: Sequence[Entity]
    dates: Sequence[DateMention]
    context_date: str | None
    prev_drug: str | None
    prev_policy: str | None
    periods: Sequence[tuple[int, int]] = ()
    prev_company: str | None = None
    subject_product: str | None = None
    topic_drug: str | None = None
    told_application: str | None = None
