"""CI's smoke check of the built wheel, run by .ci/run from outside the checkout.

It proves the installed package is whole: the version, the content files, every
stylesheet a screen names, and the demo app opened headless as far as Home with
its data. It also proves that a distribution owning top-level ``app`` and
``data`` packages, installed beside Kith, breaks neither.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import sys
import tempfile
from pathlib import Path


def check_files() -> None:
    import kith
    import kith.screens
    from kith.data import content, instruments, strategies

    assert not str(Path(kith.__file__)).startswith(sys.argv[1]), "kith came from the checkout"
    content.crisis_resources()
    instruments.instrument_set()
    strategies.strategies_content()
    for info in pkgutil.iter_modules(kith.screens.__path__, "kith.screens."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            css = getattr(value, "CSS_PATH", None)
            if isinstance(css, str) and getattr(value, "__module__", "") == info.name:
                path = Path(module.__file__).with_name(css)
                assert path.is_file(), f"{info.name} names {css}, not installed"
    import kith.app

    assert (Path(kith.app.__file__).with_name("app.tcss")).is_file()


async def open_demo_home() -> None:
    from functools import partial

    from kith.app.app import KithApp
    from kith.app.main import open_store
    from kith.data.demo import build_demo_store
    from kith.screens.home import HomeScreen

    folder = Path(tempfile.mkdtemp(prefix="kith-smoke-"))
    build_demo_store(folder)
    app = KithApp(opener=partial(open_store, folder), demo=True, show_welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(600):  # a state, not a time: Home with its data
            screen = app.screen
            if isinstance(screen, HomeScreen) and app.opened_store is not None:
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError("Home never opened")
        await app.workers.wait_for_complete()
        await pilot.pause()
    if app.opened_store is not None:
        app.opened_store.close()


def main() -> int:
    check_files()
    asyncio.run(open_demo_home())
    if len(sys.argv) > 2 and sys.argv[2] == "--neighbour":
        import app  # the other distribution's package, untouched by Kith
        import data

        assert app.OWNER == "neighbour" and data.OWNER == "neighbour"
    print("smoke: kith installed whole, demo Home opened")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
