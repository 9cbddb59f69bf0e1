"""Reading an address book (vCard 2.1, 3.0 and 4.0, as phones and mail apps export it)
into Kith contacts: names, birthdays, notes, phones, emails, postal addresses, categories
(as tags) and the card's UID (so importing the same card again adds no one).

    cards = read_vcards(text)                    # raises VCardError for a malformed file
    plan = plan_vcard_import(cards, store.contacts.list())
    store.contacts.add_many(plan.to_add)

Parsing is done by vobject. A name is FN, else built from N. Birthdays may come with
or without a year (``--0412``, ``--04-12``, Apple's ``X-APPLE-OMIT-YEAR``). Text from
the file is foreign: control characters are removed rather than refused, and a field
that still does not fit (a note over the length limit) is left out with a word why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kith.data.models import (
    Address,
    Birthday,
    Contact,
    DetailLabel,
    Email,
    Link,
    NamedDate,
    Phone,
    RelationKind,
)
from kith.data.text import BIDI_CONTROLS, NAME_MAX, NOTE_MAX, printable


class VCardError(ValueError):
    """The file cannot be read as vCards; ``str()`` says why in plain words."""


@dataclass(frozen=True)
class Card:
    """What Kith takes from one vCard."""

    name: str
    birthday: Birthday | None = None
    notes: str = ""
    problems: tuple[str, ...] = ()
    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    addresses: tuple[Address, ...] = ()
    tags: tuple[str, ...] = ()
    uid: str = ""
    anniversary: Birthday | None = None
    # (kind, the other's UID) from RELATED; (kind, the other's name) from Apple's
    # X-ABRELATEDNAMES when the card has no RELATED.
    related: tuple[tuple[RelationKind, str], ...] = ()
    related_names: tuple[tuple[RelationKind, str], ...] = ()


@dataclass(frozen=True)
class VCardPlan:
    to_add: list[Contact] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # names already in Kith (or twice)
    matched: list[str] = field(default_factory=list)  # cards whose UID is already in Kith
    problems: list[str] = field(default_factory=list)  # cards or fields left out, and why


def _clean(value: str, *, newlines: bool) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if char in BIDI_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc" and not (newlines and char in "\n\t"):
            kept.append(" " if char in "\n\t" else "")
            continue
        kept.append(char)
    text = "".join(kept)
    if not newlines:
        text = " ".join(text.split())
    return text.strip()


def _text_of(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(part) for part in value if part)
    return str(value) if value is not None else ""


def _name_from_n(value: Any) -> str:
    """N is family;given;additional;prefix;suffix: shown as "prefix given additional family
    suffix" (the order people write on an envelope)."""
    parts = [
        _text_of(getattr(value, attr, ""))
        for attr in ("prefix", "given", "additional", "family", "suffix")
    ]
    return " ".join(part for part in parts if part)


_BDAY_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_BDAY_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_birthday(value: str, params: dict[str, Any] | None = None) -> Birthday | None:
    """A vCard BDAY as a Birthday; ``None`` if it is empty. Raises ValueError if it is
    not a date Kith can keep (``circa 1800``, a year alone, 31 February)."""
    text = value.strip()
    if not text:
        return None
    params = params or {}
    omit_year = bool(params.get("X-APPLE-OMIT-YEAR"))
    year: int | None
    match = _BDAY_NO_YEAR.match(text)
    if match:
        year, month, day = None, int(match[1]), int(match[2])
    else:
        match = _BDAY_FULL.match(text)
        if not match:
            raise ValueError(f"the birthday '{printable(text, 40)}' is not a day and month")
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if omit_year or not 1900 <= year <= 2100:
            year = None  # Apple writes 1604 for "no year"
    try:
        return Birthday(month=month, day=day, year=year)
    except ValidationError:
        raise ValueError(f"the birthday '{printable(text, 40)}' is not a real date") from None


def _types(line: Any) -> set[str]:
    """A line's TYPE values, lower case, however the file wrote them (``TYPE=CELL``,
    ``type=cell,voice``, or vCard 2.1's bare ``TEL;CELL:``)."""
    found: set[str] = set()
    for value in line.params.get("TYPE", []):
        found.update(part.strip().casefold() for part in str(value).split(","))
    found.update(str(value).casefold() for value in getattr(line, "singletonparams", []))
    return found


