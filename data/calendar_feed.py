"""The calendar feed: Kith's dates as an iCalendar file (RFC 5545), built with ``icalendar``.

``feed_events`` is pure: from a ``Snapshot`` it lists the events, each with a UID
made from the record it comes from, so a calendar app that re-reads the file
updates its events instead of adding copies. ``to_ics`` turns them into bytes;
the same data always gives the same bytes (DTSTAMP is the record's own time),
so ``write_feed`` leaves an unchanged file alone.

- birthdays: all-day, yearly (29 February recurs on the last day of February,
  as Kith shows it on 28 February in other years);
- the weekly plan's dated actions (this week and later);
- the next check-in, on the day the rhythm says;
- optionally, "Reach out to S." on the day each person falls due.

Titles are private by default: initials only ("Birthday: S. O."); plan actions
show their strategy, not their text, which often holds a name.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from kith.data.models import Contact, PlanItem, PlanState
from kith.data.reminders import Snapshot, next_checkin_day, words
from kith.data.storage import atomic_write_bytes, check_own_folder

FEED_FILE = "kith.ics"
PRODID = "-//Kith//Kith calendar feed//EN"
UID_DOMAIN = "kith.invalid"  # RFC 2606: never a real host; the left part is a uuid
NO_YEAR = 2000  # a leap year: where a birthday without a year starts recurring
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EVENTS_CACHED = 8192  # serialized events kept between saves (about 3 MB at most)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    day: date  # all-day: DTSTART is this date, DTEND the next
    stamp: datetime  # DTSTAMP (UTC): the record's last change
    yearly: bool = False
    last_of_february: bool = False  # a 29 February birthday
    description: str = ""


@dataclass(frozen=True)
class FeedOptions:
    reach_out: bool = False
    full_names: bool = False
    alarm_minute: int | None = None  # minutes after local midnight of the event's day


def initials(name: str) -> str:
    """``Sam`` is ``S.``, ``Ana Lopez`` is ``A. L.``."""
    return " ".join(f"{word[0].upper()}." for word in name.split() if word[:1].isalnum()) or "?"


def _name(contact: Contact, full: bool) -> str:
    return contact.name if full else initials(contact.name)


def _uid(kind: str, record_id: str) -> str:
    return f"{kind}-{record_id}@{UID_DOMAIN}"


def birthday_events(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    w = words().feed
    events = []
    for contact in snapshot.contacts:
        birthday = contact.birthday
        if birthday is None or contact.archived:
            continue
        year = birthday.year if birthday.year is not None else NO_YEAR
        leap = (birthday.month, birthday.day) == (2, 29)
        events.append(
            FeedEvent(
                uid=_uid("birthday", contact.id),
                summary=w.birthday.format(name=_name(contact, options.full_names)),
                day=date(year, birthday.month, birthday.day),
                stamp=contact.updated,
                yearly=True,
                last_of_february=leap,
                description=w.from_kith,
            )
        )
    return events


def _digest(*parts: object) -> str:
    """A short stable tag for a record's part that has no id of its own."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def named_date_events(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    """Each person's named yearly dates (an anniversary, a move): all-day, yearly. The
    date's own words only with full names: by default they stay private too."""
    w = words().feed
    events = []
    for contact in snapshot.contacts:
        if contact.archived:
            continue
        name = _name(contact, options.full_names)
        for named in contact.dates:
            year = named.year if named.year is not None else NO_YEAR
            summary = (
                w.named_date.format(what=named.name, name=name)
                if options.full_names
                else w.named_date_private.format(name=name)
            )
            events.append(
                FeedEvent(
                    uid=_uid("date", f"{contact.id}-{_digest(named.name, named.month, named.day)}"),
                    summary=summary,
                    day=date(year, named.month, named.day),
                    stamp=contact.updated,
                    yearly=True,
                    last_of_february=(named.month, named.day) == (2, 29),
                    description=w.from_kith,
                )
            )
    return events


