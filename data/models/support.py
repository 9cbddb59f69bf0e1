"""The user's own safety list: people and professionals to reach, and what helps."""

from __future__ import annotations

from enum import StrEnum

from kith.data.models.base import Name, NoteText, Record, ShortText


class SupportKind(StrEnum):
    PERSON = "person"
    PROFESSIONAL = "professional"
    HELPS = "helps"

    @property
    def label(self) -> str:
        return {
            SupportKind.PERSON: "Someone I can reach",
            SupportKind.PROFESSIONAL: "A professional",
            SupportKind.HELPS: "Something that helps me",
        }[self]


class SupportEntry(Record):
    kind: SupportKind = SupportKind.PERSON
    name: Name
    reach: ShortText = ""  # a phone number, an address, when they are free
    note: NoteText = ""