def _label(types: set[str], *, phone: bool = False) -> DetailLabel:
    if phone and types & {"cell", "mobile", "iphone"}:
        return DetailLabel.MOBILE
    if "work" in types:
        return DetailLabel.WORK
    if "home" in types:
        return DetailLabel.HOME
    return DetailLabel.OTHER


# Google's own groups, not the person's: every contact is in "My Contacts".
_SYSTEM_GROUPS = {"mycontacts", "starred"}


def _details(contents: dict[str, list[Any]], name: str, problems: list[str]) -> dict[str, Any]:
    """Phones, emails, addresses and tags from a card; what cannot be kept is listed."""
    phones: list[Phone] = []
    for line in contents.get("tel", []):
        typed = _clean(_text_of(line.value), newlines=False)
        number = typed.removeprefix("tel:").replace(".", " ").replace("/", " ")
        if not number:
            continue
        try:
            phones.append(Phone(number=number, label=_label(_types(line), phone=True)))
        except ValidationError:
            problems.append(
                f"{name}: the phone number '{printable(typed, 40)}' has more than digits, "
                "spaces and + ( ) -, so it was left out"
            )
    emails: list[Email] = []
    for line in contents.get("email", []):
        address = _clean(_text_of(line.value), newlines=False).removeprefix("mailto:")
        if not address:
            continue
        try:
            emails.append(Email(address=address, label=_label(_types(line))))
        except ValidationError:
            problems.append(
                f"{name}: the email '{printable(address, 60)}' has no @, so it was left out"
            )
    addresses: list[Address] = []
    for line in contents.get("adr", []):
        value = line.value

        def part(*attrs: str, value: Any = value) -> str:
            texts = (_clean(_text_of(getattr(value, attr, "")), newlines=False) for attr in attrs)
            return ", ".join(text for text in texts if text)

        try:
            place = Address(
                label=_label(_types(line)),
                street=part("box", "extended", "street"),
                city=part("city"),
                region=part("region"),
                postcode=part("code"),
                country=part("country"),
            )
        except ValidationError:
            problems.append(f"{name}: an address is too long for Kith, so it was left out")
            continue
        if place.one_line():
            addresses.append(place)
    tags: list[str] = []
    for line in contents.get("categories", []):
        values = line.value if isinstance(line.value, list) else [line.value]
        for value in values:
            tag = _clean(str(value), newlines=False)
            if tag and tag.casefold() not in _SYSTEM_GROUPS and len(tag) <= 50:
                tags.append(tag)
    anniversary = None
    for line in [*contents.get("anniversary", []), *contents.get("x-anniversary", [])][:1]:
        try:
            anniversary = parse_birthday(_text_of(line.value), line.params)
        except ValueError:
            problems.append(f"{name}: the anniversary is not a day and month, so it was left out")
    uid = ""
    for line in contents.get("uid", [])[:1]:
        uid = _clean(_text_of(line.value), newlines=False)[:200]
    related, related_names = _relations(contents)
    return {
        "related": related,
        "related_names": related_names,
        "phones": tuple(phones[:20]),
        "emails": tuple(emails[:20]),
        "addresses": tuple(addresses[:10]),
        "tags": tuple(dict.fromkeys(tags))[:50],
        "uid": uid,
        "anniversary": anniversary,
    }


_RELATED_KINDS = {
    "spouse": RelationKind.PARTNER,
    "sweetheart": RelationKind.PARTNER,
    "partner": RelationKind.PARTNER,
    "parent": RelationKind.PARENT,
    "mother": RelationKind.PARENT,
    "father": RelationKind.PARENT,
    "child": RelationKind.CHILD,
    "son": RelationKind.CHILD,
    "daughter": RelationKind.CHILD,
    "sibling": RelationKind.SIBLING,
    "brother": RelationKind.SIBLING,
    "sister": RelationKind.SIBLING,
    "friend": RelationKind.FRIEND,
    "colleague": RelationKind.COLLEAGUE,
    "co-worker": RelationKind.COLLEAGUE,
}
_RELATED_MAX = 50  # as many links as a person may have


def _related_kind(words: Iterable[str]) -> RelationKind | None:
    for word in words:
        kind = _RELATED_KINDS.get(word.strip().strip("_$!<>").casefold())
        if kind is not None:
            return kind
    return None


