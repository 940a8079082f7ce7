"""The ``reframer`` command: ``commands`` defines the Typer app, ``io`` reads input and prints.

``reframer = "reframer.cli:main"`` (pyproject.toml) runs :func:`main`; tests drive :data:`app`
through typer's ``CliRunner``. This file imports only what ``commands`` imports, so
``reframer --help`` stays as light as before.
"""

from __future__ import annotations

from reframer.cli.commands import app, main

__all__ = ["app", "main"]
