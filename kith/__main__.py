"""``python -m kith`` runs the same entry point as the ``kith`` command."""

from kith.app.main import main

if __name__ == "__main__":
    raise SystemExit(main())
