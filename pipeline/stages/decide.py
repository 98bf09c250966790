"""People deciding the redaction list: one entry, a whole group, a split, a missed term.

These are the changes the reviewer's desk (`cpr review`) makes. Each one goes through
the same path as every other writer of the list: under the review's lock, a person's
hand edits since cpr last saw the file are recorded first, the change is made through
the list's one in-memory document (comments and order kept), and an event naming the
acting person and what changed (by entry number, never the value) joins the audit trail
before the file is written. The file stays the single source of truth: a person can
still edit it by hand between two changes made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.errors import InputError
from pipeline.model.redaction_list import Decision, LoadedList, markup_in
from pipeline.stages.list_history import describe_changes, list_snapshot, record_stage, snapshot_key
from pipeline.stages.review import Review
from pipeline.store.fileio import review_lock
from pipeline.text.termmatch import key

# How entity types fall into the groups a person decides together.
GROUP_TYPES: dict[str, frozenset[str]] = {
    "people": frozenset({"PERSON"}),
    "places": frozenset({"LOCATION", "ADDRESS", "POSTCODE", "SCHOOL", "ORG_LOCAL"}),
    "dates": frozenset({"DATE", "AGE_DOB"}),
}


def group_of_type(entity_type: str) -> str:
    """people, places, dates, or identifiers for every other type."""
    for group, types in GROUP_TYPES.items():
        if entity_type in types:
            return group
    return "identifiers"


@dataclass(frozen=True)
class Change:
    """What one decision changed, in words without values ("entry 4: decision")."""

    changes: list[str]

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not self.changes


def _apply(
    review: Review, what: str, change: Callable[[LoadedList], None], *, who: str | None
) -> Change:
    """Make one change to the list under the lock, record it, then write the file."""
    text, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        loaded = review.load_list()
        before = list_snapshot(loaded.model.entries, key_bytes=snapshot_key(text))
        change(loaded)
        after = list_snapshot(loaded.model.entries, key_bytes=snapshot_key(text))
        changes = describe_changes(before, after)
        if not changes:
            return Change([])
        record_stage(
            review,
            "decide",
            details={"action": what, "changes": changes},
            draft=(text, sha),
            written=loaded,
            who=who,
        )
        loaded.write(review.paths.rules)
    return Change(changes)


def _entry(doc: CommentedMap, index: int) -> CommentedMap:
    entries = doc.get("entries") or []
    if not 0 <= index < len(entries):
        raise InputError(
            f"there is no entry {index + 1} in the list",
            key=f"entries -> {index}",
            fix="reload the page: the list may have been changed by hand",
        )
    entry = entries[index]
    assert isinstance(entry, CommentedMap)
    return entry


def _plain(value: str, what: str) -> str:
    value = value.strip()
    problem = markup_in(value)
    if problem:
        raise InputError(
            f"the {what} holds {problem}",
            fix="write a short plain label such as Child A, Person 3 or [address]",
        )
    return value


def decide_entry(
    review: Review,
    index: int,
    *,
    decision: Decision,
    replacement: str | None = None,
    replacement_cy: str | None = None,
    who: str | None = None,
) -> Change:
    """Set one entry's decision and, optionally, its replacements.

    Raises:
        InputError: no such entry, or a replacement that is not a plain label.
    """

    def change(loaded: LoadedList) -> None:
        with loaded.edit() as doc:
            entry = _entry(doc, index)
            entry["decision"] = decision.value
            if replacement is not None:
                entry["replacement"] = _plain(replacement, "replacement")
            if replacement_cy is not None:
                entry["replacement_cy"] = _plain(replacement_cy, "Welsh replacement")

    return _apply(review, f"decide entry {index + 1}", change, who=who)


def decide_group(
    review: Review, group: str, *, decision: Decision, who: str | None = None
) -> Change:
    """Decide every undecided entry of a group at once, with its proposed replacement.

    Only undecided entries change: a decision a person already made in the group stands.
    """
    if group not in (*GROUP_TYPES, "identifiers"):
        raise InputError(f"unknown group {group!r}", fix="use people, places, dates or identifiers")

    def change(loaded: LoadedList) -> None:
        with loaded.edit() as doc:
            for entry in doc.get("entries") or []:
                if (
                    group_of_type(str(entry.get("type"))) == group
                    and entry.get("decision", "undecided") == Decision.undecided.value
                ):
                    entry["decision"] = decision.value

    return _apply(review, f"decide group {group}", change, who=who)


def split_variant(
    review: Review, index: int, variant: str, *, replacement: str, who: str | None = None
) -> Change:
    """Give one variant of an entry an entry of its own, with its own replacement.

    The form leaves the entry's variants and joins its `not_variants`, so `cpr detect`
    never folds it back in; the new entry is decided `redact`.

    Raises:
        InputError: no such entry or variant, or a replacement that is not plain text.
    """
    label = _plain(replacement, "replacement")

    def change(loaded: LoadedList) -> None:
        with loaded.edit() as doc:
            entry = _entry(doc, index)
            variants = entry.get("variants") or []
            found = [v for v in variants if key(v) == key(variant)]
            if not found:
                raise InputError(
                    f"entry {index + 1} has no such variant",
                    key=f"entries -> {index} -> variants",
                    fix="reload the page: the list may have been changed by hand",
                )
            entry["variants"] = CommentedSeq([v for v in variants if v not in found])
            not_variants = entry.get("not_variants") or CommentedSeq()
            not_variants.extend(found)
            entry["not_variants"] = not_variants
            doc["entries"].insert(index + 1, _new_entry(found[0], entry["type"], label))

    return _apply(review, f"split a variant of entry {index + 1}", change, who=who)


_NUMBER = re.compile(r"(\d+)$")


def next_replacement(loaded: LoadedList, entity_type: str, *, labels: dict[str, Any]) -> str:
    """The policy's label for the type, numbered after the highest number in use."""
    spec = labels.get(entity_type)
    if spec is None:
        return "[redacted]"
    if not spec.numbered:
        return str(spec.label)
    used = [
        int(m.group(1))
        for e in loaded.model.entries
        if e.replacement.startswith(spec.label) and (m := _NUMBER.search(e.replacement))
    ]
    return f"{spec.label} {max(used, default=0) + 1}"


