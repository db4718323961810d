"""cninfo (巨潮资讯) endpoints and constants, as documented in SOURCES.md section 1."""

from __future__ import annotations

from zoneinfo import ZoneInfo

QUERY_URL = "http://www.cninfo.com.cn/new/hisAnnouncement/query"
STATIC_BASE_URL = "http://static.cninfo.com.cn/"
DETAIL_URL = "http://www.cninfo.com.cn/new/disclosure/detail"
REFERER = "http://www.cninfo.com.cn/new/index"
BEIJING = ZoneInfo("Asia/Shanghai")

# Fields the query API expects on every call; unused filters are sent empty, as the site's own page does.
BASE_FORM: dict[str, str] = {
    "tabName": "fulltext",
    "plate": "",
    "stock": "",
    "secid": "",
    "category": "",
    "trade": "",
    "sortName": "",
    "sortType": "",
    "isHLtitle": "true",
}
XHR_HEADERS: dict[str, str] = {
    "X-Requested-With": "XMLHttpRequest",
    "Referer": REFERER,
    "Accept": "application/json, text/javascript, */*; q=0.01",
}
# The highlighting markup the API adds to matched terms when isHLtitle=true.
HIGHLIGHT_TAG_PATTERN = r"</?em\s*>"
