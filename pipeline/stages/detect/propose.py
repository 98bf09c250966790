"""From findings to proposals: one proposal per distinct term, with its replacement.

Case-file identities are proposed as `redact` with the record's pseudonym. Everything
else is proposed `undecided` with a replacement, for a person to decide. A first name or
surname seen alone joins the entry of the full name it belongs to (co-reference), so it
is decided once and replaced consistently.

`build_proposals` runs five named steps, each a plain function testable alone:

1. `collect_public` and `casefile_proposals`: what is public, and the case file's names;
2. `screen`: drop findings that are public, generic or dismissed, one finding at a time;
3. `merge`: one proposal per term (the most specific type wins), full names first with
   their first names and surnames as variants;
   `drop_shadowed` leaves out terms never seen alone, and `assign_roles` gives a
   practitioner the text names with a role that role ("the health visitor", "Health
   visitor 1" when two share it; see `pipeline.text.roles`);
4. `number`: replacements ("Person 3"), continuing the list's numbering;
5. `add_short_forms`: a capitalised word that begins a person's first name joins them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import accumulate

from pipeline.model.casefile import (
    PARTICLES,
    SHARED_REPLACEMENT,
    SHARED_REPLACEMENT_CY,
    TITLES,
    identity_terms,
)
from pipeline.model.policy import Policy, public_terms
from pipeline.model.redaction_list import Decision, Entry, Proposal, entry_matcher
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.detect.findings import Finding
from pipeline.stages.detect.recognisers.sweeps import age_in_years
from pipeline.stages.detect.screen import (
    AGENCY_WORDS,
    COMMON_ZIPF,
    PLACE_WORDS,
    WEAK_NER_TYPES,
    dismiss,
    looks_like_person,
    zipf,
)
from pipeline.text.dates import generalise
from pipeline.text.roles import (
    DETERMINER,
    DETERMINER_BEFORE,
    TITLE_ROLES,
    Role,
    role,
    role_named,
    role_pattern,
)
from pipeline.text.termmatch import TermMatcher, key

_TITLE_RE = re.compile(r"^(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+", re.I)


def type_priority(policy: Policy) -> dict[str, int]:
    """Which type wins when one term is found as several (lower wins).

    The policy lists its entity types most specific first; a type it does not declare
    comes last.
    """
    return {name: rank for rank, name in enumerate(policy.entity_types)}


def _strip_title(term: str) -> str:
    return _TITLE_RE.sub("", term).strip()


def _person_tokens(term: str) -> list[str]:
    return [
        t
        for t in re.split(r"\s+", term)
        if len(t.strip(".")) >= 2 and key(t) not in TITLES | PARTICLES
    ]


def _term_of(f: Finding) -> str:
    """The term a finding proposes: a person's name without its title ("Dr")."""
    return _strip_title(f.text) if f.entity_type == "PERSON" else f.text


@dataclass(frozen=True)
class Public:
    """What is public in one draft: spans of kept terms, their keys and common words."""

    spans: list[tuple[int, int]] = field(default_factory=list)  # sorted
    keys: frozenset[str] = frozenset()
    # Common words of multi-word public names ("children" of "Children's Services").
    words: frozenset[str] = frozenset()

    @cached_property
    def _starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    @cached_property
    def _max_ends(self) -> list[int]:
        # Running maximum of ends: "some kept span starting before x ends after y" in
        # one bisection, not a scan of every span per finding.
        return list(accumulate((e for _, e in self.spans), max))

    def _kept_end_before(self, pos: int, *, inclusive: bool) -> int:
        i = (bisect_right if inclusive else bisect_left)(self._starts, pos)
        return self._max_ends[i - 1] if i else -1

    def covers(self, f: Finding) -> bool:
        """Whether a finding lies in a kept term (a model span: touches one)."""
        if f.source == "ner":
            # A model span touching an agency name ("Aneurin Bevan" of a health board's
            # name) is part of the agency. Patterns are precise: only a span inside one.
            return self._kept_end_before(f.end, inclusive=False) > f.start
        return self._kept_end_before(f.start, inclusive=True) >= f.end


