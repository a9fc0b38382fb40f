"""A realistic batch for the fault tests and ``benchmarks/faults.py``: 200 arXiv ids and 100 DOIs.

`write_corpus` writes, into a temporary replay root (never ``tests/fixtures``), one arXiv Atom
entry per paper and one Crossref work, DataCite record or doi.org CSL-JSON item per DOI, in the
shapes of the project's own fixtures under ``tests/fixtures/http/``: varied author lists (some
with non-ASCII names), hard-wrapped abstracts, several versions, comments and journal refs that
name venues, published-version DOIs, JATS abstracts, proceedings with events. The inputs are
written the ways people paste them (bare ids, ``arXiv:`` prefixes, abs and PDF URLs, versions,
``doi:`` prefixes, doi.org URLs, arXiv DOIs), every input names a different paper, and a few name
papers that no service knows, so a run has a known right answer for every input.

`inject_faults` makes a given share of requests to every service fail at random.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replay import ReplayServer, doi_file_name

__all__ = [
    "ARXIV_FAULTS",
    "OTHER_FAULTS",
    "Corpus",
    "Expected",
    "inject_faults",
    "write_corpus",
]

ARXIV_FAULTS = ("429", "503", "stall", "reset", "empty", "truncated", "short")
"""What goes wrong with arXiv requests: throttling, outages, stalls, resets, the sporadic empty
feed for ids that exist, and bodies cut short (with and without a matching Content-Length)."""
OTHER_FAULTS = ("429", "503", "stall", "reset", "truncated", "short")
"""The same for Crossref, DataCite and doi.org (an empty Atom feed means nothing to them)."""

_GIVEN = [
    "Ada", "Mei-Lin", "José", "Anneke", "Oluwaseun", "Søren", "Priya", "Tomasz", "Hiroshi",
    "Fatima", "Lucía", "Dmitri", "Chloé", "Kwame", "Ingrid", "Rahul", "Yuki", "Björn", "Amara",
    "Nguyễn Thị", "Zoë", "Mateus", "Elif", "Ciarán",
]  # fmt: skip
_FAMILY = [
    "Lovelace", "Zhou", "Ramírez", "de Vries", "Adeyemi", "Nørgaard", "Raman", "Wójcik",
    "Tanaka", "Haddad", "Fernández", "Volkov", "Dubois", "Mensah", "Lindqvist", "Iyer",
    "Nakamura", "Ström", "Okafor", "Hoa", "van der Berg", "Costa", "Yılmaz", "Ó Briain",
]  # fmt: skip
_ADJECTIVES = [
    "Sparse", "Scalable", "Robust", "Contrastive", "Self-Supervised", "Equivariant", "Efficient",
    "Bayesian", "Causal", "Differentiable", "Hierarchical", "Federated", "Adaptive", "Implicit",
]  # fmt: skip
_METHODS = [
    "Attention Kernels", "Graph Transformers", "Diffusion Models", "Policy Gradients",
    "Mixture-of-Experts Layers", "Neural Operators", "State-Space Models", "Score Matching",
    "Normalizing Flows", "Retrieval Heads", "Low-Rank Adapters", "Energy-Based Models",
]  # fmt: skip
_TASKS = [
    "Long-Context Retrieval", "Protein Folding", "Machine Translation", "Weather Forecasting",
    "Few-Shot Classification", "Molecular Generation", "Speech Separation", "Code Synthesis",
    "Medical Image Segmentation", "Offline Reinforcement Learning", "Anomaly Detection",
]  # fmt: skip
_OLD_MONTHS = ["9204", "9603", "9901", "0011", "0112", "0305", "0410", "0506", "0611", "0702"]
"""Months of old-style ids (the scheme ran from 1991 to March 2007)."""
_CATEGORIES = ["cs.LG", "cs.CL", "cs.CV", "stat.ML", "cs.AI", "q-bio.QM", "physics.ao-ph"]
_COMMENTS = [
    "15 pages, 5 figures",
    "Accepted at ICML 2020",
    "NeurIPS 2021 camera-ready; code at https://github.com/example/repo",
    "Published as a conference paper at ICLR 2019",
    "Submitted to ICLR 2023",
    "CVPR'21 oral",
    "v2: fixed a typo in Eq. (3)",
]
_JOURNAL_REFS = [
    "Nature 521, 436-444 (2015)",
    "Proceedings of the 37th International Conference on Machine Learning, PMLR 119:1597-1607",
    "Advances in Neural Information Processing Systems 30 (NIPS 2017)",
    "J. Mach. Learn. Res. 21 (2020) 1-67",
]
_JOURNALS = [
    ("Journal of Replayed Results", "J. Replay. Res.", "Paperkit Press"),
    ("Transactions on Machine Learning Research", "TMLR", "OpenReview"),
    ("Nature Machine Intelligence", "Nat Mach Intell", "Springer Science and Business Media LLC"),
    ("Neural Computation", "Neural Comput.", "MIT Press"),
]
_EVENTS = [
    ("Proceedings of the 30th ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
     "KDD '24: The 30th ACM SIGKDD Conference on Knowledge Discovery and Data Mining", "ACM"),
    ("2021 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
     "2021 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "IEEE"),
    ("ICASSP 2021 - 2021 IEEE International Conference on Acoustics, Speech and Signal "
     "Processing (ICASSP)", "ICASSP 2021", "IEEE"),
]  # fmt: skip


@dataclass(frozen=True)
class Expected:
    """What one input should give: its paper's title and identifier, or that nobody knows it."""

    title: str | None
    """None when no service knows the paper (the input must fail with `NotFoundError`)."""
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    """The version asked for, or the latest one when the input names none."""
    doi: str | None = None


