"""``kith safety-plan``: the person's safety plan as plain text. No Textual import."""

from __future__ import annotations

import argparse

from kith.app import cli
from kith.app.cli_crypto import key_for
from kith.data.models import SafetyPlan
from kith.data.safety_plan import plan_text, read_safety_plan, safety_plan_content
from kith.data.store import STORE_FILE


def safety_plan(args: argparse.Namespace) -> int:
    folder = cli.data_dir(args)
    key = key_for(folder, args)
    plan = read_safety_plan(folder / STORE_FILE, key) or SafetyPlan()  # read-only, no lock
    if not plan.has_content():
        print(safety_plan_content().cli_empty)
        print()
    print(plan_text(plan), end="")
    return 0
