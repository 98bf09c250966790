"""The one gate before anything leaves the workspace: used by `cpr publish` and `cpr submit`.

A review passes only when all of this holds, checked in this order, each condition with
one exit code for both commands (the README's table):

- no valid approval (missing, voided, revoked, unsigned, forged): ApprovalError, exit 4;
- an output is missing (`cpr anonymise` was not run): InputError, exit 1;
- an output is an unapproved preview: ApprovalError, exit 4;
- an output is not what the approved list makes of the current draft (stale, or
  edited by hand): VerificationError, exit 3;
- an output fails verification: VerificationError, exit 3;
- a public field (summary, reference, board, themes, the action plan) holds a redacted
  term, a case-file name, or a postcode, phone number, e-mail address, NHS or NI
  number: VerificationError, exit 3.

`check_public_text` is the same check for every file generated from these (pages,
downloads, metadata): publish and submit call it on what they write. Messages name the
file, the entry number and type or the kind of identifier, never the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ApprovalError, InputError, VerificationError
from pipeline.model.action_plan import load_action_plan
from pipeline.model.officers import load_officers
from pipeline.model.redaction_list import Approval, Decision, Entry, LoadedList
from pipeline.stages.anonymise import PREVIEW_BANNER, apply_list
from pipeline.stages.approval import officers_path, require_valid, verify_approval_signature
from pipeline.stages.freshness import check_receipts
from pipeline.stages.review import Review, languages
from pipeline.stages.verify import Problem, require_verified, review_public, verify_text
from pipeline.store.audit import read_trail
from pipeline.store.fileio import sha256_bytes
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.normalise import reader_text
from pipeline.text.termmatch import TermMatcher, line_col, normalise

# The preview banner's first words: an output that starts with them is a preview.
BANNER_START = PREVIEW_BANNER.split("(", 1)[0].split(".**", 1)[0]
# What a text may hold only as a list entry, found by the pattern recognisers. These are
# regular expressions with checks, cheap enough to run over every public field.
PATTERN_TYPES: tuple[str, ...] = ("POSTCODE", "PHONE", "EMAIL", "NHS_NUMBER", "NI_NUMBER")
PATTERN_MIN_SCORE = 0.5
# Problems that are about the text (the list's own state is the approval's business).
TEXT_KINDS = frozenset({"redacted-term", "identity", "pattern"})


@dataclass(frozen=True)
class Cleared:
    """A review that passed the gate: its approval, list, and each language's output."""

    ref: str
    approval: Approval
    entries: list[Entry]
    texts: dict[str, str]  # lang -> the approved output (exactly what the list makes)
    outputs: dict[str, Path]  # lang -> build/REF/anonymised[.cy].md


def require_cleared(review: Review, *, command: str) -> Cleared:
    """Everything publish and submit need before they write anything, or the refusal.

    Args:
        review: the opened review.
        command: "publish" or "submit", for the fix in each message.

    Returns:
        The approval, the list's entries and the approved output in every language.

    Raises:
        ApprovalError: no valid approval, or an output is an unapproved preview (exit 4).
        InputError: an output is missing (exit 1).
        VerificationError: an output is stale, edited or fails verification, or a public
            field holds something identifying (exit 3).
    """
    text, sha = review.draft_text()
    loaded = review.load_list()
    approval = require_signed_approval(review, loaded, draft_text=text, draft_sha256=sha)
    entries = loaded.model.entries
    texts: dict[str, str] = {}
    outputs: dict[str, Path] = {}
    for lang in languages(review):
        path = review.paths.anonymised(lang)
        texts[lang] = _approved_output(review, path, entries, lang=lang, command=command)
        require_verified(review, lang=lang)
        outputs[lang] = path
    check_receipts(review, command=command)
    check_public_fields(review, entries, command=command)
    return Cleared(ref=review.ref, approval=approval, entries=entries, texts=texts, outputs=outputs)


def require_signed_approval(
    review: Review, loaded: LoadedList, *, draft_text: str, draft_sha256: str
) -> Approval:
    """The gate's one approval check: hashes, officer's signature and audit trail.

    `require_valid` checks the draft, decisions and context hashes, the signature and
    the audit trail; the officer's Ed25519 signature is then checked once more here,
    directly (`verify_approval_signature`), so the gate does not depend on how
    `approval_status` is arranged.

    Raises:
        ApprovalError: the list has no valid approval, or its signature is not the
            named officer's (exit 4).
        InputError: redaction_rules/officers.yaml is missing or invalid (exit 1).
    """
    approval = require_valid(
        loaded, draft_sha256=draft_sha256, ref=review.ref, draft_text=draft_text
    )
    verify_approval_signature(
        approval,
        ref=review.ref,
        officers=load_officers(officers_path(loaded)),
        file=loaded.path,
    )
    return approval