@dataclass(frozen=True)
class Corpus:
    """The inputs of the batch and the right answer for each."""

    arxiv_inputs: list[str]
    doi_inputs: list[str]
    expected: dict[str, Expected] = field(default_factory=dict)
    spares: dict[str, str] = field(default_factory=dict)
    """arXiv ids outside the batch -> titles, for a second client to fetch meanwhile."""

    @property
    def inputs(self) -> list[str]:
        """All 300 inputs, arXiv ids and DOIs interleaved as a pasted list would have them."""
        mixed = [*self.arxiv_inputs, *self.doi_inputs]
        random.Random(300).shuffle(mixed)
        return mixed

    @property
    def missing(self) -> frozenset[str]:
        """Inputs that no service knows."""
        return frozenset(k for k, v in self.expected.items() if v.title is None)


def _names(rng: random.Random) -> list[tuple[str, str]]:
    count = rng.choice([1, 2, 3, 3, 4, 5, 6, 8, 12])
    return [(rng.choice(_GIVEN), rng.choice(_FAMILY)) for _ in range(count)]


def _title(rng: random.Random, n: int) -> str:
    # the number keeps titles unique, so a paper returned for the wrong input is noticed
    return f"{rng.choice(_ADJECTIVES)} {rng.choice(_METHODS)} for {rng.choice(_TASKS)} ({n})"


def _abstract(rng: random.Random, title: str) -> str:
    sentences = [
        f"We study {title.lower()}.",
        "Existing approaches scale poorly with the length of their inputs and the size of "
        "their training sets, and their failure modes are poorly understood.",
        f"We propose a method that reduces the cost by a factor of {rng.randint(2, 40)} while "
        f"matching the accuracy of strong baselines on {rng.randint(3, 12)} benchmarks.",
        "Our analysis explains when and why the method works, and where it does not.",
    ]
    return " ".join(sentences[: rng.randint(2, 4)])


