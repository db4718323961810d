"""The explicit list of sources. Adding a source means adding it here; nothing is auto-discovered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cgtwatch.config import Settings
from cgtwatch.errors import ConfigError
from extractors.base import ParsedDocument, RawDocument, Source
from extractors.cde import CdeSource
from extractors.cde import build as build_cde
from extractors.cde import parse_document as parse_cde
from extractors.cninfo import CninfoSource
from extractors.cninfo import parse_document as parse_cninfo
from extractors.eastmoney import EastmoneySource
from extractors.eastmoney import build as build_eastmoney
from extractors.eastmoney import parse_document as parse_eastmoney
from extractors.http import HttpClient
from extractors.news import NewsSource
from extractors.news import build as build_news
from extractors.news import parse_document as parse_news
from extractors.nmpa import NmpaSource
from extractors.nmpa import build as build_nmpa
from extractors.nmpa import parse_document as parse_nmpa
from extractors.policy import PolicySource
from extractors.policy import build as build_policy
from extractors.policy import parse_document as parse_policy
from extractors.schedules import SCHEDULES


@dataclass(frozen=True)
class SourceSpec:
    """How to build one registered source and how often production runs it."""

    name: str
    description: str
    build: Callable[[HttpClient, Settings], Source]
    # The source's pure parse, usable without building a client (re-parsing from the landing zone).
    parse: Callable[[RawDocument], ParsedDocument]
    schedule: str


SOURCES: dict[str, SourceSpec] = {
    "cninfo": SourceSpec(
        name=CninfoSource.name,
        description=CninfoSource.description,
        build=lambda client, settings: CninfoSource(client, settings.cninfo),
        parse=parse_cninfo,
        schedule=SCHEDULES["cninfo"],
    ),
    # The CDE lists lag about two days and are back-filled at month end; the overlap window of
    # every incremental run re-reads those days.
    "cde": SourceSpec(
        name=CdeSource.name,
        description=CdeSource.description,
        build=build_cde,
        parse=parse_cde,
        schedule=SCHEDULES["cde"],
    ),
    "nmpa": SourceSpec(
        name=NmpaSource.name,
        description=NmpaSource.description,
        build=build_nmpa,
        parse=parse_nmpa,
        schedule=SCHEDULES["nmpa"],
    ),
    "eastmoney": SourceSpec(
        name=EastmoneySource.name,
        description=EastmoneySource.description,
        build=build_eastmoney,
        parse=parse_eastmoney,
        schedule=SCHEDULES["eastmoney"],
    ),
    "news": SourceSpec(
        name=NewsSource.name,
        description=NewsSource.description,
        build=build_news,
        parse=parse_news,
        schedule=SCHEDULES["news"],
    ),
    "policy": SourceSpec(
        name=PolicySource.name,
        description=PolicySource.description,
        build=build_policy,
        parse=parse_policy,
        schedule=SCHEDULES["policy"],
    ),
}


def get_source_spec(name: str) -> SourceSpec:
    """Look up a registered source.

    Raises:
        ConfigError: No source has that name.
    """
    try:
        return SOURCES[name]
    except KeyError:
        raise ConfigError(f"unknown source {name!r}; known sources: {', '.join(sorted(SOURCES))}") from None