def _relations(
    contents: dict[str, list[Any]],
) -> tuple[tuple[tuple[RelationKind, str], ...], tuple[tuple[RelationKind, str], ...]]:
    """RELATED lines (by UID) and, failing those, Apple's X-ABRELATEDNAMES (by name)."""
    related: list[tuple[RelationKind, str]] = []
    for line in contents.get("related", [])[:_RELATED_MAX]:
        kind = _related_kind(_types(line))
        target = _clean(_text_of(line.value), newlines=False)[:200]
        if kind is not None and target:
            related.append((kind, target))
    names: list[tuple[RelationKind, str]] = []
    if not related:
        labels = {
            line.group: _text_of(line.value)
            for line in contents.get("x-ablabel", [])
            if getattr(line, "group", None)
        }
        for line in contents.get("x-abrelatednames", [])[:_RELATED_MAX]:
            kind = _related_kind([labels.get(getattr(line, "group", None), "")])
            name = _clean(_text_of(line.value), newlines=False)[:NAME_MAX]
            if kind is not None and name:
                names.append((kind, name))
    return tuple(dict.fromkeys(related)), tuple(dict.fromkeys(names))


def _card(component: Any, number: int) -> Card | str:
    """One parsed vCard as a Card, or a sentence saying why it was left out."""
    contents: dict[str, list[Any]] = component.contents
    problems: list[str] = []
    name = ""
    for line in contents.get("fn", []):
        name = _clean(_text_of(line.value), newlines=False)
        if name:
            break
    if not name:
        for line in contents.get("n", []):
            name = _clean(_name_from_n(line.value), newlines=False)
            if name:
                break
    if not name:
        org = contents.get("org", [])
        if org:
            name = _clean(_text_of(org[0].value), newlines=False)
    if not name:
        return f"card {number} has no name"
    if len(name) > NAME_MAX:
        return f"card {number}: the name is longer than {NAME_MAX} characters"

    birthday = None
    for line in contents.get("bday", [])[:1]:
        try:
            birthday = parse_birthday(_text_of(line.value), line.params)
        except ValueError as error:
            problems.append(f"{name}: {error}, so it was left out")

    notes = "\n\n".join(
        text
        for text in (
            _clean(_text_of(line.value), newlines=True) for line in contents.get("note", [])
        )
        if text
    )
    if len(notes) > NOTE_MAX:
        problems.append(f"{name}: the note is longer than {NOTE_MAX:,} characters, so it was cut")
        notes = notes[:NOTE_MAX].rstrip()
    details = _details(contents, name, problems)
    return Card(name=name, birthday=birthday, notes=notes, problems=tuple(problems), **details)


