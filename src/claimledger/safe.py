"""Article text is written by strangers: make it safe to show, export and search.

Every string that comes from an article (its text, title, outlet, speakers' names, what
they claimed) goes through one of these on its way out:

- :func:`terminal_text` for a terminal: control and escape characters (ESC, BEL,
  backspace, carriage return, the C1 controls such as CSI, bidirectional overrides)
  are shown escaped (``\\x1b``), so an article cannot clear the screen, move the cursor,
  set the window title or make a link. Rich must also never parse it as markup: the
  CLI renders it as ``rich.text.Text``, never inside a markup string.
- :func:`csv_cell` for a CSV cell: the same, and a cell a spreadsheet would run as a
  formula (``=``, ``+``, ``-``, ``@``, tab or carriage return first) is prefixed with a
  single quote, as OWASP recommends for CSV injection.
- :func:`json_text` for JSON already made by ``json.dumps(..., ensure_ascii=False)``:
  ``json.dumps`` escapes C0 controls but lets C1 controls and bidirectional overrides
  through; they become ``\\u009b``-style escapes (the JSON means the same).
- :func:`fts_query` for a full-text search: text as a query of quoted words, or none
  when it holds no word (so a lone ``"`` matches nothing rather than everything).

>>> terminal_text("Ferry\\x1b[2J\\x07 news")
'Ferry\\\\x1b[2J\\\\x07 news'
>>> csv_cell('=HYPERLINK("https://evil.example","Reuters")')
'\\'=HYPERLINK("https://evil.example","Reuters")'
"""
from __future__ import annotations

import re

#: Characters a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Format characters that reorder or hide text on a terminal: bidirectional embeddings,
#: overrides and isolates, the Arabic letter mark, zero-width and line/paragraph separators.
INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)

#: Every C0 and C1 control, DEL, and the :data:`INVISIBLE` format characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")
#: What :func:`json_text` must still escape: what ``json.dumps`` leaves (not C0).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")

NEWLINES = ("keep", "space", "escape")
#: Escapes written the way Python writes them.
READABLE = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_char(char: str) -> str:
    """One character as a visible escape: ``"\\x1b"`` -> ``"\\\\x1b"``, ``"\\u202e"`` -> ``"\\\\u202e"``.

    >>> escape_char("\\x07"), escape_char("\\r"), escape_char("\\u202e")
    ('\\\\x07', '\\\\r', '\\\\u202e')
    """
    if char in READABLE:
        return READABLE[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, newlines: str = "keep") -> str:
    """``text`` with nothing a terminal would act on: every control or invisible
    format character written as its escape (:func:`escape_char`).

    Tabs stay. ``newlines`` says what line breaks become: ``keep`` (``\\r\\n`` and
    ``\\n`` are a newline; a lone ``\\r`` is escaped), ``space`` (one space each, for a
    table cell or a one-line field), ``escape`` (``\\\\n``).

    >>> terminal_text("a\\r\\nb\\rc")
    'a\\nb\\\\rc'
    >>> terminal_text("a\\nb", newlines="space"), terminal_text("a\\nb", newlines="escape")
    ('a b', 'a\\\\nb')
    """
    if newlines not in NEWLINES:
        raise ValueError(f"newlines must be one of {NEWLINES}, not {newlines!r}")
    if not _UNSAFE.search(text):
        return text
    if newlines != "escape":
        text = text.replace("\r\n", "\n")
        if newlines == "space":
            text = text.replace("\n", " ")

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\t" or (char == "\n" and newlines == "keep"):
            return char
        return escape_char(char)

    return _UNSAFE.sub(replace, text)


def csv_cell(value: object) -> object:
    """A CSV cell that neither a terminal nor a spreadsheet acts on.

    Text goes through :func:`terminal_text` (newlines kept: the CSV writer quotes
    them), then, if it would start a formula (:data:`FORMULA_STARTS`), gets a single
    quote in front, which spreadsheets show as text. Numbers and ``None`` pass.

    >>> csv_cell("@SUM(A1:A9)"), csv_cell("-5 percent"), csv_cell(-5), csv_cell("Reuters")
    ("'@SUM(A1:A9)", "'-5 percent", -5, 'Reuters')
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return terminal_text(value)


def json_text(encoded: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the controls it
    leaves (DEL, C1, :data:`INVISIBLE`) escaped as ``\\uXXXX``; it decodes to the same.

    >>> json_text('{"t": "a\\u009b2Jb"}')
    '{"t": "a\\\\u009b2Jb"}'
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def fts_query(text: str) -> str | None:
    """``text`` as an SQLite FTS5 query that cannot be a syntax error: each
    white-space-separated piece a quoted phrase (all must match), double quotes
    dropped; ``None`` when no piece holds a letter or digit, so the search can match
    nothing instead of everything.

    >>> fts_query('fighters "left'), fts_query("well-known OR"), fts_query('"'), fts_query(" * ")
    ('"fighters" "left"', '"well-known" "OR"', None, None)
    """
    pieces = [piece.replace('"', "") for piece in text.split()]
    quoted = [f'"{piece}"' for piece in pieces if re.search(r"\w", piece)]
    return " ".join(quoted) or None


def terminal_text_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`terminal_text` with line breaks kept, and where each offset of ``text``
    lands in the result, so marks placed on the original text can be placed on it.

    Every carriage return is escaped here, also before a newline. ``offsets`` has
    ``len(text) + 1`` entries: ``text[i]`` starts at ``offsets[i]`` of the result.

    >>> terminal_text_offsets("a\\x1bb")
    ('a\\\\x1bb', [0, 1, 5, 6])
    """
    out: list[str] = []
    offsets: list[int] = []
    at = 0
    for char in text:
        offsets.append(at)
        piece = char if char in "\t\n" or not _UNSAFE.match(char) else escape_char(char)
        out.append(piece)
        at += len(piece)
    offsets.append(at)
    return "".join(out), offsets
