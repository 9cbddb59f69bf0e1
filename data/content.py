"""Kith's content files (JSON under ``data/content/``), validated by models on load.

Text changes need no code change: edit the JSON, and the models here say at
once (and in the test suite) if something is missing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmergencyNumber(_Content):
    number: str
    where: str


class Emergency(_Content):
    title: str
    text: str
    numbers: list[EmergencyNumber] = Field(min_length=1)


class Helpline(_Content):
    country: str
    name: str
    how: str


class CrisisResources(_Content):
    intro: str
    emergency: Emergency
    lines: list[Helpline] = Field(min_length=1)
    availability: str
    not_therapy: str


def read_content(name: str) -> bytes:
    """The bytes of ``data/content/<name>`` (works from an installed wheel too)."""
    return resources.files("kith.data").joinpath("content", name).read_bytes()


@cache
def crisis_resources() -> CrisisResources:
    return CrisisResources.model_validate_json(read_content("crisis.json"))
