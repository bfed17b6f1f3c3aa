"""Source reliability: an outlet's news-domain quality rating, shown beside its claims.

The ratings are read from a CSV file the user points to with the ``reliability_file``
setting (environment variable ``CLAIMLEDGER_RELIABILITY``): a ``domain`` column and a
rating column (``pc1`` by default, the ``reliability_column`` setting), 0 the lowest
quality and 1 the highest. The file made for this is the domain-quality ratings of
Lin et al. (2023), 11,520 domains::

    Lin, H., Lasser, J., Lewandowsky, S., Cole, R., Gully, A., Rand, D. G., & Pennycook, G.
    (2023). High level of agreement across different news domain quality ratings.
    PNAS Nexus, 2(9), pgad286. https://doi.org/10.1093/pnasnexus/pgad286
    (data: https://github.com/hauselin/domain-quality-ratings, column pc1)

claimledger does not ship the ratings (their repository states no licence for
redistribution); without the setting every rating is None.

An outlet is matched to a domain by, in order: its URL's or its own text's host
name ("www.example.com", "https://example.com/a"), then each parent domain
("news.example.co.uk" -> "example.co.uk"); else by name: "The Example Times" matches the
domain whose first label is "theexampletimes" or "exampletimes" (the shortest such
domain when several share it).

As a weight (``reliability_weight``, off by default) a claim counts its outlet's
rating, and 1 when off or unknown: :func:`weight`. A thread's current figure uses it:
each source that allows a figure counts by its outlet's rating instead of 1
(:func:`claimledger.link.threads.current_figures`), when the threads are next built.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ClaimledgerError
from .settings import Settings

_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[:/?#].*)?$", re.IGNORECASE)


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Ratings:
    """Domain -> rating, and first label -> domains, for matching names."""

    by_domain: dict[str, float] = field(default_factory=dict)
    by_label: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path, column: str = "pc1") -> Ratings:
        """The ratings in a CSV file (first row of a domain wins).

        Raises:
            ClaimledgerError: E065 when the file cannot be read or lacks the columns.
        """
        out = cls()
        try:
            with open(path, encoding="utf8", newline="") as f:
                reader = csv.DictReader(f)
                if not reader.fieldnames or "domain" not in reader.fieldnames or column not in reader.fieldnames:
                    raise ClaimledgerError("E065", path=str(path), reason=f"no 'domain' and '{column}' columns")
                for row in reader:
                    domain = (row["domain"] or "").strip().lower()
                    try:
                        value = float(row[column])
                    except (TypeError, ValueError):
                        continue
                    if domain and domain not in out.by_domain:
                        out.by_domain[domain] = value
                        out.by_label.setdefault(domain.split(".")[0], []).append(domain)
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            raise ClaimledgerError("E065", path=str(path), reason=str(e)) from e
        for domains in out.by_label.values():
            domains.sort(key=lambda d: (len(d), d))
        return out

    def domain_of(self, outlet_or_domain: str) -> str | None:
        """The rated domain an outlet's name, domain or URL stands for (module docstring)."""
        text = outlet_or_domain.strip()
        host = _HOST.match(text)
        if host:
            parts = host.group(1).lower().split(".")
            for i in range(len(parts) - 1):
                candidate = ".".join(parts[i:])
                if candidate in self.by_domain:
                    return candidate
            return None
        key = _name_key(text)
        for label in (key, key[3:] if key.startswith("the") else "the" + key):
            if label and label in self.by_label:
                return self.by_label[label][0]
        return None

    def rating(self, outlet_or_domain: str | None) -> float | None:
        if not outlet_or_domain:
            return None
        domain = self.domain_of(outlet_or_domain)
        return self.by_domain.get(domain) if domain else None


@lru_cache(maxsize=4)
def _ratings(path: str, column: str) -> Ratings:
    return Ratings.read(path, column)


def ratings_for(settings: Settings | None = None) -> Ratings | None:
    """The ratings the settings point to (read once per file), or None."""
    settings = settings or Settings()
    if not settings.reliability_file:
        return None
    return _ratings(settings.reliability_file, settings.reliability_column)


def reliability(outlet_or_domain: str | None, settings: Settings | None = None) -> float | None:
    """The quality rating (0 lowest, 1 highest) of an outlet's name, domain or URL, or
    None when no ratings file is set or the outlet is not rated.

    Raises:
        ClaimledgerError: E065 when the ratings file cannot be read.
    """
    ratings = ratings_for(settings)
    return ratings.rating(outlet_or_domain) if ratings else None


def outlet_host(url: str | None) -> str | None:
    """The host of an article URL, if any."""
    if not url:
        return None
    host = urlsplit(url if "://" in url else "//" + url).hostname
    return host or None


def weight(outlet_or_domain: str | None, settings: Settings | None = None) -> float:
    """A claim's weight by its outlet: the rating when ``reliability_weight`` is on and the
    outlet is rated, else 1."""
    settings = settings or Settings()
    if not settings.reliability_weight:
        return 1.0
    value = reliability(outlet_or_domain, settings)
    return 1.0 if value is None else value