def collect_public(text: str, policy: Policy, record: ReviewRecord | None) -> Public:
    """Step 1a: the policy's keep-list and the record's public names, as found in `text`."""
    # The policy's terms are the same for every draft (their compiled matcher is cached);
    # the record's few public names are matched on their own.
    record_public = public_terms(policy, record)[len(policy.keep) :]
    spans = sorted(
        (m.start, m.end)
        for matcher in (TermMatcher(policy.keep), TermMatcher(record_public))
        for m in matcher.finditer(text)
    )
    keys = frozenset(key(t) for t in public_terms(policy, record))
    # Possessive dropped ("children's" -> "children"); rare words ("Aneurin") may well be
    # someone's name too, so only common ones.
    words = frozenset(
        w
        for t in keys
        if " " in t
        for w in (re.sub(r"['’]s$", "", w) for w in t.split())
        if zipf(w) >= COMMON_ZIPF
    )
    return Public(spans=spans, keys=keys, words=words)


def casefile_proposals(record: ReviewRecord | None) -> list[Proposal]:
    """Step 1b: every case-file identity's names, `redact` with the record's pseudonym."""
    if record is None:
        return []
    proposals: list[Proposal] = []
    owned: set[str] = set()
    terms, shared = identity_terms(record)
    for item in terms:
        if key(item.term) in owned:
            continue
        prop = Proposal(
            term=item.term,
            type=item.identity.entity_type,
            replacement=item.identity.pseudonym,
            proposed_by=["case-file"],
            score=1.0,
            decision=Decision.redact,
            variants=list(item.variants),
            replacement_cy=item.identity.pseudonym_cy or "",
        )
        proposals.append(prop)
        owned |= {key(f) for f in (prop.term, *prop.variants)}
    for token in shared:
        if key(token) not in owned:
            proposals.append(
                Proposal(
                    term=token,
                    type="PERSON",
                    replacement=SHARED_REPLACEMENT,
                    proposed_by=["case-file"],
                    score=1.0,
                    decision=Decision.redact,
                    replacement_cy=SHARED_REPLACEMENT_CY,
                )
            )
            owned.add(key(token))
    return proposals


def screen(
    findings: Iterable[Finding], text: str, public: Public, owned: Iterable[str] = ()
) -> list[Finding]:
    """Step 2: the findings that may become proposals, each with the term it proposes.

    Dropped: case-file findings (their names are proposed from the record), terms of
    fewer than two characters, public terms and spans inside them, terms the case file
    already `owned`, model spans made only of ordinary words ("Board"), what
    `screen.dismiss` rejects, and "people" with no letter or with a digit. A model
    organisation that looks like a person ("Dr Ceri Jones") is retyped PERSON, and a
    person's title is dropped from the term.
    """
    owned_keys = set(owned)
    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    dismissed: dict[tuple[str, str, str], bool] = {}
    kept: list[Finding] = []
    for f in findings:
        if f.source == "case-file":
            continue
        if f.source == "ner" and f.entity_type == "ORG_LOCAL" and looks_like_person(f.text):
            f = Finding(f.start, f.end, f.text, "PERSON", f.score, f.source)
        term = _term_of(f)
        k = key(term)
        if (
            len(k) < 2
            or k in public.keys
            or public.covers(f)
            or k in owned_keys
            or _generic(f, lower_words)
        ):
            continue
        cache = (f.entity_type, f.source, term)
        if cache not in dismissed:
            dismissed[cache] = dismiss(f.entity_type, f.source, term, text, public.spans)
        if dismissed[cache]:
            continue
        if f.entity_type == "PERSON" and (
            not any(ch.isalpha() for ch in term) or any(ch.isdigit() for ch in term)
        ):
            continue
        kept.append(Finding(f.start, f.end, term, f.entity_type, f.score, f.source))
    return kept


def _generic(f: Finding, lower_words: set[str]) -> bool:
    """Model spans of organisations or places made only of ordinary words ("Board")."""
    if f.source != "ner" or f.entity_type not in WEAK_NER_TYPES:
        return False
    words = re.findall(r"[^\W\d_]+", f.text)
    return all(w.lower() in lower_words for w in words)


