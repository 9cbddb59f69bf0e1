"""A person's profile: who they are, the rhythm, things to remember, how often you meet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from kith.data.dates import day_label
from kith.data.models import Contact
from kith.data.people import (
    ContactStats,
    ContactSummary,
    keep_in_touch_line,
    since_label,
    turning,
)
from kith.data.relations import Relation, relation_line
from kith.data.words import in_person_words, reach_out_words
from kith.widgets.text import markup


def profile_content(
    summary: ContactSummary,
    stats: ContactStats,
    today: date,
    relations: Sequence[Relation] = (),
) -> Content:
    """The profile as Content: Kith's own words in markup, the user's text verbatim."""
    contact: Contact = summary.contact
    lines: list[Content] = [markup("[b $accent]$name[/]", name=contact.name)]
    facts = [contact.circle.label, contact.rhythm_label]
    if contact.archived:
        facts.append("archived")
    lines.append(Content(" · ".join(facts)))

    last = since_label(summary.last_contact, today)
    due = keep_in_touch_line(summary, today) if contact.rhythm_days is not None else ""
    if contact.snoozed_until is not None and contact.snoozed_until > today:
        snoozed = f"snoozed until {day_label(contact.snoozed_until, today)}"
        due = f"{due} · {snoozed}" if due else snoozed
    if due and summary.next_due is not None and summary.next_due < today:
        # What happened and what the person hoped for, in one line (issue 14).
        lines.append(Content(due[:1].upper() + due[1:]))
    elif summary.last_contact is None:
        lines.append(Content("Not in touch yet" + (f" · {due}" if due else "")))
    else:
        lines.append(Content(f"Last contact {last}" + (f" · {due}" if due else "")))

    if contact.birthday is not None:
        nxt = contact.birthday.next_on_or_after(today)
        age = turning(contact, nxt)
        when = "today" if nxt == today else day_label(nxt, today)
        extra = f"turns {age} " if age else "next: "
        lines.append(Content(f"Birthday {contact.birthday.label()} ({extra}{when})"))
    if contact.how_met:
        lines.append(markup("[dim]Met:[/] $met", met=contact.how_met))
    if contact.tags:
        lines.append(markup("[dim]Tags:[/] $tags", tags=", ".join(contact.tags)))
    lines.extend(details_lines(contact))
    for relation in relations:
        whose, kind, other = relation_line(contact, relation)
        lines.append(markup("[dim]$whose $kind:[/] $other", whose=whose, kind=kind, other=other))

    for named in contact.dates:
        nxt = named.next_on_or_after(today)
        when = "today" if nxt == today else day_label(nxt, today)
        lines.append(
            markup("$name $day (next: $when)", name=named.name, day=named.label(), when=when)
        )

    lines.append(Content(""))
    lines.append(Content.from_markup("[b]Things to remember[/]"))
    if contact.remember or contact.follow_ups:
        lines.extend(markup(" • $item", item=item) for item in contact.remember)
        for follow_up in contact.follow_ups:
            due = "today" if follow_up.due == today else day_label(follow_up.due, today)
            lines.append(markup(" • $item [dim]($due)[/]", item=follow_up.text, due=due))
    else:
        lines.append(Content.from_markup("[dim] Nothing yet: press e to add a few.[/]"))

    lines.append(Content(""))
    lines.append(Content.from_markup("[b]Together[/]"))
    lines.append(Content(f" {stats.last_30} in the last 30 days · {stats.last_90} in 90 days"))
    # Described, not scored, and only once there is enough to mean something.
    for sentence in (
        in_person_words(stats.in_person, stats.total),
        reach_out_words(stats.by_me, stats.by_them),
    ):
        if sentence:
            lines.append(Content(f" {sentence}"))
    if contact.notes:
        lines.append(Content(""))
        lines.append(Content.from_markup("[b]Notes[/]"))
        lines.append(Content(contact.notes))
    return Content("\n").join(lines)


def details_lines(contact: Contact) -> list[Content]:
    """How to reach them: "Phone, mobile: +44 7700 900123", one line each."""
    lines = [
        markup("[dim]Phone, $label:[/] $value", label=phone.label.value, value=phone.number)
        for phone in contact.phones
    ]
    lines.extend(
        markup("[dim]Email, $label:[/] $value", label=email.label.value, value=email.address)
        for email in contact.emails
    )
    lines.extend(
        markup("[dim]Address, $label:[/] $value", label=item.label.value, value=item.one_line())
        for item in contact.addresses
    )
    return lines


class ContactProfile(Static):
    """Shows ``profile_content`` for one person."""

    DEFAULT_CSS = """
    ContactProfile { height: auto; }
    """

    def show(
        self,
        summary: ContactSummary,
        stats: ContactStats,
        today: date,
        relations: Sequence[Relation] = (),
    ) -> None:
        self.update(profile_content(summary, stats, today, relations))
