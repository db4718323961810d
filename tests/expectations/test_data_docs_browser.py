"""Data Docs in a real browser: the index lists the latest run, and its page shows the failures.

The Data Docs index is a table rendered by JavaScript, so reading the HTML file is not enough:
headless Chromium runs the page and ``--dump-dom`` prints the DOM it ends up with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from expectations import frames
from expectations.runner import GxDirs, build_data_docs, validate
from tests.expectations.factories import WINDOW_END, document_row

pytestmark = pytest.mark.integration
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's chromium, installed on the fly when running as root (CI containers)."""
    if not CHROMIUM.exists():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium); not root, so not installing it")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
        if subprocess.run(install, env=env, capture_output=True, timeout=900, check=False).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600, check=False)
            result = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900, check=False)
            if result.returncode != 0:
                pytest.skip(f"could not install chromium: {result.stderr[-500:]}")
    return CHROMIUM


def dump_dom(chromium: Path, page: Path, profile: Path) -> str:
    result = subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def test_data_docs_show_the_latest_run_and_its_failures(chromium, tmp_path):
    dirs = GxDirs.under(tmp_path / "data")
    bad = document_row("bad", url="https://evil.example/page", doc_type="blog")
    for run_id, rows in [("browser_good", [document_row("n0")]), ("browser_bad", [document_row("n1"), bad])]:
        validate(
            "documents.staged",
            frames.documents_frame(rows),
            key_columns=["doc_id"],
            parameters={"window_end": WINDOW_END},
            run_id=run_id,
            dirs=dirs,
        )
    index = build_data_docs(dirs)

    index_dom = BeautifulSoup(dump_dom(chromium, index, tmp_path / "profile"), "html.parser")
    text = index_dom.get_text(" ")
    assert "browser_good.nmpa" in text, "earlier runs stay listed (run history)"
    assert "browser_bad.nmpa" in text
    links = [
        a["href"]
        for a in index_dom.find_all("a", href=True)
        if "validations/" in a["href"] and "browser_bad.nmpa" in unquote(a["href"])
    ]
    assert links, "the index links to the bad run's validation page"
    page = Path(unquote(urljoin(index.as_uri(), links[0]).removeprefix("file://")))
    assert page.exists()

    page_text = BeautifulSoup(dump_dom(chromium, page, tmp_path / "profile"), "html.parser").get_text(" ")
    assert "Failed" in page_text
    for column in ("url_matches_source", "doc_type"):
        assert column in page_text
    assert "blog" in page_text, "the unexpected value is shown"
    assert bad["doc_id"] in page_text, "the failing row is named by its key"
