"""The venue registry: the entries of ``data/venues.toml``, validated, with an alias index.

Every alias is reduced to a tuple of word tokens by `alias_tokens` (the same function the parser
applies to the text), so "IEEE S&P", "ieee s & p" and "IEEE S{\\&}P" share one key. The index
refuses a key that two venues claim: an ambiguous alias would be a guess.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from paperkit._construct import construct, defaults
from paperkit._venue_text import alias_tokens, digit_shape, ordinal_suffix, ordinal_words
from paperkit.errors import ParseError
from paperkit.models import MAX_YEAR, MIN_YEAR, Venue, VenueKind

__all__ = ["AliasHit", "VenueEntry", "VenueRegistry", "typo_shape"]

_ENTRY = ConfigDict(frozen=True, extra="forbid")
_ALL_VENUE_FIELDS = frozenset(Venue.model_fields)
_SERIES_FIELDS = frozenset(
    ("acronym", "name", "kind", "volume", "series", "publisher", "raw", "warnings")
)
# every field with its default, in the model's order (none has a default factory)
_VENUE_DEFAULTS = defaults(Venue)


def _valid_text(raw: object, volume: object, warnings: object) -> bool:
    """Whether `Venue` would take these as they are: strings (or None) and a tuple of strings."""
    return (
        (raw is None or type(raw) is str)
        and (volume is None or type(volume) is str)
        and type(warnings) is tuple
        and all(type(w) is str for w in warnings)
    )


_TEMPLATE_FIELDS = {
    "ordinal": "1st",
    "ordinal_words": "First",
    "volume": "1",
    "year": 2000,
    "yy": "00",
}


def _check_template(template: str | None) -> str | None:
    if template:
        try:
            template.format(**_TEMPLATE_FIELDS)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"bad proceedings template {template!r}: {exc}") from exc
    return template


class NumberRule(BaseModel):
    """``number = (year - base) / step`` for the years ``since..until`` (both optional)."""

    model_config = _ENTRY

    base: int
    step: int = Field(default=1, ge=1, le=4)
    since: int | None = None
    until: int | None = None

    def _covers(self, year: int) -> bool:
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )

    def number(self, year: int) -> int | None:
        """The edition number of `year`, or None when the rule does not cover it."""
        offset = year - self.base
        if not self._covers(year) or offset % self.step or offset <= 0:
            return None
        return offset // self.step

    def year(self, number: int) -> int | None:
        """The year of edition `number`, or None when the rule does not cover it."""
        year = self.base + number * self.step
        return year if number > 0 and self._covers(year) else None


class Period(BaseModel):
    """Defaults that held for a span of years; an empty string means "none in those years"."""

    model_config = _ENTRY

    since: int | None = None
    until: int | None = None
    publisher: str | None = None
    series: str | None = None
    proceedings: str | None = None

    _template = field_validator("proceedings")(_check_template)

    def covers(self, year: int) -> bool:
        """Whether `year` falls in this period."""
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )


class EditionFacts(BaseModel):
    """Facts about one year's edition, as recorded by a source; they win over the rules."""

    model_config = _ENTRY

    ordinal: int | None = Field(default=None, ge=1)
    volume: str | None = None
    proceedings: str | None = None
    publisher: str | None = None
    series: str | None = None


class Rename(BaseModel):
    """A former acronym, used until the year the current one took over."""

    model_config = _ENTRY

    acronym: str
    year: int