def _approved_output(
    review: Review, path: Path, entries: list[Entry], *, lang: str, command: str
) -> str:
    """The output on disk, if it is exactly what the approved list makes now."""
    ref = review.ref
    if not path.is_file():
        raise InputError(
            f"review {ref} has no anonymised output {path.name}",
            file=path,
            fix=f"run `cpr anonymise {ref}`, then `cpr {command} {ref}` again",
        )
    text = read_text_utf8(path, what="anonymised output")
    if text.lstrip().startswith(BANNER_START):
        raise ApprovalError(
            f"{path.name} is an unapproved preview (it was made before the approval)",
            file=path,
            line=1,
            fix=f"run `cpr anonymise {ref}` again now that the list is approved, then "
            f"`cpr {command} {ref}`",
        )
    expected, _ = apply_list(review, entries, lang=lang)
    if normalise(text) != expected:
        raise VerificationError(
            f"{path.name} is not what the approved list makes of the current draft: "
            f"{_why_different(review, text, lang=lang)}",
            file=path,
            fix=f"run `cpr anonymise {ref}` (it writes the output from the approved list), "
            f"then `cpr {command} {ref}` again",
        )
    return expected


def _why_different(review: Review, text: str, *, lang: str) -> str:
    """Stale (cpr wrote it from older inputs) or edited (nobody's run wrote it)."""
    digest = sha256_bytes(text.encode("utf-8"))
    made = [
        e
        for trail in (review.paths.audit, review.paths.stage_trail)
        for e in read_trail(trail).events
        if e.event == "anonymise"
        and e.details.get("lang", "en") == lang
        and e.details.get("output_sha256") == digest
    ]
    if not made:
        return "it was changed after `cpr anonymise` wrote it (edited by hand?)"
    then = made[-1].details
    changed = []
    if then.get("draft_sha256") != review.draft_sha256():
        changed.append("the draft")
    if then.get("list_sha256") != review.load_list().model.list_sha256():
        changed.append("the list")
    what = " and ".join(changed) or "the policy or the review record"
    verb = "have" if len(changed) > 1 else "has"
    return f"it is stale: {what} {verb} changed since `cpr anonymise {review.ref}`"


def public_fields(review: Review) -> list[tuple[str, str]]:
    """Every field of the record and the action plan that the public sees, as written.

    Returns:
        (label, text) pairs; the label names the field, never its value. The panel's
        reviewers and panel chair are public names by design and are left out.
    """
    record = review.record
    fields = [("the record's reference", record.reference), ("the record's board", record.board)]
    if record.summary:
        fields.append(("the record's summary", record.summary))
    if record.summary_cy:
        fields.append(("the record's Welsh summary", record.summary_cy))
    fields += [(f"the record's theme {i + 1}", theme) for i, theme in enumerate(record.themes)]
    plan = load_action_plan(review.paths.action_plan)
    if plan is not None:
        for i, item in enumerate(plan.items):
            fields += [
                (f"action plan item {i + 1} ({name})", value)
                for name, value in (
                    ("action", item.action),
                    ("lead_agency", item.lead_agency),
                    ("intended_outcome", item.intended_outcome),
                )
            ]
    return fields


def check_public_fields(review: Review, entries: list[Entry], *, command: str) -> None:
    """The record's public fields and the action plan hold nothing identifying.

    Each field is checked like the report (every redacted term and variant, every form
    of every case-file identity, undecided entries too) and searched by the pattern
    recognisers for postcodes, phone numbers, e-mail addresses, NHS and NI numbers, which
    no list entry needs to name.

    Raises:
        VerificationError: naming each field and what kind of thing it holds (exit 3).
    """
    public = review_public(review)
    findings: list[str] = []
    for label, text in public_fields(review):
        problems = public_problems(text, entries=entries, review=review, public=public)
        findings += [f"{label}: {p.render()}" for p in problems]
    if findings:
        raise VerificationError(
            f"a public field of review {review.ref} holds a redacted term, a name from the "
            f"case file or an identifier: {len(findings)} problem(s)",
            file=review.paths.record,
            findings=findings,
            fix=f"rewrite that field of drafts/{review.ref}/review.yaml or action_plan.yaml "
            "without it (a change to the record needs approval again: `cpr approve`), then "
            f"run `cpr {command} {review.ref}`",
        )


