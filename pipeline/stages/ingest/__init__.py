"""Ingest: the reviewer's draft (docx, odt, md) to normalised Markdown, hidden content reported.

Every draft goes the same way: pandoc reads it into its document tree (JSON), the tree is
cleaned (`pandoc_tree`: images, raw HTML, comments, metadata and attributes out; spans
unwrapped; table cells flattened), and pandoc writes it back as Markdown
with `--wrap=none`, so no name is ever split across lines.

Hidden content never passes silently: Word and LibreOffice comments, tracked changes,
document properties and embedded images are read straight from the package's XML (`office`),
listed in `ingest-report.md` (confidential, for the reviewer) and kept out of `draft.md`.
Tracked changes are accepted. Nothing is written unless the whole run succeeds.

The draft is also normalised for matching: a word split into runs of different formatting
is joined, and invisible format characters (zero-width spaces and joiners, soft hyphens,
bidi controls; Unicode category Cf) are removed. The report counts each kind removed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.stages.freshness import record_receipt
from pipeline.stages.ingest.office import Hidden, read_hidden
from pipeline.stages.ingest.pandoc_tree import clean_tree, count_words
from pipeline.stages.review import Review, languages
from pipeline.store.audit import append_event
from pipeline.store.fileio import (
    atomic_write_text,
    ensure_in_workspace,
    review_lock,
    sha256_bytes,
    sha256_file,
)
from pipeline.store.workspace import draft_suffix
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.draftmarks import find_markers, summarise
from pipeline.text.normalise import count_format_chars, strip_format_chars
from pipeline.tools.pandoc import run_pandoc

DRAFT_NAME = "draft.md"
REPORT_NAME = "ingest-report.md"
# The largest draft read at all. A long review with photographs is a few megabytes; a
# file this size is the wrong file or a zip bomb, and reading it would cost memory first.
MAX_DRAFT_BYTES = 50 * 1024 * 1024

READERS: dict[str, list[str]] = {
    ".docx": ["-f", "docx", "--track-changes=accept"],
    ".odt": ["-f", "odt"],
    ".md": ["-f", "markdown"],
}
# Pipe tables only (cells are flattened to one line, so they always fit); nothing that
# could carry raw HTML, attributes or hidden spans.
# fmt: off
WRITER = "markdown" + "".join(f"-{ext}" for ext in (
    "simple_tables", "multiline_tables", "grid_tables", "raw_html", "raw_attribute",
    "native_divs", "native_spans", "bracketed_spans", "fenced_divs", "link_attributes",
    "header_attributes", "inline_code_attributes", "fenced_code_attributes",
))
# fmt: on
@dataclass(frozen=True)
class IngestResult:
    """What ingest wrote and what it removed (counts only: no document text)."""

    source: Path
    draft_md: Path
    report: Path
    source_sha256: str
    draft_sha256: str
    comments_removed: int
    insertions_accepted: int
    deletions_accepted: int
    properties_found: int
    images_removed: int
    html_comments_removed: int
    hidden_text_kept: int
    words: int
    format_chars_removed: int = 0
    # Draft-only material found (banners, markings, notes): kind -> line numbers.
    draft_markers: dict[str, list[int]] = field(default_factory=dict)


def ingest_draft(*, draft: Path, out_dir: Path) -> IngestResult:
    """Convert a draft to `out_dir/draft.md` and report its hidden content.

    Args:
        draft: the reviewer's .docx, .odt or .md file.
        out_dir: the review's build folder; `draft.md` and `ingest-report.md` go here.

    Returns:
        The paths written, the hashes, and how much hidden content was removed.

    Raises:
        InputError: the draft is missing, damaged, password-protected, not UTF-8, or
            has no words; nothing is written.
        ToolError: pandoc is missing or failed; nothing is written.
    """
    suffix = draft_suffix(draft)
    if not draft.is_file():
        raise InputError("draft not found", file=draft, fix="put the draft file there")
    ensure_in_workspace(draft)
    size = draft.stat().st_size
    if size > MAX_DRAFT_BYTES:
        raise InputError(
            f"the draft is too large to read ({size:,} bytes; at most {MAX_DRAFT_BYTES:,})",
            file=draft,
            fix="check this is the draft; save it again without embedded videos or large "
            "pictures (File > Compress Pictures in Word)",
        )
    data = draft.read_bytes()
    if suffix == ".md":
        text = read_text_utf8(draft, what="draft")
        package = Hidden()
        tree = _pandoc_json(READERS[suffix], draft, input_text=text)
    else:
        package = read_hidden(draft, data, suffix)
        tree = _pandoc_json(READERS[suffix], draft, input_bytes=data)
    blocks, found = clean_tree(tree, draft_kind=suffix)
    words = count_words(blocks)
    if words == 0:
        raise InputError(
            "the draft has no words after conversion",
            file=draft,
            fix="check this is the right file and that the text is not only in text boxes, "
            "headers or pictures; then save it again",
        )
    tree["meta"] = {}
    markdown = run_pandoc(
        ["-f", "json", "-t", WRITER, "--wrap=none"],
        input_text=json.dumps(tree | {"blocks": blocks}),
        what=f"write {draft.name} as Markdown",
    )
    # Format characters left in the text (the tree pass took out only bidi overrides).
    format_chars = found.format_chars + count_format_chars(markdown)
    markdown = strip_format_chars(markdown)
    hidden = Hidden(
        comments=package.comments,
        changes=package.changes,
        properties=package.properties + found.properties,
        media=package.media,
        images=found.images,
        html_comments=found.html_comments,
        raw_fragments=found.raw_fragments,
        vanished=package.vanished,
        headers_footers=package.headers_footers,
        format_chars=tuple(sorted(format_chars.items())),
        words_joined=found.words_joined,
    )
    source_sha = sha256_bytes(data)
    report = render_report(source=draft, source_sha256=source_sha, hidden=hidden, words=words)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / REPORT_NAME, report)
    atomic_write_text(out_dir / DRAFT_NAME, markdown)
    return IngestResult(
        source=draft,
        draft_md=out_dir / DRAFT_NAME,
        report=out_dir / REPORT_NAME,
        source_sha256=source_sha,
        draft_sha256=sha256_bytes(markdown.encode("utf-8")),
        comments_removed=len(hidden.comments),
        insertions_accepted=sum(c.kind == "insertion" for c in hidden.changes),
        deletions_accepted=sum(c.kind == "deletion" for c in hidden.changes),
        properties_found=len(hidden.properties),
        images_removed=max(len(hidden.images), len(hidden.media)),
        html_comments_removed=len(hidden.html_comments),
        hidden_text_kept=len(hidden.vanished),
        words=words,
        format_chars_removed=sum(format_chars.values()),
    )


def _pandoc_json(
    reader: list[str],
    draft: Path,
    *,
    input_text: str | None = None,
    input_bytes: bytes | None = None,
) -> dict[str, Any]:
    """The draft as pandoc's JSON document tree (input on stdin: no temporary copies)."""
    out = run_pandoc(
        [*reader, "-t", "json"],
        input_text=input_text,
        input_bytes=input_bytes,
        what=f"read {draft.name}",
    )
    return json.loads(out)