def best_by_term(findings: Iterable[Finding], priority: Mapping[str, int]) -> list[Finding]:
    """Step 3a: one finding per term (by key), in order of first occurrence.

    When a term is found as several types, the one with the lower `priority` wins, with
    the higher score of the two.
    """
    best: dict[str, Finding] = {}
    last = len(priority)
    for f in findings:
        k = key(f.text)
        cur = best.get(k)
        if cur is None:
            best[k] = f
        elif priority.get(f.entity_type, last) < priority.get(cur.entity_type, last):
            best[k] = Finding(
                f.start, f.end, f.text, f.entity_type, max(f.score, cur.score), f.source
            )
    return list(best.values())


def evidence(findings: Iterable[Finding]) -> tuple[dict[str, set[str]], dict[str, float]]:
    """Per term key: every source that found it, and its best score (all findings)."""
    sources: dict[str, set[str]] = defaultdict(set)
    scores: dict[str, float] = defaultdict(float)
    for f in findings:
        k = key(_term_of(f))
        sources[k].add(f.source)
        scores[k] = max(scores[k], f.score)
    return sources, scores


# A first name or surname two or more people found in the text share: its own proposal,
# never a variant of one of them (two people never share one entry or one "Person N").
SHARED_SOURCE = "shared-name"
SHARED_FIRST_NAME, SHARED_FIRST_NAME_CY = "[first name]", "[enw cyntaf]"
SHARED_NAME, SHARED_NAME_CY = "[name]", "[enw]"
_GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
_KIN = {
    "f": """mother mum mam mummy grandmother grandma gran nan nain sister daughter aunt
    auntie niece wife girlfriend stepmother step-mother stepsister woman girl lady merch
    chwaer modryb""",
    "m": """father dad daddy tad grandfather grandad granddad grandpa taid brother son
    uncle nephew husband boyfriend stepfather step-father stepbrother man boy mab brawd
    ewythr""",
}
_KIN_GENDER = {w: g for g, words in _KIN.items() for w in words.split()}
_KIN_WORDS = "|".join(sorted(_KIN_GENDER, key=len, reverse=True))
# A kinship word just before a name ("his father, Tom Doe"); searched up to the name.
_KIN_BEFORE = re.compile(rf"\b(?P<kin>(?i:{_KIN_WORDS})),?[ \t]+$")


@dataclass
class _Person:
    """One person's full names (the longest first) and their name words."""

    finding: Finding
    tokens: list[str]
    forms: list[str] = field(default_factory=list)  # other full names of the same person

    def same_as(self, tokens: list[str]) -> bool:
        """Whether a shorter full name is this person's ("Jane Doe" of "Jane Mary Doe")."""
        mine = [key(t) for t in self.tokens]
        theirs = [key(t) for t in tokens]
        return (
            bool(mine and theirs)
            and mine[0] == theirs[0]
            and mine[-1] == theirs[-1]
            and set(theirs) <= set(mine)
        )


def _flexible(term: str) -> str:
    return r"[ \t]+".join(re.escape(w) for w in term.split())


def gender_in_text(text: str, names: Iterable[str]) -> str | None:
    """The gender ("f" or "m") the text gives a full name; None if none, or both.

    Evidence: a title before the name ("Mrs Jane Doe") or a kinship noun in apposition
    ("Jane Doe, the mother", "Tom Doe (father)", "his father, Tom Doe").
    """
    said: set[str] = set()
    for name in names:
        n = _flexible(name)
        for m in re.finditer(rf"(?<![\w'’])(Mr|Mrs|Ms|Miss)\.?[ \t]+{n}(?![\w-])", text):
            said.add(_GENDER_TITLES[m.group(1).lower()])
        after = re.compile(
            rf"(?<![\w-]){n}(?![\w-])[ \t]*[,(][ \t]*(?:(?i:the|his|her|their|ei|y)[ \t]+"
            rf"|[^\W\d_]+['’]s[ \t]+)?(?:[^\W\d_]+[ \t]+)?(?P<kin>(?i:{_KIN_WORDS}))\b"
        )
        said |= {_KIN_GENDER[m.group("kin").lower()] for m in after.finditer(text)}
        # "his father, Tom Doe": find the name first (a literal scan), then look behind it;
        # a pattern led by the kinship words would try them at every word of the text.
        for m in re.finditer(rf"{n}(?![\w-])", text):
            kin = _KIN_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if kin:
                said.add(_KIN_GENDER[kin.group("kin").lower()])
    return next(iter(said)) if len(said) == 1 else None


