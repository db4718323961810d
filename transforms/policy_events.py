"""A policy document's own issuance as an event, from the metadata its source already stores.

gov.cn and NHC pages carry 发文机关 (issuer), 发文字号 (document number) and 成文日期 (promulgation
date) in their metadata; NMPA announcements name the number in their title (……的通告（2025年第88号）).
Text tagging finds policies *mentioned*; this finds the policy each policy document *is*.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
#: The document types whose documents are policies (extractors/policy, extractors/nmpa).
POLICY_DOC_TYPES: frozenset[str] = frozenset({"policy"})
#: Confidence of an event read from structured metadata rather than from a sentence.
METADATA_CONFIDENCE = 0.95

_DRAFT_TITLE_RE = re.compile(r"征求[^。]{0,40}意见|意见稿")
# A body says it asks for comments; "在广泛征求意见的基础上" (how an issued policy was drafted) does not.
_DRAFT_BODY_RE = re.compile(r"公开征求意见|征求意见稿")
_QUOTED_RE = re.compile(r"《([^》]+)》")
_NMPA_NUMBER_RE = re.compile(r"的(通告|公告)[（(](\d{4}年第\d+号)[）)]")
_WRITTEN_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Authorities under their usual short names (the tagger's issuer names), so both kinds of report agree.
_ISSUER_NAMES = {
    "国家药品监督管理局": "国家药监局",
    "国家药监局综合司": "国家药监局",
    "国家卫生健康委员会": "国家卫健委",
    "国家卫生健康委": "国家卫健委",
    "国家发展和改革委员会": "国家发展改革委",
    "中华人民共和国国务院": "国务院",
    "国务院办公厅": "国务院",
}
# NHC department pages name only the department (科技教育司): it speaks for the commission.
_NHC_DEPARTMENT_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}司$")
_LOCAL_RE = re.compile(r"^(?P<region>[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区|市))")
_NATIONAL_PREFIXES = ("国家", "国务院", "中华人民共和国", "中共中央", "全国")
NATIONWIDE = "全国"


@dataclass(frozen=True, slots=True)
class PolicyEvent:
    """A policy document's issuance.

    Attributes:
        policy: Canonical policy title (the tagged policy in the title, else the quoted or whole title).
        issuer: Issuing authority, short name.
        document_number: 文号, None when the source gives none.
        region: The jurisdiction (a region the title names, a local issuer's, else 全国).
        date: Promulgation date ``YYYY-MM-DD`` (成文日期, else the publication day in Beijing).
        is_draft: A draft for comment (征求意见稿), not an issued policy.
        evidence: The title, the sentence the event is read from.
    """

    policy: str
    issuer: str | None
    document_number: str | None
    region: str
    date: str
    is_draft: bool
    evidence: str


def issuer_name(raw: str | None, *, outlet: str | None = None) -> str | None:
    """The short name of an issuing authority.

    Args:
        raw: The issuer as the source gives it.
        outlet: ``nhc`` for National Health Commission pages (departments speak for it).

    Returns:
        The short name, or None when the source gives none.
    """
    name = (raw or "").strip()
    if not name:
        return None
    if outlet == "nhc" and _NHC_DEPARTMENT_RE.match(name):
        return "国家卫健委" + name
    return _ISSUER_NAMES.get(name, name)


def _promulgated(metadata: Mapping[str, Any], published_at: str) -> str:
    written = _WRITTEN_RE.search(str(metadata.get("written_date") or ""))
    if written:
        year, month, day = (int(g) for g in written.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            pass  # an impossible 成文日期 falls back to the publication day below
    return datetime.fromisoformat(published_at).astimezone(BEIJING).date().isoformat()


def _policy_name(title: str, title_policies: Sequence[str]) -> str:
    if title_policies:
        return title_policies[0]
    quoted = _QUOTED_RE.search(title)
    return quoted.group(1) if quoted else title


def policy_event(
    *,
    doc_type: str,
    title: str,
    body_text: str,
    published_at: str,
    metadata: Mapping[str, Any] | None,
    title_policies: Sequence[str] = (),
    title_regions: Sequence[str] = (),
) -> PolicyEvent | None:
    """The issuance event of a policy document, from its metadata; None for other documents.

    Args:
        doc_type: The document's type (only :data:`POLICY_DOC_TYPES` give an event).
        title: Its title.
        body_text: Its text (a draft may say so only there).
        published_at: ISO publication time.
        metadata: The source's stored metadata (``issuer``, ``doc_number``, ``written_date``,
            ``content_source``, ``outlet``).
        title_policies: Canonical policies tagged in the title, in order.
        title_regions: Canonical regions tagged in the title.

    Returns:
        The event, or None.
    """
    if doc_type not in POLICY_DOC_TYPES:
        return None
    meta = metadata or {}
    outlet = str(meta.get("outlet") or "") or None
    issuer = issuer_name(str(meta.get("issuer") or meta.get("content_source") or ""), outlet=outlet)
    number = str(meta.get("doc_number") or "").strip() or None
    if number is None:
        nmpa = _NMPA_NUMBER_RE.search(title)
        if nmpa and issuer:
            number = f"{issuer}{nmpa.group(1)}{nmpa.group(2)}"
    local = None if (issuer or "").startswith(_NATIONAL_PREFIXES) else _LOCAL_RE.match(issuer or "")
    region = title_regions[0] if title_regions else (local.group("region") if local else NATIONWIDE)
    return PolicyEvent(
        policy=_policy_name(title, title_policies),
        issuer=issuer,
        document_number=number,
        region=region,
        date=_promulgated(meta, published_at),
        is_draft=bool(_DRAFT_TITLE_RE.search(title) or _DRAFT_BODY_RE.search(body_text[:300])),
        evidence=title,
    )
