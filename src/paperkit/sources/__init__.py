"""One module per service, each translating that service's answers into `Paper` models.

The modules hold no policy (pacing, retries, caching live in `paperkit._http`); each offers a pure
mapper usable on recorded data: `arxiv.paper_from_result`, `crossref.paper_from_work`,
`datacite.paper_from_doi_record` and `csl.paper_from_csl`.
"""