def _titled_forms(text: str, token: str, people: Sequence[_Person]) -> dict[int, list[str]]:
    """A shared surname after a gendered title ("Mrs Doe"), for the one person it can be.

    Joins a person only when the text says that person's gender and every other person
    with the surname is said to be of the other; otherwise the form stays with the
    shared name.
    """
    pattern = re.compile(rf"(?<![\w'’])(Mr|Mrs|Ms|Miss)\.?[ \t]+{re.escape(token)}(?![\w-])")
    titled = list(pattern.finditer(text))
    if not titled:  # the usual case: no "Mrs Doe" at all, so no genders to read
        return {}
    genders = [gender_in_text(text, [p.finding.text, *p.forms]) for p in people]
    if None in genders:
        return {}
    out: dict[int, list[str]] = defaultdict(list)
    for m in titled:
        want = _GENDER_TITLES[m.group(1).lower()]
        hits = [i for i, g in enumerate(genders) if g == want]
        if len(hits) == 1 and m.group(0) not in out[hits[0]]:
            out[hits[0]].append(m.group(0))
    return out


def _unique(forms: Iterable[str], *, without: str) -> list[str]:
    """`forms` once each (by key), in order, leaving out `without`."""
    seen = {key(without)}
    out: list[str] = []
    for form in forms:
        if key(form) not in seen:
            seen.add(key(form))
            out.append(form)
    return out


def merge(
    best: Sequence[Finding],
    findings: Iterable[Finding],
    *,
    public: Public,
    owned: Iterable[str] = (),
    text: str = "",
) -> list[Proposal]:
    """Step 3b: one undecided proposal per term, without a replacement yet.

    Multi-word names come first, each with its first name and surname as variants, so a
    lone first name or surname joins its full name; a shorter full name of the same
    person ("Jane Doe" of "Jane Mary Doe") is a variant too. A word two people's full
    names share ("Doe" of Jane Doe and Tom Doe) is a variant of neither: it gets its own
    proposal, marked `shared-name`, replaced "[family name]" (a surname), "[first name]"
    or "[name]", so two people never share one entry. A title with a shared surname
    ("Mrs Doe") joins the one person the title's gender fits, if the text says so of
    every one (`gender_in_text`). A word the case file owns keeps joining as before: the
    record decides. A word of an agency or place name ("Children" of "Children's
    Services", "Road") is never a variant: it would be removed inside those names too. A
    term some earlier proposal (or the case file, `owned`) already covers is not
    proposed again.

    Args:
        best: one finding per term, from `best_by_term`.
        findings: every finding, for the sources and scores of each term.
        public: what is public in the draft.
        owned: forms the case file's proposals already cover.
        text: the draft, for what it says of people with a shared surname.
    """
    sources, scores = evidence(findings)
    owned_keys = set(owned)
    taken = set(owned_keys)
    out: list[Proposal] = []

    def propose(f: Finding, variants: list[str]) -> None:
        k = key(f.text)
        out.append(
            Proposal(
                term=f.text,
                type=f.entity_type,
                replacement="",
                proposed_by=sorted(sources[k]) or [f.source],
                score=scores[k],
                decision=Decision.undecided,
                variants=variants,
            )
        )
        taken.update(key(form) for form in (f.text, *variants))

    persons = [f for f in best if f.entity_type == "PERSON"]
    people: list[_Person] = []
    full_names: set[str] = set()
    for f in sorted(persons, key=lambda f: -len(key(f.text).split())):
        if key(f.text) in taken | full_names or len(f.text.split()) < 2:
            continue
        tokens = [
            t
            for t in _person_tokens(f.text)
            if key(t) not in public.keys | public.words
            and t.lower() not in PLACE_WORDS | AGENCY_WORDS
        ]
        same = next((p for p in people if p.same_as(tokens)), None)
        if same is not None:
            same.forms.append(f.text)
        else:
            people.append(_Person(f, tokens))
        full_names.add(key(f.text))
    # Which people each name word belongs to (the case file's words join as they did).
    holders: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        for t in dict.fromkeys(key(t) for t in p.tokens):
            if t not in owned_keys:
                holders[t].append(i)
    shared = {k: ids for k, ids in holders.items() if len(ids) > 1}
    titled: dict[int, list[str]] = defaultdict(list)
    for k, ids in shared.items():
        word = next(t for t in people[ids[0]].tokens if key(t) == k)
        if all(key(people[i].tokens[-1]) == k for i in ids):
            for i, forms in _titled_forms(text, word, [people[i] for i in ids]).items():
                titled[ids[i]] += forms
    for i, p in enumerate(people):
        variants = [*p.forms, *(t for t in p.tokens if key(t) not in shared), *titled[i]]
        propose(p.finding, _unique(variants, without=p.finding.text))
    for k, ids in shared.items():
        if k in taken:
            continue
        word = next(t for t in people[ids[0]].tokens if key(t) == k)
        if all(key(people[i].tokens[-1]) == k for i in ids):
            label, label_cy = SHARED_REPLACEMENT, SHARED_REPLACEMENT_CY
        elif all(key(people[i].tokens[0]) == k for i in ids):
            label, label_cy = SHARED_FIRST_NAME, SHARED_FIRST_NAME_CY
        else:
            label, label_cy = SHARED_NAME, SHARED_NAME_CY
        out.append(
            Proposal(
                term=word,
                type="PERSON",
                replacement=label,
                proposed_by=sorted({*sources[k], SHARED_SOURCE}),
                score=max(scores[k], *(scores[key(people[i].finding.text)] for i in ids)),
                decision=Decision.undecided,
                replacement_cy=label_cy,
            )
        )
        taken.add(k)
    for f in persons:
        if key(f.text) not in taken:
            propose(f, [])
    for f in best:
        if key(f.text) not in taken:
            propose(f, [])
    return out


