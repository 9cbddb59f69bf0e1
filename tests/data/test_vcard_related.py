"""vCard RELATED (issue 18): links go out as RELATED with the other's UID (vCard 4.0;
3.0 adds Apple's X-ABRELATEDNAMES) and come back on import, matched by UID, so a round
trip keeps every link; Apple's related names are read by name."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.data.models import Contact, Link, RelationKind
from kith.data.vcard import plan_vcard_import, read_vcards
from kith.data.vcard_export import card_uid, vcards_text, vdir_files

NAMES = ["Alex Kim", "Sam Rivera", "Rosa Lopez", "Noor", "Bo [b]x[/]", "Ana Lopez"]


@st.composite
def people(draw: Any) -> list[Contact]:
    count = draw(st.integers(1, len(NAMES)))
    contacts = [Contact(name=name) for name in NAMES[:count]]
    ids = [c.id for c in contacts]
    for index, contact in enumerate(contacts):
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(list(RelationKind)), st.sampled_from(ids)),
                max_size=4,
            )
        )
        links = list(dict.fromkeys(Link(kind=k, contact_id=t) for k, t in pairs if t != contact.id))
        contacts[index] = contact.model_copy(update={"links": links})
    return contacts


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@given(contacts=people())
def test_links_survive_a_round_trip(version: str, contacts: list[Contact]) -> None:
    cards, problems = read_vcards(vcards_text(contacts, version))
    assert problems == []
    plan = plan_vcard_import(cards, [])
    assert len(plan.to_add) == len(contacts)
    # Back in a fresh Kith: map each new person to the one they came from, by UID.
    origin = {
        new.id: old.id for new in plan.to_add for old in contacts if new.vcard_uid == card_uid(old)
    }
    links_back = {
        origin[new.id]: [(link.kind, origin[link.contact_id]) for link in new.links]
        for new in plan.to_add
    }
    assert links_back == {
        c.id: [(link.kind, link.contact_id) for link in c.links] for c in contacts
    }


def test_related_is_written_with_the_others_uid() -> None:
    alex = Contact(name="Alex Kim", vcard_uid="ABC-123")
    sam = Contact(name="Sam", links=[Link(kind=RelationKind.PARTNER, contact_id=alex.id)])
    files = vdir_files([alex, sam])
    text = files[f"{sam.id}.vcf"]
    assert "RELATED;TYPE=spouse:ABC-123" in text
    three = vcards_text([alex, sam], "3.0")
    assert "X-ABRELATEDNAMES:Alex Kim" in three and "X-ABLABEL:_$!<Partner>!$_" in three


def test_a_link_to_someone_already_in_kith_and_apples_names() -> None:
    rosa = Contact(name="Rosa Lopez")
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Lopez\r\n"
        f"RELATED;TYPE=parent:urn:uuid:{rosa.id}\r\n"
        "RELATED;TYPE=friend:urn:uuid:nobody-we-know\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Rivera\r\n"
        "item1.X-ABRELATEDNAMES:Ana Lopez\r\nitem1.X-ABLABEL:_$!<Sister>!$_\r\n"
        "item2.X-ABRELATEDNAMES:Someone Else\r\nitem2.X-ABLABEL:_$!<Friend>!$_\r\n"
        "END:VCARD\r\n"
    )
    cards, problems = read_vcards(text)
    assert problems == []
    plan = plan_vcard_import(cards, [rosa])
    by_name = {c.name: c for c in plan.to_add}
    ana = by_name["Ana Lopez"]
    assert ana.links == [Link(kind=RelationKind.PARENT, contact_id=rosa.id)]
    assert by_name["Sam Rivera"].links == [Link(kind=RelationKind.SIBLING, contact_id=ana.id)]
