"""One review's inputs, loaded and validated once per command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.policy import Policy, load_policy
from pipeline.model.redaction_list import LoadedList, load_list, new_list
from pipeline.model.review_record import ReviewRecord, load_record
from pipeline.store.fileio import sha256_bytes
from pipeline.store.workspace import ReviewPaths, Workspace
from pipeline.store.yamlio import read_text_utf8
from pipeline.text.languages import MAIN_LANG, TRANSLATION_LANGS
from pipeline.text.termmatch import normalise


@dataclass
class Review:
    """A review's paths, record and the Board's policy."""

    paths: ReviewPaths
    record: ReviewRecord
    policy: Policy

    @property
    def ref(self) -> str:
        """The neutral reference, e.g. cysur-2024-03."""
        return self.paths.ref

    def draft_text(self, lang: str = MAIN_LANG) -> tuple[str, str]:
        """The normalised draft (after ingest) in one language, and `draft_sha256()`.

        Raises:
            InputError: the draft has not been ingested, or was changed after ingest.
        """
        path = self._ingested(lang)
        return normalise(read_text_utf8(path, what="normalised draft")), self.draft_sha256()

    def draft_sha256(self) -> str:
        """The hash an approval binds: the normalised draft, and its translations if any.

        With a Welsh translation the hash covers both texts, so a change to either voids
        the approval of the one list that redacts them both.
        """
        main = sha256_bytes(self._ingested(MAIN_LANG).read_bytes())
        langs = translations(self)
        if not langs:
            return main
        parts = [f"{MAIN_LANG}:{main}"] + [
            f"{lang}:{sha256_bytes(self._ingested(lang).read_bytes())}" for lang in langs
        ]
        return sha256_bytes("\n".join(parts).encode("utf-8"))

    def texts(self) -> dict[str, str]:
        """Every normalised text of the review: "en" for the draft, "cy" for Welsh."""
        return {lang: self.draft_text(lang)[0] for lang in languages(self)}

    def _ingested(self, lang: str) -> Path:
        path = self.normalised(lang)
        if not path.is_file():
            raise InputError(
                f"review {self.ref} has not been ingested",
                file=path,
                fix=f"run `cpr ingest {self.ref}` (or `make anonymise`)",
            )
        source = self.paths.draft(lang)
        if source.stat().st_mtime > path.stat().st_mtime:
            raise InputError(
                f"the draft of {self.ref} changed after it was ingested",
                file=source,
                fix=f"run `cpr ingest {self.ref}` and `cpr detect {self.ref}` again",
            )
        return path

    def normalised(self, lang: str = MAIN_LANG) -> Path:
        """build/REF/draft.md, or build/REF/cy/draft.md for the Welsh translation."""
        return self.paths.normalised(lang)

    def load_list(self) -> LoadedList:
        """The redaction list; it must exist."""
        if not self.paths.rules.is_file():
            raise InputError(
                f"review {self.ref} has no redaction list yet",
                file=self.paths.rules,
                fix=f"run `cpr detect {self.ref}` to propose one",
            )
        return load_list(self.paths.rules, ref=self.ref, entity_types=self.policy.entity_types)

    def load_or_new_list(self) -> LoadedList:
        """The redaction list, or a new empty one."""
        if self.paths.rules.is_file():
            return self.load_list()
        loaded = new_list(self.ref)
        loaded.path = self.paths.rules
        return loaded


def open_review(ws: Workspace, ref: str) -> Review:
    """Load a review's record and the policy, failing clearly on either."""
    paths = ws.review(ref)
    policy = load_policy(ws.policy_path)
    record = load_record(paths.record, themes=policy.themes or None)
    return Review(paths=paths, record=record, policy=policy)


def translations(review: Review) -> list[str]:
    """Languages with a translated draft beside the main one (drafts/REF/draft.cy.*)."""
    return [lang for lang in TRANSLATION_LANGS if review.paths.has_draft(lang)]


def languages(review: Review) -> list[str]:
    """Every language the review has a draft in, the main one first."""
    return [MAIN_LANG, *translations(review)]
