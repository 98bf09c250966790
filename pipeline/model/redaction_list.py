"""The redaction list, `redaction_rules/<ref>.yaml`: one entry per distinct term.

Detection proposes; people decide. `merge_proposals` folds new findings into the list
without ever changing a decision, replacement or note a person wrote, and keeps the
file's comments and order (ruamel.yaml round trip).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.errors import InputError
from pipeline.store.fileio import atomic_write_text, sha256_bytes
from pipeline.store.yamlio import dump_yaml, line_of, load_plain, load_yaml, validate
from pipeline.text.languages import MAIN_LANG
from pipeline.text.termmatch import TermMatcher, fold, is_ordinary_word, key
from pipeline.text.welsh import welsh_mutations

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Proper names whose first letter mutates in Welsh after prepositions and possessives.
MUTATING_TYPES = frozenset({"PERSON", "LOCATION", "ADDRESS", "SCHOOL", "ORG_LOCAL"})
SOURCES = ("case-file", "ner", "pattern", "gazetteer", "coreference", "sweep", "manual")


# What would make a replacement act on the page rather than read as a label: HTML,
# code spans, Markdown links and link definitions, attribute lists, link schemes.
_MARKUP = (
    ("<", "'<' (HTML)"),
    (">", "'>' (HTML)"),
    ("`", "a backtick (code)"),
    ("](", "'](' (a link)"),
    ("]:", "']:' (a link definition)"),
    ("{", "'{' (an attribute list)"),
    ("}", "'}' (an attribute list)"),
    ("://", "'://' (an address)"),
)
_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data|file)\s*:")
MAX_REPLACEMENT = 100


def markup_in(value: str) -> str:
    """What in `value` is not plain label text ("" when it is a plain, short label)."""
    for needle, what in _MARKUP:
        if needle in value:
            return what
    if _SCHEME.search(value):
        return "a link scheme"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        return "a control or invisible character (a line break, tab or format character)"
    if len(value) > MAX_REPLACEMENT:
        return f"more than {MAX_REPLACEMENT} characters"
    return ""


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
    # Forms a person took out of variants: `cpr detect` never proposes them again here.
    not_variants: list[str] = []
    contexts: list[str] = []
    note: str = ""

    @field_validator("replacement", "replacement_cy")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        problem = markup_in(value)
        if problem:
            raise ValueError(
                f"a replacement is plain text, but this one holds {problem}, which would "
                "become markup or a link on the page; write a short label such as "
                "Child A or [address]"
            )
        return value

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


class LoadedList:
    """The redaction list in memory: one round-trip document, with its validated view.

    The document (ruamel, with the file's comments and order) is the only copy. The
    pydantic view `model` is derived from it and cached; every change goes through
    `edit()`, which re-validates once when the change is done. So the two can never
    disagree, and nothing outside this class assigns a model.
    """

    def __init__(
        self,
        path: Path,
        doc: CommentedMap,
        *,
        entity_types: Iterable[str] | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.read_only = read_only  # loaded without its comments: never written back
        self._doc = doc
        self._types = frozenset(entity_types) if entity_types is not None else None
        self._model: RedactionList | None = self._validate()

    @property
    def model(self) -> RedactionList:
        """The validated view of the document (read it; change the list with `edit`)."""
        if self._model is None:
            self._model = self._validate()
        return self._model

    @contextmanager
    def edit(self) -> Iterator[CommentedMap]:
        """Change the document; the validated view is rebuilt (and checked) afterwards.

        Raises:
            InputError: the document no longer validates.
        """
        if self.read_only:
            raise RuntimeError("a list read with read_list cannot be edited; use load_list")
        self._model = None
        try:
            yield self._doc
        finally:
            self._model = None
        self._model = self._validate()

    def dump(self) -> str:
        """The file's text, comments and order kept (byte-identical when unchanged)."""
        return dump_yaml(self._doc)

    def write(self, path: Path | None = None) -> None:
        """Write the file atomically (to `path`, default the list's own path)."""
        if self.read_only:
            raise RuntimeError("a list read with read_list cannot be written; use load_list")
        atomic_write_text(path or self.path, self.dump())

    def entry_line(self, index: int) -> int | None:
        """The line of entry `index` in the file."""
        return line_of(self._doc, ("entries", index))

    def line(self, *loc: int | str) -> int | None:
        """The line of a key path in the file, e.g. `line("approval")`."""
        return line_of(self._doc, loc)

    def _validate(self) -> RedactionList:
        model = validate(RedactionList, self._doc, path=self.path, what="redaction list")
        _check_entries(model, self._doc, path=self.path, entity_types=self._types)
        return model


def new_list(ref: str, *, entity_types: Iterable[str] | None = None) -> LoadedList:
    """An empty list for a review that has none yet."""
    doc = CommentedMap()
    doc["review"] = ref
    doc["draft_sha256"] = ""
    doc["entries"] = CommentedSeq()
    doc.yaml_set_start_comment(
        f"Redaction list for review {ref}. CONFIDENTIAL: holds names from the case.\n"
        "Set each entry's decision (redact | keep), check its replacement, and write\n"
        "your reason in note. Re-running `cpr detect` never changes what you decide."
    )
    return LoadedList(Path(), doc, entity_types=entity_types)


def _read_list(path: Path, *, ref: str, entity_types: Iterable[str]) -> LoadedList:
    """The list for a command that only reads it (status), loaded the fast way.

    It cannot be edited or written: it holds no comments. A list that does not validate
    is loaded again by `load_list`, whose error names the line of each problem.

    Raises:
        InputError: as `load_list`.
    """
    data = load_plain(path, what="redaction list")
    try:
        loaded = LoadedList(path, data, entity_types=entity_types, read_only=True)
    except InputError:
        return load_list(path, ref=ref, entity_types=entity_types)
    if loaded.model.review != ref:
        return load_list(path, ref=ref, entity_types=entity_types)
    return loaded


_READ: dict[tuple[object, ...], LoadedList] = {}


def read_list(path: Path, *, ref: str, entity_types: Iterable[str]) -> LoadedList:
    """The list for a command that only reads it (status), loaded the fast way.

    It cannot be edited or written: it holds no comments. A list that does not validate
    is loaded again by `load_list`, whose error names the line of each problem. The
    same file, unchanged since, is read once per process.

    Raises:
        InputError: as `load_list`.
    """
    types = tuple(entity_types)
    stat = path.stat()
    cache_key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, ref, types)
    if cache_key not in _READ:
        _READ.clear()  # one list at a time is enough for the commands that read them
        _READ[cache_key] = _read_list(path, ref=ref, entity_types=types)
    return _READ[cache_key]