class VenueEntry(BaseModel):
    """One venue series of the registry (a conference, journal, workshop or preprint server)."""

    model_config = _ENTRY

    id: str
    acronym: str = Field(min_length=1)
    name: str = Field(min_length=1)
    kind: Literal["conference", "journal", "workshop", "preprint"]
    field: str = ""
    publisher: str | None = None
    series: str | None = None
    since: int | None = None
    until: int | None = None
    index_acronym: bool = True
    aliases: tuple[str, ...] = ()
    case_aliases: tuple[str, ...] = ()
    whole_aliases: tuple[str, ...] = ()
    volume_aliases: tuple[str, ...] = ()
    renames: tuple[Rename, ...] = ()
    parent: str | None = None
    markers: tuple[str, ...] = ()
    ordinal: tuple[NumberRule, ...] = ()
    volume: tuple[NumberRule, ...] = ()
    proceedings: str | None = None
    periods: tuple[Period, ...] = ()
    editions: dict[int, EditionFacts] = Field(default_factory=dict)

    _template = field_validator("proceedings")(_check_template)
    _editions_seen: dict[int, Venue] = PrivateAttr(default_factory=dict)
    _year_by_ordinal: dict[int, int] = PrivateAttr(default_factory=dict)
    _year_by_volume: dict[str, int] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        """Index the editions by ordinal and by volume."""
        for year, facts in sorted(self.editions.items()):
            if facts.ordinal:
                self._year_by_ordinal.setdefault(facts.ordinal, year)
            if facts.volume:
                self._year_by_volume.setdefault(facts.volume, year)

    @model_validator(mode="after")
    def _check_years(self) -> Self:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if self.markers and not self.parent:
            raise ValueError("markers need a parent venue")
        return self

    @property
    def venue_kind(self) -> VenueKind:
        """The kind as the `VenueKind` enum."""
        return VenueKind(self.kind)

    def _cache(self, name: str) -> dict[Any, Any]:
        # pydantic serves private attributes through __getattr__, which is slow on a hot path
        private: dict[str, dict[Any, Any]] = self.__pydantic_private__  # type: ignore[assignment]
        return private[name]

    @property
    def has_ordinals(self) -> bool:
        """Whether an ordinal in the text can tell this venue's year."""
        return bool(self.ordinal or self._cache("_year_by_ordinal"))

    def held_in(self, year: int) -> bool:
        """Whether the series existed in `year` (by its `since`/`until`)."""
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )

    def skips(self, year: int) -> bool:
        """Whether a biennial series (ICCV, ECCV, SOSP) had no edition in `year`."""
        biennial = [r for r in self.ordinal if r.step > 1 and r._covers(year)]
        return (
            bool(biennial)
            and year not in self.editions
            and all(r.number(year) is None for r in biennial)
        )

    def ordinal_of(self, year: int) -> int | None:
        """The edition ordinal of `year` (37 for ICML 2020), from the editions or the rules."""
        facts = self.editions.get(year)
        if facts and facts.ordinal:
            return facts.ordinal
        return next((n for rule in self.ordinal if (n := rule.number(year))), None)

    def volume_of(self, year: int) -> str | None:
        """The volume of `year` ("30" for NeurIPS 2017; PMLR "119" for ICML 2020)."""
        facts = self.editions.get(year)
        if facts and facts.volume:
            return facts.volume
        return next((str(n) for rule in self.volume if (n := rule.number(year))), None)

    def year_of_ordinal(self, ordinal: int) -> int | None:
        """The year of the `ordinal`-th edition, when the data tells it."""
        known = self._cache("_year_by_ordinal")
        if ordinal in known:
            return int(known[ordinal])
        return next((y for rule in self.ordinal if (y := rule.year(ordinal))), None)

    def year_of_volume(self, volume: str) -> int | None:
        """The year of `volume`, when the data tells it."""
        known = self._cache("_year_by_volume")
        if volume in known:
            return int(known[volume])
        if not volume.isdigit():
            return None
        return next((y for rule in self.volume if (y := rule.year(int(volume)))), None)

    def _period_value(self, year: int, name: Literal["publisher", "series", "proceedings"]) -> Any:
        facts = self.editions.get(year)
        if facts and getattr(facts, name) is not None:
            return getattr(facts, name)
        for period in self.periods:
            if period.covers(year) and getattr(period, name) is not None:
                return getattr(period, name)
        return getattr(self, name)

    def edition(
        self,
        year: int,
        *,
        raw: str | None = None,
        volume: str | None = None,
        warnings: tuple[str, ...] = (),
    ) -> Venue:
        """The `Venue` of this series' `year` edition, with volume, proceedings and publisher.

        A `volume` read from the text wins over the edition's own.
        """
        seen = self._cache("_editions_seen")
        base = seen.get(year)
        if base is None:
            base = seen[year] = self._edition(year)
        fields = dict(base.__dict__, raw=raw, warnings=warnings)
        if volume:
            fields["volume"] = volume
        if _valid_text(raw, volume, warnings):  # the rest comes from a validated edition
            return construct(Venue, fields, _ALL_VENUE_FIELDS)
        return Venue(**fields)

    def _edition(self, year: int) -> Venue:
        ordinal = self.ordinal_of(year)
        volume = self.volume_of(year)
        template: str = self._period_value(year, "proceedings") or ""
        proceedings = None
        # a title that needs a number the data does not know is left out, never half-filled
        needs_ordinal = "{ordinal" in template and not ordinal
        needs_volume = "{volume}" in template and not volume
        if template and not needs_ordinal and not needs_volume:
            proceedings = template.format(
                ordinal=f"{ordinal}{ordinal_suffix(ordinal)}" if ordinal else "",
                ordinal_words=ordinal_words(ordinal) if ordinal else "",
                volume=volume or "",
                year=year,
                yy=f"{year % 100:02d}",
            )
        return Venue(
            acronym=self.acronym,
            name=self.name,
            year=year,
            kind=self.venue_kind,
            volume=volume,
            proceedings=proceedings,
            series=self._period_value(year, "series") or None,
            publisher=self._period_value(year, "publisher") or None,
        )

    def series_venue(
        self, *, raw: str | None = None, volume: str | None = None, warnings: tuple[str, ...] = ()
    ) -> Venue:
        """The `Venue` of the series when no year is known."""
        fields = {
            "acronym": self.acronym,
            "name": self.name,
            "kind": self.venue_kind,
            "volume": volume,
            "series": self.series,
            "publisher": self.publisher,
            "raw": raw,
            "warnings": warnings,
        }
        if _valid_text(raw, volume, warnings):  # the entry's own fields were validated on load
            return construct(Venue, {**_VENUE_DEFAULTS, **fields}, _SERIES_FIELDS)
        return Venue(**fields)


