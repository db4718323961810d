"""Build the CDE demo snapshot and test fixtures from scripts/cde_records.json (deterministic).

Run from the repository root::

    .venv/bin/python scripts/build_cde_snapshot.py [--root DIR]

Writes ``cgtwatch/snapshot/cde/`` (calendar 2025) and ``tests/fixtures/cde/{paging,stale_total,challenge}/``.
Each directory holds ``manifest.jsonl`` + ``bodies/`` in the format ``cgtwatch.snapshot_server`` replays: the
URL and form of every entry are exactly what ``extractors.cde.CdeSource`` sends.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import snapshot_kit as kit

sys.path.insert(0, str(kit.REPO))

from extractors.cde import parse, settings
from extractors.cde.settings import LIST_KINDS, ListKind
from extractors.relevance import cgt_terms_found

DATA = kit.REPO / "scripts" / "cde_records.json"
DEMO, FIXTURES = kit.output_dirs("cde")
JSON_TYPE = "application/json;charset=UTF-8"
HTML_TYPE = "text/html;charset=UTF-8"

HOME_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>国家药品监督管理局药品审评中心</title></head>
<body><div class="header">国家药品监督管理局药品审评中心 Center for Drug Evaluation, NMPA</div>
<ul class="nav"><li><a href="/main/xxgk/">信息公开</a></li><li><a href="/main/news/">新闻中心</a></li></ul>
<p>（cgtwatch 离线演示用的首页替身：真实站点在此页下发会话 Cookie。）</p></body></html>
"""
CHALLENGE_HTML = kit.ruishu_challenge(
    "qqqqqqqqqqqqqqqq.Yw3cTKm1pXz0aQ7e9rLd2fVbNs8uJhGk4iO6tR5yWcE",
    48213,
    "qDqErrAlqGqkqqqqrGq",
    "/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js",
)


def page_json(records: list[dict[str, Any]], total: int, page_num: int, page_size: int) -> bytes:
    body = {
        "code": 200,
        "msg": "操作成功",
        "data": {
            "records": records,
            "total": total,
            "size": page_size,
            "current": page_num,
            "pages": math.ceil(total / page_size),
            "searchCount": True,
        },
    }
    return kit.json_bytes(body, indent=1)


def form_for(kind: ListKind, page_num: int, page_size: int, year: int | None = None) -> dict[str, str]:
    form = dict(kind.base_form)
    if kind.per_year:
        form["year"] = str(year)
    form["pageSize"] = str(page_size)
    form["pageNum"] = str(page_num)
    return form


def sort_key(kind: ListKind) -> Any:
    def key(record: dict[str, Any]) -> tuple[str, str]:
        return (str(record.get(kind.date_fields[0]) or ""), str(record["acceptid"]))

    return key


def add_list(
    writer: kit.SnapshotWriter,
    kind: ListKind,
    records: list[dict[str, Any]],
    page_size: int,
    *,
    year: int | None = None,
    claimed_total: int | None = None,
    wrap_pages: int = 1,
) -> None:
    """All pages of one list, newest first, plus ``wrap_pages`` pages past the end that repeat page 1."""
    records = sorted(records, key=sort_key(kind), reverse=True)
    total = len(records) if claimed_total is None else claimed_total
    pages = kit.paginate(records, page_size)
    suffix = f"_{year}" if year else ""
    for n in range(1, len(pages) + wrap_pages + 1):
        chunk = pages[n - 1] if n <= len(pages) else pages[0]
        writer.add(
            f"{kind.kind}{suffix}_p{n}.json",
            kind.api_url,
            page_json(chunk, total, n, page_size),
            JSON_TYPE,
            method="POST",
            form=form_for(kind, n, page_size, year),
        )


def fillers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = date(2025, 1, 3)
    pairs = [(t, f) for f in spec["forms"] for t in spec["targets"]]
    for i in range(spec["count"]):
        target, form = pairs[i % len(pairs)]
        out.append(
            {
                "acceptid": f"CXSL25{10000 + i * 7:05d}",
                "drugname": form.format(t=target),
                "drugtype": "治疗用生物制品",
                "applytype": "新药",
                "registerkind": "1类",
                "company": spec["companies"][i % len(spec["companies"])],
                "createdate": (start + timedelta(days=7 * i)).isoformat(),
            }
        )
    return out


