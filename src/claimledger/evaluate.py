"""Score a ledger against hand-made gold in claimledger's gold format.

The format (``expected.json``) lists, per article file, its outlet, publication date,
title, where the body starts and ends, its boilerplate lines, and the claims a correct
ledger holds. A gold claim is matched by an extracted claim when:

* the claim's ``kind`` is the gold kind;
* its speaker's canonical name is one of ``speaker_accept`` (case-insensitive), and,
  where given, one of its ``speakers`` is in ``also_speaker_accept`` and its role holds
  ``speaker_role_contains``;
* its content span (an offset into the original text) holds ``content_contains``;
* its cue holds the gold ``cue`` and its event date is the gold ``event_date``, where given;
* it carries each listed quantity: the value (to 0.1%), and the unit, counted thing and
  qualifier where given. The gold ``counted`` is the head noun as written ("fighters");
  it matches the quantity's lemma (``counted``, "fighter") or the head of its
  ``counted_text`` ("Jihadi fighters"), case-insensitively.

Matching is per gold claim, so one extracted claim may match several gold claims (a
quotation of three sentences holds three gold fragments).

An article's ``framing`` entries are matched by :func:`framing_why_not`: an entry with
``refers_to`` (kind ``outlet doubts``, ``outlet endorses`` or ``outlet weighs a
conflict``) is found when every gold claim it names is matched by an extracted claim
whose frame has a cue of the kind's rule (:data:`FRAME_RULES`) holding
``content_contains`` (an entry that gives a ``stance`` asks instead for that stance and a
cue of any rule holding the text: "claimed" read by the cue verb); an entry with ``terms`` (``loaded labels``) when the article's
labels (:mod:`claimledger.labels`) include every term. Entries of other kinds, and
references to other articles' claims, are not scored (:func:`scorable`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .labels import article_labels, label_key
from .records import Article, Claim, Quantity, Speaker


def _accepts(names: list[str], speakers: list[Speaker]) -> bool:
    wanted = {n.casefold() for n in names}
    return any(s.canonical.casefold() in wanted for s in speakers)


def _same_value(got, want) -> bool:
    """Values agree to 0.1%; a gold range needs the same range, a gold number any end of one."""
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(
            math.isclose(g, w, rel_tol=1e-3) for g, w in zip(got, want, strict=True))
    values = got if isinstance(got, list) else [got]
    return any(math.isclose(v, want, rel_tol=1e-3) for v in values)


def same_counted(quantity: Quantity, counted: str) -> bool:
    """Is ``counted`` (a gold head noun, as written or as lemma) the quantity's counted thing?"""
    wanted = counted.casefold()
    head = (quantity.counted_text or "").split()[-1:] or [""]
    return wanted in {(quantity.counted or "").casefold(), head[0].casefold()}


def has_quantity(claim: Claim, want: dict) -> bool:
    """Does ``claim`` carry the gold quantity ``want``?"""
    for q in claim.quantities:
        if not _same_value(q.value, want["value"]):
            continue
        if "counted" in want and not same_counted(q, want["counted"]):
            continue
        if "unit" in want and q.unit != want["unit"]:
            continue
        if "qualifier" in want and (q.qualifier or "").casefold() != want["qualifier"].casefold():
            continue
        return True
    return False


def why_not(claim: Claim, article: Article, want: dict) -> str | None:
    """The first gold condition ``claim`` fails, or None when it matches."""
    s, e = claim.content.span
    if article.text[s:e] != claim.content.text:
        return "content span does not point at its text"
    if want["content_contains"] not in claim.content.text:
        return "content"
    if claim.kind != want["kind"]:
        return f"kind {claim.kind}"
    if not _accepts(want["speaker_accept"], [claim.speaker]):
        return f"speaker {claim.speaker.canonical!r}"
    if "also_speaker_accept" in want and not _accepts(want["also_speaker_accept"], claim.speakers):
        return f"other speakers {[s.canonical for s in claim.speakers]}"
    if "speaker_role_contains" in want and want["speaker_role_contains"] not in (claim.speaker.role or ""):
        return f"role {claim.speaker.role!r}"
    if "cue" in want and (claim.cue is None or want["cue"].casefold() not in claim.cue.text.casefold()):
        return f"cue {claim.cue.text if claim.cue else None!r}"
    if "event_date" in want and claim.event_date != date.fromisoformat(want["event_date"]):
        return f"event date {claim.event_date}"
    for q in want.get("quantities", []):
        if not has_quantity(claim, q):
            return f"quantity {q}"
    return None


def matches(claim: Claim, article: Article, want: dict) -> bool:
    """Does ``claim`` satisfy the gold claim ``want`` (see the module docstring)?"""
    return why_not(claim, article, want) is None


@dataclass
class GoldReport:
    """How many gold claims were found, and why the others were not."""

    found: list[str] = field(default_factory=list)
    missed: dict[str, str] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0

    def to_json(self) -> dict:
        return {"found": len(self.found), "total": len(self.found) + len(self.missed),
                "recall": round(self.recall, 4), "missed": self.missed}


def score_claims(gold_claims: list[dict], article: Article, claims: list[Claim], report: GoldReport) -> None:
    """Add one article's gold claims to ``report``."""
    for want in gold_claims:
        if any(matches(c, article, want) for c in claims):
            report.found.append(want["id"])
            continue
        same = [c for c in claims if want["content_contains"] in c.content.text]
        reasons = sorted({r for c in same if (r := why_not(c, article, want))})
        report.missed[want["id"]] = "; ".join(reasons) or "no claim holds the content"


