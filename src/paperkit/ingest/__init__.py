"""Reading-group pages: read the spotlight pages groups already have, then resolve every paper.

```python
group = read_page("examples/reading-group.txt")   # text, Markdown or HTML; a path or the text
page = read_page_report("examples/reading-group.md")
for problem in page.describe_problems():          # entries it had to skip, with their lines
    print(problem)
report = enrich(group)                             # resolve every paper; report what happened
print(report.summary())
```

`read_page` keeps what the page says (title, venue, year, authors, abstract, links; leaders, date
and label on the session) with the provenance source "page"; `enrich` adds what arXiv, Crossref
and DataCite know without losing any of it.
"""

from __future__ import annotations

from paperkit.ingest._detect import FORMATS, PageFormat
from paperkit.ingest._enrich import EnrichReport, PaperOutcome, Reason, enrich
from paperkit.ingest._page import PageProblem, PageReport, read_page, read_page_report

__all__ = [
    "FORMATS",
    "EnrichReport",
    "PageFormat",
    "PageProblem",
    "PageReport",
    "PaperOutcome",
    "Reason",
    "enrich",
    "read_page",
    "read_page_report",
]
