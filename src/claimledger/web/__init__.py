"""The web view: threads as timelines, articles with every claim marked, read-only.

``claimledger serve`` runs :func:`serve`; :func:`create_app` builds the ASGI app
(Starlette, Jinja2 templates) for any ASGI server or test client. Both need the ``web``
extra (``pip install 'claimledger[web]'``); without it they raise E090. Every page has a
JSON twin (the same path with ``.json``) that carries the view model it renders
(:mod:`claimledger.present`), so the page, its JSON and the CLI show the same numbers.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..errors import ClaimledgerError
from ..settings import Settings

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app", "serve"]


def _app_module() -> Any:
    try:
        return importlib.import_module(f"{__name__}.app")
    except ImportError as e:
        raise ClaimledgerError("E090") from e


def create_app(settings: Settings | None = None) -> Starlette:
    """The web view's ASGI app over ``settings.db``, opened read-only per request.

    Raises:
        ClaimledgerError: E090 without the ``web`` extra; E011, E091 or E093 when the
            ledger cannot be opened read-only.
    """
    return _app_module().create_app(settings)


def serve(settings: Settings | None = None, *, on_ready: Any = None) -> None:
    """Serve the web view on ``settings.host``:``settings.port`` until interrupted;
    ``on_ready(url)`` is called once the address is bound.

    Raises:
        ClaimledgerError: E090 without the ``web`` extra, E094 when the address cannot
            be bound, and as :func:`create_app`.
    """
    _app_module().serve(settings, on_ready=on_ready)
