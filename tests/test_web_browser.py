"""The web view in a real browser: Debian's Chromium, driven by Playwright, headless.

The app runs under uvicorn on a free loopback port over the demo ledger with the hostile
article (``conftest.web_ledger``). Nothing is downloaded: the browser is the system's
(``/usr/bin/chromium``, or ``$CLAIMLEDGER_CHROMIUM``), never ``playwright install``'s.
Without Chromium or Playwright the tests skip with the reason; under ``CI=true`` they
fail instead (``.ci/run`` installs Chromium). With ``CLAIMLEDGER_SCREENSHOTS=DIR`` the
thread and article pages are saved as ``DIR/thread.png`` and ``DIR/article.png`` (the
README's screenshots: ``CLAIMLEDGER_SCREENSHOTS=docs/screenshots``).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from claimledger import api
from claimledger.settings import Settings

#: Where Chromium is looked for, in order.
CHROMIUM = [os.environ.get("CLAIMLEDGER_CHROMIUM") or "", "/usr/bin/chromium", "/usr/bin/chromium-browser"]


def unavailable(reason: str) -> None:
    """Skip with ``reason``; fail instead when ``CI=true`` (the browser tests are mandatory there)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(web_ledger: str) -> Iterator[str]:
    """The web view served by uvicorn in a thread on a free loopback port; its base URL."""
    try:
        import uvicorn

        from claimledger.web import create_app
    except ImportError as e:
        unavailable(f"the web extra is not installed ({e})")
        raise
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=web_ledger)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium from the system, with no background networking."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
        raise
    executable = next((p for p in CHROMIUM if p and Path(p).is_file()), None) or shutil.which("chromium")
    if executable is None:
        unavailable("no Chromium found (apt-get install -y chromium, or set CLAIMLEDGER_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors, failed requests and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: tab.problems.append(f"request failed: {r.url}"))
    yield tab
    context.close()


def screenshot(tab, name: str) -> None:
    """Save the page for the README when ``CLAIMLEDGER_SCREENSHOTS`` names a folder."""
    folder = os.environ.get("CLAIMLEDGER_SCREENSHOTS")
    if folder:
        path = Path(folder) if Path(folder).is_absolute() else REPO / folder
        path.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(path / f"{name}.png"))


@pytest.fixture(scope="module")
def demo(web_ledger: str) -> dict:
    settings = Settings(db=web_ledger)
    threads = api.threads(settings=settings)
    hostile = next(a for a in api.articles(settings=settings) if a.external_id == "hostile-1")
    return {"settings": settings, "thread": next(t for t in threads if t.conflict), "hostile": hostile.id}


@pytest.mark.parametrize(("path", "heading"), [
    ("/", "The ledger"),
    ("/threads", "Threads"),
    ("/threads?conflicts=1&sort=newest", "Threads"),
    ("/search?q=fighters", "Search claims"),
    ("/outlet?name=Orvanian%20News%20Agency", "Orvanian News Agency"),
])
def test_each_page_renders_without_errors(page, path, heading):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").first.inner_text() == heading
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # the stylesheet loaded
    assert page.problems == []


def test_thread_chart_draws_every_point_and_leads_to_the_highlighted_span(page, demo):
    thread = demo["thread"]
    page.goto(f"/thread/{thread.id}")
    dated = sum(1 for m in thread.members if m.day)
    assert page.locator("svg.timeline g.mark").count() == dated
    assert page.locator("svg.timeline g.mark.conflict").count() >= 2
    assert page.locator("table.members tbody tr").count() == len(thread.members)
    screenshot(page, "thread")
    first = thread.members[0]
    page.locator(f"table.members a[href='/article/{first.article_id}#claim-{first.claim_id}']").first.click()
    page.wait_for_url(f"**/article/{first.article_id}#claim-{first.claim_id}")
    row = page.locator(f"#claim-{first.claim_id}")
    assert row.is_visible()
    number = row.locator("td").first.inner_text()
    span = page.locator(f"article.text a.m-claim[data-claim='{number}']").first
    assert span.is_visible()
    claim = next(c for c in api.claims(article_id=first.article_id, settings=demo["settings"]) if c.id == first.claim_id)
    assert span.inner_text() in claim.claim.content.text
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "article")
    assert page.problems == []


def test_speaker_link_from_an_article_opens_the_speaker(page, demo):
    first = demo["thread"].members[0]
    page.goto(f"/article/{first.article_id}")
    link = page.locator("table.claims a.speaker").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/speaker/*")
    assert page.locator("h1").inner_text() == name
    assert page.problems == []


@pytest.mark.parametrize("path", ["article", "outlet", "thread", "threads", "search", "speaker"])
def test_hostile_article_executes_nothing(page, demo, path):
    hostile = demo["hostile"]
    settings = demo["settings"]
    claims = api.claims(article_id=hostile, settings=settings)
    speaker_id = next(c.identities[0].id for c in claims if "<" in c.identities[0].canonical)
    threaded = api.claim_threads([c.id for c in claims], settings=settings)
    thread_id = next(t for of_claim in threaded.values() for t in of_claim.values())
    address = {
        "article": f"/article/{hostile}",
        "outlet": "/outlet?name=" + claims[0].outlet.replace("<", "%3C").replace(">", "%3E"),
        "thread": f"/thread/{thread_id}",
        "threads": "/threads?per_page=200&min_members=1",
        "search": "/search?q=pwned",
        "speaker": f"/speaker/{speaker_id}",
    }[path]
    page.goto(address)
    for link in page.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:"), href
    for link in page.locator("article.text a, a.source").all():
        link.click()  # what looks like a link in the article only moves within the page
    page.locator("body").hover()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    body = page.locator("main").inner_text()
    if path == "article":
        for text in ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
                     '<a href="javascript:window.__pwned=1">Read more</a>', "javascript:window.__pwned=1",
                     "<b>Evil</b> News"):
            assert text in body
    elif path != "threads":  # a thread's label is made of words it read, never markup
        assert "<b>Evil</b>" in body or "pwned" in body
    assert page.problems == []