# --- the package: docx and odt parts ---------------------------------------------------


def render_report(*, source: Path, source_sha256: str, hidden: Hidden, words: int) -> str:
    """The reviewer's report of what ingest removed or accepted (quotes hidden content)."""
    lines = [
        f"# Ingest report: {source.name}",
        "",
        "Confidential: this report quotes hidden content of the draft. Keep it in build/; "
        "never publish or share it.",
        "",
        f"- Source: `{source.name}`",
        f"- SHA-256: `{source_sha256}`",
        f"- Converted to `{DRAFT_NAME}`: {words} words",
        "",
    ]
    sections: list[tuple[str, list[str]]] = [
        ("Comments removed", [f"**{_q(c.author)}**: {_q(c.text)}" for c in hidden.comments]),
        (
            "Tracked changes accepted",
            [
                f"{c.kind.capitalize()} by **{_q(c.author)}**: "
                + ("(deleted, not in the draft) " if c.kind == "deletion" else "")
                + _q(c.text)
                for c in hidden.changes
            ],
        ),
        (
            "Document properties and metadata (not copied into the draft)",
            [f"{p.part} `{p.name}`: {_q(p.value)}" for p in hidden.properties],
        ),
        ("Embedded files removed", [f"`{m}`" for m in hidden.media]),
        ("Images removed from the text", [_q(i) for i in hidden.images]),
        ("HTML comments removed", [_q(h) for h in hidden.html_comments]),
        (
            "Hidden text KEPT in the draft: delete it in Word if it must not be published",
            [_q(v) for v in hidden.vanished],
        ),
        (
            "Headers and footers removed (pandoc does not convert them)",
            [_q(h) for h in hidden.headers_footers],
        ),
    ]
    if hidden.raw_fragments:
        sections.append(
            ("Raw HTML or other raw markup removed", [f"{hidden.raw_fragments} fragment(s)"])
        )
    if hidden.format_chars:
        sections.append(
            (
                "Invisible characters removed (they can hide a name from a search)",
                [f"{kind}: {n}" for kind, n in hidden.format_chars],
            )
        )
    if hidden.words_joined:
        sections.append(
            (
                "Words joined that formatting split (bold, italic or struck-out part of a word)",
                [f"{hidden.words_joined} word(s) now plain text"],
            )
        )
    shown = [(title, items) for title, items in sections if items]
    if not shown:
        lines += [
            "No hidden content was found: no comments, tracked changes, document properties, "
            "images, front matter or HTML comments.",
            "",
        ]
    for title, items in shown:
        lines += [f"## {title} ({len(items)})", ""]
        lines += [f"{n}. {item}" for n, item in enumerate(items, 1)] + [""]
    return "\n".join(lines)


