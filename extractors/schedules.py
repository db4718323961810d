"""How often production fetches each source: the one list both the registry and the DAG files read.

Kept free of imports so that DAG files can read it at parse time (the registry itself pulls in
httpx, pypdf and BeautifulSoup). Order is the registry's order.
"""

from __future__ import annotations

# News sites and listed-company announcements publish all day: hourly. Regulators (CDE, NMPA) and
# policy libraries publish a few items a day, CDE with a two-day lag: daily, at midnight Beijing time.
SCHEDULES: dict[str, str] = {
    "cninfo": "0 * * * *",
    "cde": "0 0 * * *",
    "nmpa": "0 0 * * *",
    "eastmoney": "0 * * * *",
    "news": "0 * * * *",
    "policy": "0 0 * * *",
}
