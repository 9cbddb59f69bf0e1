"""A person's profile: who they are, the rhythm, things to remember, how often you meet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from kith.data.dates import day_label
from kith.data.models import Contact
from kith.data.people import ContactStats, ContactSummary, due_label, since_label, turning
from kith.data.relations import Relation, relation_line
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
    keep = "" if contact.rhythm_days is None else f" · {due_label(summary, today)}"
    if contact.snoozed_until is not None and contact.snoozed_until > today:
        keep += f" · snoozed until {day_label(contact.snoozed_until, today)}"
    if summary.last_contact is None:
        lines.append(Content(f"Not in touch yet{keep}"))
    else:
        lines.append(Content(f"Last contact {last}{keep}"))

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
    if stats.total:
        share = stats.in_person_share or 0.0
        lines.append(Content(f" In person {share:.0%} of {stats.total} logged"))
        if stats.by_me or stats.by_them:
            lines.append(Content(f" You reached out {stats.by_me} times, they did {stats.by_them}"))
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
