"""Country helplines: at least 15 shipped files, --country, REFRAMER_COUNTRY and the default."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from reframer.batch import cli as batch_cli
from reframer.errors import ResourcesError
from reframer.settings import Settings
from reframer.support import (
    available_countries,
    country_file,
    load_support,
    load_support_levels,
    resolve_resources,
)

SUPPORT = Path(str(resources.files("reframer").joinpath("data/support")))


def test_at_least_fifteen_countries() -> None:
    assert len(available_countries()) >= 15
    assert {"us", "gb", "de", "fr", "es", "it", "pt", "br", "mx", "ca", "au", "in"} <= set(
        available_countries()
    )


@pytest.mark.parametrize("code", available_countries())
def test_country_file_is_valid_and_dated(code: str) -> None:
    raw = json.loads((SUPPORT / f"{code}.json").read_text(encoding="utf-8"))
    assert raw["country"] == code.upper()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["checked"])
    levels = load_support_levels(country_file(code))
    resources_ = levels["crisis"].resources
    assert len(resources_) >= 2 and any("emergency" in r.name.lower() for r in resources_)
    assert all(r.url is None or r.url.startswith("https://") for r in resources_)
    assert levels["concern"].resources == resources_


def test_default_names_an_international_directory_first_and_keeps_988() -> None:
    support = load_support()
    assert support.resources[0].name == "Find A Helpline"
    us = [r for r in support.resources if "988" in r.contact]
    assert us and "(US)" in us[0].name


def test_resolution_order() -> None:
    assert resolve_resources(Path("mine.json"), "de") == Path("mine.json")
    assert resolve_resources(None, "DE") == country_file("de")
    assert resolve_resources(None, None) is None
    assert country_file("UK") == country_file("gb")
    with pytest.raises(ResourcesError, match="Countries: AT, AU"):
        country_file("zz")


def test_setting_country_reaches_the_engine_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFRAMER_COUNTRY", "fr")
    assert Settings().resources == country_file("fr")
    monkeypatch.setenv("REFRAMER_RESOURCES", "/srv/mine.json")
    assert Settings().resources == Path("/srv/mine.json")  # an explicit file wins


def test_batch_options_reach_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import reframer

    seen: list[Any] = []
    monkeypatch.setattr(
        reframer.Reframer, "from_settings", classmethod(lambda cls, s, **kw: seen.append(s))
    )
    monkeypatch.setattr(batch_cli, "_engine_factory", None)
    batch_cli._load_engine(None, None, "it")
    batch_cli._load_engine(None, Path("x.json"), "it")
    monkeypatch.setenv("REFRAMER_COUNTRY", "es")
    batch_cli._load_engine(None, None, None)
    assert [s.resources for s in seen] == [country_file("it"), Path("x.json"), country_file("es")]
