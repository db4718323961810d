"""A static run-history table for the Data Docs index, readable without network access.

GX renders its index table with jQuery and bootstrap-table loaded from public CDNs, so on an
offline host (an air-gapped Airflow worker, this project's CI) the index lists no runs at all.
The validation pages themselves are static HTML. After every build we therefore insert a plain
HTML table of all stored results, newest first, linking to those pages.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

_SECTION_ID = "cgtwatch-run-history"
_SECTION = re.compile(rf'<section id="{_SECTION_ID}">.*?</section>\n?', re.DOTALL)
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class StoredRun:
    """One stored validation result, as laid out by GX's results store."""

    suite: str
    run_name: str
    run_time: str
    success: bool
    failed: int
    evaluated: int
    page: str  # relative link from index.html, "" when GX rendered no page


def stored_runs(results_dir: Path, docs_dir: Path) -> list[StoredRun]:
    """Every result under ``results_dir`` (``<suite parts>/<run name>/<run time>/<batch>.json``), newest first."""
    runs: list[StoredRun] = []
    for path in results_dir.rglob("*.json"):
        parts = path.relative_to(results_dir).parts
        if len(parts) < 4:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        stats = data.get("statistics") or {}
        link = "/".join(["validations", *(quote(p, safe="") for p in parts[:-1]), path.stem + ".html"])
        page = link if (docs_dir / "validations" / Path(*parts[:-1]) / (path.stem + ".html")).exists() else ""
        runs.append(
            StoredRun(
                suite=".".join(parts[:-3]),
                run_name=parts[-3],
                run_time=parts[-2],
                success=bool(data.get("success")),
                failed=int(stats.get("unsuccessful_expectations") or 0),
                evaluated=int(stats.get("evaluated_expectations") or 0),
                page=page,
            )
        )
    return sorted(runs, key=lambda r: (r.run_time, r.run_name, r.suite), reverse=True)


def run_history_html(runs: list[StoredRun]) -> str:
    """The static section: one table row per stored result."""
    rows = []
    for run in runs:
        status = "Succeeded" if run.success else "Failed"
        name = html.escape(run.run_name)
        cell = f'<a href="{html.escape(run.page)}">{name}</a>' if run.page else name
        rows.append(
            f"<tr><td>{status}</td><td>{html.escape(run.run_time)}</td><td>{cell}</td>"
            f"<td>{html.escape(run.suite)}</td><td>{run.failed} of {run.evaluated} failed</td></tr>"
        )
    return (
        f'<section id="{_SECTION_ID}" class="container-fluid">\n'
        "<h2>Validation runs (static list, works offline)</h2>\n"
        '<table class="table table-sm"><thead><tr><th>Status</th><th>Run time</th><th>Run name</th>'
        "<th>Suite</th><th>Expectations</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
        "</section>\n"
    )


def add_run_history(index: Path, results_dir: Path) -> None:
    """Insert (or replace) the static run-history section right after ``<body>`` of ``index``."""
    page = _SECTION.sub("", index.read_text(encoding="utf-8"))
    section = run_history_html(stored_runs(results_dir, index.parent))
    match = _BODY.search(page)
    at = match.end() if match else 0
    index.write_text(page[:at] + "\n" + section + page[at:], encoding="utf-8")
