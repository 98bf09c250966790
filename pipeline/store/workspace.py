"""Where things live: one workspace holds drafts/, redaction_rules/, build/, published_site/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError

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
        if not REF_RE.match(ref):
            raise InputError(
                f"'{ref}' is not a valid review reference",
                fix="use a neutral reference of lowercase letters, digits and hyphens, such "
                "as cysur-2024-03 (never a name)",
            )
        folder = self.drafts / ref
        if not folder.is_dir():
            known = ", ".join(self.refs()) or "none"
            raise InputError(
                f"unknown review {ref}",
                file=folder,
                fix=f"create {folder}/ with review.yaml and the draft, or use one of: {known}",
            )
        return ReviewPaths(ref=ref, ws=self)


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
    def lock(self) -> Path:
        """Held by any command that writes this review's files."""
        return self.ws.rules / f".{self.ref}.lock"

    @property
    def build(self) -> Path:
        """build/REF/."""
        return self.ws.build / self.ref

    @property
    def normalised(self) -> Path:
        """The draft as Markdown, after ingest."""
        return self.build / "draft.md"

    @property
    def anonymised(self) -> Path:
        """The anonymised report."""
        return self.build / "anonymised.md"

    def draft(self, lang: str = "") -> Path:
        """The draft file (docx, odt or md); `lang="cy"` for the Welsh translation."""
        stem = "draft" if not lang else f"draft.{lang}"
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
        return found[0]