def _arxiv_entry(rng: random.Random, arxiv_id: str, title: str, versions: int, day: int) -> str:
    authors = "".join(
        f"    <author>\n      <name>{given} {family}</name>\n    </author>\n"
        for given, family in _names(rng)
    )
    categories = rng.sample(_CATEGORIES, rng.randint(1, 3))
    wrapped = textwrap.fill(_abstract(rng, title), width=78)
    extras = ""
    if rng.random() < 0.6:
        extras += f"    <arxiv:comment>{rng.choice(_COMMENTS)}</arxiv:comment>\n"
    if rng.random() < 0.25:
        extras += f"    <arxiv:journal_ref>{rng.choice(_JOURNAL_REFS)}</arxiv:journal_ref>\n"
    if rng.random() < 0.2:
        extras += f"    <arxiv:doi>10.5555/published.{arxiv_id.replace('/', '.')}</arxiv:doi>\n"
    digits = arxiv_id.split("/")[-1]
    year = (1900 if digits[0] == "9" else 2000) + int(digits[:2])
    published = f"{year}-{1 + day % 12:02d}-{1 + day % 28:02d}T{day % 24:02d}:17:42Z"
    updated = f"{year + versions - 1}-{1 + day % 12:02d}-{2 + day % 27:02d}T08:00:00Z"
    category_lines = "".join(
        f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in categories
    )
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{arxiv_id}v{versions}</id>\n"
        f"    <title>{title}</title>\n"
        f"    <updated>{updated}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{arxiv_id}v{versions}" rel="alternate" '
        'type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{arxiv_id}v{versions}" rel="related" '
        'type="application/pdf" title="pdf"/>\n'
        f"    <summary>  {wrapped}\n</summary>\n"
        f"{category_lines}"
        f"    <published>{published}</published>\n"
        f"{extras}"
        f'    <arxiv:primary_category term="{categories[0]}"/>\n'
        f"{authors}"
        "  </entry>\n"
    )


