"""The weekly digest: what happened in a window, as a typed model rendered to HTML and Markdown.

Three layers, so that the model can be tested on hand-made rows:

- ``load_window`` reads the rows of a window from the warehouse (read-only SQL, ``SELECT e.*`` so that
  columns added by later migrations pass through untouched);
- ``build_digest`` is pure: rows in, a frozen ``Digest`` out;
- ``render_html`` / ``render_markdown`` turn a ``Digest`` into one self-contained page (charts as inline
  SVG rendered by Vega-Lite through altair and vl-convert: no script, no CDN, no request) and a Markdown
  version for mail or chat.

Which events belong to a window: an event dated to the day belongs to the window holding that day; an
event known only to the month or year (``2025-03``) belongs to the window in which it was first
reported, so that it appears in exactly one weekly digest.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import jinja2

from cgtwatch.summary import _records
from warehouse.db import open_reader

log = logging.getLogger(__name__)

Row = Mapping[str, Any]
# Windows are Beijing days: the sources publish on Beijing time.
BEIJING = ZoneInfo("Asia/Shanghai")

# (event type, section title, what it holds). The order is the page's order. Types without events yet
# (priority_review, breakthrough_therapy before event identity lands) still get their section.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("drug_approval", "Marketing approvals", "marketing approval granted, including conditional approval"),
    ("priority_review", "Priority reviews", "applications taken (or proposed) into priority review, 优先审评"),
    ("breakthrough_therapy", "Breakthrough therapy designations", "products taken (or proposed) into 突破性治疗"),
    ("nda_accepted", "NDA acceptances", "marketing applications accepted"),
    ("ind_accepted", "IND acceptances", "clinical-trial applications accepted"),
    ("ind_approval", "IND approvals", "clinical-trial approvals, including CDE implied approval (默示许可)"),
    ("first_prescription", "First prescriptions", "first prescription or commercial launch"),
    ("financing", "Financings", "financing rounds, investments and IPOs, normalised to CNY"),
    ("policy_issued", "Policies", "policies issued, by issuer and region"),
    ("clinical_result", "Clinical results", "clinical data read out"),
    ("research_filing", "Research filings", "stem-cell clinical research filed with the health commission"),
    ("market_forecast", "Market forecasts", "statements of market size"),
)
OTHER_SECTION = ("other", "Other events", "event types this digest does not know yet")
EVENT_TYPE_LABELS = {key: title for key, title, _ in SECTIONS}
CHART_WEEKS = 12
LARGEST_ROUNDS = 5
TOP_MENTIONED = 5

# The date that places an event in a window: its own day when known, else the day it was first reported
# (in Beijing time: connections set the session time zone to Asia/Shanghai).
WINDOW_DATE_SQL = (
    "coalesce(CASE WHEN length(e.event_date) = 10 THEN try_cast(e.event_date AS DATE) END, "
    "CAST(e.first_published_at AS DATE))"
)


@dataclass(frozen=True)
class SourceLink:
    """One document that reported an event."""

    source: str
    url: str
    title: str
    published_at: datetime | None
    evidence: str


@dataclass(frozen=True)
class DigestItem:
    """One event as the digest shows it."""

    event_id: str
    event_type: str
    event_date: str | None
    window_date: date
    product: str | None
    company: str | None
    indication: str | None
    policy: str | None
    region: str | None
    issuer: str | None
    round: str | None
    amount_cny: float | None
    investors: tuple[str, ...]
    acceptance_no: str | None
    evidence: str
    sources: tuple[SourceLink, ...]
    # Facts from columns newer warehouses add (event identity: regulator, parent company, 文号, drafts).
    extra_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """The events of one type in the window."""

    key: str
    title: str
    description: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class PolicyGroup:
    """Policies of one issuer for one region."""

    issuer: str
    region: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class FinancingSummary:
    """Money raised in the window."""

    total_cny: float
    rounds: int
    undisclosed: int
    largest: tuple[DigestItem, ...]


@dataclass(frozen=True)
class WeekCount:
    """Events of one type first placed in one ISO week (Monday)."""

    week: date
    event_type: str
    count: int


@dataclass(frozen=True)
class MonthAmount:
    """Financing of one month, in CNY."""

    month: date
    amount_cny: float
    rounds: int


@dataclass(frozen=True)
class MentionPoint:
    """Mentions of one product or company in one ISO week."""

    week: date
    entity_type: str
    name: str
    mentions: int


@dataclass(frozen=True)
class Digest:
    """Everything one digest page shows."""

    since: date
    until: date
    chart_since: date
    sections: tuple[Section, ...]
    financing: FinancingSummary
    policy_groups: tuple[PolicyGroup, ...]
    events_per_week: tuple[WeekCount, ...]
    financing_per_month: tuple[MonthAmount, ...]
    mention_trends: tuple[MentionPoint, ...]

    @property
    def total_events(self) -> int:
        """Events in the window, all sections."""
        return sum(len(s.items) for s in self.sections)

    @property
    def name(self) -> str:
        """The file stem: the ISO week (``2025-W03``) when the window is one, else ``<since>_<until>``."""
        return window_name(self.since, self.until)


@dataclass(frozen=True)
class WindowRows:
    """The warehouse rows one digest is built from (events from ``chart_since``, evidence of the window)."""

    since: date
    until: date
    chart_since: date
    events: Sequence[Row]
    evidence: Sequence[Row]
    mentions: Sequence[Row] = field(default_factory=tuple)


def window_name(since: date, until: date) -> str:
    """``2025-W03`` for a Monday-to-Sunday window, else ``2025-01-01_2025-01-31``."""
    if since.isoweekday() == 1 and until - since == timedelta(days=6):
        year, week, _ = since.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{since.isoformat()}_{until.isoformat()}"


def chart_start(since: date, until: date) -> date:
    """Charts give context: at least the last ``CHART_WEEKS`` weeks, from a Monday."""
    start = min(since, until - timedelta(weeks=CHART_WEEKS) + timedelta(days=1))
    return start - timedelta(days=start.weekday())


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _item(row: Row, links: Sequence[SourceLink], evidence: str) -> DigestItem:
    return DigestItem(
        event_id=str(row["event_id"]),
        event_type=str(row["event_type"]),
        event_date=_text(row.get("event_date")),
        window_date=_as_date(row["window_date"]),
        product=_text(row.get("drug")),
        company=_text(row.get("company")),
        indication=_text(row.get("indication")),
        policy=_text(row.get("policy")),
        region=_text(row.get("region")),
        issuer=_text(row.get("issuer")),
        round=_text(row.get("round")),
        amount_cny=float(row["amount_cny"]) if row.get("amount_cny") is not None else None,
        investors=tuple(str(i) for i in row.get("investors") or ()),
        acceptance_no=_text(row.get("acceptance_no")),
        evidence=evidence,
        sources=tuple(links),
        extra_facts=_extra_facts(row),
    )


# Optional event columns shown when a warehouse has them: (column, label).
OPTIONAL_FACTS = (("regulator", "regulator"), ("parent_company", "listed parent"), ("document_number", "文号"))


def _extra_facts(row: Row) -> tuple[str, ...]:
    facts = [f"{label} {row[column]}" for column, label in OPTIONAL_FACTS if row.get(column)]
    if row.get("is_draft"):
        facts.append("draft for comment (征求意见稿)")
    return tuple(facts)


def build_items(events: Iterable[Row], evidence: Iterable[Row]) -> list[DigestItem]:
    """Events with every report of each, the first report's evidence sentence leading.

    Args:
        events: ``events`` rows with a ``window_date``; extra columns are ignored.
        evidence: ``event_evidence`` rows joined with their document (``url``, ``title``, ``published_at``).

    Returns:
        One item per event, in window-date order, each with its sources in publication order.
    """
    reports: dict[str, list[Row]] = defaultdict(list)
    for row in evidence:
        reports[str(row["event_id"])].append(row)
    items = []
    for event in events:
        rows = sorted(
            reports.get(str(event["event_id"]), []),
            key=lambda r: (r.get("published_at") is None, r.get("published_at") or datetime.min, str(r["url"])),
        )
        links = [
            SourceLink(
                str(r["source"]), str(r["url"]), str(r.get("title") or ""), r.get("published_at"), str(r["evidence"])
            )
            for r in rows
        ]
        # The lead sentence is the first report's, as in v_event_sources; any report's if that one is gone.
        first = next((r for r in rows if r.get("doc_id") == event.get("first_doc_id")), rows[0] if rows else None)
        items.append(_item(event, links, str(first["evidence"]) if first else ""))
    items.sort(key=lambda i: (i.window_date, i.event_date or "", i.product or i.company or i.policy or "", i.event_id))
    return items


def build_digest(rows: WindowRows) -> Digest:
    """The digest of a window, from its warehouse rows (pure).

    Args:
        rows: Events from ``rows.chart_since`` to ``rows.until`` (for the charts), the evidence of the
            window's events and the daily mentions of products and companies.

    Returns:
        Sections for every known event type (empty ones included), the financing summary, policies by
        issuer and region, and the data of the three charts.
    """
    in_window = [e for e in rows.events if rows.since <= _as_date(e["window_date"]) <= rows.until]
    items = build_items(in_window, rows.evidence)
    by_type: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        by_type[item.event_type].append(item)
    sections = [Section(key, title, text, tuple(by_type.pop(key, []))) for key, title, text in SECTIONS]
    other = [item for leftover in by_type.values() for item in leftover]
    if other:
        key, title, text = OTHER_SECTION
        sections.append(Section(key, title, text, tuple(other)))
    financings = [i for i in items if i.event_type == "financing"]
    with_amount = sorted((i for i in financings if i.amount_cny is not None), key=lambda i: -(i.amount_cny or 0.0))
    financing = FinancingSummary(
        total_cny=sum(i.amount_cny or 0.0 for i in with_amount),
        rounds=len(financings),
        undisclosed=len(financings) - len(with_amount),
        largest=tuple(with_amount[:LARGEST_ROUNDS]),
    )
    groups: dict[tuple[str, str], list[DigestItem]] = defaultdict(list)
    for item in items:
        if item.event_type == "policy_issued":
            groups[(item.issuer or "issuer not stated", item.region or "national / not stated")].append(item)
    policy_groups = tuple(PolicyGroup(issuer, region, tuple(g)) for (issuer, region), g in sorted(groups.items()))
    return Digest(
        since=rows.since,
        until=rows.until,
        chart_since=rows.chart_since,
        sections=tuple(sections),
        financing=financing,
        policy_groups=policy_groups,
        events_per_week=_events_per_week(rows),
        financing_per_month=_financing_per_month(rows),
        mention_trends=_mention_trends(rows),
    )


def _chart_events(rows: WindowRows) -> list[Row]:
    return [e for e in rows.events if rows.chart_since <= _as_date(e["window_date"]) <= rows.until]


def _events_per_week(rows: WindowRows) -> tuple[WeekCount, ...]:
    counts = Counter((_week(_as_date(e["window_date"])), str(e["event_type"])) for e in _chart_events(rows))
    return tuple(WeekCount(week, kind, n) for (week, kind), n in sorted(counts.items()))


def _financing_per_month(rows: WindowRows) -> tuple[MonthAmount, ...]:
    amounts: dict[date, float] = defaultdict(float)
    rounds: Counter[date] = Counter()
    for e in _chart_events(rows):
        if e["event_type"] == "financing":
            month = _as_date(e["window_date"]).replace(day=1)
            amounts[month] += float(e.get("amount_cny") or 0.0)
            rounds[month] += 1
    return tuple(MonthAmount(m, amounts[m], rounds[m]) for m in sorted(rounds))


def _mention_trends(rows: WindowRows) -> tuple[MentionPoint, ...]:
    """Weekly mentions of the products and companies mentioned most in the window itself."""
    totals: Counter[tuple[str, str]] = Counter()
    weekly: Counter[tuple[date, str, str]] = Counter()
    for m in rows.mentions:
        day, kind, name, n = _as_date(m["day"]), str(m["entity_type"]), str(m["canonical"]), int(m["mentions"])
        if rows.chart_since <= day <= rows.until:
            weekly[(_week(day), kind, name)] += n
        if rows.since <= day <= rows.until:
            totals[(kind, name)] += n
    top: set[tuple[str, str]] = set()
    for kind in ("drug", "company"):
        ranked = sorted(((n, name) for (k, name), n in totals.items() if k == kind), key=lambda t: (-t[0], t[1]))
        top.update((kind, name) for _, name in ranked[:TOP_MENTIONED])
    return tuple(
        MentionPoint(week, kind, name, n) for (week, kind, name), n in sorted(weekly.items()) if (kind, name) in top
    )


# --- reading the warehouse -------------------------------------------------------------------------------


def _events_sql(where: str) -> str:
    return f"SELECT * FROM (SELECT e.*, {WINDOW_DATE_SQL} AS window_date FROM events e) e WHERE {where}"


def _evidence_sql(events_sql: str) -> str:
    return (
        "SELECT v.event_id, v.doc_id, v.source, v.evidence, d.url, d.title, d.published_at "
        "FROM event_evidence v JOIN documents d USING (doc_id) "
        f"WHERE v.event_id IN (SELECT event_id FROM ({events_sql}))"
    )


def load_window(con: duckdb.DuckDBPyConnection, since: date, until: date) -> WindowRows:
    """The rows a digest of ``since``..``until`` needs.

    Args:
        con: A warehouse connection (read-only is enough) with the session time zone set to Beijing.
        since: First day of the window.
        until: Last day of the window.

    Returns:
        Events from the chart start on, the evidence of the window's events, daily product and company
        mentions from the chart start on.
    """
    start = chart_start(since, until)
    events = _records(con.execute(_events_sql("e.window_date BETWEEN ? AND ?"), [start, until]))
    evidence = _records(con.execute(_evidence_sql(_events_sql("e.window_date BETWEEN ? AND ?")), [since, until]))
    mentions = _records(
        con.execute(
            """
            SELECT CAST(d.published_at AS DATE) AS day, m.entity_type, m.canonical, count(*) AS mentions
            FROM entity_mentions m JOIN documents d USING (doc_id)
            WHERE m.entity_type IN ('drug', 'company') AND CAST(d.published_at AS DATE) BETWEEN ? AND ?
            GROUP BY ALL
            """,
            [start, until],
        )
    )
    return WindowRows(since, until, start, events, evidence, mentions)


def query_events(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date | None = None,
    until: date | None = None,
    types: Sequence[str] = (),
    product: str | None = None,
    company: str | None = None,
) -> list[DigestItem]:
    """Events matching the filters, each with every report of it (``cgtwatch events``).

    Args:
        con: A warehouse connection.
        since: Earliest window date (the event's day, else the day it was first reported).
        until: Latest window date.
        types: Event types to keep; all when empty.
        product: Case-insensitive part of the product's name or of any of its aliases.
        company: Case-insensitive part of the company's name or of any of its aliases.

    Returns:
        The matching events in date order.
    """
    clauses: list[str] = ["true"]
    params: list[Any] = []
    if since:
        clauses.append("e.window_date >= ?")
        params.append(since)
    if until:
        clauses.append("e.window_date <= ?")
        params.append(until)
    if types:
        clauses.append("list_contains(?, e.event_type)")
        params.append(list(types))
    for column, entity_type, value in (("drug", "drug", product), ("company", "company", company)):
        if value:
            clauses.append(
                f"(e.{column} ILIKE ? OR e.{column} IN (SELECT n.canonical FROM entities n "
                "JOIN entity_aliases a USING (entity_id) WHERE n.entity_type = ? AND a.alias ILIKE ?))"
            )
            params.extend([f"%{value}%", entity_type, f"%{value}%"])
    events_sql = _events_sql(" AND ".join(clauses))
    events = _records(con.execute(events_sql, params))
    evidence = _records(con.execute(_evidence_sql(events_sql), params))
    return build_items(events, evidence)


# --- rendering ---------------------------------------------------------------------------------------------


def format_cny(value: float | None) -> str:
    """An amount in CNY as analysts read it: ``¥280,000,000 (2.80亿元)``; ``undisclosed`` when unknown."""
    if value is None:
        return "undisclosed"
    if value >= 1e8:
        return f"¥{value:,.0f} ({value / 1e8:.2f}亿元)"
    if value >= 1e4:
        return f"¥{value:,.0f} ({value / 1e4:,.0f}万元)"
    return f"¥{value:,.0f}"


# Chinese names in charts: vl-convert measures with its own fonts, the reader's browser picks from this list.
CHART_FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif"


def chart_svg(
    values: Sequence[Mapping[str, Any]],
    *,
    mark: str,
    x: str,
    y: str,
    title: str,
    color: str | None = None,
    x_domain: Sequence[str] | None = None,
    y_format: str = "d",
    width: int = 640,
    height: int = 200,
) -> str | None:
    """A Vega-Lite chart of ``values`` rendered to SVG text, for inlining (``None`` when there is no data).

    Args:
        values: One mapping per data point (inline data: the SVG needs nothing else).
        mark: ``bar`` (stacked by ``color``) or ``line`` (one line with points per ``color``).
        x: The field of the horizontal axis: ISO dates (a time axis), or labels when ``x_domain`` is given.
        y: The quantitative field.
        title: Chart title.
        color: The nominal field that splits series, if any.
        x_domain: Every period of the axis in order (weeks, months): the axis shows empty periods as gaps
            instead of closing them up.
        y_format: d3 format of the vertical axis (``d`` for counts, ``~s`` for amounts: 800M).
        width: Plot width in pixels.
        height: Plot height in pixels.

    Returns:
        The ``<svg>`` element, or ``None`` for an empty series.
    """
    if not values:
        return None
    import altair as alt
    import vl_convert

    x_field = (
        alt.X(
            f"{x}:O",
            title=None,
            scale=alt.Scale(domain=list(x_domain)),
            axis=alt.Axis(labelAngle=-45, labelOverlap="parity"),
        )
        if x_domain is not None
        else alt.X(f"{x}:T", title=None)
    )
    encoding: dict[str, Any] = {
        "x": x_field,
        "y": alt.Y(f"{y}:Q", title=y, axis=alt.Axis(format=y_format, tickMinStep=1)),
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom", columns=3))
    chart = alt.Chart(alt.Data(values=[dict(v) for v in values]), title=title, width=width, height=height)
    marked = chart.mark_line(point=True) if mark == "line" else chart.mark_bar(stroke="white", strokeWidth=0.5)
    spec = marked.encode(**encoding).configure(font=CHART_FONT).to_dict()
    return str(vl_convert.vegalite_to_svg(spec))


def _chart_svgs(digest: Digest) -> dict[str, str | None]:
    """The digest's charts as inline SVG (``None`` where there is nothing to draw)."""
    weeks = [
        {"week": p.week.isoformat(), "type": EVENT_TYPE_LABELS.get(p.event_type, p.event_type), "events": p.count}
        for p in digest.events_per_week
    ]
    all_weeks = [
        (digest.chart_since + timedelta(weeks=n)).isoformat()
        for n in range((digest.until - digest.chart_since).days // 7 + 1)
    ]
    all_months, month = [], digest.chart_since.replace(day=1)
    while month <= digest.until:
        all_months.append(month.strftime("%Y-%m"))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    months = [{"month": m.month.strftime("%Y-%m"), "CNY": m.amount_cny} for m in digest.financing_per_month]
    # Weeks without a mention are zeros, not gaps a line would bridge as if attention had stayed up.
    seen = {(p.week.isoformat(), p.entity_type, p.name): p.mentions for p in digest.mention_trends}
    trends = {
        kind: [
            {"week": week, "name": name, "mentions": seen.get((week, kind, name), 0)}
            for name in sorted({p.name for p in digest.mention_trends if p.entity_type == kind})
            for week in all_weeks
        ]
        for kind in ("drug", "company")
    }
    return {
        "events": chart_svg(
            weeks, mark="bar", x="week", x_domain=all_weeks, y="events", color="type", title="Events per week, by type"
        ),
        "financing": chart_svg(
            months,
            mark="bar",
            x="month",
            x_domain=all_months,
            y="CNY",
            y_format="~s",
            title="Financing per month (CNY)",
        ),
        "products": chart_svg(
            trends["drug"], mark="line", x="week", y="mentions", color="name", title="Most-mentioned products, per week"
        ),
        "companies": chart_svg(
            trends["company"],
            mark="line",
            x="week",
            y="mentions",
            color="name",
            title="Most-mentioned companies, per week",
        ),
    }


def render_template(name: str, **context: Any) -> str:
    """Render a packaged template (``cgtwatch/templates``); ``.html`` ones are autoescaped.

    Args:
        name: The template's file name.
        **context: Template variables.

    Returns:
        The rendered text.
    """
    return _environment().get_template(name).render(**context)


@functools.cache
def _environment() -> jinja2.Environment:
    """One jinja2 environment per process: templates compile once."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cgtwatch", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cny"] = format_cny
    env.filters["md"] = md_escape
    env.filters["mdurl"] = md_url
    env.tests["web_url"] = is_web_url
    return env


def is_web_url(url: str | None) -> bool:
    """Only http(s) links are made clickable: a ``javascript:`` URL from a site stays inert text."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def render_html(digest: Digest, *, generated_at: datetime | None = None) -> str:
    """The digest as one self-contained HTML page (inline CSS and SVG, no script, no external request).

    Args:
        digest: The model to show.
        generated_at: Shown in the footer; omitted when ``None`` (keeps output reproducible).

    Returns:
        The page. Every warehouse value, evidence sentences above all, is HTML-escaped.
    """
    return render_template(
        "digest.html", digest=digest, charts=_chart_svgs(digest), labels=EVENT_TYPE_LABELS, generated_at=generated_at
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str | None) -> str:
    """Text safe inside Markdown: its markup characters backslash-escaped, no raw HTML, one line."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_url(url: str) -> str:
    """A URL safe inside ``[text](url)``: spaces and parentheses percent-encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown for mail or chat: the same sections and links, charts left out.

    Args:
        digest: The model to show.

    Returns:
        Markdown text; third-party text is escaped so it cannot inject markup or links.
    """
    return render_template("digest.md", digest=digest, labels=EVENT_TYPE_LABELS)


def write_digest(warehouse: Path, since: date, until: date, out_dir: Path, *, wait_s: float = 0.0) -> tuple[Path, Path]:
    """Build the digest of a window from the warehouse and write ``<name>.html`` and ``<name>.md``.

    Args:
        warehouse: The DuckDB file, opened read-only.
        since: First day of the window.
        until: Last day of the window (inclusive).
        out_dir: Where the two files go (created when missing).
        wait_s: How long to wait for a load that holds the warehouse.

    Returns:
        The HTML and Markdown paths.

    Raises:
        ValueError: ``since`` is after ``until``.
        WarehouseError: The warehouse is missing or still being written after ``wait_s``.
    """
    if since > until:
        raise ValueError(f"the window starts ({since}) after it ends ({until})")
    with open_reader(warehouse, wait_s=wait_s) as con:
        rows = load_window(con, since, until)
    digest = build_digest(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, md_path = out_dir / f"{digest.name}.html", out_dir / f"{digest.name}.md"
    _write_atomic(html_path, render_html(digest, generated_at=datetime.now().astimezone()))
    _write_atomic(md_path, render_markdown(digest))
    log.info("digest %s: %d events, written to %s", digest.name, digest.total_events, html_path)
    return html_path, md_path


def _write_atomic(path: Path, text: str) -> None:
    """Write then rename, so a reader (or a mail job) never sees half a page."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def interval_window(start: datetime, end: datetime) -> tuple[date, date]:
    """The days an Airflow data interval covers in Beijing time: ``[start, end)`` as inclusive dates.

    Args:
        start: The interval start (aware).
        end: The interval end (aware, exclusive).

    Returns:
        ``(since, until)``; a weekly interval from Monday 00:00 gives Monday to Sunday.
    """
    since = start.astimezone(BEIJING).date()
    until = max(since, (end.astimezone(BEIJING) - timedelta(microseconds=1)).date())
    return since, until


def digest_task(start: datetime | None, end: datetime | None) -> dict[str, str]:
    """The weekly DAG's task: the digest of the data interval's week, written under ``<profile>/digests``.

    Args:
        start: The data interval start.
        end: The data interval end.

    Returns:
        The window and the two paths written (for XCom and the task log).

    Raises:
        ValueError: The run has no data interval (the digest is always of a definite week).
    """
    from cgtwatch.config import Settings

    if start is None or end is None:
        raise ValueError("the digest DAG needs a data interval; trigger it with a logical date")
    settings = Settings.from_env()
    since, until = interval_window(start, end)
    # A process run's load may hold the warehouse when the week's run starts: wait for it as a load
    # waits for a reader, rather than fail and retry minutes later.
    html_path, md_path = write_digest(
        settings.warehouse_path, since, until, settings.profile_dir / "digests", wait_s=settings.warehouse_lock_wait_s
    )
    return {"since": since.isoformat(), "until": until.isoformat(), "html": str(html_path), "markdown": str(md_path)}
