"""The redaction list, `redaction_rules/<ref>.yaml`: one entry per distinct term.

Detection proposes; people decide. `merge_proposals` folds new findings into the list
without ever changing a decision, replacement or note a person wrote, and keeps the
file's comments and order (ruamel.yaml round trip).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.errors import InputError
from pipeline.store.fileio import sha256_bytes
from pipeline.store.yamlio import line_of, load_yaml, validate
from pipeline.text.languages import MAIN_LANG
from pipeline.text.termmatch import TermMatcher, fold, is_ordinary_word, key
from pipeline.text.welsh import welsh_mutations

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Proper names whose first letter mutates in Welsh after prepositions and possessives.
MUTATING_TYPES = frozenset({"PERSON", "LOCATION", "ADDRESS", "SCHOOL", "ORG_LOCAL"})
SOURCES = ("case-file", "ner", "pattern", "gazetteer", "coreference", "sweep", "manual")


class Decision(StrEnum):
    """What a person decided for a term."""

    redact = "redact"
    keep = "keep"
    undecided = "undecided"


class Entry(BaseModel):
    """One distinct term and what happens to every occurrence of it."""

    model_config = ConfigDict(extra="forbid")

    term: NonEmpty
    type: NonEmpty
    decision: Decision = Decision.undecided
    replacement: str = ""
    replacement_cy: str = ""  # on the Welsh page; empty: the replacement is used there too
    proposed_by: list[str] = []
    score: float = Field(default=1.0, ge=0.0, le=1.0)
    occurrences: int = Field(default=0, ge=0)
    variants: list[str] = []
    contexts: list[str] = []
    note: str = ""

    @model_validator(mode="after")
    def _redact_needs_replacement(self) -> Self:
        if self.decision is Decision.redact and not self.replacement.strip():
            raise ValueError(
                "decision is redact but replacement is empty; write what the "
                "term becomes, e.g. Child A or [address]"
            )
        return self

    def replacement_for(self, lang: str) -> str:
        """What the term becomes in a text of `lang` ("en" or "cy")."""
        if lang == "cy" and self.replacement_cy.strip():
            return self.replacement_cy
        return self.replacement

    def surface_forms(self) -> list[str]:
        """The term and its variants: every form that is replaced."""
        return [self.term, *self.variants]


class Approval(BaseModel):
    """The Board officer's approval, bound to the draft and to the decisions."""

    model_config = ConfigDict(extra="forbid")

    officer: NonEmpty
    role: NonEmpty
    approved_at: dt.datetime
    draft_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    list_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    # What else changes the output: the policy's keep-list, entity types and dates, the
    # record's pseudonyms and public fields (`pipeline.stages.approval.approval_context`).
    context_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    # The officer's Ed25519 signature (base64) over all of the above; None: not signed.
    signature: str | None = None


