"""Keep-in-touch due dates, Reach out, birthdays, finding people, labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from kith.data.models import Birthday, Circle, Contact, Interaction, Mode, PlanItem, PlanState
from kith.data.people import (
    ContactSummary,
    SortKey,
    contact_stats,
    due_label,
    find_contacts,
    keep_in_touch,
    matches,
    names_label,
    parse_people,
    planned_with,
    query_words,
    reach_out,
    search_text,
    since_label,
    sort_summaries,
    summarize,
    timeline,
    upcoming_birthdays,
)
from kith.data.plan import week_start

TODAY = date(2026, 11, 20)
ADDED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
LOAD = {"today": date.max}


def person(name: str = "Sam", rhythm: int | None = 7, **kw: object) -> Contact:
    return Contact.model_validate(
        {"name": name, "rhythm_days": rhythm, "created": ADDED, "updated": ADDED, **kw}
    )


def met(day: date, *people: Contact, mode: Mode = Mode.IN_PERSON, **kw: object) -> Interaction:
    return Interaction.model_validate(
        {"date": day, "contact_ids": [p.id for p in people], "mode": mode, **kw},
        context=LOAD,
    )


# -- due dates -------------------------------------------------------------------
def test_next_due_is_last_interaction_plus_rhythm() -> None:
    sam = person(rhythm=7)
    summary = summarize([sam], [met(date(2026, 11, 1), sam), met(date(2026, 11, 10), sam)], TODAY)
    s = summary[sam.id]
    assert s.last_contact == date(2026, 11, 10)
    assert s.next_due == date(2026, 11, 17)
    assert s.days_overdue == 3
    assert s.interaction_count == 2
    assert due_label(s, TODAY) == "overdue by 3 days"


def test_never_contacted_is_due_one_rhythm_after_being_added() -> None:
    sam = person(rhythm=30)
    s = summarize([sam], [], TODAY)[sam.id]
    assert s.last_contact is None
    assert s.next_due == date(2026, 2, 9)
    assert s.days_overdue == (TODAY - date(2026, 2, 9)).days


def test_added_day_is_local() -> None:
    late = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)  # already the 20th in Tokyo
    sam = person(rhythm=1, created=late, updated=late)
    tokyo = timezone(timedelta(hours=9))
    assert summarize([sam], [], TODAY)[sam.id].next_due == date(2026, 11, 20)
    assert summarize([sam], [], TODAY, tz=tokyo)[sam.id].next_due == date(2026, 11, 21)


def test_no_rhythm_is_never_due() -> None:
    sam = person(rhythm=None)
    s = summarize([sam], [met(date(2020, 1, 1), sam)], TODAY)[sam.id]
    assert s.next_due is None and s.days_overdue == 0
    assert due_label(s, TODAY) == "—"
    assert reach_out([s], TODAY) == []


def test_logging_resets_the_clock() -> None:
    sam = person(rhythm=14)
    history = [met(date(2026, 9, 1), sam)]
    before = summarize([sam], history, TODAY)[sam.id]
    assert before.days_overdue > 0
    after = summarize([sam], [*history, met(TODAY, sam)], TODAY)[sam.id]
    assert after.days_overdue == 0
    assert after.next_due == TODAY + timedelta(days=14)
    assert due_label(after, TODAY) == "in 2 weeks"


def test_group_interactions_count_for_everyone_in_them() -> None:
    a, b, c = person("A"), person("B"), person("C")
    result = summarize([a, b, c], [met(date(2026, 11, 18), a, b)], TODAY)
    assert result[a.id].last_contact == result[b.id].last_contact == date(2026, 11, 18)
    assert result[c.id].interaction_count == 0


def test_interactions_with_unknown_people_are_ignored() -> None:
    a, ghost = person("A"), person("Ghost")
    result = summarize([a], [met(date(2026, 11, 18), ghost)], TODAY)
    assert set(result) == {a.id}


history_days = st.lists(st.integers(0, 2000), max_size=20)


@settings(max_examples=200)
@given(
    rhythm=st.one_of(st.none(), st.integers(1, 3650)),
    ages=history_days,
    added_days_ago=st.integers(0, 4000),
)
def test_due_date_properties(rhythm: int | None, ages: list[int], added_days_ago: int) -> None:
    added = datetime.combine(TODAY - timedelta(days=added_days_ago), datetime.min.time(), UTC)
    sam = person(rhythm=rhythm, created=added, updated=added)
    other = person("Other")
    history = [met(TODAY - timedelta(days=age), sam) for age in ages]
    history.append(met(TODAY, other))  # someone else's interaction never counts for Sam
    s = summarize([sam, other], history, TODAY)[sam.id]

    assert s.interaction_count == len(ages)
    last = TODAY - timedelta(days=min(ages)) if ages else None
    assert s.last_contact == last
    if rhythm is None:
        assert s.next_due is None and s.days_overdue == 0
        return
    start = last if last is not None else added.date()
    assert s.next_due == start + timedelta(days=rhythm)
    assert s.days_overdue == max(0, (TODAY - s.next_due).days)
    assert (s in reach_out([s], TODAY)) == (s.next_due <= TODAY)
    label = due_label(s, TODAY)
    assert label.startswith("overdue by") == (s.days_overdue > 0)

    # Logging today always resets: not overdue, due one rhythm from today.
    fresh = summarize([sam], [*history, met(TODAY, sam)], TODAY)[sam.id]
    assert fresh.days_overdue == 0
    assert fresh.next_due == TODAY + timedelta(days=rhythm)
    assert fresh.last_contact == TODAY


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 400)), history_days, st.booleans()),
        max_size=12,
    )
)
def test_reach_out_is_most_overdue_first(people: list[tuple[int | None, list[int], bool]]) -> None:
    contacts: list[Contact] = []
    history: list[Interaction] = []
    for index, (rhythm, ages, archived) in enumerate(people):
        contact = person(f"P{index}", rhythm=rhythm, archived=archived)
        contacts.append(contact)
        history.extend(met(TODAY - timedelta(days=age), contact) for age in ages)
    summaries = summarize(contacts, history, TODAY)
    due = reach_out(summaries.values(), TODAY)
    overdue = [s.days_overdue for s in due]
    assert overdue == sorted(overdue, reverse=True)
    expected = {
        s.contact.id
        for s in summaries.values()
        if s.next_due is not None and s.next_due <= TODAY and not s.contact.archived
    }
    assert {s.contact.id for s in due} == expected
    with_archived = reach_out(summaries.values(), TODAY, include_archived=True)
    assert len(with_archived) >= len(due)
    ordered = keep_in_touch(summaries.values())
    dues = [s.next_due for s in ordered]
    assert dues == sorted(dues)  # type: ignore[type-var]
    # The keep-in-touch view starts with exactly the Reach-out list, in its order.
    assert [s.contact.id for s in ordered[: len(due)]] == [s.contact.id for s in due]


# -- birthdays ---------------------------------------------------------------------
def test_upcoming_birthdays() -> None:
    soon = person("Soon", birthday=Birthday(month=11, day=25))
    today = person("Today", birthday=Birthday(month=11, day=20, year=1990))
    edge = person("Edge", birthday=Birthday(month=12, day=4))
    late = person("Late", birthday=Birthday(month=12, day=5))
    gone = person("Gone", birthday=Birthday(month=11, day=21), archived=True)
    none = person("None")
    result = upcoming_birthdays([soon, today, edge, late, gone, none], TODAY)
    assert [(c.name, d) for c, d in result] == [
        ("Today", date(2026, 11, 20)),
        ("Soon", date(2026, 11, 25)),
        ("Edge", date(2026, 12, 4)),
    ]


def test_upcoming_birthdays_cross_the_year_and_leap_day() -> None:
    ny = person("New year", birthday=Birthday(month=1, day=2))
    leap = person("Leap", birthday=Birthday(month=2, day=29))
    result = upcoming_birthdays([ny, leap], date(2026, 12, 25))
    assert [(c.name, d) for c, d in result] == [("New year", date(2027, 1, 2))]
    result = upcoming_birthdays([leap], date(2027, 2, 20))
    assert [d for _, d in result] == [date(2027, 2, 28)]


# -- finding people ----------------------------------------------------------------------
def test_find_contacts_exact_first_then_prefix() -> None:
    sam1, sam2 = person("Sam"), person("sam")
    samira = person("Samira Khan")
    contacts = [sam1, sam2, samira, person("Ana")]
    assert find_contacts(contacts, "SAM") == [sam1, sam2]  # which Sam?
    assert find_contacts(contacts, "sami") == [samira]
    assert find_contacts(contacts, "  samira   khan ") == [samira]
    assert find_contacts(contacts, "zed") == []
    assert find_contacts(contacts, "") == []


def test_parse_people_handles_commas_in_names() -> None:
    lopez = person("Lopez, Ana")
    sam = person("Sam")
    sam2 = person("Sam")
    contacts = [lopez, sam, sam2, person("Bo")]
    found = parse_people("Lopez, Ana, Bo ,sam,, nobody", contacts)
    assert [m.text for m in found] == ["Lopez, Ana", "Bo", "sam", "nobody"]
    assert [len(m.matches) for m in found] == [1, 1, 2, 0]
    assert parse_people("  ", contacts) == []


def test_search_covers_name_circle_tags_notes() -> None:
    c = person("Ana", circle=Circle.NEIGHBOUR, tags=["Choir"], notes="Loves Bread", how_met="x")
    text = search_text(c)
    assert matches(text, query_words("neigh"))
    assert matches(text, query_words("CHOIR bread"))
    assert not matches(text, query_words("choir cake"))
    assert matches(text, query_words(""))


def test_sort_summaries() -> None:
    a = person("Ana", rhythm=7, circle=Circle.FRIEND)
    b = person("bo", rhythm=None, circle=Circle.FAMILY)
    c = person("Cy", rhythm=30, circle=Circle.OTHER)
    history = [met(date(2026, 11, 1), a), met(date(2026, 11, 19), c), met(date(2026, 11, 2), a)]
    s = summarize([a, b, c], history, TODAY).values()

    def names(key: SortKey, reverse: bool = False) -> list[str]:
        return [x.contact.name for x in sort_summaries(s, key, reverse=reverse)]

    assert names(SortKey.NAME) == ["Ana", "bo", "Cy"]
    assert names(SortKey.NAME, True) == ["Cy", "bo", "Ana"]
    assert names(SortKey.CIRCLE) == ["bo", "Ana", "Cy"]
    assert names(SortKey.LAST) == ["Cy", "Ana", "bo"]
    assert names(SortKey.LAST, True) == ["Ana", "Cy", "bo"]
    assert names(SortKey.DUE) == ["Ana", "Cy", "bo"]
    assert names(SortKey.DUE, True) == ["Cy", "Ana", "bo"]
    assert names(SortKey.COUNT) == ["Ana", "Cy", "bo"]


# -- timeline ---------------------------------------------------------------------------
def test_timeline_and_stats() -> None:
    sam, ana = person("Sam"), person("Ana")
    items = [
        met(date(2026, 11, 19), sam, mode=Mode.CALL, initiated_by="me"),
        met(date(2026, 11, 1), sam, ana, initiated_by="them"),
        met(date(2026, 9, 1), sam),
        met(date(2026, 3, 1), sam, mode=Mode.MESSAGE),
        met(date(2026, 11, 19), ana),
    ]
    mine = timeline(sam.id, items)
    assert [i.date for i in mine] == [
        date(2026, 11, 19),
        date(2026, 11, 1),
        date(2026, 9, 1),
        date(2026, 3, 1),
    ]
    stats = contact_stats(mine, TODAY)
    assert (stats.total, stats.last_30, stats.last_90) == (4, 2, 3)
    assert stats.in_person == 2 and stats.in_person_share == 0.5
    assert (stats.by_me, stats.by_them) == (1, 1)
    assert contact_stats([], TODAY).in_person_share is None


# -- words -------------------------------------------------------------------------------
def test_since_label() -> None:
    assert since_label(None, TODAY) == "never"
    assert since_label(TODAY, TODAY) == "today"
    assert since_label(TODAY - timedelta(days=1), TODAY) == "yesterday"
    assert since_label(TODAY - timedelta(days=3), TODAY) == "3 days ago"
    assert since_label(TODAY - timedelta(days=14), TODAY) == "2 weeks ago"
    assert since_label(TODAY - timedelta(days=70), TODAY) == "2 months ago"
    assert since_label(TODAY - timedelta(days=400), TODAY) == "1 year ago"


def test_due_label() -> None:
    c = person()

    def label(due: date | None) -> str:
        overdue = max(0, (TODAY - due).days) if due else 0
        return due_label(ContactSummary(c, None, due, overdue, 0), TODAY)

    assert label(TODAY) == "due today"
    assert label(TODAY + timedelta(days=1)) == "tomorrow"
    assert label(TODAY + timedelta(days=4)) == "in 4 days"
    assert label(TODAY - timedelta(days=5)) == "overdue by 5 days"
    assert label(TODAY - timedelta(days=1)) == "overdue by 1 day"
    assert label(TODAY - timedelta(days=21)) == "overdue by 3 weeks"


# -- the weekly plan -----------------------------------------------------------------------
def test_planned_with_finds_this_weeks_planned_actions_for_those_people() -> None:
    sam, ana = person("Sam"), person("Ana")
    monday = week_start(TODAY)
    assert monday == date(2026, 11, 16)

    def item(text: str, **kw: object) -> PlanItem:
        return PlanItem.model_validate({"text": text, "week_start": monday, **kw})

    call = item("Call Sam", contact_id=sam.id)
    walk = item("Walk with Ana", contact_id=ana.id, day=date(2026, 11, 17))
    plan = [
        call,
        walk,
        item("Done already", contact_id=sam.id, state=PlanState.DONE),
        item("Last week", contact_id=sam.id, week_start=monday - timedelta(days=7)),
        item("No one", contact_id=None),
    ]
    assert planned_with(plan, [sam.id], TODAY) == [call]
    assert planned_with(plan, [sam.id, ana.id], TODAY) == [walk, call]
    assert planned_with(plan, ["nobody"], TODAY) == []


def test_names_label() -> None:
    assert names_label([]) == "no one"
    assert names_label(["Sam"]) == "Sam"
    assert names_label(["Sam", "Ana"]) == "Sam and Ana"
    assert names_label(["Sam", "Ana", "Bo"]) == "Sam, Ana and Bo"
    assert names_label(["Sam", "Ana", "Bo", "Cy", "Di"]) == "Sam, Ana and 3 others"
