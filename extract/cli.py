"""The `kehoach` command line.

Each subcommand lives with the module that does its job: a module in
`COMMANDS` defines `register(subparsers)`, which adds its parser and sets
`func`. `main` turns every `KehoachError` into one line on stderr.
Exit codes (extract/errors.py): 0 success, 1 some input failed, 2 bad
usage, 3 the output cannot be written, 4 a dependency is missing, 130
interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .commands.options import EXIT_CODES
from .errors import KehoachError

# module (under extract.) -> registers one or more subcommands
COMMANDS = ["commands.text", "commands.extract", "commands.evaluate", "commands.schema", "commands.review", "commands.register", "commands.query", "commands.compare", "commands.export", "commands.calendar"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kehoach",
        description="Extract structured records from Vietnamese administrative plans (Kế hoạch).",
        epilog=EXIT_CODES,  # extract/commands/options.py
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kehoach {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except KehoachError as e:
        from .paths import shown

        print(f"error: {shown(str(e))}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
