"""The Home section: what needs attention today, at a glance.

Everything shown comes from ``data.home.build_home``; this screen only turns it
into items you can move to (up/down, j/k, tab) and open with enter. An empty
store gets three first steps instead of empty boxes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from kith.data.checkins import reading, safety_rule_met
from kith.data.clock import today
from kith.data.followups import soon_words, years_since
from kith.data.home import (
    BIRTHDAYS_SHOWN,
    REACH_OUT_SHOWN,
    RECENT_SHOWN,
    HomeData,
    birthday_words,
    build_home,
    change_words,
    due_words,
    sparkline,
    today_points,
)
from kith.data.insights import home_link
from kith.data.models import FELT_LABELS, FollowUp
from kith.data.people import names_label, reach_label, since_label
from kith.data.words import plan_words, plural, words
from kith.screens.base import SectionScreen
from kith.widgets.home_item import HomeItem, Target
from kith.widgets.text import markup, one_line

FIRST_STEPS: tuple[tuple[str, str, Target], ...] = (
    ("Add someone who matters to you", "n", Target("new_contact")),
    ("Take a one-minute check-in", "c", Target("start_checkin")),
    ("Pick a strategy to try this week", "3", Target("strategies")),
)


def _panel(title: str, *children: Widget, id: str) -> Vertical:
    panel = Vertical(*children, id=id, classes="panel")
    panel.border_title = title
    return panel


class HomeScreen(SectionScreen):
    SECTION = "home"
    TITLE_TEXT = "Today at a glance"
    CSS_PATH = "home.tcss"
    # -tall: room for five recent interactions; -taller: and for the weeks at a glance.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (27, "-tall"), (30, "-taller")]

    data: HomeData | None = None

    BINDINGS = [
        Binding("l", "log_interaction", "Log", id="home.log"),
        Binding("c", "check_in", "Check in", id="home.checkin"),
        Binding("x", "follow_up_done", "Follow-up done", show=False, id="home.follow-up-done"),
        Binding("z", "snooze", "Snooze (not now)", show=False, id="home.snooze"),
        Binding("n", "new_contact", "New person", show=False, id="home.new"),
        Binding("down,j", "move(1)", "Next item", show=False, id="home.down"),
        Binding("up,k", "move(-1)", "Previous item", show=False, id="home.up"),
        Binding("right", "side(1)", "Box on the right", show=False, id="home.right"),
        Binding("left", "side(-1)", "Box on the left", show=False, id="home.left"),
    ]

    def compose_body(self) -> Iterable[Widget]:
        # A plain container that scrolls (overflow in home.tcss) rather than a
        # VerticalScroll, whose arrow-key bindings would take up/down from the items.
        with Vertical(id="home-body"):
            yield Static(id="home-today")
            yield Static(id="home-sync")
            with Vertical(id="first-steps", classes="panel"):
                yield Static(
                    Content(
                        "Kith helps you keep the people who matter close, one small step "
                        "at a time. Three ways to begin:"
                    ),
                    id="first-intro",
                )
                for index, (text, key, target) in enumerate(FIRST_STEPS):
                    yield HomeItem(
                        Content.assemble((f"{index + 1}  ", "bold $text-accent"), text),
                        target,
                        right=Content.styled(key, "dim"),
                        id=f"step-{index}",
                    )
                yield Static(
                    Content(
                        "Move with the arrow keys, press enter to start. Everything stays "
                        "on this computer."
                    ),
                    id="first-note",
                )
            with Horizontal(classes="home-row", id="row-top"):
                yield _panel("Check-in", HomeItem(id="item-checkin"), id="panel-checkin")
                yield _panel(
                    "Reach out",
                    *(HomeItem(id=f"reach-{i}") for i in range(REACH_OUT_SHOWN)),
                    Static(id="reach-note", classes="note"),
                    id="panel-reach",
                )
            with Horizontal(classes="home-row", id="row-middle"):
                yield _panel("This week's plan", HomeItem(id="item-plan"), id="panel-plan")
                yield _panel(
                    "Birthdays, next two weeks",
                    *(HomeItem(id=f"birthday-{i}") for i in range(BIRTHDAYS_SHOWN)),
                    Static(id="birthday-note", classes="note"),
                    id="panel-birthdays",
                )
            yield _panel(
                "Recently",
                *(
                    HomeItem(id=f"recent-{i}", classes="extra" if i >= 3 else None)
                    for i in range(RECENT_SHOWN)
                ),
                Static(id="recent-note", classes="note"),
                id="panel-recent",
            )
            yield _panel("Your weeks", HomeItem(id="item-weeks"), id="panel-weeks")
            yield Static(id="home-insight")

    # -- data ------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        settings = self.store.settings.get()
        data = build_home(
            contacts=self.store.contacts.list(),
            interactions=self.store.interactions.list(),
            checkins=self.store.checkins.list(),
            plan_items=self.store.plan.list(),
            checkin_rhythm_days=settings.checkin_rhythm_days,
            insights_weeks=settings.insights_weeks,
            today=today(self.clock),
            tz=self.clock.tz,
            index=self.store.interactions.index(),
        )
        self.data = data
        self.set_class(data.empty, "-empty")
        self._show_today(data)
        self._show_sync()
        self._show_checkin(data)
        self._show_plan(data)
        self._show_reach_out(data)
        self._show_birthdays(data)
        self._show_recent(data)
        self._show_weeks(data)
        self.query_one("#home-insight", Static).update(
            Content.assemble(("✦ ", "$text-accent"), (data.insight, "italic"))
        )
        self.call_after_refresh(self._keep_focus)

    def _keep_focus(self) -> None:
        """Focus the first item when nothing visible has focus (at start, after changes)."""
        chain = self.focus_chain
        focused = self.focused
        if isinstance(focused, HomeItem) and focused.target is not None and focused in chain:
            return
        # The first in page order (the chain's order comes from the layout, which may not
        # be up to date for boxes that have just been shown).
        for item in self.query(HomeItem):
            if item in chain:
                item.focus(scroll_visible=False)
                return

    def _show_today(self, data: HomeData) -> None:
        day = data.today
        heading = Content.styled(f"{day:%A} {day.day} {day:%B}", "bold")
        if data.empty:
            line = Content("Welcome. Nothing here yet, and that is a fine place to start.")
        else:
            points = today_points(data)
            if points:
                text = "; ".join(points)
                line = Content.assemble(
                    ("Today: ", "bold $text-accent"), text[0].upper() + text[1:]
                )
                line = line.append(".")
            else:
                line = Content("Nothing pressing today. Enjoy the people around you.")
        self.query_one("#home-today", Static).update(Content("\n").join([heading, line]))

    def _show_sync(self) -> None:
        """A quiet line while records changed on two machines wait to be chosen (sync);
        counted from memory, never from the sync folder."""
        from kith.data.sync import collisions_waiting

        count = collisions_waiting(self.store)
        line = self.query_one("#home-sync", Static)
        line.set_class(bool(count), "-shown")
        if count:
            records = "1 record" if count == 1 else f"{count} records"
            line.update(Content(words().sync.home_waiting.format(records=records)))

    def _show_checkin(self, data: HomeData) -> None:
        glance = data.checkin
        item = self.query_one("#item-checkin", HomeItem)
        last = glance.latest
        if last is None:
            item.show(
                Content.assemble(
                    due_words(glance),
                    "\n",
                    ("It takes a minute: press enter.", "dim"),
                ),
                Target("start_checkin"),
            )
            return
        taken = last.taken_at.astimezone(self.clock.tz).date()
        when = Content.assemble(
            (glance.instrument_name, "bold"), ("  " + since_label(taken, data.today), "dim")
        )
        words = reading(last)
        trend = (sparkline(glance.trend, glance.low, glance.high), "$text-accent")
        if words.own_words_lead:
            # The person's own answer says more than the band: it comes first, the
            # score second, and the trend moves up beside the day.
            score = Content.assemble((words.home, "bold"), f" · {last.total} of {glance.high}")
            when = Content.assemble(when, "  ", trend)
        else:
            score = Content.assemble(
                (f"{last.total} of {glance.high}", "bold"), ", ", words.home, "  ", trend
            )
        change = Content.styled(change_words(glance.change).capitalize(), "dim")
        if safety_rule_met(last):
            # A high score: support first, gently; the change moves up beside the trend.
            if glance.change:
                score = score.append(Content.styled(f" {glance.change:+d}", "dim"))
            change = Content.assemble(
                ("A heavy time? ", "dim"), ("Press ! for support.", "$text-accent")
            )
        if glance.due:
            status = Content.assemble(
                (due_words(glance), "bold $text-success"), (" Press enter.", "dim")
            )
            target = Target("start_checkin")
        else:
            status = Content.styled(due_words(glance), "dim")
            target = Target("checkin")
        item.show(Content("\n").join([when, score, change, status]), target)

    def _show_plan(self, data: HomeData) -> None:
        plan = data.plan
        item = self.query_one("#item-plan", HomeItem)
        if not plan.total:
            item.show(
                Content.assemble(
                    "Nothing planned this week yet.\n",
                    ("Press enter to pick a small action.", "dim"),
                ),
                Target("plan"),
            )
            return
        width = 10
        filled = round(width * plan.done / plan.total)
        progress = Content.styled(plan_words(plan.done, plan.total) + " ", "bold")
        if plan.done:  # a bar only for what is done: never a row of empty boxes
            progress = progress.append(
                Content.assemble(
                    ("█" * filled, "$text-success"), ("░" * (width - filled), "$success 30%")
                )
            )
        if plan.next_up:
            upcoming = Content.assemble(("Next: ", "dim"), one_line(plan.next_up[0].text, 200))
        elif plan.done == plan.total:
            upcoming = Content.styled("All done this week. Well done.", "dim")
        else:
            upcoming = Content.styled("Nothing left to do this week.", "dim")
        item.show(Content("\n").join([progress, upcoming]), Target("plan"))

    def _show_reach_out(self, data: HomeData) -> None:
        # Follow-ups whose day has come first ("Sam: ask how the interview went").
        self._follow_ups: dict[str, tuple[str, FollowUp]] = {}
        shown_follow_ups = data.follow_ups[:REACH_OUT_SHOWN]
        for index, (contact, follow_up) in enumerate(shown_follow_ups):
            item = self.query_one(f"#reach-{index}", HomeItem)
            self._follow_ups[item.id or ""] = (contact.id, follow_up)
            due = follow_up.due
            when = "today" if due == data.today else f"since {due.day} {due:%b}"
            item.show(
                markup("$name: $text", name=contact.name, text=follow_up.text),
                Target("contact", contact.id),
                right=Content.styled(when, "dim"),
            )
        offset = len(shown_follow_ups)
        for index in range(offset, REACH_OUT_SHOWN):
            item = self.query_one(f"#reach-{index}", HomeItem)
            if index - offset < len(data.reach_out):
                summary = data.reach_out[index - offset]
                item.show(
                    Content(summary.contact.name),
                    Target("contact", summary.contact.id),
                    right=Content.styled(reach_label(summary, data.today), "dim"),
                )
            else:
                item.show(Content(""), None)
        note = self.query_one("#reach-note", Static)
        more = data.reach_out_more + max(0, len(data.reach_out) - (REACH_OUT_SHOWN - offset))
        more += max(0, len(data.follow_ups) - REACH_OUT_SHOWN)
        if more:
            note.update(Content(f"and {more} more due in People (4)"))
        elif not data.reach_out and data.has_rhythms:
            note.update(Content("No one is due. Everyone is in touch for now."))
        elif not data.reach_out and data.has_people:
            note.update(
                Content("Give people a keep-in-touch rhythm (in People, e) to see who is due.")
            )
        elif not data.reach_out:
            note.update(Content("Add people and give them a keep-in-touch rhythm (n)."))
        note.display = bool(more or not (data.reach_out or data.follow_ups))

    def _show_birthdays(self, data: HomeData) -> None:
        # Birthdays and named dates (an anniversary) together, soonest first.
        rows: list[tuple[date, Content, str, str]] = [
            (day, Content(contact.name), contact.id, birthday_words(contact, day, data.today))
            for contact, day in data.birthdays
        ]
        for contact, named, day in data.dates:
            years = years_since(named, day)
            words = soon_words(day, data.today)
            words = f"{words}, {years} years" if years else words
            rows.append((day, Content(f"{contact.name}: {named.name}"), contact.id, words))
        rows.sort(key=lambda row: row[0])
        for index in range(BIRTHDAYS_SHOWN):
            item = self.query_one(f"#birthday-{index}", HomeItem)
            if index < len(rows):
                _, name, contact_id, words = rows[index]
                item.show(name, Target("contact", contact_id), right=Content.styled(words, "dim"))
            else:
                item.show(Content(""), None)
        panel = self.query_one("#panel-birthdays")
        panel.border_title = (
            "Coming up, next two weeks" if data.dates else "Birthdays, next two weeks"
        )
        note = self.query_one("#birthday-note", Static)
        note.update(Content("No birthdays in the next two weeks."))
        note.display = not rows

    def _show_recent(self, data: HomeData) -> None:
        for index in range(RECENT_SHOWN):
            item = self.query_one(f"#recent-{index}", HomeItem)
            if index < len(data.recent):
                recent = data.recent[index]
                interaction = recent.interaction
                day = interaction.date
                names = names_label(recent.names) if recent.names else "someone since removed"
                how = [interaction.mode.label]
                if interaction.felt is not None:
                    how.append(FELT_LABELS[interaction.felt].lower())
                target = (
                    Target("contact", recent.contact_id) if recent.contact_id else Target("people")
                )
                item.show(
                    Content.assemble((f"{day:%a} {day.day:>2} {day:%b}  ", "dim"), names),
                    target,
                    right=Content.styled(", ".join(how), "dim"),
                )
            else:
                item.show(Content(""), None)
        note = self.query_one("#recent-note", Static)
        note.update(
            Content("Nothing logged yet. Press l after time with someone.")
            if data.has_people
            else Content("Once you add people, the times you spend together show here.")
        )
        note.display = not data.recent

    def _show_weeks(self, data: HomeData) -> None:
        weeks = data.weeks
        top = max(weeks.interactions, default=0)
        line = Content.assemble(
            (f"Last {len(weeks.interactions)} weeks ", "bold"),
            (sparkline(weeks.interactions, 0, max(top, 1)), "$text-primary"),
            f"  {plural(sum(weeks.interactions), 'interaction')}",
        )
        # No in-person share here: a percentage of a few weeks reads as a grade
        # (issue 14); Insights describes it once there is enough to mean something.
        if weeks.link_r is not None:
            link = f"{home_link(weeks.link_r)} {words().link.home_more}"
        else:
            link = (
                f"Your connection and wellbeing: {weeks.link_pairs} of {weeks.link_needed} "
                "weeks so far. Press enter for your charts."
            )
        self.query_one("#item-weeks", HomeItem).show(
            Content("\n").join([line, Content.styled(link, "dim")]), Target("insights")
        )

    # -- moving and opening -----------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if step > 0:
            self.focus_next(HomeItem)
        else:
            self.focus_previous(HomeItem)

    def action_side(self, step: int) -> None:
        """Jump to the box beside this one (Check-in and Reach out, Plan and Birthdays)."""
        focused = self.focused
        panel = focused.parent if isinstance(focused, HomeItem) else None
        row = panel.parent if panel is not None else None
        if not isinstance(row, Horizontal) or not isinstance(panel, Widget):
            return
        panels = list(row.children)
        index = panels.index(panel) + step
        if 0 <= index < len(panels):
            for item in panels[index].query(HomeItem):
                if item in self.focus_chain:
                    item.focus()
                    return

    @on(HomeItem.Opened)
    def _opened(self, event: HomeItem.Opened) -> None:
        self.open(event.target)

    def open(self, target: Target) -> None:
        kind = target.kind
        if kind == "contact" and target.key in self.store.contacts:
            from kith.screens.contact_pages import show_contact  # on first use (issue 9)

            show_contact(self.app, self.store, self.clock, target.key)
        elif kind == "start_checkin":
            self._app_action("start_checkin('quick')")
        elif kind == "checkin":
            self._app_action("section('checkin')")
        elif kind in ("plan", "strategies"):
            self._app_action("section('strategies')")
        elif kind == "new_contact":
            self._app_action("new_contact")
        elif kind == "insights":
            self._app_action("section('insights')")
        elif kind in ("people", "contact"):
            self._app_action("section('people')")

    def _app_action(self, action: str) -> None:
        """Run one of the app's actions (switching sections, starting a check-in)."""
        self.call_later(self.app.run_action, action)

    def action_log_interaction(self) -> None:
        """Log an interaction; on a person's line, with that person filled in."""
        people = []
        focused = self.focused
        if isinstance(focused, HomeItem) and focused.target and focused.target.kind == "contact":
            contact = self.store.contacts.get(focused.target.key)
            if contact is not None:
                people.append(contact)
        from kith.screens.people_actions import open_log_form  # on first use (issue 9)

        open_log_form(cast("Screen[object]", self), self.store, self.clock, people=people)

    def action_follow_up_done(self) -> None:
        """On a follow-up's line: it is done, and leaves Home (u brings it back)."""
        focused = self.focused
        shown = getattr(self, "_follow_ups", {})
        chosen = shown.get(focused.id or "") if isinstance(focused, HomeItem) else None
        contact = self.store.contacts.get(chosen[0]) if chosen else None
        if chosen is None or contact is None:
            return
        kept = [item for item in contact.follow_ups if item != chosen[1]]
        from kith.data.errors import StoreError

        said = f"The follow-up '{chosen[1].text}' is back."
        try:
            with self.store.undo.recording(self.store, said):
                self.store.contacts.update(contact.model_copy(update={"follow_ups": kept}))
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self.notify(f"Done: {chosen[1].text}. Press u to undo.", markup=False)

    def action_snooze(self) -> None:
        """On a person's line: not now, for a week, two, a month or a chosen day."""
        focused = self.focused
        if not (isinstance(focused, HomeItem) and focused.target):
            return
        contact = self.store.contacts.get(focused.target.key)
        if focused.target.kind == "contact" and contact is not None:
            from kith.screens.snooze import snooze

            snooze(cast("Screen[object]", self), self.store, contact, today(self.clock))

    def action_check_in(self) -> None:
        self.open(Target("start_checkin"))

    def action_new_contact(self) -> None:
        self.open(Target("new_contact"))
