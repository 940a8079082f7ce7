"""Shared fixtures.

``fake_engine`` is :class:`reframer.testing.FakeEngine`, a model-free stand-in with the interface of
:class:`reframer.Reframer`, for tests of the interfaces (batch, service) that must not depend on
the model's judgement. Tests of the real
engine use ``engine`` (the shipped model, loaded once per session; marked slow).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from reframer.testing import FakeEngine

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture()
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(scope="session")
def engine() -> Any:
    """The real engine with the shipped model (slow: loads the model once per session)."""
    from reframer import Reframer

    return Reframer.load()
