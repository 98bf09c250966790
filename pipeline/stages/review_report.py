"""The redaction review report, build/REF/review.html: every proposed redaction in context.

One self-contained page (no script, no network, inline style) that opens from disk and
prints for a Board meeting. It shows, riskiest first, what a reviewer must decide and
what the officer approves:

- a summary of the entries by decision and group, and what verify found;
- the entries grouped as people, places, dates and identifiers, undecided ones and the
  child's and family's names first, each with its count, why it was proposed and every
  context;
- the draft paragraph by paragraph with each redaction highlighted and its replacement
  shown, beside the anonymised paragraph;
- what ingest removed (comments, tracked changes, properties, images).

The page is confidential: it quotes the draft. It lives in build/, which never leaves
the workspace, and every value in it is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.model.casefile import identity_terms
from pipeline.model.redaction_list import PUBLIC, Decision, Entry, entry_matcher
from pipeline.model.review_record import ReviewRecord
from pipeline.stages.approval import approval_status
from pipeline.stages.decide import group_of_type
from pipeline.stages.ingest import REPORT_NAME
from pipeline.stages.review import Review
from pipeline.stages.verify import review_public, verify_text
from pipeline.store.fileio import atomic_write_text
from pipeline.text.termmatch import key

GROUP_ORDER = ("people", "places", "dates", "identifiers")
# Case-file roles whose names identify the family most directly.
FAMILY_ROLES = frozenset({"child", "mother", "father", "sibling", "parent", "carer"})
SOURCE_WORDS = {
    "case-file": "named in the case file",
    "ner": "the language model took it for a name, place or organisation",
    "pattern": "a pattern for this kind of identifier matched",
    "gazetteer": "it is a place in the Welsh place list",
    "coreference": "it is part or a short form of a name found elsewhere",
    "sweep": "a sweep for name-like or number-like words the model missed",
    "manual": "added by a person",
    "shared-name": "a first name or surname two or more people in the text share, so it "
    "joins none of them; where the text shows whose it is, split or edit the entry",
}


@dataclass(frozen=True)
class Finding:
    """One problem verify or the readability check found (line, column, what)."""

    line: int
    column: int
    what: str


def group_of(entry: Entry) -> str:
    """people, places, dates or identifiers."""
    return group_of_type(entry.type)


def identity_roles(record: ReviewRecord | None) -> dict[str, str]:
    """Each case-file form's key -> "role (pseudonym)"."""
    if record is None:
        return {}
    terms, _ = identity_terms(record)
    roles: dict[str, str] = {}
    for item in terms:
        label = f"{item.identity.role} ({item.identity.pseudonym})"
        for form in [item.term, *item.variants]:
            roles.setdefault(key(form), label)
    return roles


def risk_order(entry: Entry, role: str | None) -> tuple[int, int, str]:
    """Sort key: undecided first, then sweep finds, then the family's names, then the rest."""
    if entry.decision is Decision.undecided:
        rank = 0
    elif "sweep" in entry.proposed_by:
        rank = 1
    elif role and role.split(" ", 1)[0] in FAMILY_ROLES:
        rank = 2
    else:
        rank = 3
    return rank, -entry.occurrences, entry.term.lower()


def why_proposed(entry: Entry, role: str | None) -> str:
    """Why the entry is in the list, in words: its sources, case-file identity, score, note."""
    reasons = [SOURCE_WORDS.get(s, s) for s in entry.proposed_by]
    if role:
        reasons.append(f"case-file identity: {role}")
    reasons.append(f"score {entry.score:.2f}")
    if entry.note.strip():
        reasons.append(f"note: {entry.note.strip()}")
    return "; ".join(reasons)


def highlight_paragraphs(
    text: str, entries: Sequence[Entry], *, lang: str, public: Iterable[str]
) -> list[str]:
    """Each paragraph of the text as HTML, with every entry's occurrences marked.

    One matcher serves the whole text, as in anonymise: whether a name that is also an
    ordinary word matches in lower case depends on the whole draft, not one paragraph.
    """
    matcher, owner = entry_matcher(list(entries), text, lang=lang, public=public)
    marks = [(m.start, m.end, owner[m.term_key]) for m in matcher.finditer(text)]
    paragraphs: list[str] = []
    start = 0
    for block in [*text.split("\n\n")]:
        end = start + len(block)
        out: list[str] = []
        pos = start
        for m_start, m_end, i in marks:
            if i == PUBLIC or m_start < start or m_end > end:
                continue
            entry = entries[i]
            out.append(html.escape(text[pos:m_start]))
            shown = html.escape(text[m_start:m_end])
            if entry.decision is Decision.keep:
                out.append(f'<mark class="keep" title="entry {i + 1}: kept">{shown}</mark>')
            else:
                state = "undecided" if entry.decision is Decision.undecided else "redact"
                new = html.escape(entry.replacement_for(lang) or "[redacted]")
                out.append(
                    f'<mark class="{state}" title="entry {i + 1} ({entry.type})">{shown}</mark>'
                    f'<ins class="{state}">{new}</ins>'
                )
            pos = m_end
        out.append(html.escape(text[pos:end]))
        if block.strip():
            paragraphs.append("".join(out).strip())
        start = end + 2
    return paragraphs


