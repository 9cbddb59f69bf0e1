"""``kith log`` (record an interaction in one line) and ``kith status`` (a few lines
for a shell's start). Neither imports Textual."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date

from kith.app import cli
from kith.app.cli_crypto import key_for
from kith.data.clock import today
from kith.data.dates import parse_day
from kith.data.models import FELT_LABELS, MODE_LABELS, Contact, Interaction, Mode
from kith.data.people import (
    keep_in_touch_line,
    parse_people,
    span_label,
    turning,
)
from kith.data.status import Glance
from kith.data.store import STORE_FILE, Store
from kith.data.words import plan_words

CANDIDATES_SHOWN = 8


# -- kith log ------------------------------------------------------------------------------
def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _word_prefix(contacts: Sequence[Contact], query: str) -> list[Contact]:
    """People with a word of their name starting with ``query`` (``okafor`` finds
    ``Samuel Okafor``): the last resort after exact and whole-name prefix matches."""
    wanted = _key(query)
    if not wanted or " " in wanted:
        return []
    return [c for c in contacts if any(w.startswith(wanted) for w in _key(c.name).split())]


def _who(contact: Contact) -> str:
    details = [contact.circle.label.lower()]
    if contact.how_met:
        details.append(contact.how_met)
    if contact.archived:
        details.append("archived")
    return f"{contact.name} ({', '.join(details)})"


def _listing(contacts: Sequence[Contact]) -> str:
    shown = [_who(c) for c in sorted(contacts, key=lambda c: _key(c.name))[:CANDIDATES_SHOWN]]
    more = len(contacts) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def resolve_people(
    text: str, contacts: Sequence[Contact], *, create: bool
) -> tuple[list[Contact], list[Contact]]:
    """The people ``text`` names (comma-separated): ``(everyone, the ones to create)``.

    Raises ValueError (one line, listing candidates) for no match or several.
    """
    chosen, new, _ = resolve_people_matched(text, contacts, create=create)
    return chosen, new


def resolve_people_matched(
    text: str, contacts: Sequence[Contact], *, create: bool
) -> tuple[list[Contact], list[Contact], list[tuple[str, Contact]]]:
    """As ``resolve_people``, and ``(typed, person)`` for each name that ``create``
    did not add because it matched someone already in Kith (issue 14: ``--new``
    adds only names that match no one)."""
    chosen: list[Contact] = []
    new: list[Contact] = []
    matched: list[tuple[str, Contact]] = []
    for match in parse_people(text, contacts):
        exact = [c for c in match.matches if _key(c.name) == _key(match.text)]
        if create:
            if len(exact) > 1:
                raise ValueError(
                    f"There are {len(exact)} people called '{match.text}' already: "
                    f"{_listing(exact)}. Log this one in the app to choose."
                )
            found = exact or list(match.matches) or _word_prefix(contacts, match.text)
            if len(found) > 1:
                raise ValueError(
                    f"'{match.text}' could be {len(found)} people already in Kith: "
                    f"{_listing(found)}. Type more of the name, or log this one in the app."
                )
            if found:
                chosen.append(found[0])
                matched.append((match.text, found[0]))
            else:
                person = Contact(name=match.text)
                new.append(person)
                chosen.append(person)
            continue
        found = list(match.matches) or _word_prefix(contacts, match.text)
        if len(found) == 1:
            chosen.append(found[0])
        elif not found:
            raise ValueError(
                f"No one in Kith matches '{match.text}'. To add them as you log: "
                f"kith log '{match.text}' --new"
            )
        elif exact:
            raise ValueError(
                f"{len(found)} people are called '{match.text}': {_listing(found)}. "
                "Log this one in the app to choose which."
            )
        else:
            raise ValueError(
                f"'{match.text}' could be {len(found)} people: {_listing(found)}. "
                "Type more of the name."
            )
    if not chosen:
        raise ValueError("Please give a name, like: kith log sam")
    unique = list({c.id: c for c in chosen}.values())
    return unique, new, matched


def _names(people: Sequence[Contact]) -> str:
    names = [c.name for c in people]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day_words(day: date, now: date) -> str:
    if day == now:
        return f"today ({day:%a} {day.day} {day:%b})"
    if (now - day).days == 1:
        return f"yesterday ({day:%a} {day.day} {day:%b})"
    return f"{day:%A} {day.day} {day:%B %Y}"


def log(args: argparse.Namespace) -> int:
    clock = cli.make_clock()
    now = today(clock)
    day = parse_day(args.date, now)  # ValueError in plain words
    folder = cli.data_dir(args)
    if not args.new and not (folder / STORE_FILE).exists():
        name = " ".join(args.name)
        raise ValueError(
            f"Kith has no people yet. Add the first as you log: kith log '{name}' --new"
        )
    key = key_for(folder, args, keyring=True)
    with Store.open(folder, clock=clock, key=key) as store:  # StoreLocked: exit 1
        people, new, matched = resolve_people_matched(
            " ".join(args.name), store.contacts.list(), create=args.new
        )
        interaction = Interaction.model_validate(
            {
                "date": day,
                "contact_ids": [p.id for p in people],
                "mode": args.mode,
                "felt": args.felt,
                "notes": args.note,
                "strategy_id": args.strategy,
                "duration_minutes": args.minutes,
                "initiated_by": args.by,
            },
            context=store.validation_context(),
        )
        with store.batch():
            for person in new:
                store.contacts.add(person)
            stored = store.interactions.add(interaction)
        from kith.app.cli_calendar import refresh_after_save

        refresh_after_save(store)  # the calendar feed of Settings, if it is on
    for person in new:
        print(f"Added {person.name} to People. Give them a keep-in-touch rhythm in the app.")
    for typed, person in matched:
        if _key(typed) == _key(person.name):
            print(f"{person.name} is already in People: not added again.")
        else:
            print(f"'{typed}' matched {person.name}, already in People: not added again.")
    details = [MODE_LABELS[Mode(stored.mode)].lower()]
    if stored.duration_minutes:
        details.append(f"{stored.duration_minutes} min")
    line = f"Logged: {', '.join(details)} with {_names(people)}, {_day_words(stored.date, now)}"
    print(line + ".")
    extras = []
    if stored.felt is not None:
        extras.append(f"felt {stored.felt}/5 ({FELT_LABELS[stored.felt].lower()})")
    if stored.initiated_by:
        extras.append("you reached out" if stored.initiated_by == "me" else "they reached out")
    if stored.strategy_id:
        from kith.data.strategies import find_strategy

        strategy = find_strategy(stored.strategy_id)
        title = strategy.title if strategy is not None else stored.strategy_id
        extras.append(f"practised: {title}")
    if stored.notes:
        size = len(stored.notes)
        extras.append(f"note: {size} character{'' if size == 1 else 's'}")
    if extras:
        text = "; ".join(extras)
        print(f"  {text[0].upper()}{text[1:]}.")
    return 0


# -- kith status ---------------------------------------------------------------------------
BIRTHDAYS_SHOWN = 4


def status(args: argparse.Namespace) -> int:
    from kith.data.status import read_glance

    folder = cli.data_dir(args)
    clock = cli.make_clock()
    now = today(clock)
    key = key_for(folder, args, keyring=True)
    glance = read_glance(folder / STORE_FILE, now, clock.tz, key)  # read-only, no lock
    if glance is None:
        print("Kith has nothing saved yet. Start with: kith log NAME --new, or open kith.")
        return 0
    for line in status_lines(glance, now):
        print(line)
    return 0


def _more(count: int) -> str:
    return f", and {count} more" if count > 0 else ""


def status_lines(glance: Glance, now: date) -> list[str]:
    """Four lines: reach out, birthdays, check-in, this week's plan."""
    lines = []
    due = glance.reach_out
    if due:
        shown = []
        for summary in due[:3]:
            when = keep_in_touch_line(summary, now)
            shown.append(f"{summary.contact.name} ({when})")
        lines.append(f"Reach out: {', '.join(shown)}{_more(len(due) - 3)}.")
    else:
        lines.append("Reach out: nobody is due; you are up to date.")

    if glance.birthdays:
        parts = []
        for contact, birthday in glance.birthdays[:BIRTHDAYS_SHOWN]:
            on = "today" if birthday == now else f"on {birthday:%a} {birthday.day} {birthday:%b}"
            age = turning(contact, birthday)
            parts.append(f"{contact.name} {on}" + (f" (turns {age})" if age else ""))
        more = _more(len(glance.birthdays) - BIRTHDAYS_SHOWN)
        lines.append(f"Birthdays this week: {', '.join(parts)}{more}.")
    else:
        lines.append("Birthdays this week: none.")

    if glance.last_checkin is None:
        lines.append("Check-in: you have not done one yet; it takes about a minute (kith).")
    else:
        days = (now - glance.last_checkin).days
        ago = "today" if days == 0 else ("yesterday" if days == 1 else f"{span_label(days)} ago")
        if glance.checkin_due:
            lines.append(f"Check-in: due (the last one was {ago}).")
        else:
            left = glance.checkin_rhythm_days - days
            nxt = "tomorrow" if left == 1 else f"in {span_label(left)}"
            lines.append(f"Check-in: done {ago}; the next is due {nxt}.")

    if glance.plan_total:
        lines.append(f"This week's plan: {plan_words(glance.plan_done, glance.plan_total)}.")
    else:
        lines.append("This week's plan: nothing planned yet.")
    return lines
