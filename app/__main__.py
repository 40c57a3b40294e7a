"""``python -m app``: the window, or a headless command when one is given."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
