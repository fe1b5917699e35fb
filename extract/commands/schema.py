"""`kehoach schema`: print the JSON Schema of the records `extract` writes."""

from __future__ import annotations

import json


def run(args) -> int:
    from ..record import record_json_schema

    print(json.dumps(record_json_schema(), ensure_ascii=False, indent=2))
    return 0


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of a record", description="Print the JSON Schema (draft 2020-12) of the records that `kehoach extract` writes.")
    p.set_defaults(func=run)