class Numbering:
    """Consistent numbered replacements ("Person 3"), never reusing one already in the list."""

    def __init__(self, policy: Policy, used: Iterable[str]) -> None:
        self.policy = policy
        self.next: dict[str, int] = defaultdict(lambda: 1)
        for entity, spec in policy.entity_types.items():
            pattern = re.compile(rf"^{re.escape(spec.label)} (\d+)$")
            numbers = [int(m.group(1)) for u in used if (m := pattern.match(u))]
            self.next[entity] = max(numbers, default=0) + 1

    def replacement(self, entity: str, term: str) -> tuple[str, str]:
        """The replacement, and its Welsh wording for a Welsh page."""
        spec = self.policy.entity_types.get(entity) or self.policy.entity_types["OTHER_ID"]
        if entity in ("DATE", "AGE_DOB"):
            birth = entity == "AGE_DOB"
            return (
                generalise(term, self.policy.dates, birth=birth),
                generalise(term, self.policy.dates, birth=birth, lang="cy"),
            )
        if entity == "AGE":  # "3 years 5 months" -> "3 years old" (policy switch)
            return age_in_years(term), age_in_years(term, lang="cy")
        label_cy = spec.label_cy or spec.label
        if not spec.numbered:
            return spec.label, label_cy
        number = self.next[entity]
        self.next[entity] += 1
        return f"{spec.label} {number}", f"{label_cy} {number}"