def decode(raw: bytes) -> str:
    """The text of a vCard file: UTF-8 (with or without a byte-order mark), else Latin-1
    (old exports); Latin-1 never fails, so any bytes give some text to check."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# The properties Kith takes (and the lines that frame a card). Everything else (PHOTO,
# LOGO, SOUND, KEY: often megabytes of base64) is dropped before parsing, so memory
# stays a small multiple of the file's size.
_KEPT = frozenset(
    {"BEGIN", "END", "VERSION", "FN", "N", "ORG", "BDAY", "NOTE"}
    | {"TEL", "EMAIL", "ADR", "CATEGORIES", "UID", "ANNIVERSARY", "X-ANNIVERSARY"}
    | {"RELATED", "X-ABRELATEDNAMES", "X-ABLABEL"}
)
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")


def kept_lines(text: str) -> str:
    """``text`` with only the properties Kith reads (folded and quoted-printable
    continuation lines follow the line they continue)."""
    out: list[str] = []
    keep = False
    soft_break = False  # a quoted-printable line ending in "=" continues on the next
    quoted = False
    for line in text.splitlines(keepends=True):
        if soft_break or line[:1] in (" ", "\t"):
            pass  # a continuation: same fate as the line it continues
        else:
            match = _PROPERTY.match(line)
            # A line that is not a property is left to the parser to judge.
            keep = match is None or match[1].upper() in _KEPT
        body = line.rstrip("\r\n")
        head = body.split(":", 1)[0].upper() if not soft_break else ""
        if not soft_break:
            quoted = "QUOTED-PRINTABLE" in head
        soft_break = quoted and body.endswith("=")
        if keep:
            out.append(line)
    return "".join(out)


def read_vcards(text: str) -> tuple[list[Card], list[str]]:
    """Every vCard in ``text`` and the problems met on the way (cards left out).

    Raises ``VCardError`` if the file is not vCards at all or is malformed (then
    nothing is taken from it).
    """
    import vobject  # a slow import, only when a vCard file is read

    if "BEGIN:VCARD" not in text.upper():
        raise VCardError("it has no vCards in it (no BEGIN:VCARD line).")
    text = kept_lines(text)
    cards: list[Card] = []
    problems: list[str] = []
    try:
        for number, component in enumerate(vobject.readComponents(text), start=1):
            if component.name.upper() != "VCARD":
                problems.append(f"item {number} is a {component.name}, not a vCard")
                continue
            card = _card(component, number)
            if isinstance(card, str):
                problems.append(card)
            else:
                cards.append(card)
                problems.extend(card.problems)
    except vobject.base.ParseError as error:
        detail = re.sub(r"^At line \d+: ", "", str(error)).strip()
        detail = printable(detail, 200)
        raise VCardError(f"it is not a well-formed vCard file ({detail}).") from None
    except (ValueError, AttributeError, TypeError) as error:
        detail = printable(error, 200)
        raise VCardError(f"it is not a well-formed vCard file ({detail}).") from None
    return cards, problems


def name_key(name: str) -> str:
    """How names are compared for duplicates: case, accents' form and spacing aside."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def plan_vcard_import(cards: Iterable[Card], existing: Iterable[Contact]) -> VCardPlan:
    """The contacts to add: each card whose UID and name are not already in Kith (or
    earlier in the file). A card whose UID is someone's in Kith (an export coming back)
    is matched and changes nothing; a name already there is listed, not added."""
    from kith.data.vcard_export import card_uid

    existing = list(existing)
    taken = {name_key(contact.name) for contact in existing}
    uids = {card_uid(contact) for contact in existing} | {contact.id for contact in existing}
    plan = VCardPlan()
    wanted: list[tuple[Contact, Card]] = []
    for card in cards:
        key = name_key(card.name)
        if card.uid and (card.uid in uids or card.uid.removeprefix("urn:uuid:") in uids):
            plan.matched.append(card.name)
            continue
        if key in taken:
            plan.duplicates.append(card.name)
            continue
        try:
            contact = Contact(
                name=card.name,
                birthday=card.birthday,
                notes=card.notes,
                phones=list(card.phones),
                emails=list(card.emails),
                addresses=list(card.addresses),
                tags=list(card.tags),
                vcard_uid=card.uid,
                dates=(
                    [NamedDate(name="Anniversary", **card.anniversary.model_dump())]
                    if card.anniversary is not None
                    else []
                ),
            )
        except ValidationError as error:
            first = error.errors()[0]
            plan.problems.append(f"{card.name}: {first['msg']}, so it was left out")
            continue
        taken.add(key)
        if card.uid:
            uids.add(card.uid)
        plan.to_add.append(contact)
        wanted.append((contact, card))
    _link_new(plan, wanted, existing)
    return plan


def _link_new(plan: VCardPlan, wanted: list[tuple[Contact, Card]], existing: list[Contact]) -> None:
    """Give the people added their links (RELATED by UID, else Apple's names), now
    that everyone in the file has an id; a link to no one known is left out."""
    from kith.data.vcard_export import card_uid

    by_uid: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for contact in [*existing, *plan.to_add]:
        for uid in {card_uid(contact), contact.vcard_uid, contact.id, f"urn:uuid:{contact.id}"}:
            if uid:
                by_uid.setdefault(uid, contact.id)
                by_uid.setdefault(uid.casefold(), contact.id)
        by_name.setdefault(name_key(contact.name), []).append(contact.id)
    changed: dict[str, Contact] = {}
    for contact, card in wanted:
        links: list[Link] = []
        for kind, uid in card.related:
            target = by_uid.get(uid) or by_uid.get(uid.casefold())
            if target is not None and target != contact.id:
                links.append(Link(kind=kind, contact_id=target))
        for kind, name in card.related_names:
            found = by_name.get(name_key(name), [])
            if len(found) == 1 and found[0] != contact.id:
                links.append(Link(kind=kind, contact_id=found[0]))
        links = list(dict.fromkeys(links))[:_RELATED_MAX]
        if links:
            changed[contact.id] = contact.model_copy(update={"links": links})
    if changed:
        plan.to_add[:] = [changed.get(contact.id, contact) for contact in plan.to_add]
