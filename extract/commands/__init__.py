"""Subcommands of `kehoach`, one module each (see `extract.cli`)."""
