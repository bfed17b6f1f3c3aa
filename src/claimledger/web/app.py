"""The web view's ASGI app: routes, page views, security headers, serving.

Each request opens the ledger read-only (:func:`claimledger.api.open_reader`: an SQLite
``mode=ro`` URI, ``PRAGMA query_only``), reads through :mod:`claimledger.api`, builds a
view model of :mod:`claimledger.present` and renders it with an autoescaping Jinja2
template, or prints its ``to_json()`` for the ``.json`` twin. Only GET and HEAD are
answered. Every response carries a Content-Security-Policy that allows no script at
all, styles and images from this server only, no frames, no plugins, no base URL and
no form target elsewhere. Every text the templates print goes through
:func:`claimledger.safe.terminal_text` (the CLI's sanitiser: controls and bidirectional
overrides shown escaped) before autoescaping; no template marks article text safe.
"""
from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, api
from .. import present as views
from ..errors import ClaimledgerError
from ..records import THREAD_SORTS, ThreadQuery
from ..safe import json_text, terminal_text
from ..settings import Settings, load_settings
from ..store import ClaimStore
from .charts import outlet_colours, timeline_svg

HERE = Path(__file__).resolve().parent

#: Headers of every response.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
        " base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
#: Threads per page of the list, by default and at most.
PER_PAGE, MAX_PER_PAGE = 50, 200
#: Claims shown on a speaker's or an outlet's page; hits per page of a search.
CLAIMS_SHOWN, HITS_PER_PAGE = 200, 50
#: Threads shown on the home page, in each of its lists.
HOME_THREADS = 10
#: Error codes that mean "no such thing" (404).
NOT_FOUND = {"E010", "E018", "E025", "E092"}


# ---------------------------------------------------------------------------- templates


def shown(value: Any) -> Any:
    """What a template prints: text made safe by the CLI's sanitiser (then autoescaped),
    markup built here (the charts) as it is, ``None`` as nothing."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return terminal_text(value)
    return value


def link_of(url: str | None) -> str | None:
    """An article's URL when it may be a link (http or https), else None: a
    ``javascript:`` or ``data:`` URL is shown as text, never followed."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def query(base: str, **params: Any) -> str:
    """``base`` with the query string of the ``params`` that are set."""
    given = {k: v for k, v in params.items() if v not in (None, "", False)}
    return base + ("?" + urlencode(given) if given else "")


def environment() -> Environment:
    """The Jinja2 environment: autoescaping always on, every printed value sanitised."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=shown, trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(link_of=link_of, query=query, version=__version__, plural=views.plural)
    return env


# ---------------------------------------------------------------------------- security


class Guard:
    """ASGI middleware: only GET and HEAD, and the security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            response = PlainTextResponse("Method Not Allowed: this view only reads", 405, headers={"allow": "GET, HEAD"})
            await self._send_guarded(response, scope, receive, send)
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, guarded)

    async def _send_guarded(self, response: Response, scope: Scope, receive: Receive, send: Send) -> None:
        for key, value in SECURITY_HEADERS.items():
            response.headers[key] = value
        await response(scope, receive, send)


# ---------------------------------------------------------------------------- the app