def _q(text: str) -> str:
    """Hidden text quoted on one report line, Markdown characters escaped."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", " ".join(text.split())) or "(empty)"


def ingest_review(review: Review) -> list[IngestResult]:
    """Ingest the draft, and its Welsh translation when there is one.

    Raises:
        InputError: the draft is missing, damaged, protected, empty or not UTF-8.
        ToolError: pandoc failed.
    """
    results = []
    for lang in languages(review):
        result = ingest_draft(
            draft=review.paths.draft(lang), out_dir=review.normalised(lang).parent
        )
        results.append(_list_draft_markers(review, result))
        # Ingest reads no list: its run goes straight to the local trail of stage runs.
        with review_lock(review.paths.lock, ref=review.ref):
            append_event(
                review.paths.stage_trail,
                ref=review.ref,
                event="ingest",
                details={
                    "lang": lang,
                    "source_sha256": result.source_sha256,
                    "draft_sha256": result.draft_sha256,
                    "words": result.words,
                    "comments_removed": result.comments_removed,
                    "images_removed": result.images_removed,
                },
            )
        record_receipt(
            review,
            "ingest",
            lang=lang,
            outputs={"normalised": result.draft_sha256, "report": sha256_file(result.report)},
            pandoc=True,
        )
    return results


def _list_draft_markers(review: Review, result: IngestResult) -> IngestResult:
    """Add the policy's draft-only material found in the draft to the report (kinds, lines)."""
    policy = review.policy.draft_markers
    found = summarise(
        find_markers(
            read_text_utf8(result.draft_md, what="normalised draft"),
            policy.rules(),
            duplicate_within=policy.duplicate_within_lines,
        )
    )
    if not found:
        return result
    section = [
        f"## Draft-only material, taken out by `cpr anonymise` ({sum(map(len, found.values()))})",
        "",
        "Keep one on purpose with a list entry of type DRAFT_MARKER, decision: keep, whose "
        "term is its text.",
        "",
    ]
    section += [f"- {kind}: line {', '.join(map(str, lines))}" for kind, lines in found.items()]
    report = read_text_utf8(result.report, what="ingest report").rstrip("\n")
    atomic_write_text(result.report, report + "\n\n" + "\n".join(section) + "\n")
    return replace(result, draft_markers=found)
