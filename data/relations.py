"""Typed links between people: "Sam's partner: Alex", seen from both sides.

A link is stored once, on the person it was typed for (``Link(PARTNER, alex.id)``
on Sam); Alex's page shows it turned round ("Alex's partner: Sam"; a parent
link reads as child from the other side).

    relations(sam, contacts)                  # [Relation(PARTNER, alex), ...]
    parse_links("partner: Alex", contacts, sam.id)
    without_links_to(alex.id, contacts)       # the others, with links to Alex removed
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kith.data.models import Contact, Link, RelationKind
from kith.data.vcard import name_key

KINDS = tuple(kind.value for kind in RelationKind)
_ALIASES = {
    "wife": "partner",
    "husband": "partner",
    "spouse": "partner",
    "mother": "parent",
    "father": "parent",
    "mum": "parent",
    "mom": "parent",
    "dad": "parent",
    "son": "child",
    "daughter": "child",
    "brother": "sibling",
    "sister": "sibling",
    "coworker": "colleague",
}


@dataclass(frozen=True)
class Relation:
    kind: RelationKind  # what ``other`` is to the person whose page this is
    other: Contact


def relations(contact: Contact, contacts: Iterable[Contact]) -> list[Relation]:
    """Everyone linked to ``contact``, either way round, each kind and person once,
    in the order typed (their own links first)."""
    by_id = {other.id: other for other in contacts}
    found: dict[tuple[RelationKind, str], Relation] = {}
    for link in contact.links:
        other = by_id.get(link.contact_id)
        if other is not None:
            found.setdefault((link.kind, other.id), Relation(link.kind, other))
    for other in by_id.values():
        if other.id == contact.id:
            continue
        for link in other.links:
            if link.contact_id == contact.id:
                kind = link.kind.inverse
                found.setdefault((kind, other.id), Relation(kind, other))
    return list(found.values())


def relation_line(contact: Contact, relation: Relation) -> tuple[str, str, str]:
    """("Sam's", "partner", "Alex"): the words of one line on Sam's page."""
    return f"{contact.name}'s", relation.kind.value, relation.other.name


def _find(name: str, contacts: Sequence[Contact], self_id: str | None) -> Contact:
    key = name_key(name)
    others = [c for c in contacts if c.id != self_id]
    exact = [c for c in others if name_key(c.name) == key]
    if len(exact) == 1:
        return exact[0]
    starts = exact or [c for c in others if name_key(c.name).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        raise ValueError(f"There is no one called '{name}' in People yet; add them first.")
    names = ", ".join(sorted(c.name for c in starts)[:4])
    raise ValueError(f"'{name}' could be {names}: please type more of the name.")


def parse_links(text: str, contacts: Sequence[Contact], self_id: str | None) -> list[Link]:
    """One link per line, ``kind: name`` (``partner: Alex``, ``mother: Rosa Diaz``);
    the name may be the start of someone's name if only one person has it."""
    links: list[Link] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, colon, rest = line.partition(":")
        word = head.strip().casefold()
        word = _ALIASES.get(word, word)
        if not colon or word not in KINDS or not rest.strip():
            raise ValueError(
                f"'{line}': please write it as how they are related, a colon, then the "
                "name, e.g. partner: Alex (" + ", ".join(KINDS) + ")."
            )
        other = _find(rest.strip(), contacts, self_id)
        link = Link(kind=RelationKind(word), contact_id=other.id)
        if link not in links:
            links.append(link)
    return links


def links_text(links: Iterable[Link], contacts: Iterable[Contact]) -> str:
    """How a person's own links are shown in the form (people since deleted left out)."""
    names = {contact.id: contact.name for contact in contacts}
    return "\n".join(
        f"{link.kind.value}: {names[link.contact_id]}" for link in links if link.contact_id in names
    )


def without_links_to(contact_id: str, contacts: Iterable[Contact]) -> list[Contact]:
    """The people who had a link to ``contact_id``, with those links removed."""
    changed = []
    for contact in contacts:
        kept = [link for link in contact.links if link.contact_id != contact_id]
        if len(kept) != len(contact.links):
            changed.append(contact.model_copy(update={"links": kept}))
    return changed


def links_to(contact_id: str, contacts: Iterable[Contact]) -> int:
    """How many links (either way round) a person has: said when they are deleted."""
    total = 0
    for contact in contacts:
        if contact.id == contact_id:
            total += len(contact.links)
        else:
            total += sum(1 for link in contact.links if link.contact_id == contact_id)
    return total
