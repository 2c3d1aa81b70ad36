"""``sitrep serve``: the REST API and the analyst's dashboard over a store (FastAPI).

``create_app(Settings(db=...))`` builds the application; :mod:`sitrep.server.commands`
holds the ``serve`` and ``demo`` subcommands (importing it does not import FastAPI).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.server.app import ArticleIn, Settings, create_app

__all__ = ["ArticleIn", "Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sitrep.server import app

        return getattr(app, name)
    raise AttributeError(name)