def all_contexts(
    text: str, entries: Sequence[Entry], *, lang: str, public: Iterable[str], width: int = 60
) -> dict[int, list[str]]:
    """Every occurrence of every entry in the text, each with the words around it.

    The list file keeps two contexts an entry; a person deciding it sees them all.
    """
    matcher, owner = entry_matcher(list(entries), text, lang=lang, public=public)
    found: dict[int, list[str]] = {}
    for m in matcher.finditer(text):
        i = owner[m.term_key]
        if i == PUBLIC:
            continue
        before = " ".join(text[max(0, m.start - width) : m.start].split())
        after = " ".join(text[m.end : m.end + width].split())
        term = " ".join(text[m.start : m.end].split())
        found.setdefault(i, []).append(f"... {before} «{term}» {after} ...")
    return found


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blocks between blank lines), stripped."""
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def render_report(
    *,
    ref: str,
    reference: str,
    draft: str,
    entries: Sequence[Entry],
    record: ReviewRecord | None,
    anonymise: Callable[[str], str],
    findings: Sequence[Finding] = (),
    approval: str = "",
    ingest_report: str = "",
    lang: str = "en",
    public: Iterable[str] = (),
) -> str:
    """The whole report page as HTML.

    Args:
        ref: the review's neutral reference.
        reference: the Board's reference (shown in the title).
        draft: the normalised draft.
        entries: the redaction list's entries.
        record: the review record, for the case-file identities (None without one).
        anonymise: makes the anonymised form of one paragraph (the anonymise stage's own
            rewriting, so the right-hand column is what will be published).
        findings: what verify and the readability check found.
        approval: the approval's state in words ("approved by …", or why not).
        ingest_report: the ingest report (Markdown), shown as text.
        lang: the draft's language code.
        public: public terms (they shield entries inside them, as in anonymise).

    Returns:
        A self-contained HTML document.
    """
    public = list(public)
    roles = identity_roles(record)
    seen = all_contexts(draft, entries, lang=lang, public=public)
    decisions = Counter(e.decision.value for e in entries)
    groups = Counter(group_of(e) for e in entries)
    rows: list[str] = []
    marked_paragraphs = highlight_paragraphs(draft, entries, lang=lang, public=public)
    for para, marked in zip(paragraphs(draft), marked_paragraphs, strict=True):
        rows.append(
            f'<tr><td class="draft">{marked}</td>'
            f'<td class="anon">{html.escape(anonymise(para))}</td></tr>'
        )
    sections: list[str] = []
    for group in GROUP_ORDER:
        members = [(i, e) for i, e in enumerate(entries) if group_of(e) == group]
        if not members:
            continue
        members.sort(key=lambda ie: risk_order(ie[1], roles.get(key(ie[1].term))))
        items = []
        for i, entry in members:
            role = roles.get(key(entry.term))
            contexts = "".join(f"<li>{html.escape(c)}</li>" for c in seen.get(i, entry.contexts))
            variants = ", ".join(html.escape(v) for v in entry.variants) or "none"
            replacement = html.escape(entry.replacement or "[redacted]")
            items.append(
                f'<article class="entry {entry.decision.value}" id="entry-{i + 1}">'
                f"<h4>Entry {i + 1}: {html.escape(entry.term)} "
                f'<span class="tag">{html.escape(entry.type)}</span> '
                f'<span class="tag {entry.decision.value}">{entry.decision.value}</span></h4>'
                f"<p>Becomes <strong>{replacement}</strong>; {entry.occurrences} "
                f"occurrence(s); variants: {variants}</p>"
                f'<p class="why">Why: {html.escape(why_proposed(entry, role))}</p>'
                f"<ul class='contexts'>{contexts}</ul></article>"
            )
        sections.append(
            f"<section><h3>{group.capitalize()} ({len(members)})</h3>{''.join(items)}</section>"
        )
    problems = (
        "<ul>"
        + "".join(
            f"<li>line {f.line}, column {f.column}: {html.escape(f.what)}</li>" for f in findings
        )
        + "</ul>"
        if findings
        else "<p>Verify found nothing that must not be published.</p>"
    )
    summary = ", ".join(f"{n} {d}" for d, n in sorted(decisions.items())) or "no entries"
    by_group = ", ".join(f"{groups[g]} {g}" for g in GROUP_ORDER if groups[g])
    title = html.escape(f"Redaction review: {reference} ({ref})")
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<p class="confidential">CONFIDENTIAL: this page quotes the draft. Keep it in build/;
never publish or share it.</p>
<h1>{title}</h1>
<p>{html.escape(approval)}</p>
</header>
<main>
<section class="summary">
<h2>Summary</h2>
<p>{len(entries)} entries: {html.escape(summary)}. By group: {html.escape(by_group)}.</p>
<h3>What verify and the readability check found</h3>
{problems}
</section>
<section>
<h2>Entries, riskiest first</h2>
{"".join(sections)}
</section>
<section>
<h2>The draft and the anonymised text</h2>
<table class="side"><thead><tr><th scope="col">Draft, with proposed redactions</th>
<th scope="col">Anonymised</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
</section>
<section>
<h2>What ingest removed from the draft</h2>
<pre class="ingest">{html.escape(ingest_report) or "No ingest report."}</pre>
</section>
</main>
</body>
</html>
"""


