"""Good staged rows for the expectation tests; each test breaks one field of a copy."""

from __future__ import annotations

import hashlib
from typing import Any

WINDOW_END = "2025-01-31"
TITLE = "国家药监局附条件批准首个干细胞治疗药品艾米迈托赛注射液上市"
BODY = (
    "2025年1月2日，国家药品监督管理局通过优先审评审批程序附条件批准铂生卓越生物科技（北京）有限公司申报的"
    "艾米迈托赛注射液上市。该药品用于治疗消化道受累为主的急性移植物抗宿主病。"
    "预计到2029年中国干细胞治疗市场规模将超过2000亿元。"
)
SENTENCE = BODY.split("。")[0] + "。"
FORECAST = "预计到2029年中国干细胞治疗市场规模将超过2000亿元。"


def doc_id(native_id: str, source: str = "nmpa") -> str:
    return hashlib.sha256(f"{source}\x1f{native_id}".encode()).hexdigest()


def raw_row(native_id: str = "n1", **changes: Any) -> dict[str, Any]:
    row = {
        "native_id": native_id,
        "record_url": f"https://www.nmpa.gov.cn/yaowen/ypjgyw/{native_id}.html",
        "record_status": 200,
        "record_content_type": "text/html; charset=utf-8",
        "attachments": 0,
        "fetch_errors": 0,
    }
    return {**row, **changes}


def document_row(native_id: str = "n1", **changes: Any) -> dict[str, Any]:
    row = {
        "doc_id": doc_id(native_id),
        "source": "nmpa",
        "native_id": native_id,
        "url": f"https://www.nmpa.gov.cn/yaowen/ypjgyw/{native_id}.html",
        "title": TITLE,
        "published_at": "2025-01-02T10:00:00+08:00",
        "doc_type": "regulatory_news",
        "language": "zh",
        "company_code": None,
        "company_name": None,
        "attachment_url": None,
        "body_text": BODY,
        "metadata": {},
        "content_hash": hashlib.sha256(native_id.encode()).hexdigest(),
        "raw_ref": f"nmpa/objects/ab/{native_id}.html",
    }
    return {**row, **changes}


def texts_of(*rows: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["doc_id"]: (r["title"], r["body_text"]) for r in rows}


def mention_row(surface: str = "艾米迈托赛注射液", field: str = "text", **changes: Any) -> dict[str, Any]:
    text = BODY if field == "text" else TITLE
    start = text.find(surface)
    row = {
        "mention_id": hashlib.sha256(f"{surface}{field}{start}".encode()).hexdigest(),
        "doc_id": doc_id("n1"),
        "source": "nmpa",
        "entity_type": "drug",
        "canonical": surface,
        "surface": surface,
        "field": field,
        "start_offset": start,
        "end_offset": start + len(surface),
        "lexicon_version": "lex-1",
    }
    return {**row, **changes}


def event_row(**changes: Any) -> dict[str, Any]:
    start = BODY.find(SENTENCE)
    row = {
        "doc_id": doc_id("n1"),
        "source": "nmpa",
        "published_at": "2025-01-02T10:00:00+08:00",
        "event_type": "drug_approval",
        "subject_key": "drug_approval|艾米迈托赛注射液",
        "event_date": "2025-01-02",
        "drug": "艾米迈托赛注射液",
        "company": "铂生卓越",
        "indication": "急性移植物抗宿主病",
        "policy": None,
        "region": None,
        "amount_value": None,
        "amount_currency": None,
        "amount_cny": None,
        "amount_text": None,
        "round": None,
        "investors": [],
        "issuer": "国家药监局",
        "acceptance_no": None,
        "evidence": SENTENCE,
        "field": "text",
        "start_offset": start,
        "end_offset": start + len(SENTENCE),
        "confidence": 0.9,
        "lexicon_version": "lex-1",
    }
    return {**row, **changes}


def forecast_row(**changes: Any) -> dict[str, Any]:
    start = BODY.find(FORECAST)
    row = event_row(
        event_type="market_forecast",
        subject_key="market_forecast|干细胞治疗",
        event_date="2029",
        drug=None,
        company=None,
        indication=None,
        issuer=None,
        amount_value=200000000000.0,
        amount_currency="CNY",
        amount_cny=200000000000.0,
        amount_text="2000亿元",
        evidence=FORECAST,
        start_offset=start,
        end_offset=start + len(FORECAST),
        confidence=0.7,
    )
    return {**row, **changes}
