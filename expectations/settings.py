"""Constants of the data-quality suites: URL patterns, allowed values, limits, names."""

from __future__ import annotations

from pathlib import Path

# Where each source's documents must live. Raw record URLs and staged document URLs are checked
# against the same pattern, so a parser that follows a redirect off-site is caught at both gates.
SOURCE_URL_PATTERNS: dict[str, str] = {
    "cninfo": r"^https?://www\.cninfo\.com\.cn/",
    "cde": r"^https?://www\.cde\.org\.cn/",
    "nmpa": r"^https?://www\.nmpa\.gov\.cn/",
    "eastmoney": r"eastmoney\.com",
    "news": r"zqrb\.cn|sina\.com\.cn",
    "policy": r"gov\.cn",
}

CURRENCIES: tuple[str, ...] = ("CNY", "USD", "HKD", "EUR", "JPY")
FIELDS: tuple[str, ...] = ("title", "text")

EARLIEST_PUBLISHED_DAY = 19900101  # YYYYMMDD, like the derived published_day column
EARLIEST_EVENT_YEAR = 1990
# Forecasts point ahead ("exceed 200 billion yuan by 2029"), so event years may run past the window.
EVENT_YEARS_AHEAD = 10
TITLE_MIN_CHARS = 2
TITLE_MAX_CHARS = 500
# A body this long is a parser gone wrong (a whole PDF repeated, binary read as text), not a document.
BODY_MAX_CHARS = 5_000_000
# Below this share of CJK characters the text is probably mojibake or an English/empty page.
MIN_CJK_SHARE = 0.3
EVENT_DATE_REGEX = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"  # non-capturing: pandas warns on groups
CONTENT_HASH_REGEX = r"^[0-9a-f]{64}$"

# The GX project root is this package's directory: GX keeps its files in ``<root>/gx``.
PROJECT_ROOT = Path(__file__).resolve().parent
GX_DIR = PROJECT_ROOT / "gx"
RESULTS_DIR_VARIABLE = "CGTWATCH_GX_RESULTS_DIR"
DOCS_DIR_VARIABLE = "CGTWATCH_GX_DOCS_DIR"

DATASOURCE_NAME = "cgtwatch_frames"
BATCH_DEFINITION_NAME = "whole_frame"
DOCS_SITE_NAME = "local_site"
# Every validated frame carries this column; results name failing rows by it.
ROW_KEY_COLUMN = "row_key"
