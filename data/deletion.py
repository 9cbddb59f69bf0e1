"""Deleting a person: a change that spans collections, saved as one batch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kith.data.store import Store


def delete_contact(store: Store, contact_id: str, *, keep_interactions: bool) -> None:
    """Delete a person. Their interactions are kept (without them) or deleted; an
    interaction shared with others always stays, without this person. Plan items
    that named them stay, naming no one; other people's links to them are removed
    (issue 18). All in one save, or none."""
    store.contacts.require(contact_id)
    with store.batch():
        for interaction in store.interactions.list():
            if contact_id not in interaction.contact_ids:
                continue
            others = [cid for cid in interaction.contact_ids if cid != contact_id]
            if others:
                store.interactions.update(interaction.model_copy(update={"contact_ids": others}))
            elif not keep_interactions:
                store.interactions.delete(interaction.id)
        for item in store.plan.list():
            if item.contact_id == contact_id:
                store.plan.update(item.model_copy(update={"contact_id": None}))
        for other in store.contacts.list():
            kept = [link for link in other.links if link.contact_id != contact_id]
            if len(kept) != len(other.links):
                store.contacts.update(other.model_copy(update={"links": kept}))
        store.contacts.delete(contact_id)