def expected_documents(kind: ListKind, records: list[dict[str, Any]], since: date, until: date) -> int:
    count = 0
    for record in records:
        day = parse.record_day(kind, record)
        text = parse.record_relevance_text(kind, record)
        if (
            day
            and since <= day <= until
            and cgt_terms_found(text, settings.DEFAULT_CGT_TERMS, settings.DEFAULT_CGT_EXCLUDE)
        ):
            count += 1
    return count


def start(root: Path) -> kit.SnapshotWriter:
    """A fresh snapshot directory whose first request is the home page that hands out the session cookie."""
    writer = kit.SnapshotWriter(root)
    writer.add("home.html", settings.HOME_URL, HOME_HTML.encode("utf-8"), HTML_TYPE)
    return writer


def build_demo(root: Path, data: dict[str, Any]) -> dict[str, int]:
    writer = start(root / DEMO)
    since, until = kit.DEMO_SINCE, kit.DEMO_UNTIL
    counts: dict[str, int] = {}
    acceptance = [*data["acceptance"], *data["acceptance_tricky_non_cgt"], *fillers(data["filler"])]
    kind = LIST_KINDS["acceptance"]
    for year in (2025, 2024):
        in_year = [r for r in acceptance if str(r["createdate"]).startswith(str(year))]
        add_list(writer, kind, in_year, 50, year=year)
    counts["acceptance"] = expected_documents(kind, acceptance, since, until)
    for name in ("ind_approval", "priority_review", "breakthrough"):
        add_list(writer, LIST_KINDS[name], data[name], 50)
        counts[name] = expected_documents(LIST_KINDS[name], data[name], since, until)
    writer.finish(
        {
            **kit.demo_meta("cde", "scripts/build_cde_snapshot.py from scripts/cde_records.json"),
            "documents": sum(counts.values()),
            "documents_by_list": counts,
        }
    )
    return counts


def synthetic(kind: ListKind, n: int, newest: date, step_days: int) -> list[dict[str, Any]]:
    """``n`` records newest-first; even positions are CGT, odd ones are antibodies the filter drops."""
    records = []
    for i in range(n):
        cgt = i % 2 == 0
        record = {
            "acceptid": f"CXSL25{20000 + i:05d}",
            "drgnamecn": f"测试{i:02d}号人脐带间充质干细胞注射液" if cgt else f"测试{i:02d}号抗PD-L1单克隆抗体注射液",
            "companys" if kind.kind == "ind_approval" else "company": f"测试生物科技{i % 3}有限公司",
            kind.date_fields[0]: (newest - timedelta(days=step_days * i)).isoformat(),
        }
        if kind.kind == "ind_approval":
            record["lcmsxkIndication"] = "膝骨关节炎" if cgt else "非小细胞肺癌"
        records.append(record)
    return records


def build_fixtures(root: Path) -> None:
    # paging: 35 records two days apart from 2025-06-28, pages of 10; page 5 wraps to page 1.
    writer = start(root / FIXTURES / "paging")
    add_list(writer, LIST_KINDS["ind_approval"], synthetic(LIST_KINDS["ind_approval"], 35, date(2025, 6, 28), 2), 10)
    writer.finish()
    # stale_total: the API claims 40 records (4 pages) but holds 20; page 3 wraps to page 1, page 4 is not recorded.
    writer = start(root / FIXTURES / "stale_total")
    add_list(
        writer,
        LIST_KINDS["breakthrough"],
        synthetic(LIST_KINDS["breakthrough"], 20, date(2025, 9, 30), 3),
        10,
        claimed_total=40,
    )
    writer.finish()
    # challenge: the home page answers, every POST gets HTTP 202 + a Ruishu-style script page.
    writer = start(root / FIXTURES / "challenge")
    kind = LIST_KINDS["ind_approval"]
    writer.add(
        "challenge.html", kind.api_url, CHALLENGE_HTML, HTML_TYPE, method="POST", form=form_for(kind, 1, 50), status=202
    )
    writer.finish()


def main(argv: Sequence[str] | None = None) -> None:
    args = kit.root_parser(__doc__).parse_args(argv)
    counts = build_demo(args.root, kit.read_json(DATA))
    build_fixtures(args.root)
    print(f"cde demo snapshot: {sum(counts.values())} documents {counts} -> {args.root / DEMO}")
    print(f"cde fixtures -> {args.root / FIXTURES}")


if __name__ == "__main__":
    main()
