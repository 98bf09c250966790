"""Draft-only material: banners, protective markings, reviewers' notes, comment lines.

A draft carries things no public page may show: "DRAFT v0.6 – CONFIDENTIAL – … NOT FOR
CIRCULATION", "OFFICIAL-SENSITIVE", "[AB: confirm with the health visitor]", "Comment:"
lines, "(draft – unsigned)", a title and author line repeated. The Board's policy declares
the patterns (`draft_markers` in `redaction_rules/policy.yaml`); ingest lists what it finds,
anonymise takes it out, verify fails on any that remain. A reviewer keeps one on purpose
with a list entry of type DRAFT_MARKER, `decision: keep`, whose term is the marker's text
(the whole line for a line marker).

Findings carry the kind and the line, never the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pipeline.text.termmatch import key, normalise

DUPLICATE = "duplicate"  # the kind of a line that repeats an earlier opening line
DRAFT_MARKER = "DRAFT_MARKER"  # the list entry type that keeps a piece of draft material


class _Decided(Protocol):
    """What `kept_markers` reads of a list entry (`pipeline.model.redaction_list.Entry`)."""

    @property
    def term(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def decision(self) -> str: ...


def kept_markers(entries: Iterable[_Decided]) -> list[str]:
    """The draft-only texts a person decided to keep (DRAFT_MARKER entries, decision keep)."""
    return [e.term for e in entries if e.type == DRAFT_MARKER and e.decision == "keep"]


@dataclass(frozen=True)
class MarkerRule:
    """One declared pattern: a whole line goes (`whole_line`), or only the match."""

    kind: str
    pattern: re.Pattern[str]
    whole_line: bool


@dataclass(frozen=True)
class Found:
    """One piece of draft-only material: what kind, where (1-based line), which span."""

    kind: str
    line: int
    start: int
    end: int
    whole_line: bool


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append((pos, pos + len(body), body))
        pos += len(raw)
    return out


def _title_like(body: str) -> bool:
    """A short line worth checking for a repeat: not blank, not a table or a rule."""
    stripped = body.strip(" \t>*_#")
    return 3 <= len(stripped) <= 160 and not stripped.startswith(("|", "---", "==="))


def find_markers(
    text: str,
    rules: Iterable[MarkerRule],
    *,
    keep: Iterable[str] = (),
    duplicate_within: int = 0,
) -> list[Found]:
    """Every piece of draft-only material in `text`, in reading order.

    Args:
        text: the text (a draft or an output).
        rules: the policy's marker patterns.
        keep: texts a person decided to keep (DRAFT_MARKER entries with decision keep).
        duplicate_within: a line repeating an earlier line among the first this many
            lines (the title or author line twice) is draft-only too; 0: not checked.
    """
    text = normalise(text)
    rules = list(rules)
    kept = {key(k) for k in keep if k.strip()}
    found: list[Found] = []
    seen: set[str] = set()
    for n, (start, end, body) in enumerate(_lines(text), start=1):
        line_key = key(body.strip(" \t>*_#"))
        if line_key in kept:
            continue
        whole = next(
            (r for r in rules if r.whole_line and r.pattern.search(body) is not None), None
        )
        if whole is not None:
            found.append(Found(whole.kind, n, start, end, True))
            continue
        if n <= duplicate_within and _title_like(body):
            if line_key in seen:
                found.append(Found(DUPLICATE, n, start, end, True))
                continue
            seen.add(line_key)
        for rule in rules:
            if rule.whole_line:
                continue
            for m in rule.pattern.finditer(body):
                if key(m.group()) not in kept:
                    found.append(Found(rule.kind, n, start + m.start(), start + m.end(), False))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def strip_markers(
    text: str,
    rules: Iterable[MarkerRule],
    *,
    keep: Iterable[str] = (),
    duplicate_within: int = 0,
) -> tuple[str, list[Found]]:
    """`text` without its draft-only material, and what was taken out.

    A whole-line marker takes its line and line break; an inline one takes the match and
    the space before it ("seen at home [AB: check] and" -> "seen at home and").
    """
    text = normalise(text)
    found = find_markers(text, rules, keep=keep, duplicate_within=duplicate_within)
    out: list[str] = []
    pos = 0
    for f in found:
        if f.start < pos:
            continue  # inside a line already dropped
        start, end = f.start, f.end
        if f.whole_line:
            if text[end : end + 2] == "\r\n":
                end += 2
            elif text[end : end + 1] == "\n":
                end += 1
            # A blank line after a dropped line at the top would leave the page opening
            # on a gap; take one blank line with it.
            if text[end : end + 1] == "\n" and (start == 0 or text[start - 2 : start] == "\n\n"):
                end += 1
        else:
            while start > pos and text[start - 1] in " \t":
                start -= 1
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out), found


def summarise(found: Iterable[Found]) -> dict[str, list[int]]:
    """Kind -> the lines it was found on (for reports: counts and lines, never text)."""
    by_kind: dict[str, list[int]] = {}
    for f in found:
        by_kind.setdefault(f.kind, []).append(f.line)
    return by_kind


def counts(found: Iterable[Found]) -> Counter[str]:
    """How many of each kind."""
    return Counter(f.kind for f in found)