def drop_shadowed(
    text: str,
    proposals: Sequence[Proposal],
    *,
    others: Iterable[str] = (),
    public: Iterable[str] = (),
) -> list[Proposal]:
    """Step 3c: leave out a new term that never occurs on its own in `text`.

    A place name inside an address ("Bryn" of "Bryn Awel Road") or a word inside an
    agency's name is found, but each of its occurrences is replaced as part of the longer
    entry or kept with the public name, so its own entry would count 0 and be reported
    "no longer in the draft" on the first run. Matched exactly as anonymise matches
    (`entry_matcher`), with `others` (the list's forms and the case file's) and the
    `public` terms. A proposal sharing a form with `others` is kept: it joins an entry.
    """
    other_keys = {key(f) for f in others}
    fresh = {
        i
        for i, p in enumerate(proposals)
        if not any(key(f) in other_keys for f in (p.term, *p.variants))
    }
    if not fresh:
        return list(proposals)
    entries = [Entry(term=f, type="OTHER_ID") for f in others if f.strip()]
    first = len(entries)
    entries += [Entry(term=p.term, type=p.type, variants=p.variants) for p in proposals]
    matcher, owner = entry_matcher(entries, text, public=public)
    # Owners below `first` are the others' forms, or PUBLIC (-1): never a proposal's index.
    seen = {owner[m.term_key] - first for m in matcher.finditer(text)}
    return [p for i, p in enumerate(proposals) if i in seen or i not in fresh]


# A name after its role: "the health visitor, Anna Bell", "social worker Anna Bell",
# "GP Dr Bell". A name before it: "Anna Bell (school nurse)", "Anna Bell, her social
# worker,". Names are up to three capitalised words.
_NAME_WORD = r"[^\W\d_][\w'\u2019-]*"
_ROLE_TITLES = "|".join(sorted(TITLE_ROLES, key=len, reverse=True))
_NAME_AFTER = re.compile(
    rf"(?P<comma>,?)[ \t]+(?:(?:{_ROLE_TITLES})\.?[ \t]+)?"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
)
_SEP_BEFORE = re.compile(
    rf"(?P<open>[ \t]*\([ \t]*|,[ \t]+)(?:(?i:{DETERMINER})[ \t]+)?(?:[\w'\u2019-]+[ \t]+){{0,3}}$"
)
_NAME_BEFORE = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}$")
_APPOSITION_END = re.compile(r"[ \t]*(?:[,.;:)\]\n]|$)")
_TITLE_NAME = re.compile(
    rf"(?<![\w'\u2019])(?P<title>{_ROLE_TITLES})\.?[ \t]+"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
)
_AT_SURGERY = re.compile(
    r"[ \t]+(?:of|at|from|o|yn)[ \t]+[^.\n]{0,50}?"
    r"(?i:surgery|practice|medical cent|health cent|meddygfa|canolfan iechyd)"
)
_ROLE_PHRASE, _ROLE_TITLE = 2, 1  # how much a phrase and a title count as evidence


def _name_candidates(name: str, *, after: bool) -> list[str]:
    """The capitalised words next to a role, longest first ("Anna Bell", then "Anna")."""
    words = name.split()
    if after:  # the name follows the role: its words run from the left
        run = []
        for w in words:
            if not w[:1].isupper():
                break
            run.append(w)
        return [" ".join(run[:n]) for n in range(len(run), 0, -1)]
    run = []
    for w in reversed(words):
        if not w[:1].isupper():
            break
        run.insert(0, w)
    return [" ".join(run[-n:]) for n in range(len(run), 0, -1)]


def role_evidence(text: str) -> list[tuple[list[str], Role, int]]:
    """Every mention of a name with a role, in order, and how strongly it counts.

    Each mention gives the name's candidate forms (longest first: "Anna Bell", then
    "Anna"), the role, and a weight.
    A role phrase counts more than a title ("PC", "Dr"). A name after a role without a
    comma counts only where no article stands before the role ("social worker Anna
    Bell", not "told the health visitor Anna was asleep").
    """
    out: list[tuple[int, list[str], Role, int]] = []
    for m in role_pattern().finditer(text):
        found = role_named(m.group(0))
        if found is None:
            continue
        after = _NAME_AFTER.match(text, m.end())
        if after is not None and (
            after.group("comma")
            or not DETERMINER_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
        ):
            names = _name_candidates(after.group("name"), after=True)
            if names:
                out.append((m.start(), names, found, _ROLE_PHRASE))
        if not _APPOSITION_END.match(text, m.end()):
            continue
        window = text[max(0, m.start() - 120) : m.start()]
        sep = _SEP_BEFORE.search(window)
        if sep is None:
            continue
        if "(" in sep.group("open") and not re.match(r"[ \t]*\)", text[m.end() :]):
            continue
        before = _NAME_BEFORE.search(window[: sep.start()])
        if before is not None:
            names = _name_candidates(before.group(0), after=False)
            if names:
                out.append((m.start(), names, found, _ROLE_PHRASE))
    for m in _TITLE_NAME.finditer(text):
        names = _name_candidates(m.group("name"), after=True)
        if not names:
            continue
        r = role(TITLE_ROLES[m.group("title")])
        if r.en == "doctor" and _AT_SURGERY.match(text, m.start("name") + len(names[0])):
            r = role("GP")
        out.append((m.start(), names, r, _ROLE_TITLE))
    return [(names, r, weight) for _, names, r, weight in sorted(out, key=lambda t: t[0])]