class AliasHit(NamedTuple):
    """One alias of the index: its tokens, its venue, and how it may match."""

    tokens: tuple[str, ...]
    entry: VenueEntry
    original: tuple[str, ...] | None
    """The alias' own tokens with their case, for case-sensitive aliases; None otherwise."""
    volume_follows: bool
    """A number right after this alias is a volume, not a two-digit year."""


class VenueRegistry:
    """The table of known venues, validated on load, with an index of every alias.

    ``VenueRegistry.default()`` is the packaged registry (loaded once, then cached);
    ``VenueRegistry.load(path)`` adds a user's own TOML file on top of it, where an entry with an
    id that already exists replaces that entry.
    """

    def __init__(self, entries: Mapping[str, VenueEntry], *, source: str = "") -> None:
        """Index `entries` (id -> entry).

        Raises:
            ParseError: two venues claim the same alias, or a parent id is unknown.
        """
        self._entries: dict[str, VenueEntry] = dict(entries)
        self._source = source
        self.by_first: dict[str, list[AliasHit]] = {}
        self.whole: dict[tuple[str, ...], VenueEntry] = {}
        self.markers: dict[str, list[tuple[str, VenueEntry]]] = {}
        """Parent id -> (" marker words ", track or workshop entry)."""
        self.pmlr_volumes: dict[str, tuple[VenueEntry, int]] = {}
        self._owner: dict[tuple[str, ...], str] = {}
        self._conference_acronyms: frozenset[str] | None = None
        self._workshop_acronyms: frozenset[str] | None = None
        self._symposia: frozenset[str] | None = None
        self._long_acronyms: list[str] | None = None
        self._fuzzy: tuple[list[str], list[tuple[str, ...]], list[VenueEntry]] | None = None
        self._fuzzy_shapes: frozenset[tuple[str, ...]] | None = None
        self._digit_words: frozenset[str] | None = None
        self.blank_shapes: dict[str, None] = {}
        """Shapes of texts found to name no venue (see `paperkit._venue_shapes`)."""
        for entry in self._entries.values():
            self._index(entry)
        self.single: dict[str, list[AliasHit]] = {}
        """One-word aliases by their word."""
        self.longer: dict[tuple[str, ...], list[AliasHit]] = {}
        """Aliases of two words or more by their words."""
        self.lengths: dict[tuple[str, str], tuple[int, ...]] = {}
        """The lengths of the longer aliases that start with two words, longest first."""
        for key, hits in self.by_first.items():
            hits.sort(key=lambda hit: -len(hit.tokens))
            for hit in hits:
                if len(hit.tokens) == 1:
                    self.single.setdefault(key, []).append(hit)
                else:
                    self.longer.setdefault(hit.tokens, []).append(hit)
                    pair = (key, hit.tokens[1])
                    if len(hit.tokens) not in self.lengths.get(pair, ()):
                        self.lengths[pair] = (*self.lengths.get(pair, ()), len(hit.tokens))
        self.first_words = frozenset(self.by_first)
        """The first word of every alias."""

    # -- building ------------------------------------------------------------------------

    def _claim(self, tokens: tuple[str, ...], entry: VenueEntry, alias: str) -> bool:
        if not tokens:
            raise ParseError(
                f"venue {entry.id!r}: alias {alias!r} has no words", source=self._source
            )
        owner = self._owner.setdefault(tokens, entry.id)
        if owner != entry.id:
            raise ParseError(
                f"alias {alias!r} belongs to two venues: {owner!r} and {entry.id!r}",
                source=self._source,
            )
        return True

    def _index(self, entry: VenueEntry) -> None:
        if entry.parent and entry.parent not in self._entries:
            raise ParseError(
                f"venue {entry.id!r}: unknown parent {entry.parent!r}", source=self._source
            )
        volume_keys = {alias_tokens(a) for a in entry.volume_aliases}
        anywhere = [*entry.aliases, *entry.volume_aliases, *(r.acronym for r in entry.renames)]
        listed = {alias_tokens(a) for a in [*anywhere, *entry.case_aliases, *entry.whole_aliases]}
        if entry.index_acronym and alias_tokens(entry.acronym) not in listed:
            anywhere.append(entry.acronym)
        seen: set[tuple[str, ...]] = set()
        for alias in anywhere:
            tokens = alias_tokens(alias)
            if tokens in seen:
                continue
            seen.add(tokens)
            self._claim(tokens, entry, alias)
            hit = AliasHit(tokens, entry, None, tokens in volume_keys or entry.kind == "journal")
            self.by_first.setdefault(tokens[0], []).append(hit)
        for alias in entry.case_aliases:
            tokens = alias_tokens(alias)
            if tokens not in seen:
                self._claim(tokens, entry, alias)
            seen.add(tokens)
            original = alias_tokens(alias, keep_case=True)
            hit = AliasHit(tokens, entry, original, entry.kind == "journal")
            self.by_first.setdefault(tokens[0], []).append(hit)
        for alias in entry.whole_aliases:
            tokens = alias_tokens(alias)
            self._claim(tokens, entry, alias)
            self.whole[tokens] = entry
        for marker in entry.markers:
            padded = f" {' '.join(alias_tokens(marker))} "
            self.markers.setdefault(entry.parent or "", []).append((padded, entry))
        if entry.series == "Proceedings of Machine Learning Research" or any(
            p.series == "JMLR Workshop and Conference Proceedings" for p in entry.periods
        ):
            for year, facts in entry.editions.items():
                if facts.volume:
                    self.pmlr_volumes[facts.volume] = (entry, year)

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, source: str = "") -> VenueRegistry:
        """Validate parsed TOML data (``{"venues": {id: {...}}}``) and build a registry.

        Raises:
            ParseError: the data does not follow the registry's schema.
        """
        return cls(_validate(data, source), source=source)

    @classmethod
    def default(cls) -> VenueRegistry:
        """The registry packaged with paperkit, loaded and validated once per process."""
        return _default_registry()

    @classmethod
    def load(cls, path: str | Path, *, include_default: bool = True) -> VenueRegistry:
        """Load a user's TOML registry file.

        Args:
            path: a TOML file in the format of ``paperkit/data/venues.toml``.
            include_default: start from the packaged registry, so the file adds venues and
                replaces the entries whose ids it repeats; False to use the file alone.

        Returns:
            The combined registry.

        Raises:
            ParseError: the file cannot be read, is not TOML, breaks the schema, or gives an
                alias that another venue already has.
        """
        source = str(path)
        try:
            with Path(path).open("rb") as handle:
                data = tomllib.load(handle)
        except OSError as exc:
            raise ParseError(f"cannot read venue registry {source}: {exc}", source=source) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ParseError(f"venue registry {source} is not TOML: {exc}", source=source) from exc
        entries = dict(cls.default()._entries) if include_default else {}
        entries.update(_validate(data, source))
        return cls(entries, source=source)

    # -- queries -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[VenueEntry]:
        return iter(self._entries.values())

    def __repr__(self) -> str:
        return f"VenueRegistry({len(self)} venues{', ' + self._source if self._source else ''})"

    def entry(self, name: str) -> VenueEntry | None:
        """The entry with this id, acronym or alias (case-insensitive), or None."""
        if name in self._entries:
            return self._entries[name]
        tokens = alias_tokens(name)
        owner = self._owner.get(tokens)
        if owner:
            return self._entries[owner]
        return next((e for e in self._entries.values() if alias_tokens(e.acronym) == tokens), None)

    def conference_acronyms(self) -> frozenset[str]:
        """One-word conference aliases, to read "NIPSW" or "ICMLW" as a workshop of them."""
        if self._conference_acronyms is None:
            self._conference_acronyms = frozenset(
                hit.tokens[0]
                for hits in self.by_first.values()
                for hit in hits
                if len(hit.tokens) == 1 and hit.entry.kind == "conference"
            )
        return self._conference_acronyms

    def workshop_acronyms(self) -> frozenset[str]:
        """Tokens like "nipsw" and "icmlw": a conference acronym with a W marks its workshops."""
        if self._workshop_acronyms is None:
            self._workshop_acronyms = frozenset(a + "w" for a in self.conference_acronyms())
        return self._workshop_acronyms

    def symposia(self) -> frozenset[str]:
        """Ids of the venues that call themselves a symposium ("USENIX Security Symposium")."""
        if self._symposia is None:
            self._symposia = frozenset(
                entry.id
                for entry in self._entries.values()
                if any(
                    "symposium" in alias_tokens(name)
                    for name in (entry.name, *entry.aliases, *entry.whole_aliases)
                )
            )
        return self._symposia

    def long_acronyms(self) -> list[str]:
        """One-word, case-insensitive aliases of five letters or more, for typo matching."""
        if self._long_acronyms is None:
            self._long_acronyms = sorted(
                key
                for key, hits in self.single.items()
                if len(key) >= 5 and key.isalpha() and any(h.original is None for h in hits)
            )
        return self._long_acronyms

    def fuzzy_choices(
        self, skip: frozenset[str]
    ) -> tuple[list[str], list[tuple[str, ...]], list[VenueEntry]]:
        """Long aliases for approximate matching: phrases, their words and their venues.

        Words in `skip` (the reader's filler words) are left out of the phrases, as they are
        left out of the text compared with them.
        """
        if self._fuzzy is None:
            phrases: list[str] = []
            words: list[tuple[str, ...]] = []
            entries: list[VenueEntry] = []
            for hits in self.by_first.values():
                for hit in hits:
                    kept = tuple(t for t in hit.tokens if t not in skip)
                    phrase = " ".join(kept)
                    if len(kept) >= 3 and len(phrase) >= 15 and hit.original is None:
                        phrases.append(phrase)
                        words.append(kept)
                        entries.append(hit.entry)
            self._fuzzy = (phrases, words, entries)
        return self._fuzzy

    def fuzzy_shapes(self, skip: frozenset[str], short: int) -> frozenset[tuple[str, ...]]:
        """The shapes of the `fuzzy_choices` aliases: words under `short` letters kept, longer
        ones blanked, for a quick test that a text could be a slip for one of them."""
        if self._fuzzy_shapes is None:
            self._fuzzy_shapes = frozenset(
                typo_shape(words, short) for words in self.fuzzy_choices(skip)[1]
            )
        return self._fuzzy_shapes

    def digit_words(self) -> frozenset[str]:
        """Every alias word that holds a digit, with its digits read as 0: "l0dc", "0dv"."""
        if self._digit_words is None:
            words = {t for hits in self.by_first.values() for hit in hits for t in hit.tokens}
            words.update(t for tokens in self.whole for t in tokens)
            words.update(self.workshop_acronyms())
            self._digit_words = frozenset(
                digit_shape(w) for w in words if any(c in "0123456789" for c in w)
            )
        return self._digit_words

    def normalize(self, text: str, *, year: int | None = None) -> Venue | None:
        """Read the venue `text` names, using this registry; see `paperkit.normalize_venue`."""
        from paperkit._venue_parse import parse_venue

        return parse_venue(self, text, year)

    def get(self, entry_id: str) -> VenueEntry | None:
        """The entry with exactly this id."""
        return self._entries.get(entry_id)

    def edition(self, acronym: str, year: int) -> Venue | None:
        """The edition of a venue in a year, with its volume, proceedings title and publisher.

        Args:
            acronym: the venue's acronym or any alias ("NeurIPS", "NIPS", "ICML").
            year: the year of the edition.

        Returns:
            The `Venue` (e.g. NeurIPS 2017: volume "30", proceedings "Advances in Neural
            Information Processing Systems 30", publisher "Curran Associates, Inc."), or None
            when the venue is unknown or was not held that year.
        """
        entry = self.entry(acronym)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        if entry is None or not entry.held_in(year) or entry.skips(year):
            return None
        return entry.edition(year)


