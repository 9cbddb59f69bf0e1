"""Settings: the daily reminder (whether it is installed, its time, quiet hours, what
counts) and the calendar feed Kith keeps up to date. ``ctrl+s`` saves, ``escape``
cancels; reached with ``,`` or from the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from kith.data import schedule
from kith.data.calendar_feed import FEED_FILE
from kith.data.errors import StoreError
from kith.data.models import Settings
from kith.data.models.settings import FeedSettings, ReminderSettings
from kith.data.reminders import clock_label, parse_clock
from kith.data.schedule import Installed, Outcome, Runner
from kith.data.store import Store
from kith.screens.form import FieldErrors, FormField, FormScreen
from kith.screens.settings_encryption import encryption_section
from kith.screens.sync_settings import SyncSection

KIND_WORDS = {
    "systemd": "a systemd user timer",
    "launchd": "a launchd agent",
    "cron": "cron",
}


def installed_text(status: Installed) -> str:
    """Whether the daily reminder is set up, in words."""
    if status.installed:
        files = ", ".join(str(path) for path in status.files)
        return f"The daily reminder is installed ({KIND_WORDS[status.kind]}: {files})."
    if status.kind == "cron":
        return (
            "The daily reminder is not set up here. kith remind --install prints the crontab "
            "line to add."
        )
    return (
        "The daily reminder is not installed. Turn it on here, or in a shell: kith remind --install"
    )


def outcome_text(outcome: Outcome, installing: bool) -> str:
    """What installing or removing did, naming every file."""
    files = " and ".join(str(path) for path in outcome.paths)
    if installing:
        if outcome.started:
            return f"Wrote {files}. The daily reminder is on."
        return f"Wrote {files}, but the service manager did not answer; run: {outcome.hint}"
    if not outcome.paths:
        return "The daily reminder was not installed; nothing to remove."
    return f"Removed {files}. The daily reminder is off."


def _time_text(minute: int | None) -> str:
    return "" if minute is None else clock_label(minute)


class SettingsScreen(FormScreen[Settings]):
    FORM_TITLE = "Settings"
    CSS_PATH = "settings.tcss"

    def __init__(
        self,
        store: Store,
        reminders: Installed,
        runner: Runner = schedule.run_quietly,
        *,
        can_install: bool = True,
    ) -> None:
        """``can_install``: False in the demo, whose data folder goes when it closes."""
        super().__init__()
        self.store = store
        self.reminders_installed = reminders
        self.can_install = can_install
        self.runner = runner  # runs systemctl --user / launchctl (tests hand in a fake)

    def compose_fields(self) -> Iterable[Widget]:
        settings = self.store.settings.get()
        reminders, feed = settings.reminders, settings.feed
        yield Static(Content("Daily reminder"), classes="settings-heading")
        yield Static(Content(installed_text(self.reminders_installed)), id="reminder-status")
        if self.reminders_installed.kind != "cron" and self.can_install:
            yield Button(self._button_label(), id="reminder-install", compact=True)
            yield Static("", id="reminder-outcome")
        elif not self.can_install:
            yield Static(
                Content("This is the demo: its data goes when it closes, so install nothing here."),
                id="reminder-outcome",
                classes="-shown",
            )
        with Horizontal(classes="settings-row"):
            yield self.field("at", "Remind me at", Input(clock_label(reminders.at_minute), id="at"))
            yield self.field(
                "quiet_start",
                "Quiet hours from",
                Input(_time_text(reminders.quiet_start), placeholder="none", id="quiet-start"),
            )
            yield self.field(
                "quiet_end",
                "until",
                Input(_time_text(reminders.quiet_end), placeholder="none", id="quiet-end"),
            )
        yield Static(
            Content(
                "One calm notification a day, at this time or soon after; nothing pops up "
                "in quiet hours. It mentions:"
            ),
            classes="field-hint",
        )
        with Horizontal(classes="settings-row"):
            yield self.check("birthdays", "Birthdays", reminders.birthdays)
            yield self.check("reach_out", "People you hoped to hear from", reminders.reach_out)
        with Horizontal(classes="settings-row"):
            yield self.check("checkin", "A check-in, by your rhythm", reminders.checkin)
            yield self.check("plan", "Today's planned actions", reminders.plan)
        yield Static(Content("Calendar feed"), classes="settings-heading")
        yield self.check(
            "feed_enabled",
            "Keep a calendar file up to date",
            feed.enabled,
            hint=f"After every save Kith rewrites {FEED_FILE} in this folder (private to "
            "you), for a calendar app to subscribe to.",
        )
        with Horizontal(classes="settings-row"):
            yield self.field(
                "feed_folder",
                "Folder",
                Input(feed.folder, placeholder="~/Calendars", id="feed-folder"),
            )
            yield self.field(
                "feed_alarm",
                "Alert at",
                Input(_time_text(feed.alarm_minute), placeholder="none", id="feed-alarm"),
            )
        with Horizontal(classes="settings-row"):
            yield self.check("feed_reach_out", "Reach-out days", feed.reach_out)
            yield self.check("feed_full_names", "Full names (else initials)", feed.full_names)
        yield from encryption_section(self.store.key is not None)
        yield SyncSection(self.store, can_enable=self.can_install)  # its own keys, not ctrl+s

    def _button_label(self) -> str:
        if self.reminders_installed.installed:
            return "Turn the daily reminder off"
        return "Turn the daily reminder on"

    @on(Button.Pressed, "#reminder-install")
    def _install_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.button.disabled = True
        installing = not self.reminders_installed.installed
        kind = self.reminders_installed.kind
        data_dir = self.store.data_dir

        def work() -> None:  # in a thread: files, then the service manager (up to 30 s)
            try:
                if installing:
                    outcome = schedule.install(data_dir, self.runner, kind)
                else:
                    outcome = schedule.uninstall(self.runner, kind)
                text = outcome_text(outcome, installing)
            except (OSError, StoreError) as error:
                text = f"That did not work: {error}"
            self.app.call_from_thread(self._install_done, text, kind)

        self.run_worker(work, thread=True, exclusive=True, group="reminder-install")

    def _install_done(self, text: str, kind: schedule.Kind) -> None:
        self.reminders_installed = schedule.installed(kind)
        self.query_one("#reminder-status", Static).update(
            Content(installed_text(self.reminders_installed))
        )
        outcome = self.query_one("#reminder-outcome", Static)
        outcome.update(Content(text))
        outcome.add_class("-shown")
        button = self.query_one("#reminder-install", Button)
        button.label = Content(self._button_label())
        button.disabled = False
        button.focus()  # it lost focus while it was disabled

    def check(self, name: str, label: str, value: bool, hint: str = "") -> FormField:
        """A checkbox field: its label is on the box."""
        box = Checkbox(Content(label), value, id=name.replace("_", "-"))
        form_field = self.field(name, "", box, hint)
        form_field.add_class("-checkbox")
        return form_field

    @staticmethod
    def _minute(values: dict[str, Any], name: str, errors: dict[str, str]) -> int | None:
        text = str(values[name]).strip()
        if not text:
            return None
        try:
            return parse_clock(text)
        except ValueError as error:
            errors[name] = str(error)
            return None

    def submit(self, values: dict[str, Any]) -> Settings:
        errors: dict[str, str] = {}
        at = self._minute(values, "at", errors)
        if at is None and "at" not in errors:
            errors["at"] = "Please type a time, like 9:00."
        quiet_start = self._minute(values, "quiet_start", errors)
        quiet_end = self._minute(values, "quiet_end", errors)
        if (quiet_start is None) != (quiet_end is None) and not errors:
            missing = "quiet_end" if quiet_end is None else "quiet_start"
            errors[missing] = "Please give both times, or leave both empty."
        alarm = self._minute(values, "feed_alarm", errors)
        folder = str(values["feed_folder"]).strip()
        if values["feed_enabled"]:
            if not folder:
                errors["feed_folder"] = "Choose a folder for the calendar file."
            elif not Path(folder).expanduser().is_dir():
                errors["feed_folder"] = f"There is no folder {folder}; create it first."
        if errors:
            raise FieldErrors(errors)
        assert at is not None
        try:  # the fields were checked above; what is left is the model's own word
            reminders = ReminderSettings(
                at_minute=at,
                quiet_start=quiet_start,
                quiet_end=quiet_end,
                birthdays=values["birthdays"],
                reach_out=values["reach_out"],
                checkin=values["checkin"],
                plan=values["plan"],
            )
            feed = FeedSettings(
                enabled=values["feed_enabled"],
                folder=folder,
                reach_out=values["feed_reach_out"],
                full_names=values["feed_full_names"],
                alarm_minute=alarm,
            )
        except ValidationError as error:
            first = error.errors()[0]
            message = str(first.get("msg", "")).removeprefix("Value error, ")
            raise FieldErrors({"feed_folder": message}) from None
        return self.store.settings.change(reminders=reminders.model_dump(), feed=feed.model_dump())