class RedactionList(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid")

    review: NonEmpty
    draft_sha256: str = ""
    entries: list[Entry] = []
    approval: Approval | None = None

    def list_sha256(self) -> str:
        """Hash of what people decide: term, type, decision, replacements and variants.

        Detection's derived fields (occurrences, contexts, scores) are left out, so a
        re-run that finds nothing new keeps the approval.
        """
        decided = sorted(
            (
                key(e.term),
                e.type,
                e.decision.value,
                e.replacement,
                e.replacement_cy,
                sorted({key(v) for v in e.variants}),
            )
            for e in self.entries
        )
        return sha256_bytes(json.dumps(decided, ensure_ascii=False).encode("utf-8"))

    def undecided(self) -> list[int]:
        """Indexes of entries nobody has decided yet."""
        return [i for i, e in enumerate(self.entries) if e.decision is Decision.undecided]


@dataclass
class LoadedList:
    """A validated list together with its round-trip YAML (comments, order)."""

    path: Path
    model: RedactionList
    raw: CommentedMap

    def entry_line(self, index: int) -> int | None:
        """The line of entry `index` in the file."""
        return line_of(self.raw, ("entries", index))


def new_list(ref: str) -> LoadedList:
    """An empty list for a review that has none yet."""
    raw = CommentedMap()
    raw["review"] = ref
    raw["draft_sha256"] = ""
    raw["entries"] = CommentedSeq()
    raw.yaml_set_start_comment(
        f"Redaction list for review {ref}. CONFIDENTIAL: holds names from the case.\n"
        "Set each entry's decision (redact | keep), check its replacement, and write\n"
        "your reason in note. Re-running `cpr detect` never changes what you decide."
    )
    return LoadedList(path=Path(), model=RedactionList(review=ref), raw=raw)


def load_list(path: Path, *, ref: str, entity_types: Iterable[str]) -> LoadedList:
    """Load and validate a redaction list.

    Raises:
        InputError: the file does not parse, does not validate, names an unknown entity
            type, holds one term twice, or belongs to another review.
    """
    raw = load_yaml(path, what="redaction list")
    model = validate(RedactionList, raw, path=path, what="redaction list")
    if model.review != ref:
        raise InputError(
            f"the list says review: {model.review}, but it is the list of {ref}",
            file=path,
            line=line_of(raw, ("review",)),
            key="review",
            fix=f"set review: {ref}, or move the file to the right name",
        )
    known = set(entity_types)
    seen: dict[str, int] = {}
    for i, entry in enumerate(model.entries):
        if entry.type not in known:
            raise InputError(
                f"entry {i + 1} has unknown type {entry.type}",
                file=path,
                line=line_of(raw, ("entries", i, "type")),
                key=f"entries -> {i} -> type",
                fix="use one of: " + ", ".join(sorted(known)),
            )
        for form in entry.surface_forms():
            k = key(form)
            if k in seen and seen[k] != i:
                raise InputError(
                    f"entries {seen[k] + 1} and {i + 1} both cover the same term",
                    file=path,
                    line=line_of(raw, ("entries", i)),
                    key=f"entries -> {i}",
                    fix="merge the two entries into one (a term is decided once)",
                )
            seen[k] = i
    return LoadedList(path=path, model=model, raw=raw)


@dataclass
class Proposal:
    """What detection proposes for one distinct term (plain data, no detector objects)."""

    term: str
    type: str
    replacement: str
    proposed_by: list[str]
    score: float
    decision: Decision = Decision.undecided
    variants: list[str] = field(default_factory=list)
    replacement_cy: str = ""


@dataclass(frozen=True)
class MergeResult:
    """What a merge changed."""

    added: int
    updated: int


def _as_seq(values: Iterable[str]) -> CommentedSeq:
    seq = CommentedSeq(list(values))
    seq.fa.set_flow_style()
    return seq


def merge_proposals(
    loaded: LoadedList,
    proposals: list[Proposal],
    *,
    draft_sha256: str,
) -> MergeResult:
    """Merge proposals into the list in place.

    A proposal whose term (or one of whose variants) is already covered by an entry
    updates only that entry's derived fields: proposed_by, score, variants (added,
    never removed). Decision, replacement, note, term and type are never touched. New
    terms are appended. Occurrences are set afterwards by `update_counts`.

    Returns:
        How many entries were added and updated.
    """
    raw = loaded.raw
    entries = raw.setdefault("entries", CommentedSeq())
    index: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for form in [entry["term"], *entry.get("variants", [])]:
            index.setdefault(key(form), i)

    added = updated = 0
    for prop in proposals:
        forms = [prop.term, *prop.variants]
        hit = next((index[key(f)] for f in forms if key(f) in index), None)
        if hit is None:
            entry = CommentedMap()
            entry["term"] = prop.term
            entry["type"] = prop.type
            entry["decision"] = prop.decision.value
            entry["replacement"] = prop.replacement
            if prop.replacement_cy and prop.replacement_cy != prop.replacement:
                entry["replacement_cy"] = prop.replacement_cy
            entry["proposed_by"] = _as_seq(sorted(set(prop.proposed_by)))
            entry["score"] = round(prop.score, 2)
            entry["occurrences"] = 0
            entry["variants"] = _as_seq(_new_variants([], prop.variants, prop.term))
            entry["contexts"] = CommentedSeq()
            entry["note"] = ""
            entries.append(entry)
            hit = len(entries) - 1
            added += 1
        else:
            entry = entries[hit]
            sources = sorted(set(entry.get("proposed_by", [])) | set(prop.proposed_by))
            entry["proposed_by"] = _as_seq(sources)
            entry["score"] = round(max(float(entry.get("score", 0.0)), prop.score), 2)
            # A form another entry already covers stays with that entry: decided once.
            extra = [f for f in [prop.term, *prop.variants] if index.get(key(f), hit) == hit]
            variants = list(entry.get("variants", []))
            new = _new_variants(variants, extra, entry["term"])
            if new != variants:
                entry["variants"] = _as_seq(new)
            updated += 1
        for form in forms:
            index.setdefault(key(form), hit)

    raw["draft_sha256"] = draft_sha256
    loaded.model = validate(RedactionList, raw, path=loaded.path, what="redaction list")
    return MergeResult(added=added, updated=updated)


PUBLIC = -1  # the owner of a public term (allow-list, reviewers' names): left as written


def entry_matcher(
    entries: list[Entry], text: str, *, lang: str = MAIN_LANG, public: Iterable[str] = ()
) -> tuple[TermMatcher, dict[str, int]]:
    """A matcher for every form of every entry, and which entry each form belongs to.

    A form that also occurs in the text as an ordinary lower-case word ("will") matches
    only when capitalised. Anonymise and verify use this same matcher, so what detect
    counts is exactly what anonymise replaces. For a Welsh text, the mutated forms of
    names and places match too ("Teilo" -> "i Deilo", "Caerdydd" -> "yng Nghaerdydd").
    `public` terms are owned by PUBLIC: a longer one wins over an entry inside it, but an
    entry with the same text as a public term keeps it.
    """
    folded = fold(text)
    owner: dict[str, int] = {}
    forms: list[str] = []
    for i, entry in enumerate(entries):
        surface = entry.surface_forms()
        if lang == "cy" and entry.type in MUTATING_TYPES:
            surface += [m for form in surface for m in sorted(welsh_mutations(form))]
        for form in surface:
            if key(form) not in owner:
                owner[key(form)] = i
                forms.append(form)
    for form in public:
        if form.strip() and key(form) not in owner:
            owner[key(form)] = PUBLIC
            forms.append(form)
    sensitive = [f for f in forms if is_ordinary_word(f, folded)]
    return TermMatcher(forms, case_sensitive=sensitive), owner


def update_counts(
    loaded: LoadedList,
    text: str,
    *,
    translated: Iterable[str] = (),
    public: Iterable[str] = (),
    contexts_per_entry: int = 2,
) -> int:
    """Set each entry's occurrences and contexts; returns how many entries are unseen.

    Args:
        loaded: the list, updated in place.
        text: the normalised draft.
        translated: Welsh translations of it, counted with mutated forms.
        public: public terms, which shadow entries inside them (see `entry_matcher`).
        contexts_per_entry: how many short contexts to keep per entry.
    """
    counts = [0] * len(loaded.model.entries)
    contexts: list[list[str]] = [[] for _ in loaded.model.entries]
    for body, lang in [(text, MAIN_LANG), *((t, "cy") for t in translated)]:
        matcher, owner = entry_matcher(loaded.model.entries, body, lang=lang, public=public)
        for m in matcher.finditer(body):
            i = owner[m.term_key]
            if i == PUBLIC:
                continue
            counts[i] += 1
            if len(contexts[i]) < contexts_per_entry:
                contexts[i].append(_context(body, m.start, m.end))
    for i, entry in enumerate(loaded.raw["entries"]):
        entry["occurrences"] = counts[i]
        entry["contexts"] = _as_seq(contexts[i]) if contexts[i] else CommentedSeq()
    loaded.model = validate(RedactionList, loaded.raw, path=loaded.path, what="redaction list")
    return sum(1 for c in counts if c == 0)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    return f"... {before} «{text[start:end]}» {after} ..."


def _new_variants(current: list[str], extra: Iterable[str], term: str) -> list[str]:
    """`current` plus any form of `extra` not already covered (by key), never the term."""
    seen = {key(term)} | {key(v) for v in current}
    out = list(current)
    for form in extra:
        k = key(form)
        if form.strip() and k not in seen:
            seen.add(k)
            out.append(form)
    return out


def as_plain(loaded: LoadedList) -> dict[str, Any]:
    """The list as plain JSON-able data (for tests and reports)."""
    return loaded.model.model_dump(mode="json")