def _new_entry(term: str, entity_type: str, replacement: str) -> CommentedMap:
    entry = CommentedMap()
    entry["term"] = term
    entry["type"] = entity_type
    entry["decision"] = Decision.redact.value
    entry["replacement"] = replacement
    entry["proposed_by"] = CommentedSeq(["manual"])
    entry["score"] = 1.0
    entry["occurrences"] = 0
    return entry


def add_term(
    review: Review,
    term: str,
    *,
    entity_type: str,
    replacement: str | None = None,
    who: str | None = None,
) -> Change:
    """Add a term detection missed, decided `redact` (the next `cpr detect` counts it).

    Raises:
        InputError: the term is empty or already an entry or variant, the type is not
            in the policy, or the replacement is not plain text.
    """
    term = " ".join(term.split())
    if not term:
        raise InputError("the term is empty", fix="select the words to redact in the draft")
    if entity_type not in review.policy.entity_types:
        raise InputError(
            f"unknown type {entity_type!r}",
            fix="choose one of the types in redaction_rules/policy.yaml",
        )

    def change(loaded: LoadedList) -> None:
        taken = {key(f) for e in loaded.model.entries for f in e.surface_forms()}
        if key(term) in taken:
            raise InputError(
                "that term is already in the list",
                fix="find it in its group and change its decision there",
            )
        label = (
            _plain(replacement, "replacement")
            if replacement
            else next_replacement(loaded, entity_type, labels=dict(review.policy.entity_types))
        )
        with loaded.edit() as doc:
            doc["entries"].append(_new_entry(term, entity_type, label))

    return _apply(review, "add a missed term", change, who=who)