def write_review_report(review: Review) -> Path:
    """Write build/REF/review.html for the review's draft and list as they stand.

    Raises:
        InputError: the draft has not been ingested, or there is no list yet.
    """
    from pipeline.stages.anonymise import anonymise_text  # the stage's own rewriting

    draft, sha = review.draft_text()
    loaded = review.load_list()
    entries = loaded.model.entries
    public = review_public(review)
    findings = [
        Finding(p.line or 0, p.column or 0, p.detail)
        for p in verify_text(
            anonymise_text(draft, entries, public=public)[0],
            entries,
            review.record,
            public=public,
        )
    ]
    status = approval_status(loaded, draft_sha256=sha, draft_text=draft, review=review)
    approval = "Approved." if status.valid else f"Not approved: {status.reason}."
    report_path = review.paths.build / REPORT_NAME
    ingest_report = report_path.read_text(encoding="utf-8") if report_path.is_file() else ""
    page = render_report(
        ref=review.ref,
        reference=review.record.reference,
        draft=draft,
        entries=entries,
        record=review.record,
        anonymise=lambda para: anonymise_text(para, entries, public=public)[0],
        findings=findings,
        approval=approval,
        ingest_report=ingest_report,
        public=public,
    )
    path = review.paths.build / "review.html"
    atomic_write_text(path, page)
    return path


CSS = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: 1rem;
  color: #1b1b1b; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; border-bottom: 2px solid #333; }
h3 { font-size: 1.2rem; } h4 { font-size: 1rem; margin: 0.5rem 0; }
.confidential { background: #7a0019; color: #fff; padding: 0.4rem 0.8rem; font-weight: bold; }
mark.redact { background: #ffd6d6; text-decoration: line-through; }
mark.undecided { background: #ffe08a; outline: 2px dashed #8a5a00; }
mark.keep { background: #d8f0d8; }
ins { text-decoration: none; background: #dbe7ff; margin-left: 0.2rem; padding: 0 0.2rem;
  border-radius: 0.2rem; }
ins::before { content: "\\2192\\00a0"; }
.tag { font-size: 0.8rem; border: 1px solid #555; border-radius: 0.2rem; padding: 0 0.3rem; }
.tag.undecided { background: #ffe08a; } .tag.redact { background: #ffd6d6; }
.tag.keep { background: #d8f0d8; }
article.entry { border-left: 4px solid #999; padding-left: 0.8rem; margin: 0.8rem 0;
  break-inside: avoid; }
article.undecided { border-color: #8a5a00; }
.why { color: #333; }
table.side { border-collapse: collapse; width: 100%; }
table.side td, table.side th { border: 1px solid #bbb; vertical-align: top; padding: 0.4rem;
  width: 50%; }
pre.ingest { white-space: pre-wrap; background: #f4f4f4; padding: 0.8rem; }
@media print {
  body { max-width: none; font-size: 11pt; }
  .confidential { border: 2px solid #000; color: #000; background: none; }
  table.side tr { break-inside: avoid; }
}
"""
