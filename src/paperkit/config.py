"""Settings: every one has a constructor argument on `Client` and a ``PAPERKIT_*`` variable.

| setting        | environment variable          | default                              |
|----------------|-------------------------------|--------------------------------------|
| `arxiv_url`    | `PAPERKIT_ARXIV_API_URL`      | `https://export.arxiv.org/api/query` |
| `crossref_url` | `PAPERKIT_CROSSREF_API_URL`   | `https://api.crossref.org`           |
| `datacite_url` | `PAPERKIT_DATACITE_API_URL`   | `https://api.datacite.org`           |
| `doi_url`      | `PAPERKIT_DOI_RESOLVER_URL`   | `https://doi.org`                    |
| `oai_url`      | `PAPERKIT_OAI_URL`            | `https://oaipmh.arxiv.org/oai`       |
| `mailto`       | `PAPERKIT_MAILTO`             | none                                 |
| `cache_dir`    | `PAPERKIT_CACHE_DIR`          | the user cache directory             |
| `offline`      | `PAPERKIT_OFFLINE` (`1`)      | off                                  |
| `arxiv_delay`  | `PAPERKIT_ARXIV_DELAY`        | 3.0 seconds                          |
| `timeout`      | `PAPERKIT_TIMEOUT`            | 30.0 seconds per request             |

Explicit arguments win over the environment, which wins over the defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from paperkit.errors import ConfigError

__all__ = ["ENVIRONMENT", "Settings"]

ENVIRONMENT: dict[str, str] = {
    "arxiv_url": "PAPERKIT_ARXIV_API_URL",
    "crossref_url": "PAPERKIT_CROSSREF_API_URL",
    "datacite_url": "PAPERKIT_DATACITE_API_URL",
    "doi_url": "PAPERKIT_DOI_RESOLVER_URL",
    "oai_url": "PAPERKIT_OAI_URL",
    "mailto": "PAPERKIT_MAILTO",
    "cache_dir": "PAPERKIT_CACHE_DIR",
    "offline": "PAPERKIT_OFFLINE",
    "arxiv_delay": "PAPERKIT_ARXIV_DELAY",
    "timeout": "PAPERKIT_TIMEOUT",
}
"""Setting name -> the environment variable that sets it."""


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("paperkit", appauthor=False))


class Settings(BaseModel):
    """Configuration shared by a `Client` and everything it runs."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    arxiv_url: str = "https://export.arxiv.org/api/query"
    """The arXiv API query endpoint (the full URL, without a query string)."""
    crossref_url: str = "https://api.crossref.org"
    """Crossref REST API base; works are read from ``{crossref_url}/works/{doi}``."""
    datacite_url: str = "https://api.datacite.org"
    """DataCite REST API base; DOIs are read from ``{datacite_url}/dois/{doi}``."""
    doi_url: str = "https://doi.org"
    """DOI resolver used for content negotiation, the last fallback for DOIs."""
    oai_url: str = "https://oaipmh.arxiv.org/oai"
    """arXiv's OAI-PMH base URL, harvested by `paperkit.bulk.harvest` (paced like the API)."""
    mailto: str | None = None
    """Contact address sent to Crossref and DataCite (their polite pools)."""
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    """Folder of the persistent HTTP cache."""
    offline: bool = False
    """Answer from the cache only; never touch the network."""
    arxiv_delay: float = Field(default=3.0, ge=0)
    """Seconds between two arXiv requests, for the whole process (arXiv asks for 3)."""
    timeout: float = Field(default=30.0, gt=0)
    """Seconds to wait for each request before giving up on it."""

    @field_validator("arxiv_url", "crossref_url", "datacite_url", "doi_url", "oai_url")
    @classmethod
    def _strip_slash(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{url!r} is not an http(s) URL")
        return url.rstrip("/")

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, /, **overrides: Any) -> Settings:
        """Settings from the environment, with explicit ``overrides`` (None means "not given")."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, variable in ENVIRONMENT.items():
            raw = env.get(variable, "").strip()
            if raw:
                values[name] = (
                    raw.lower() in {"1", "true", "yes", "on"} if name == "offline" else raw
                )
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{ENVIRONMENT.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}"
                for e in exc.errors()
            )
            raise ConfigError(f"invalid paperkit settings: {problems}") from exc