def load_list(path: Path, *, ref: str, entity_types: Iterable[str]) -> LoadedList:
    """Load and validate a redaction list.

    Raises:
        InputError: the file does not parse, does not validate, names an unknown entity
            type, holds one term twice, holds markup in a replacement, or belongs to
            another review.
    """
    doc = load_yaml(path, what="redaction list")
    if not isinstance(doc, CommentedMap):
        validate(RedactionList, doc, path=path, what="redaction list")  # raises: not a mapping
    loaded = LoadedList(path, doc, entity_types=entity_types)
    if loaded.model.review != ref:
        raise InputError(
            f"the list says review: {loaded.model.review}, but it is the list of {ref}",
            file=path,
            line=loaded.line("review"),
            key="review",
            fix=f"set review: {ref}, or move the file to the right name",
        )
    return loaded


def _check_entries(
    model: RedactionList, doc: CommentedMap, *, path: Path, entity_types: frozenset[str] | None
) -> None:
    """What one entry alone cannot check: known types, and each form in one entry only.

    A form may be a variant of one entry and the term of another: a reviewer gave the
    nickname ("Tommy" of "Tomos Pritchard") its own entry and replacement, and the more
    specific entry, whose term it is, wins (`entry_matcher`).
    """
    terms: dict[str, int] = {}
    for i, entry in enumerate(model.entries):
        terms.setdefault(key(entry.term), i)
    seen: dict[str, int] = {}
    for i, entry in enumerate(model.entries):
        if entity_types is not None and entry.type not in entity_types:
            raise InputError(
                f"entry {i + 1} has unknown type {entry.type}",
                file=path,
                line=line_of(doc, ("entries", i, "type")),
                key=f"entries -> {i} -> type",
                fix="use one of: " + ", ".join(sorted(entity_types)),
            )
        for form in entry.surface_forms():
            k = key(form)
            if form is not entry.term and terms.get(k, i) != i:
                continue  # another entry's own term: that entry decides it
            if k in seen and seen[k] != i:
                raise InputError(
                    f"entries {seen[k] + 1} and {i + 1} both cover the same term",
                    file=path,
                    line=line_of(doc, ("entries", i)),
                    key=f"entries -> {i}",
                    fix="merge the two entries into one (a term is decided once)",
                )
            seen[k] = i


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


