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

from typing import TYPE_CHECKING

from paperkit import _lazy

if TYPE_CHECKING:  # first: the reference lists the names in this order
    from paperkit.bulk._dask import ChunkResult, join_parts, papers_bag, write_partitions
    from paperkit.bulk._oai import HarvestReader, harvest
from paperkit.bulk._records import paper_from_record
from paperkit.bulk._report import BulkReport, Problem
from paperkit.bulk._run import run_bulk
from paperkit.bulk._snapshot import Chunk, SnapshotReader, read_snapshot, split_snapshot
from paperkit.bulk._writers import FORMATS, OutputFormat, PaperWriter, write_papers

# harvesting loads the HTTP stack, the Dask pipeline its own glue: imported on first use, so
# that reading a snapshot (and `paperkit bulk` on one core) starts without them
_HOMES = {
    "ChunkResult": "paperkit.bulk._dask",
    "join_parts": "paperkit.bulk._dask",
    "papers_bag": "paperkit.bulk._dask",
    "write_partitions": "paperkit.bulk._dask",
    "HarvestReader": "paperkit.bulk._oai",
    "harvest": "paperkit.bulk._oai",
}
__getattr__ = _lazy.attribute_importer(globals(), _HOMES)
__dir__ = _lazy.attribute_lister(globals(), _HOMES)

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
