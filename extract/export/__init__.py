"""Export: records -> JSON files, tables (pandas), workbook and CSV.

The columns of every table are data: `rules/export/columns.tsv` (headers in
Vietnamese and English and what each column means).
"""

from .files import atomic_write_bytes, atomic_write_text, sidecar_name, write_record
from .tables import TABLES, columns, to_frames
from .workbook import write_csvs, write_workbook

__all__ = [
    "TABLES",
    "atomic_write_bytes",
    "atomic_write_text",
    "columns",
    "sidecar_name",
    "to_frames",
    "write_csvs",
    "write_record",
    "write_workbook",
]