def follow_up_events(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    """Follow-ups not yet answered, on their day (today if that day has passed). One
    answered by an interaction on or after its day leaves, as it leaves Home."""
    w = words().feed
    last = {s.contact.id: s.last_contact for s in snapshot.summaries}
    events = []
    for contact in snapshot.contacts:
        if contact.archived:
            continue
        name = _name(contact, options.full_names)
        for follow_up in contact.follow_ups:
            seen = last.get(contact.id)
            if seen is not None and seen >= follow_up.due:
                continue
            summary = (
                w.follow_up.format(text=follow_up.text, name=name)
                if options.full_names
                else w.follow_up_private.format(name=name)
            )
            events.append(
                FeedEvent(
                    uid=_uid("follow-up", f"{contact.id}-{_digest(follow_up.text, follow_up.due)}"),
                    summary=summary,
                    day=max(follow_up.due, snapshot.today),
                    stamp=contact.updated,
                    description=w.from_kith,
                )
            )
    return events


def _plan_title(item: PlanItem, snapshot: Snapshot, options: FeedOptions) -> str:
    w = words().feed
    if options.full_names:
        return w.plan.format(text=item.text)
    from kith.data.strategies import find_strategy

    strategy = find_strategy(item.strategy_id) if item.strategy_id else None
    what = strategy.title if strategy is not None else w.plan_private_default
    return w.plan_private.format(what=what)


def plan_events(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    return [
        FeedEvent(
            uid=_uid("plan", item.id),
            summary=_plan_title(item, snapshot, options),
            day=item.day,
            stamp=item.updated,
            description=words().feed.from_kith,
        )
        for item in snapshot.plan
        if item.day is not None and item.state != PlanState.SKIPPED
    ]


def checkin_event(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    w = words().feed
    stamps = [c.created for c in snapshot.checkins]
    return [
        FeedEvent(
            uid=_uid("checkin", "next"),
            summary=w.checkin,
            day=next_checkin_day(snapshot),
            stamp=max(stamps, default=snapshot.settings.updated),
            description=w.checkin_description,
        )
    ]


def reach_out_events(snapshot: Snapshot, options: FeedOptions) -> list[FeedEvent]:
    if not options.reach_out:
        return []
    w = words().feed
    events = []
    for summary in snapshot.summaries:
        if summary.next_due is None or summary.contact.archived:
            continue
        events.append(
            FeedEvent(
                uid=_uid("reach-out", summary.contact.id),
                summary=w.reach_out.format(name=_name(summary.contact, options.full_names)),
                day=max(summary.next_due, snapshot.today),
                stamp=summary.contact.updated,
                description=w.from_kith,
            )
        )
    return events


# One function per kind of date.
EVENT_KINDS: tuple[Callable[[Snapshot, FeedOptions], list[FeedEvent]], ...] = (
    birthday_events,
    named_date_events,
    follow_up_events,
    plan_events,
    checkin_event,
    reach_out_events,
)


def feed_events(snapshot: Snapshot, options: FeedOptions | None = None) -> list[FeedEvent]:
    """Every event of the feed, in a fixed order (by day, then UID)."""
    chosen = options if options is not None else FeedOptions()
    events = [event for kind in EVENT_KINDS for event in kind(snapshot, chosen)]
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def _calendar_frame() -> tuple[bytes, bytes]:
    """The VCALENDAR lines before and after the events."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", words().feed.calendar_name)
    whole: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    if not whole.endswith(end):  # pragma: no cover - icalendar always ends so
        raise AssertionError("unexpected calendar framing")
    return whole[: -len(end)], end


@lru_cache(maxsize=EVENTS_CACHED)
def event_ical(item: FeedEvent, alarm_minute: int | None) -> bytes:
    """One VEVENT as iCalendar lines. Kept: after a save in the app most events are
    the same as before, and icalendar takes about a millisecond for each."""
    from icalendar import Alarm, Event, vRecur

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp.astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    event.add("transp", "TRANSPARENT")  # a reminder, never busy time
    if item.yearly:
        rule: dict[str, object] = {"freq": "yearly"}
        if item.last_of_february:
            rule.update(bymonth=2, bymonthday=-1)
        event.add("rrule", vRecur(rule))
    if alarm_minute is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        # Relative to the all-day start, a floating local midnight: wall-clock
        # time, so 9:00 stays 9:00 on the days the clocks change.
        alarm.add("trigger", timedelta(minutes=alarm_minute))
        event.add_component(alarm)
    payload: bytes = event.to_ical()
    return payload


def to_ics(events: Iterable[FeedEvent], options: FeedOptions | None = None) -> bytes:
    """The feed as iCalendar bytes (CRLF lines, folded as RFC 5545 says)."""
    chosen = options if options is not None else FeedOptions()
    head, end = _calendar_frame()
    body = b"".join(event_ical(item, chosen.alarm_minute) for item in events)
    return head + body + end


def build_feed(snapshot: Snapshot, options: FeedOptions | None = None) -> bytes:
    return to_ics(feed_events(snapshot, options), options)


def options_from_settings(snapshot: Snapshot) -> FeedOptions:
    feed = snapshot.settings.feed
    return FeedOptions(
        reach_out=feed.reach_out, full_names=feed.full_names, alarm_minute=feed.alarm_minute
    )


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file of one's own (ValueError in words)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{path} is not a regular file; Kith will not replace it.")
    if info.st_uid != os.getuid():
        raise ValueError(f"{path} belongs to another user; Kith will not replace it.")


def write_feed(path: Path, payload: bytes) -> bool:
    """Write the feed to ``path`` atomically, mode 0600; False if it was already so.

    Raises ValueError for a target that is not a regular file of one's own, a
    missing folder, or one of another user's; ``StoreWriteError`` on a failed write.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ValueError(f"The folder {folder} does not exist; choose one that does.")
    check_own_folder(folder)
    check_target(path)
    try:
        if path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    atomic_write_bytes(path, payload)
    return True


def feed_path(folder: str | Path) -> Path:
    return Path(folder).expanduser() / FEED_FILE


def refresh_feed(snapshot: Snapshot) -> Path | None:
    """Keep the feed file of Settings up to date: write it if the setting is on and
    the file would change. The path written, else None.

    Raises ValueError or ``StoreError`` (in plain words) when it cannot be written.
    """
    feed = snapshot.settings.feed
    if not feed.enabled or not feed.folder:
        return None
    path = feed_path(feed.folder)
    changed = write_feed(path, build_feed(snapshot, options_from_settings(snapshot)))
    return path if changed else None