#: The frame rule each gold framing kind is read by (:mod:`claimledger.nlp.framing`).
FRAME_RULES = {"outlet doubts": "outlet_doubts", "outlet endorses": "outlet_endorses",
               "outlet weighs a conflict": "outlet_weighs"}


def framing_why_not(entry: dict, article: Article, claims: list[Claim], gold_claims: list[dict]) -> str | None:
    """Why the gold framing ``entry`` is not found among ``claims`` (None when it is);
    see the module docstring. ``gold_claims`` are the article's gold claims."""
    if "terms" in entry:
        keys = {label.key for label in article_labels(article, claims)}
        missing = [t for t in entry["terms"] if label_key(t) not in keys]
        return f"labels missing: {missing}" if missing else None
    rule = FRAME_RULES[entry["kind"]]
    by_id = {c["id"]: c for c in gold_claims}
    for gid in entry["refers_to"]:
        found = [c for c in claims if matches(c, article, by_id[gid])]
        if not found:
            return f"{gid}: the claim itself is not found"
        if "stance" in entry:
            if not any(c.frame.stance == entry["stance"] and any(entry["content_contains"] in cue.text for cue in c.frame.cues)
                       for c in found):
                return f"{gid}: no {entry['stance']} frame with a cue holding the text"
        elif not any(cue.rule == rule and entry["content_contains"] in cue.text for c in found for cue in c.frame.cues):
            return f"{gid}: no {rule} cue holding the text"
    return None


def scorable(entry: dict, gold_claims: list[dict]) -> dict | None:
    """The framing entry as :func:`framing_why_not` can score it within one article: its
    ``refers_to`` cut to the article's own gold claims; None for a kind no rule reads
    ("outlet declines to judge") or one that refers only to other articles' claims."""
    if "terms" in entry and "refers_to" not in entry:
        return entry
    if entry.get("kind") not in FRAME_RULES:
        return None
    own = {c["id"] for c in gold_claims}
    refs = [g for g in entry.get("refers_to", []) if g in own]
    return entry | {"refers_to": refs} if refs else None


def score_framing(article_gold: dict, article: Article, claims: list[Claim], report: GoldReport) -> None:
    """Add one article's gold framing entries that can be scored (:func:`scorable`) to ``report``."""
    for given in article_gold.get("framing", []):
        entry = scorable(given, article_gold["claims"])
        if entry is None:
            continue
        why = framing_why_not(entry, article, claims, article_gold["claims"])
        if why is None:
            report.found.append(entry["id"])
        else:
            report.missed[entry["id"]] = why


def load_gold(path: str | Path) -> dict:
    """Read a gold file in claimledger's format."""
    return json.loads(Path(path).read_text(encoding="utf8"))


# ---------------------------------------------------------------------------- threads


#: A :class:`Claim` rebuilt from its ``Claim.to_json()`` (as the ledger stores it).
claim_from_json = Claim.from_json


def gold_claim_index(gold: dict) -> dict[str, tuple[str, dict]]:
    """Every gold claim by id, with the key of its article."""
    return {c["id"]: (key, c) for key, meta in gold["articles"].items() for c in meta["claims"]}


def gold_members(gold: dict, threads: list[dict], articles: dict[str, Article]) -> dict[str, set[int]]:
    """Where each gold claim with quantities landed: gold id -> ids of the threads
    holding a member whose claim matches it and whose value is one of its quantities.

    ``threads`` are thread JSON objects (``api.threads``); ``articles`` maps gold
    article keys to the stored articles.
    """
    by_article: dict[str, list[tuple[int, dict]]] = {}
    for t in threads:
        for m in t["members"]:
            by_article.setdefault(m.get("ledger_article_id", m["article_id"]), []).append((t["id"], m))
    out: dict[str, set[int]] = {}
    for gid, (key, want) in gold_claim_index(gold).items():
        article = articles.get(key)
        if article is None or not want.get("quantities"):
            continue
        values = [q["value"] for q in want["quantities"]]
        out[gid] = {
            tid for tid, m in by_article.get(article.id, [])
            if any(_same_value(m["value"], v) for v in values)
            and matches(claim_from_json(m["claim"]), article, want)
        }
    return out


def score_threads(gold: dict, threads: list[dict], articles: dict[str, Article]) -> list[dict]:
    """Each gold thread against the threads built: the thread holding most of its
    members, the gold members found there, missing from it, the other gold claims in
    it, and the conflict flag built against the gold one."""
    where = gold_members(gold, threads, articles)
    by_id = {t["id"]: t for t in threads}
    reports = []
    for want in gold.get("threads", []):
        votes: dict[int, int] = {}
        for gid in want["members"]:
            for tid in where.get(gid, ()):
                votes[tid] = votes.get(tid, 0) + 1
        best = max(votes, key=lambda t: (votes[t], -t)) if votes else None
        found = [g for g in want["members"] if best in where.get(g, ())]
        extra = sorted(g for g, tids in where.items() if best in tids and g not in want["members"])
        reports.append({
            "id": want["id"], "thread": best, "found": found,
            "missing": [g for g in want["members"] if g not in found], "extra": extra,
            "conflict": by_id[best]["conflict"] if best is not None else None, "gold_conflict": want["conflict"],
        })
    return reports
