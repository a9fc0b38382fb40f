"""arXiv in bulk: the whole metadata snapshot as a stream, OAI-PMH updates, and Dask.

- `read_snapshot` streams the papers of arXiv's JSON-lines snapshot (plain or gzip) in constant
  memory; bad lines are skipped and described, with their line numbers, in a `BulkReport`.
- `harvest` reads updates from arXiv's OAI-PMH interface (``metadataPrefix=arXiv``), paced like
  the arXiv API, following resumption tokens and honouring ``Retry-After``.
- `write_papers` / `PaperWriter` write JSON lines, BibTeX, CSL-JSON or JSON for millions of
  papers as a stream, atomically.
- `run_bulk` is ``paperkit bulk``: snapshot in, one file out, on one core or on Dask;
  `write_partitions` and `papers_bag` are the Dask pipeline itself (the ``dask`` extra).
- `paper_from_record` is the pure mapping from one record to a `Paper`.
"""

from __future__ import annotations

from paperkit.bulk._dask import ChunkResult, join_parts, papers_bag, write_partitions
from paperkit.bulk._oai import HarvestReader, harvest
from paperkit.bulk._records import paper_from_record
from paperkit.bulk._report import BulkReport, Problem
from paperkit.bulk._run import run_bulk
from paperkit.bulk._snapshot import Chunk, SnapshotReader, read_snapshot, split_snapshot
from paperkit.bulk._writers import FORMATS, OutputFormat, PaperWriter, write_papers

__all__ = [
    "FORMATS",
    "BulkReport",
    "Chunk",
    "ChunkResult",
    "harvest",
    "HarvestReader",
    "OutputFormat",
    "PaperWriter",
    "Problem",
    "SnapshotReader",
    "join_parts",
    "paper_from_record",
    "papers_bag",
    "read_snapshot",
    "run_bulk",
    "split_snapshot",
    "write_papers",
    "write_partitions",
]
