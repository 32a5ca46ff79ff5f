"""`python -m bot.cli` runs the `socialops` command."""

from bot.cli import main

raise SystemExit(main())