def _crossref_work(rng: random.Random, doi: str, title: str, n: int) -> dict[str, object]:
    year = rng.randint(2015, 2025)
    authors = [
        {
            "given": given,
            "family": family,
            "sequence": "first" if i == 0 else "additional",
            "affiliation": [{"name": "Example University"}] if rng.random() < 0.5 else [],
            **(
                {"ORCID": f"https://orcid.org/0000-0002-{1000 + n:04d}-{1000 + i:04d}"} if i else {}
            ),
        }
        for i, (given, family) in enumerate(_names(rng))
    ]
    message: dict[str, object] = {
        "DOI": doi,
        "prefix": doi.split("/")[0],
        "title": [title],
        "author": authors,
        "issued": {"date-parts": [[year, rng.randint(1, 12), rng.randint(1, 28)]]},
        "published-online": {"date-parts": [[year, rng.randint(1, 12)]]},
        "page": f"{100 + n}-{110 + n}",
        "source": "Crossref",
        "is-referenced-by-count": rng.randint(0, 5000),
        "URL": f"https://doi.org/{doi}",
        "member": "7822",
        "subtitle": [],
        "original-title": [],
        "short-title": [],
    }
    if n % 3:
        journal, short, publisher = rng.choice(_JOURNALS)
        message |= {
            "type": "journal-article",
            "container-title": [journal],
            "short-container-title": [short],
            "publisher": publisher,
            "volume": str(rng.randint(1, 40)),
            "issue": str(rng.randint(1, 12)),
        }
    else:
        container, event, publisher = rng.choice(_EVENTS)
        message |= {
            "type": "proceedings-article",
            "container-title": [container],
            "event": {"name": event, "location": "Vienna, Austria"},
            "publisher": publisher,
            "publisher-location": "New York, NY, USA",
        }
    if rng.random() < 0.4:
        message["abstract"] = (
            "<jats:title>Abstract</jats:title><jats:p>"
            + _abstract(rng, title).replace("&", "&amp;")
            + "</jats:p>"
        )
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def _datacite_record(rng: random.Random, doi: str, title: str) -> dict[str, object]:
    year = rng.randint(2016, 2025)
    creators = [
        {
            "name": f"{family}, {given}",
            "nameType": "Personal",
            "givenName": given,
            "familyName": family,
            "affiliation": [],
            "nameIdentifiers": [],
        }
        for given, family in _names(rng)
    ]
    attributes = {
        "doi": doi,
        "prefix": doi.split("/")[0],
        "suffix": doi.split("/", 1)[1],
        "identifiers": [],
        "creators": creators,
        "titles": [{"title": title}],
        "publisher": rng.choice(["Zenodo", "figshare", "Dryad"]),
        "container": {},
        "publicationYear": year,
        "subjects": [{"subject": "machine learning"}],
        "dates": [
            {"date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "dateType": "Issued"}
        ],
        "types": {
            "ris": "DATA",
            "bibtex": "misc",
            "citeproc": "dataset",
            "schemaOrg": "Dataset",
            "resourceTypeGeneral": rng.choice(["Dataset", "Software", "Text"]),
        },
        "descriptions": [{"description": _abstract(rng, title), "descriptionType": "Abstract"}],
        "url": f"https://example.org/records/{doi.rsplit('.', 1)[-1]}",
        "version": "1",
        "state": "findable",
        "schemaVersion": "http://datacite.org/schema/kernel-4",
    }
    data = {"id": doi, "type": "dois", "attributes": attributes}
    return {"data": data}


def _csl_item(rng: random.Random, doi: str, title: str) -> dict[str, object]:
    year = rng.randint(2010, 2025)
    return {
        "DOI": doi,
        "type": rng.choice(["report", "chapter", "paper-conference"]),
        "title": title,
        "author": [{"given": g, "family": f} for g, f in _names(rng)],
        "publisher": "Example Institute",
        "container-title": "Technical Reports of the Example Institute",
        "issued": {"date-parts": [[year, rng.randint(1, 12)]]},
        "URL": f"https://doi.org/{doi}",
        "source": "Crossref",
    }


def _arxiv_forms(rng: random.Random, arxiv_id: str, versions: int) -> tuple[str, int]:
    """An input form people paste for `arxiv_id`, and the version it should come back as."""
    version = rng.randint(1, versions)
    forms = [
        (arxiv_id, versions),
        (f"arXiv:{arxiv_id}", versions),
        (f"https://arxiv.org/abs/{arxiv_id}", versions),
        (f"{arxiv_id}v{version}", version),
        (f"https://arxiv.org/pdf/{arxiv_id}v{version}", version),
        (f"arXiv:{arxiv_id}v{version}", version),
    ]
    return rng.choice(forms)


def write_corpus(root: Path, *, seed: int = 2026) -> Corpus:
    """Write the replay files for the batch under `root`; return its inputs and right answers.

    200 arXiv inputs: 188 new-style ids (four- and five-digit), 10 old-style ids, 2 unknown ids.
    100 DOI inputs: 68 Crossref works, 15 DataCite records (Crossref answers 404), 10 items only
    doi.org knows, 5 arXiv DOIs (read from arXiv), 2 DOIs nobody knows.
    """
    rng = random.Random(seed)
    entries = root / "arxiv" / "new"
    works = root / "crossref" / "works"
    records = root / "datacite" / "dois"
    items = root / "doi"
    for folder in (entries, works, records, items):
        folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    counter = iter(range(10_000))

    def add_arxiv(arxiv_id: str, *, as_doi: bool = False) -> str:
        n = next(counter)
        title = _title(rng, n)
        versions = rng.choice([1, 1, 1, 2, 2, 3, 5])
        text = _arxiv_entry(rng, arxiv_id, title, versions, n)
        (entries / (arxiv_id.replace("/", "_") + ".xml")).write_text(text, encoding="utf-8")
        if as_doi:
            form = rng.choice(
                [f"10.48550/arXiv.{arxiv_id}", f"https://doi.org/10.48550/arXiv.{arxiv_id}"]
            )
            expected[form] = Expected(title, arxiv_id=arxiv_id, arxiv_version=versions)
            return form
        form, version = _arxiv_forms(rng, arxiv_id, versions)
        expected[form] = Expected(title, arxiv_id=arxiv_id, arxiv_version=version)
        return form

    arxiv_inputs = []
    for n in range(188):
        # four-digit numbers before 2015, five-digit ones after (arXiv's scheme)
        arxiv_id = (
            f"14{n % 12 + 1:02d}.{1000 + n:04d}"
            if n < 40
            else f"2{n % 5}0{n % 9 + 1}.{10000 + n * 37:05d}"
        )
        arxiv_inputs.append(add_arxiv(arxiv_id))
    for n, month in enumerate(_OLD_MONTHS):
        archive = rng.choice(["cs", "math", "hep-th", "cond-mat", "q-bio"])
        arxiv_inputs.append(add_arxiv(f"{archive}/{month}{n * 7 + 1:03d}"))
    for unknown in ("2412.99998", "arXiv:2412.99999"):
        expected[unknown] = Expected(None, arxiv_id=unknown.removeprefix("arXiv:"))
        arxiv_inputs.append(unknown)

    doi_inputs = []

    def doi_form(doi: str) -> str:
        return rng.choice([doi, f"doi:{doi}", f"https://doi.org/{doi}", doi.upper()])

    def add_doi(doi: str, title: str, folder: Path, record: dict[str, object]) -> None:
        path = folder / (doi_file_name(doi) + ".json")
        path.write_text(json.dumps(record), encoding="utf-8")
        form = doi_form(doi)
        expected[form] = Expected(title, doi=doi)
        doi_inputs.append(form)

    for n in range(68):
        doi = f"10.5555/{rng.choice(['jrr', 'tmlr', 'kdd', 'cvpr'])}.{2015 + n % 11}.{n:04d}"
        title = _title(rng, next(counter))
        add_doi(doi, title, works, _crossref_work(rng, doi, title, n))
    for n in range(15):
        doi = f"10.5072/zenodo.{480000 + n * 13}"
        title = _title(rng, next(counter))
        add_doi(doi, title, records, _datacite_record(rng, doi, title))
    for n in range(10):
        doi = f"10.5071/report.{2019 + n % 6}-{n:03d}"
        title = _title(rng, next(counter))
        add_doi(doi, title, items, _csl_item(rng, doi, title))
    for n in range(5):
        doi_inputs.append(add_arxiv(f"2402.{20000 + n}", as_doi=True))
    for unknown in ("10.5555/nobody.knows.1", "https://doi.org/10.5555/nobody.knows.2"):
        expected[unknown] = Expected(None, doi=unknown.removeprefix("https://doi.org/"))
        doi_inputs.append(unknown)
    spares: dict[str, str] = {}
    for n in range(12):
        spare = f"2403.{30000 + n}"
        add_arxiv(spare)
        spares[spare] = next(v.title or "" for v in expected.values() if v.arxiv_id == spare)
    expected = {k: v for k, v in expected.items() if v.arxiv_id not in spares}
    assert len(arxiv_inputs) == 200, "the corpus lost its shape"
    assert len(doi_inputs) == 100, "the corpus lost its shape"
    return Corpus(arxiv_inputs, doi_inputs, expected, spares)


def inject_faults(
    server: ReplayServer,
    *,
    rate: float = 0.2,
    seed: int = 0,
    retry_after: str = "1",
    stall: float = 1.5,
) -> None:
    """Make `rate` of the requests to every service fail, each fault kind equally likely.

    Each kind is an independent injection (the server applies the first that fires), so each gets
    the probability that makes the kinds together fail `rate` of the requests.
    """
    for service, kinds in (
        ("arxiv", ARXIV_FAULTS),
        ("crossref", OTHER_FAULTS),
        ("datacite", OTHER_FAULTS),
        ("doi", OTHER_FAULTS),
    ):
        each = 1 - (1 - rate) ** (1 / len(kinds))
        for n, kind in enumerate(kinds):
            stream = seed * 1000 + sum(map(ord, service)) * 10 + n  # independent streams
            options: dict[str, Any] = {}
            if kind in ("429", "503"):
                options["retry_after"] = retry_after
            if kind == "stall":
                options["seconds"] = stall
            server.inject(kind, service=service, probability=each, seed=stream, **options)