# Whether `form` was a variant cpr proposed for the entry of `term`, which a person took out.
RemovedByPerson = Callable[[str, str], bool]


def merge_proposals(
    loaded: LoadedList,
    proposals: list[Proposal],
    *,
    draft_sha256: str,
    removed: RemovedByPerson | None = None,
) -> MergeResult:
    """Merge proposals into the list in place.

    A proposal whose term (or one of whose variants) is already covered by an entry
    updates only that entry's derived fields: proposed_by, score, variants (added,
    never removed). Decision, replacement, note, term and type are never touched. New
    terms are appended. Occurrences are set afterwards by `update_counts`.

    A person's removal of a variant sticks: a form in the entry's `not_variants` is never
    added again, and a form `removed` says a person took out is added to `not_variants`
    instead of to `variants` (which `list_sha256` leaves out, so an approval stands).

    Returns:
        How many entries were added and updated.
    """
    added = updated = 0
    with loaded.edit() as doc:
        entries = doc.setdefault("entries", CommentedSeq())
        index: dict[str, int] = {}
        for i, entry in enumerate(entries):
            for form in [entry["term"], *entry.get("variants", [])]:
                index.setdefault(key(form), i)
        for i, entry in enumerate(entries):
            for form in entry.get("not_variants", []):
                index.setdefault(key(form), i)

        for prop in proposals:
            forms = [prop.term, *prop.variants]
            hit = next((index[key(f)] for f in forms if key(f) in index), None)
            if hit is None:
                entries.append(_new_entry(prop))
                hit = len(entries) - 1
                added += 1
            else:
                # A form another entry already covers stays with that entry: decided once.
                extra = [f for f in forms if index.get(key(f), hit) == hit]
                _update_entry(entries[hit], prop, extra, removed)
                updated += 1
            for form in forms:
                index.setdefault(key(form), hit)
        doc["draft_sha256"] = draft_sha256
    return MergeResult(added=added, updated=updated)


def _new_entry(prop: Proposal) -> CommentedMap:
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
    return entry


def _update_entry(
    entry: CommentedMap, prop: Proposal, extra: list[str], removed: RemovedByPerson | None
) -> None:
    """Detection's fields of an existing entry; a variant a person removed stays out."""
    sources = sorted(set(entry.get("proposed_by", [])) | set(prop.proposed_by))
    entry["proposed_by"] = _as_seq(sources)
    entry["score"] = round(max(float(entry.get("score", 0.0)), prop.score), 2)
    variants = list(entry.get("variants", []))
    refused = list(entry.get("not_variants", []))
    refused_keys = {key(f) for f in refused}
    taken: list[str] = []
    for form in _new_variants(variants, extra, entry["term"])[len(variants) :]:
        if key(form) in refused_keys:
            continue
        if removed is not None and removed(entry["term"], form):
            refused.append(form)
            refused_keys.add(key(form))
        else:
            taken.append(form)
    if taken:
        entry["variants"] = _as_seq(variants + taken)
    if len(refused) > len(entry.get("not_variants", [])):
        if "not_variants" in entry:
            entry["not_variants"] = _as_seq(refused)
        else:
            after = list(entry).index("variants") + 1 if "variants" in entry else len(entry)
            entry.insert(after, "not_variants", _as_seq(refused))


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
    # Terms first: an entry's own term wins over the same form listed as another's variant.
    for i, entry in enumerate(entries):
        if key(entry.term) not in owner:
            owner[key(entry.term)] = i
            forms.append(entry.term)
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
    sensitive = [f for f in forms if is_ordinary_word(f, folded, lang=lang)]
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
    with loaded.edit() as doc:
        for i, entry in enumerate(doc["entries"]):
            entry["occurrences"] = counts[i]
            entry["contexts"] = _as_seq(contexts[i]) if contexts[i] else CommentedSeq()
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