class Pages:
    """The pages: each reads the ledger through the API and renders a view model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = environment()

    @contextmanager
    def reader(self) -> Iterator[ClaimStore]:
        store = api.open_reader(self.settings)
        try:
            yield store
        finally:
            store.close()

    def respond(self, request: Request, template: str, view: Any, **extra: Any) -> Response:
        """The view as its JSON twin (a path ending in ``.json``) or as its page."""
        if request.url.path.endswith(".json"):
            body = json_text(json.dumps(view.to_json(), ensure_ascii=False, indent=1))
            return Response(body, media_type="application/json")
        html = self.env.get_template(template).render(view=view, request=request, json_url=json_twin(request), **extra)
        return HTMLResponse(html)

    # -- home

    def home(self, request: Request) -> Response:
        with self.reader() as store:
            summary = views.summary_view(api.summary(store=store))
            least = self.settings.thread_min_members
            total, newest = api.thread_listing(
                ThreadQuery(min_members=least, sort="newest", limit=HOME_THREADS), store=store)
            _, conflicts = api.thread_listing(
                ThreadQuery(min_members=least, conflicts_only=True, limit=HOME_THREADS), store=store)
        view = views.HomeView(
            summary=summary, threads=total, newest=tuple(views.listing_row(t) for t in newest),
            conflicts=tuple(views.listing_row(t) for t in conflicts),
        )
        return self.respond(request, "home.html", view)

    # -- threads

    def threads(self, request: Request) -> Response:
        p = request.query_params
        page = whole(p.get("page"), "page", 1, default=1)
        per_page = whole(p.get("per_page"), "per_page", 1, MAX_PER_PAGE, default=PER_PAGE)
        sort = p.get("sort") or "members"
        if sort not in THREAD_SORTS:
            raise HTTPException(400, f"sort must be one of {', '.join(THREAD_SORTS)}")
        filters = {
            "q": p.get("q") or None, "event": p.get("event") or None, "place": p.get("place") or None,
            "counted": p.get("counted") or None, "since": day(p.get("since"), "since"),
            "until": day(p.get("until"), "until"), "conflicts": p.get("conflicts") in ("1", "on", "true", "yes"),
            "min_sources": whole(p.get("min_sources"), "min_sources", 0, default=None),
            "min_members": whole(p.get("min_members"), "min_members", 1, default=self.settings.thread_min_members),
        }
        q = ThreadQuery(
            search=filters["q"], event=filters["event"], place=filters["place"], counted=filters["counted"],
            since=filters["since"], until=filters["until"], conflicts_only=filters["conflicts"],
            min_sources=filters["min_sources"], min_members=filters["min_members"], sort=sort,
            limit=per_page, offset=(page - 1) * per_page,
        )
        with self.reader() as store:
            total, found = api.thread_listing(q, store=store)
        view = views.thread_list_view(total, found, page=page, per_page=per_page, sort=sort, filters=filters)
        return self.respond(request, "threads.html", view, sorts=THREAD_SORTS)

    def thread(self, request: Request) -> Response:
        thread_id = request.path_params["thread_id"]
        with self.reader() as store:
            found = api.thread(thread_id, settings=self.settings, store=store)
            speakers = api.claim_speakers([m.claim_id for m in found.members], store=store)
        view = views.timeline(found, speakers)
        if request.url.path.endswith(".json"):
            return self.respond(request, "thread.html", view)
        entries = [e for s in view.series for e in s.entries]
        colours = outlet_colours(entries)
        current = [f.member for f in view.current if f.member is not None]
        charts = [
            timeline_svg(s, colours, current=current, title=f"{view.measure}: figures in {s.unit} by date")
            for s in view.series
        ]
        current_of = {f.series: f for f in view.current}
        return self.respond(request, "thread.html", view, charts=charts, colours=colours, current_of=current_of)

    # -- articles, speakers, outlets

    def article(self, request: Request) -> Response:
        with self.reader() as store:
            found = api.article(request.path_params["article_id"], settings=self.settings, store=store)
            claims = api.claims(article_id=found.id, store=store)
            threads = api.claim_threads([c.id for c in claims if c.id is not None], store=store)
        view = views.article_view(found, claims, threads)
        return self.respond(request, "article.html", view)

    def speaker(self, request: Request) -> Response:
        speaker_id = request.path_params["speaker_id"]
        with self.reader() as store:
            found = api.speaker(speaker_id, settings=self.settings, store=store)
            claims = api.claims(speaker_id=speaker_id, limit=CLAIMS_SHOWN, store=store)
            threads = api.claim_threads([c.id for c in claims if c.id is not None], store=store)
            ids = api.speaker_threads(speaker_id, store=store)
            _, listed = api.thread_listing(ThreadQuery(ids=tuple(ids), limit=max(1, len(ids))), store=store)
        view = views.speaker_view(found, claims, listed, threads, limit=CLAIMS_SHOWN)
        return self.respond(request, "speaker.html", view)

    def outlet(self, request: Request) -> Response:
        name = request.query_params.get("name") or ""
        if not name.strip():
            raise HTTPException(400, "give the outlet's name: /outlet?name=...")
        with self.reader() as store:
            articles = api.articles(outlet=name, limit=CLAIMS_SHOWN, store=store)
            claims = api.claims(outlet=name, limit=CLAIMS_SHOWN, store=store)
            threads = api.claim_threads([c.id for c in claims if c.id is not None], store=store)
            labels = api.labels(settings=self.settings, outlet=name, store=store)
        if not articles:
            raise HTTPException(404, "no articles of this outlet in the ledger")
        view = views.outlet_view(name, articles, claims, labels, threads, limit=CLAIMS_SHOWN)
        return self.respond(request, "outlet.html", view)

    # -- search

    def search(self, request: Request) -> Response:
        text = request.query_params.get("q") or ""
        page = whole(request.query_params.get("page"), "page", 1, default=1)
        found: list[Any] = []
        threads: dict[int, dict[int, int]] = {}
        with self.reader() as store:
            if text.strip():
                found = api.search_claims(
                    text, limit=HITS_PER_PAGE + 1, offset=(page - 1) * HITS_PER_PAGE, store=store)
                threads = api.claim_threads([c.id for c in found if c.id is not None], store=store)
        view = views.search_view(text, found, threads, page=page, per_page=HITS_PER_PAGE)
        return self.respond(request, "search.html", view)

    # -- errors

    def failed(self, request: Request, status: int, message: str) -> Response:
        if request.url.path.endswith(".json"):
            return Response(json_text(json.dumps({"error": message}, ensure_ascii=False)), status,
                            media_type="application/json")
        html = self.env.get_template("error.html").render(status=status, message=message, request=request)
        return HTMLResponse(html, status)


def json_twin(request: Request) -> str:
    """The path of a page's JSON twin, with its query string."""
    path = request.url.path.rstrip("/") or ""
    twin = (path or "") + ".json" if path else "/index.json"
    return twin + (f"?{request.url.query}" if request.url.query else "")