def typo_shape(words: tuple[str, ...], short: int) -> tuple[str, ...]:
    """`words` with the words of `short` letters or more blanked: ("of", "", "", "on", "")."""
    return tuple(word if len(word) < short else "" for word in words)


def _validate(data: Mapping[str, Any], source: str) -> dict[str, VenueEntry]:
    venues = data.get("venues")
    if not isinstance(venues, dict):
        raise ParseError(
            f"venue registry {source or '(data)'} has no [venues] tables", source=source
        )
    entries: dict[str, VenueEntry] = {}
    for venue_id, fields in venues.items():
        if not isinstance(fields, dict):
            raise ParseError(f"venue {venue_id!r} in {source} is not a table", source=source)
        try:
            entries[venue_id] = VenueEntry.model_validate({**fields, "id": venue_id})
        except ValidationError as exc:
            raise ParseError(
                f"venue {venue_id!r} in {source} is invalid: {exc}", source=source
            ) from exc
    return entries


@functools.cache
def _default_registry() -> VenueRegistry:
    source = "paperkit/data/venues.toml"
    resource = resources.files("paperkit") / "data" / "venues.toml"
    try:
        with resource.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken install, not the user's input
        raise ParseError(
            f"the packaged venue registry cannot be read: {exc}", source=source
        ) from exc
    return VenueRegistry.from_data(data, source=source)
