"""Writing Kith's people as vCards (4.0, or 3.0 for older readers): one file, or a vdir.

    text = vcards_text(store.contacts.list(), version="4.0")   # one .vcf, every person
    files = vdir_files(store.contacts.list())                  # {"<uid>.vcf": text, ...}

A vdir is a folder with one ``.vcf`` per person, the format khard reads and
vdirsyncer syncs with a CardDAV server. File names come from the card's UID, so
exporting again rewrites the same files. The UID is the one the card was imported
with, else ``urn:uuid:`` and the person's Kith id: importing an export back
matches everyone by UID and adds no one.

vobject does the escaping and line folding.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kith.data.models import Contact, DetailLabel, RelationKind

VERSIONS = ("4.0", "3.0")
PRODID = "-//Kith//Kith//EN"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")

# Kith's label -> the vCard TYPE (4.0 lower case, 3.0 upper case by custom).
_PHONE_TYPES = {DetailLabel.MOBILE: "cell", DetailLabel.HOME: "home", DetailLabel.WORK: "work"}
_OTHER_TYPES = {DetailLabel.HOME: "home", DetailLabel.WORK: "work"}
# RELATED's TYPE (RFC 6350 6.6.6) for each kind of link; read back the same way.
RELATED_TYPES = {
    RelationKind.PARTNER: "spouse",
    RelationKind.PARENT: "parent",
    RelationKind.CHILD: "child",
    RelationKind.SIBLING: "sibling",
    RelationKind.FRIEND: "friend",
    RelationKind.COLLEAGUE: "colleague",
}
# Apple's labels for X-ABRELATEDNAMES (vCard 3.0), as its Contacts app writes them.
APPLE_RELATED_LABELS = {
    RelationKind.PARTNER: "_$!<Partner>!$_",
    RelationKind.PARENT: "_$!<Parent>!$_",
    RelationKind.CHILD: "_$!<Child>!$_",
    RelationKind.SIBLING: "_$!<Sibling>!$_",
    RelationKind.FRIEND: "_$!<Friend>!$_",
    RelationKind.COLLEAGUE: "colleague",
}


def card_uid(contact: Contact) -> str:
    """The stable UID of a person's card."""
    if contact.vcard_uid:
        return contact.vcard_uid
    if _UUID.match(contact.id):
        return f"urn:uuid:{contact.id.lower()}"
    return contact.id


def vdir_name(uid: str) -> str:
    """A file name for a UID, the same every time: the UID itself where it is a safe
    name, else a hash of it."""
    stem = uid.removeprefix("urn:uuid:")
    if not _SAFE_NAME.match(stem):
        stem = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32]
    return f"{stem}.vcf"


def _split_name(name: str) -> tuple[str, str]:
    """(given, family) for N: the last word is the family name, as most address books
    guess; one word is a given name."""
    given, _, family = name.rpartition(" ")
    if not given:
        return family, ""
    return given, family


def _typed(card: Any, kind: str, value: Any, label_type: str | None, version: str) -> None:
    line = card.add(kind)
    line.value = value
    types = []
    if kind == "email" and version == "3.0":
        types.append("INTERNET")
    if label_type:
        types.append(label_type.upper() if version == "3.0" else label_type)
    if kind == "tel" and version == "3.0":
        types.append("VOICE")
    if types:
        line.params["TYPE"] = types


def _date_value(year: int | None, month: int, day: int, version: str) -> str:
    if year is None:
        return f"--{month:02d}{day:02d}" if version == "4.0" else f"--{month:02d}-{day:02d}"
    return (
        f"{year:04d}{month:02d}{day:02d}"
        if version == "4.0"
        else f"{year:04d}-{month:02d}-{day:02d}"
    )


def _related(card: Any, contact: Contact, others: Mapping[str, Contact], version: str) -> None:
    """The person's own links (a link is stored once, on the person it was typed for):
    RELATED with the other's UID, which Kith reads back; in 3.0 also Apple's
    X-ABRELATEDNAMES with the name, which is what Apple's and Google's apps show."""
    group = 0
    for link in contact.links:
        other = others.get(link.contact_id)
        if other is None:  # not in this export (deleted since)
            continue
        line = card.add("related")
        line.value = card_uid(other)
        line.params["TYPE"] = [RELATED_TYPES[link.kind]]
        if version == "3.0":
            group += 1
            name = card.add("x-abrelatednames")
            name.group = f"item{group}"
            name.value = other.name
            label = card.add("x-ablabel")
            label.group = f"item{group}"
            label.value = APPLE_RELATED_LABELS[link.kind]


def vcard_component(
    contact: Contact, version: str = "4.0", others: Mapping[str, Contact] | None = None
) -> Any:
    """One person as a vobject vCard component (``others``: the people their links
    may point at, by id)."""
    import vobject  # a slow import, only when cards are written

    if version not in VERSIONS:
        raise ValueError(f"vCard version {version} is not one Kith writes (4.0 or 3.0).")
    card = vobject.vCard()
    card.add("version").value = version
    card.add("prodid").value = PRODID
    card.add("uid").value = card_uid(contact)
    card.add("fn").value = contact.name
    given, family = _split_name(contact.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for phone in contact.phones:
        _typed(card, "tel", phone.number, _PHONE_TYPES.get(phone.label), version)
    for email in contact.emails:
        _typed(card, "email", email.address, _OTHER_TYPES.get(email.label), version)
    for address in contact.addresses:
        value = vobject.vcard.Address(
            street=address.street,
            city=address.city,
            region=address.region,
            code=address.postcode,
            country=address.country,
        )
        _typed(card, "adr", value, _OTHER_TYPES.get(address.label), version)
    if contact.birthday is not None:
        birthday = contact.birthday
        line = card.add("bday")
        if birthday.year is not None:
            line.value = (
                f"{birthday.year:04d}{birthday.month:02d}{birthday.day:02d}"
                if version == "4.0"
                else f"{birthday.year:04d}-{birthday.month:02d}-{birthday.day:02d}"
            )
        elif version == "4.0":
            line.value = f"--{birthday.month:02d}{birthday.day:02d}"
        else:  # 3.0 has no year-less date: Apple's way, which Kith and phones read back
            line.value = f"1604-{birthday.month:02d}-{birthday.day:02d}"
            line.params["X-APPLE-OMIT-YEAR"] = ["1604"]
    for named in contact.dates:  # the first date called an anniversary
        if named.name.casefold() == "anniversary":
            line = card.add("anniversary" if version == "4.0" else "x-anniversary")
            line.value = _date_value(named.year, named.month, named.day, version)
            break
    if contact.links and others:
        _related(card, contact, others, version)
    if contact.notes:
        card.add("note").value = contact.notes
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    stamp = contact.updated.strftime("%Y%m%dT%H%M%SZ")
    card.add("rev").value = stamp
    return card


def vcard_text(
    contact: Contact, version: str = "4.0", others: Mapping[str, Contact] | None = None
) -> str:
    text: str = vcard_component(contact, version, others).serialize()
    return text


def vcards_text(contacts: Iterable[Contact], version: str = "4.0") -> str:
    """Every person's card, one after another, in one file's text."""
    people = list(contacts)
    others = {contact.id: contact for contact in people}
    return "".join(vcard_text(contact, version, others) for contact in people)


def vdir_files(contacts: Iterable[Contact], version: str = "4.0") -> dict[str, str]:
    """File name -> card text, one per person (a vdir)."""
    people = list(contacts)
    others = {contact.id: contact for contact in people}
    files: dict[str, str] = {}
    for contact in people:
        files[vdir_name(card_uid(contact))] = vcard_text(contact, version, others)
    return files
