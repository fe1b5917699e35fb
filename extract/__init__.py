"""kehoach: extraction pipeline for Vietnamese administrative plans (Kế hoạch).

Data flows one way: ingest → normalize → segment → extract → resolve → export.
"""

__version__ = "0.1.0"
