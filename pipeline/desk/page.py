"""The desk's one page, rendered from the review as it stands (Jinja2, autoescaped)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline.model.officers import OFFICERS_FILE, load_officers
from pipeline.model.redaction_list import Decision, Entry
from pipeline.stages.anonymise import anonymise_text
from pipeline.stages.approval import approval_status
from pipeline.stages.decide import group_of_type
from pipeline.stages.list_history import changes_since
from pipeline.stages.review import Review
from pipeline.stages.review_report import (
    GROUP_ORDER,
    all_contexts,
    highlight_paragraphs,
    identity_roles,
    paragraphs,
    risk_order,
    why_proposed,
)
from pipeline.stages.verify import review_public, verify_text
from pipeline.store.audit import read_trail
from pipeline.text.termmatch import key

_ENV = Environment(
    loader=PackageLoader("pipeline.desk", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class EntryView:
    """One entry as the page shows it."""

    number: int
    entry: Entry
    why: str
    risky: bool
    contexts: list[str]


def _last_approval_changes(review: Review, entries: list[Entry], draft: str, sha: str) -> list[str]:
    """What changed since the last approval recorded in the trail, in words."""
    trail = read_trail(review.paths.audit)
    approvals = [e for e in trail.events if e.event == "approve"]
    if not approvals:
        return []
    found = changes_since(approvals[-1], entries, draft_text=draft, draft_sha256=sha)
    return found or []


def render_desk(review: Review, *, token: str, message: str = "", can_sign: bool) -> str:
    """The whole desk page for the review's draft and list as they stand."""
    draft, sha = review.draft_text()
    loaded = review.load_list()
    entries = loaded.model.entries
    public = review_public(review)
    roles = identity_roles(review.record)
    seen = all_contexts(draft, entries, lang="en", public=public)
    groups: dict[str, list[EntryView]] = {g: [] for g in GROUP_ORDER}
    for i, entry in enumerate(entries):
        role = roles.get(key(entry.term))
        groups[group_of_type(entry.type)].append(
            EntryView(
                i + 1,
                entry,
                why_proposed(entry, role),
                risk_order(entry, role)[0] < 3,
                seen.get(i, entry.contexts),
            )
        )
    for views in groups.values():
        views.sort(key=lambda v: risk_order(v.entry, roles.get(key(v.entry.term))))
    preview, _ = anonymise_text(draft, entries, public=public)
    problems = verify_text(preview, entries, review.record, public=public)
    status = approval_status(loaded, draft_sha256=sha, draft_text=draft, review=review)
    officers_file = review.paths.ws.rules / OFFICERS_FILE
    officers = load_officers(officers_file).officers if officers_file.is_file() else []
    undecided = len(loaded.model.undecided())
    marked = highlight_paragraphs(draft, entries, lang="en", public=public)
    # Each paragraph beside its anonymised form (as the review report shows it).
    rows = [
        (Markup(m), anonymise_text(para, entries, public=public)[0])
        for m, para in zip(marked, paragraphs(draft), strict=True)
    ]
    return _ENV.get_template("desk.html").render(
        review=review,
        token=token,
        message=message,
        decisions=Counter(e.decision.value for e in entries),
        entries_total=len(entries),
        undecided=undecided,
        groups=[(g, groups[g]) for g in GROUP_ORDER if groups[g]],
        status=status,
        changes=_last_approval_changes(review, entries, draft, sha),
        problems=[p.render() for p in problems if p.kind != "undecided"],
        officers=officers,
        can_sign=can_sign,
        can_approve=can_sign and undecided == 0 and bool(officers),
        types=list(review.policy.entity_types),
        decision_values=[d.value for d in Decision],
        rows=rows,
    )
