"""Where things live: one workspace holds drafts/, redaction_rules/, build/, published_site/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.store.fileio import ensure_inside
from pipeline.text.languages import MAIN_LANG, TRANSLATION_LANGS, lang_dir, lang_suffix

__all__ = ["MAIN_LANG", "TRANSLATION_LANGS", "ReviewPaths", "Workspace"]

REF_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")

DRAFT_SUFFIXES = (".docx", ".odt", ".md")


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace."""

    root: Path

    @property
    def drafts(self) -> Path:
        """Confidential drafts and review records."""
        return self.root / "drafts"

    @property
    def rules(self) -> Path:
        """The policy and the redaction lists."""
        return self.root / "redaction_rules"

    @property
    def build(self) -> Path:
        """Working files: normalised drafts, previews, reports (never in git)."""
        return self.root / "build"

    @property
    def site(self) -> Path:
        """The public site's source."""
        return self.root / "published_site"

    @property
    def policy_path(self) -> Path:
        """Board-wide rules."""
        return self.rules / "policy.yaml"

    def refs(self) -> list[str]:
        """Every review in drafts/, sorted."""
        if not self.drafts.is_dir():
            return []
        return sorted(
            p.name for p in self.drafts.iterdir() if p.is_dir() and (p / "review.yaml").is_file()
        )

    def review(self, ref: str) -> ReviewPaths:
        """The paths of one review; fails clearly when the reference is unknown."""
        check_ref(ref)
        folder = self.drafts / ref
        if not folder.is_dir():
            known = ", ".join(self.refs()) or "none"
            raise InputError(
                f"unknown review {ref}",
                file=folder,
                fix=f"create {folder}/ with review.yaml and the draft, or use one of: {known}",
            )
        paths = ReviewPaths(ref=ref, ws=self)
        paths.refuse_links_out()
        return paths


@dataclass(frozen=True)
class ReviewPaths:
    """Paths of one review."""

    ref: str
    ws: Workspace

    @property
    def folder(self) -> Path:
        """drafts/REF/."""
        return self.ws.drafts / self.ref

    @property
    def record(self) -> Path:
        """The review record."""
        return self.folder / "review.yaml"

    @property
    def action_plan(self) -> Path:
        """The action plan (optional until the plan is drawn up)."""
        return self.folder / "action_plan.yaml"

    @property
    def rules(self) -> Path:
        """The redaction list."""
        return self.ws.rules / f"{self.ref}.yaml"

    @property
    def audit(self) -> Path:
        """The hash-chained audit trail."""
        return self.ws.rules / f"{self.ref}.audit.jsonl"

    @property
    def stage_trail(self) -> Path:
        """The local trail of stage runs: build/REF/stages.audit.jsonl (never in git).

        Runs that change no governed fact (ingest, detect of an unchanged list,
        anonymise, verify, a rebuild, failures) go here, hash-chained like the trail
        beside the list, which keeps decisions, approvals, submission, publication and
        withdrawal.
        """
        return self.build / "stages.audit.jsonl"

    @property
    def lock(self) -> Path:
        """Held by any command that writes this review's files."""
        return self.ws.rules / f".{self.ref}.lock"

    @property
    def build(self) -> Path:
        """build/REF/."""
        return self.ws.build / self.ref

    def refuse_links_out(self) -> None:
        """Fail if a symbolic link takes any of this review's files out of the workspace."""
        for path in (
            self.folder,
            self.record,
            self.action_plan,
            self.rules,
            self.audit,
            self.lock,
            self.build,
        ):
            ensure_inside(path, self.ws.root)

    def normalised(self, lang: str = MAIN_LANG) -> Path:
        """The draft as Markdown after ingest: build/REF/draft.md, or build/REF/cy/draft.md."""
        return self.build / lang_dir(lang) / "draft.md"

    def anonymised(self, lang: str = MAIN_LANG) -> Path:
        """The anonymised report: build/REF/anonymised.md, or anonymised.cy.md."""
        return self.build / f"anonymised{lang_suffix(lang)}.md"

    def draft_stem(self, lang: str = MAIN_LANG) -> str:
        """The draft's file name without its suffix: draft, or draft.cy."""
        return f"draft{lang_suffix(lang)}"

    def has_draft(self, lang: str) -> bool:
        """Whether drafts/REF/ holds a draft in this language."""
        stem = self.draft_stem(lang)
        return any((self.folder / f"{stem}{s}").is_file() for s in DRAFT_SUFFIXES)

    def draft(self, lang: str = MAIN_LANG) -> Path:
        """The draft file (docx, odt or md); `lang="cy"` for the Welsh translation."""
        stem = self.draft_stem(lang)
        found = [
            self.folder / f"{stem}{s}"
            for s in DRAFT_SUFFIXES
            if (self.folder / f"{stem}{s}").is_file()
        ]
        if not found:
            raise InputError(
                f"no draft for review {self.ref}",
                file=self.folder / f"{stem}.docx",
                fix=f"put the draft in {self.folder}/ as {stem}.docx, {stem}.odt or {stem}.md",
            )
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise InputError(
                f"more than one draft for review {self.ref}: {names}",
                file=self.folder,
                fix="keep exactly one draft file; move older versions out of the folder",
            )
        return ensure_inside(found[0], self.ws.root)


def check_ref(ref: str) -> str:
    """The reference itself, or an InputError when it is not a neutral reference."""
    if not REF_RE.match(ref):
        raise InputError(
            f"'{ref}' is not a valid review reference",
            fix="use a neutral reference of lowercase letters, digits and hyphens, such "
            "as cysur-2024-03 (never a name)",
        )
    return ref


def draft_suffix(draft: Path) -> str:
    """The draft's kind (".docx", ".odt" or ".md"), or an InputError naming the fix."""
    suffix = draft.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise InputError(
            f"cannot read a {suffix or 'suffix-less'} file as a draft",
            file=draft,
            fix="save the draft as .docx (Word), .odt (LibreOffice) or .md (Markdown)",
        )
    return suffix
