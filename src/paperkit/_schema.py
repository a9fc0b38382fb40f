"""JSON Schema files for paperkit's models, committed in ``docs/schema/``.

The files describe the JSON that ``Model.model_dump_json()`` writes and ``model_validate_json``
reads, so other tools can check paperkit's output. Regenerate them after changing a model, from
the root of a checkout::

    python -m paperkit._schema            # writes docs/schema/*.schema.json
    python -m paperkit._schema --check    # exit status 1 when a file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from pydantic import BaseModel

from paperkit.models import Author, Paper, ReadingGroup, Session, Venue

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: Final[Mapping[str, type[BaseModel]]] = {
    "author.schema.json": Author,
    "venue.schema.json": Venue,
    "paper.schema.json": Paper,
    "session.schema.json": Session,
    "reading-group.schema.json": ReadingGroup,
}
"""File name -> model, one file per model."""
DEFAULT_DIRECTORY: Final = Path("docs/schema")
REGENERATE: Final = "python -m paperkit._schema"
"""The command that rewrites the files, for messages about stale ones."""


def render_schemas() -> dict[str, str]:
    """The text of every schema file, keyed by file name; deterministic for one pydantic version."""
    rendered = {}
    for filename, model in SCHEMA_FILES.items():
        schema = {"$schema": SCHEMA_DIALECT, **model.model_json_schema(mode="validation")}
        rendered[filename] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return rendered


def stale_files(directory: Path) -> list[str]:
    """Names of the schema files in `directory` that are missing or differ from the models."""
    return [
        filename
        for filename, text in render_schemas().items()
        if not (directory / filename).is_file()
        or (directory / filename).read_text(encoding="utf-8") != text
    ]


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema file into `directory` (created if needed) and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in render_schemas().items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schema files, or with ``--check`` report stale ones; returns the exit status."""
    parser = argparse.ArgumentParser(prog=REGENERATE, description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIRECTORY)
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.directory)
        for filename in stale:
            print(f"stale: {args.directory / filename} (run `{REGENERATE}`)", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
