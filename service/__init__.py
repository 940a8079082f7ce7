"""The reframer HTTP service (FastAPI): ``create_app()`` and ``run()`` live in :mod:`reframer.service.main`."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    # Lazy: importing the package stays cheap; FastAPI loads on first use of create_app.
    if name == "create_app":
        from reframer.service.main import create_app

        return create_app
    raise AttributeError(name)