def _label_numbers(r: Role, used: Iterable[str]) -> tuple[bool, list[int]]:
    """Whether `used` has the role's plain replacement, and the numbers of its labels."""
    plain = r.replacement("en").casefold()
    label = re.compile(rf"{re.escape(r.replacement('en', 0)[:-2])} (\d+)", re.I)
    used = list(used)
    return (
        any(u.strip().casefold() == plain for u in used),
        [int(m.group(1)) for u in used if (m := label.fullmatch(u.strip()))],
    )


def assign_roles(
    text: str,
    proposals: Sequence[Proposal],
    *,
    existing_forms: Iterable[str] = (),
    used_replacements: Iterable[str] = (),
) -> list[Proposal]:
    """Step 3d: a practitioner the text names with a role is replaced by the role.

    "The health visitor, Anna Bell," and "Anna Bell (health visitor)" make Anna Bell's
    replacement "the health visitor" ("yr ymwelydd iechyd" on a Welsh page); "PC Bell"
    is "the police officer", "Dr Bell" "the doctor", or "the GP" where the text puts
    them at a surgery. Each person takes the role the text gives them most often. Two
    people sharing a role in one review are numbered: "Health visitor 1", "Health
    visitor 2" ("Ymwelydd iechyd 1"), continuing after the list's `used_replacements`
    (a list's "the health visitor" counts as the first). A proposal the list already
    covers (`existing_forms`) or that is not a person is left for `number`.
    """
    existing = {key(f) for f in existing_forms}
    index: dict[str, int] = {}
    for i, p in enumerate(proposals):
        forms = (p.term, *p.variants)
        if p.type != "PERSON" or p.replacement or any(key(f) in existing for f in forms):
            continue
        for f in forms:
            index.setdefault(key(f), i)
    if not index:
        return list(proposals)
    votes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    roles: dict[str, Role] = {}
    for names, r, weight in role_evidence(text):
        at = next((index[k] for n in names if (k := key(_strip_title(n))) in index), None)
        if at is not None:
            votes[at][r.en] += weight  # dicts keep the first-seen role first on a tie
            roles[r.en] = r
    chosen = {at: roles[max(v, key=lambda k: v[k])] for at, v in votes.items()}
    by_role: dict[str, list[int]] = defaultdict(list)
    for i in sorted(chosen):
        by_role[chosen[i].en].append(i)
    used = list(used_replacements)
    out = list(proposals)
    for name, people in by_role.items():
        r = roles[name]
        plain, numbers = _label_numbers(r, used)
        if len(people) == 1 and not plain and not numbers:
            out[people[0]] = replace(
                out[people[0]], replacement=r.replacement("en"), replacement_cy=r.replacement("cy")
            )
            continue
        start = max(numbers, default=1 if plain else 0) + 1
        for n, i in enumerate(people, start):
            out[i] = replace(
                out[i], replacement=r.replacement("en", n), replacement_cy=r.replacement("cy", n)
            )
    return out


def number(
    proposals: Sequence[Proposal],
    policy: Policy,
    *,
    existing_forms: Iterable[str] = (),
    used_replacements: Iterable[str] = (),
) -> list[Proposal]:
    """Step 4: each proposal with its replacement, in order ("Person 1", "[address]").

    A proposal whose term or a variant is already in the list keeps that entry's
    replacement when merged, so it gets none here and spends no number. One that already
    has a replacement (a practitioner's role, from `assign_roles`) keeps it. Numbers
    continue after the highest of `used_replacements`.
    """
    existing = {key(f) for f in existing_forms}
    numbering = Numbering(policy, used_replacements)
    out: list[Proposal] = []
    for prop in proposals:
        covered = any(key(form) in existing for form in (prop.term, *prop.variants))
        if covered:
            replacement, replacement_cy = "", ""
        elif prop.replacement:
            replacement, replacement_cy = prop.replacement, prop.replacement_cy
        else:
            replacement, replacement_cy = numbering.replacement(prop.type, prop.term)
        out.append(replace(prop, replacement=replacement, replacement_cy=replacement_cy))
    return out