def public_problems(
    text: str,
    *,
    entries: list[Entry],
    review: Review,
    public: Iterable[str] | None = None,
    dates: Iterable[str] = (),
    lang: str = "en",
) -> list[Problem]:
    """What in `text` must not be public: list terms, case-file names, identifiers.

    `dates` are dates rendered from structured fields (process dates, deadlines), public
    by design even when the same day is redacted in the report.
    """
    public = review_public(review) if public is None else list(public)
    problems = [
        p
        for p in verify_text(
            text, entries, review.record, lang=lang, public=public, structured_dates=dates
        )
        if p.kind in TEXT_KINDS
    ]
    kept = [f for e in entries if e.decision is Decision.keep for f in e.surface_forms()]
    return problems + pattern_problems(text, public=[*public, *kept])


def pattern_problems(text: str, *, public: Iterable[str] = ()) -> list[Problem]:
    """Postcodes, phone numbers, e-mail addresses, NHS and NI numbers in `text`.

    The recognisers run on the reader form, so a number split by invisible characters
    or written with look-alike digits is found too. A match inside a public term (the
    policy's keep list, the Board's own names, an entry decided `keep`) is not reported.
    """
    reader = reader_text(normalise(text))
    if not any(ch.isdigit() for ch in reader) and "@" not in reader:
        return []  # every one of these holds a digit, or an "@"
    shielded = [(m.start, m.end) for m in TermMatcher(public).finditer(reader)]
    problems = []
    for entity, start, end in _pattern_hits(reader):
        if any(s <= start and end <= e for s, e in shielded):
            continue
        line, col = line_col(reader, start)
        problems.append(Problem(line, col, "pattern", f"what looks like a {entity} is in the text"))
    return problems


@lru_cache(maxsize=1)
def _pattern_recognisers() -> tuple[Any, ...]:
    """The pattern recognisers (imported only when needed: Presidio loads slowly)."""
    from pipeline.stages.detect.recognisers.email import OfflineEmailRecognizer
    from pipeline.stages.detect.recognisers.identifiers import (
        nhs_recogniser,
        ni_recogniser,
        phone_recogniser,
        postcode_recogniser,
    )

    return (
        postcode_recogniser(),
        phone_recogniser(),
        OfflineEmailRecognizer(),
        nhs_recogniser(),
        ni_recogniser(),
    )


def _pattern_hits(text: str) -> list[tuple[str, int, int]]:
    """(type, start, end) of every pattern recogniser's match scoring high enough."""
    hits = []
    for recogniser in _pattern_recognisers():
        for result in recogniser.analyze(text, list(PATTERN_TYPES), None):
            if result.score >= PATTERN_MIN_SCORE:
                hits.append((result.entity_type, result.start, result.end))
    return sorted(hits, key=lambda h: (h[1], h[2]))


def check_public_text(
    text: str,
    *,
    entries: list[Entry],
    review: Review,
    where: Path | str,
    command: str,
    dates: Iterable[str] = (),
    lang: str = "en",
) -> None:
    """A generated public file (page, download, metadata) holds nothing identifying.

    Raises:
        VerificationError: naming the file and each problem's line and kind (exit 3).
    """
    problems = public_problems(text, entries=entries, review=review, dates=dates, lang=lang)
    if problems:
        raise VerificationError(
            f"a generated public file of review {review.ref} failed verification: "
            f"{len(problems)} problem(s)",
            file=where,
            findings=[p.render() for p in problems],
            fix="a public field (summary, themes, action plan) or the report holds a "
            "redacted term, a name from the case file or an identifier: correct it, approve "
            f"and anonymise again, then run `cpr {command} {review.ref}`",
        )


__all__ = [
    "BANNER_START",
    "PATTERN_TYPES",
    "Cleared",
    "check_public_fields",
    "check_public_text",
    "pattern_problems",
    "public_fields",
    "public_problems",
    "require_cleared",
    "require_signed_approval",
]
