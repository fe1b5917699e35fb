"""kehoach: extraction pipeline for Vietnamese administrative plans (Kế hoạch).

Data flows one way: ingest → normalize → segment → extract → resolve → export.

The Python API (imported lazily, so `import extract` stays cheap):

- `extract_file(path) -> Record`: one plan;
- `extract_folder(path, out_dir=None, **options) -> BatchResult`: every plan of
  a folder (recursive), with `.records` and `.failed`; records, workbook and
  CSVs are written to `out_dir` when given;
- `to_frames(records) -> dict of pandas DataFrames` (documents, legal_bases,
  tasks, task_agencies, deadlines, errors);
- `ingest(path) -> Document`: the normalized text and structure only.
"""

__version__ = "0.1.0"

__all__ = ["extract_file", "extract_folder", "to_frames", "ingest", "__version__"]


def __getattr__(name):
    if name == "extract_file":
        from .pipeline import extract_file

        return extract_file
    if name == "extract_folder":
        from .batch import extract_folder

        return extract_folder
    if name == "to_frames":
        from .export import to_frames

        return to_frames
    if name == "ingest":
        from .ingest import ingest

        return ingest
    raise AttributeError(name)