def build_proposals(
    text: str,
    findings: list[Finding],
    *,
    record: ReviewRecord | None,
    policy: Policy,
    existing_forms: Iterable[str] = (),
    used_replacements: Iterable[str] = (),
) -> list[Proposal]:
    """Group findings into proposals, in order of first occurrence.

    Args:
        text: the normalised draft.
        findings: what detection found.
        record: the review record (identities, public names), if any.
        policy: the Board's policy (types, dates, allow-list).
        existing_forms: terms and variants already in the list; they get no new number.
        used_replacements: replacements already in the list, so numbering continues.

    Returns:
        Proposals, case-file identities first.
    """
    public = collect_public(text, policy, record)
    identities = casefile_proposals(record)
    owned = {key(form) for p in identities for form in (p.term, *p.variants)}
    candidates = screen(findings, text, public, owned)
    existing_forms = list(existing_forms)
    detected = merge(
        best_by_term(candidates, type_priority(policy)),
        findings,
        public=public,
        owned=owned,
        text=text,
    )
    detected = drop_shadowed(
        text,
        detected,
        others=[*existing_forms, *(f for p in identities for f in (p.term, *p.variants))],
        public=public_terms(policy, record, name_tokens=False),
    )
    used_replacements = [*used_replacements, *(p.replacement for p in identities)]
    detected = assign_roles(
        text, detected, existing_forms=existing_forms, used_replacements=used_replacements
    )
    numbered = number(
        detected, policy, existing_forms=existing_forms, used_replacements=used_replacements
    )
    return add_short_forms(text, [*identities, *numbered], public.keys | public.words)


_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_][^\W\d_]+(?![\w-])")


def add_short_forms(
    text: str, proposals: Sequence[Proposal], public: Iterable[str] = ()
) -> list[Proposal]:
    """Step 5: a capitalised word that begins a person's first name is a short form of it.

    "Sum" for Summer, "Tei" for Teilo, "Jon" for Jonathan: families' nicknames are
    often the name cut short, and the model rarely tags them. Added as a variant of the
    person's proposal, so the reviewer sees it there and it is replaced the same way. A
    word some proposal already covers, or a `public` one, is left alone.
    """
    public_keys = set(public)
    owned = {key(form) for p in proposals for form in (p.term, *p.variants)}
    words = {w for w in _CAPITALISED.findall(text) if w[0].isupper() and len(w) >= 3}
    people = [p for p in proposals if p.type == "PERSON"]
    # Words that stand after a first name somewhere are surnames, not cut short this way.
    surnames = {key(t) for p in people for t in _person_tokens(p.term)[1:]}
    # A first name two people share: its short forms go with the shared name's proposal.
    firsts = Counter(key(t[0]) for p in people if len(t := _person_tokens(p.term)) > 1)
    shared = {k for k, n in firsts.items() if n > 1} | {
        key(p.term) for p in people if SHARED_SOURCE in p.proposed_by
    }
    out: list[Proposal] = []
    for prop in proposals:
        tokens = _person_tokens(prop.term) if prop.type == "PERSON" else []
        if (
            not tokens
            or key(tokens[0]) in surnames
            or (len(tokens) > 1 and key(tokens[0]) in shared)
        ):
            out.append(prop)
            continue
        first = tokens[0]
        extra: list[str] = []
        for word in sorted(words):
            k = key(word)
            if k in owned or k in public_keys or word.isupper():
                continue
            if len(word) < len(first) and key(first).startswith(k):
                extra.append(word)
                owned.add(k)
        out.append(replace(prop, variants=[*prop.variants, *extra]) if extra else prop)
    return out
