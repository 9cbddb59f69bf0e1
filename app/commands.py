"""Command palette entries: every section and the main actions, by name."""

from __future__ import annotations

from typing import NamedTuple


class PaletteAction(NamedTuple):
    title: str
    help: str
    action: str  # an action string run on the app


PALETTE_ACTIONS: tuple[PaletteAction, ...] = (
    PaletteAction("Home", "Go to Home: today at a glance (1)", "section('home')"),
    PaletteAction("Check-in", "Go to Check-in: history and trend (2)", "section('checkin')"),
    PaletteAction(
        "Strategies", "Go to Strategies and this week's plan (3)", "section('strategies')"
    ),
    PaletteAction("People", "Go to People (4)", "section('people')"),
    PaletteAction("Insights", "Go to Insights (5)", "section('insights')"),
    PaletteAction("New contact", "Add a person to People", "new_contact"),
    PaletteAction("Log an interaction", "Record time spent with someone", "log_interaction"),
    PaletteAction(
        "Start a quick check-in", "Four questions, about a minute", "start_checkin('quick')"
    ),
    PaletteAction(
        "Start an in-depth check-in",
        "Six questions on emotional and social loneliness",
        "start_checkin('djg6')",
    ),
    PaletteAction("Settings", "Daily reminder, quiet hours and the calendar feed (,)", "settings"),
    PaletteAction(
        "Changed on another machine",
        "Records changed here and on your other machine at once: look and choose (sync)",
        "changed_elsewhere",
    ),
    PaletteAction(
        "Search everything",
        "Find a word in people, interaction notes, reflections and check-in notes",
        "search_everything",
    ),
    PaletteAction("Support and crisis resources", "Helplines and your own list (!)", "support"),
    PaletteAction(
        "My safety plan", "Your own plan for a very hard moment (! then p)", "safety_plan"
    ),
    PaletteAction(
        "Look again at a hard moment",
        "A thought record, step by step, and the ones you saved (3 then r)",
        "rethink",
    ),
    PaletteAction("Help", "Every key (?)", "help"),
)