def whole(text: str | None, name: str, low: int, high: int | None = None, *, default: Any) -> Any:
    """A whole-number query parameter, or ``default`` when absent; a bad one is a 400."""
    if text in (None, ""):
        return default
    try:
        value = int(text or "")
    except ValueError:
        raise HTTPException(400, f"{name} must be a whole number") from None
    if value < low or (high is not None and value > high):
        raise HTTPException(400, f"{name} must be from {low}" + (f" to {high}" if high is not None else " up"))
    return value


def day(text: str | None, name: str) -> str | None:
    """An ISO day query parameter, or None; a bad one is a 400."""
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name} must be a day written 2024-03-11") from None


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app (see :func:`claimledger.web.create_app`)."""
    settings = settings if settings is not None else load_settings()
    api.open_reader(settings).close()  # E011, E091, E093 now rather than on every page
    pages = Pages(settings)

    def page(method: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            try:
                return method(request)
            except ClaimledgerError as e:
                return pages.failed(request, 404 if e.code in NOT_FOUND else 500, str(e))
            except HTTPException as e:
                return pages.failed(request, e.status_code, str(e.detail))
        return endpoint

    def route(path: str, method: Callable[[Request], Response]) -> list[Route]:
        twin = "/index.json" if path == "/" else path + ".json"
        return [Route(twin, page(method), methods=["GET"]), Route(path, page(method), methods=["GET"])]

    routes = [
        *route("/", pages.home),
        *route("/threads", pages.threads),
        *route("/thread/{thread_id:int}", pages.thread),
        *route("/article/{article_id}", pages.article),
        *route("/speaker/{speaker_id:int}", pages.speaker),
        *route("/outlet", pages.outlet),
        *route("/search", pages.search),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return pages.failed(request, 404, "no such page")

    app = Starlette(routes=routes, exception_handlers={404: not_found})
    app.add_middleware(Guard)
    app.state.settings = settings
    return app


def serve(settings: Settings | None = None, *, on_ready: Callable[[str], None] | None = None) -> None:
    """Bind ``settings.host``:``settings.port`` and serve the app with uvicorn until interrupted."""
    import uvicorn

    settings = settings if settings is not None else load_settings()
    app = create_app(settings)
    try:
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # answers go out at once: without it a kept-alive connection waits for the
        # client's delayed acknowledgement (some 40 ms) between a response's parts
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((settings.host, settings.port))
    except OSError as e:
        raise ClaimledgerError("E094", host=settings.host, port=settings.port, reason=e.strerror or str(e)) from e
    host = f"[{settings.host}]" if family == socket.AF_INET6 else settings.host
    if on_ready is not None:
        on_ready(f"http://{host}:{sock.getsockname()[1]}/")
    config = uvicorn.Config(app, log_level="warning", server_header=False, date_header=False)
    uvicorn.Server(config).run(sockets=[sock])
