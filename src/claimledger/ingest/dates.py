"""Publication dates from metadata (manifests, options, the records' own fields)."""
from __future__ import annotations

from datetime import date, datetime

from ..errors import InputError

__all__ = ["parse_date"]


def parse_date(value: object, *, path: str) -> date | None:
    """A publication date from ``value``; None when there is none (undated).

    Reads ISO dates and timestamps ("2016-12-14", "2016-12-14T10:00:00Z") directly and
    anything else ("December 14, 2016", "14 Dec 2016") with dateparser, which must find
    a day, a month and a year. Relative dates ("yesterday") are refused.

    Raises:
        InputError: E008 when ``value`` is not empty and no date can be read from it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    parsed = _iso_date(text) or _free_date(text)
    if parsed is None:
        raise InputError("E008", path=path, value=text)
    return parsed


def _iso_date(text: str) -> date | None:
    """An ISO 8601 date or timestamp, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _free_date(text: str) -> date | None:
    """A date written out ("December 14, 2016"), read by dateparser; None if unreadable."""
    import dateparser  # slow to import: only when a date is not ISO

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"],
                "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None
