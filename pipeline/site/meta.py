"""A review's public metadata: what the site may say about it, and nothing else.

Built from the review record's public fields only (never `identities`), the approval's
role and date (never the officer's name: the Board's role is the public fact, the
person stays in the workspace), and the timescale rule in force. Stored as
`published_site/data/REF.json`, which the catalogue is generated from.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import InputError
from pipeline.model.policy import Policy
from pipeline.model.redaction_list import Approval
from pipeline.model.review_record import Dates, ReviewRecord
from pipeline.model.timescales import Deadline, Rule, deadlines_for, rule_for
from pipeline.site.i18n import Phrase, phrase
from pipeline.store.yamlio import line_of, load_yaml


class Frozen(BaseModel):
    """Unknown keys are errors; values never change after construction."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Download(Frozen):
    """One generated file offered on a review page."""

    lang: str
    format: str  # docx | odt
    file: str  # the file name, beside the review page
    size: int


class AuditAnchor(Frozen):
    """Where the review's audit trail stood: a line and its sha256 (no names, no text).

    `cpr audit REF --check` fails when the trail no longer holds that line: a trail
    deleted or cut after publication is found even when its anchor file was rewritten.
    """

    line: int
    sha256: str


class PublicMeta(Frozen):
    """Everything the site shows about one review."""

    ref: str
    reference: str
    board: str
    review_type: str
    outcome: str
    reviewers: list[str]
    panel_chair: str
    themes: list[str]
    summary: str | None
    dates: Dates
    published: dt.date
    published_from_record: bool
    timescale_name: str
    timescale_source: str
    review_within_months: int
    action_plan_within_weeks: int
    approved_role: str
    approved_on: dt.date
    languages: list[str]
    downloads: list[Download] = []
    # The approval event the review was published under, in its audit trail.
    audit: AuditAnchor | None = None
    # The Welsh pages' words, from the record (`summary_cy`) and the policy's Welsh
    # names as they stood at publication; None (or no entry) where there is none, and
    # the Welsh pages then show the English, marked `lang="en"`.
    summary_cy: str | None = None
    board_cy: str | None = None
    themes_cy: dict[str, str] = {}
    approved_role_cy: str | None = None
    timescale_source_cy: str | None = None

    def summary_in(self, lang: str) -> Phrase | None:
        """The summary for a page in `lang`, or None when the record has none."""
        if lang == "cy" and self.summary_cy:
            return Phrase(self.summary_cy, "cy")
        return Phrase(self.summary, "en") if self.summary else None

    def board_in(self, lang: str) -> Phrase:
        """The Board's name for a page in `lang`."""
        return phrase(lang, self.board, self.board_cy)

    def theme_in(self, theme: str, lang: str) -> Phrase:
        """One theme's label for a page in `lang`."""
        return phrase(lang, theme, self.themes_cy.get(theme))

    def themes_in(self, lang: str) -> list[Phrase]:
        """The themes' labels for a page in `lang`, in the order of their words."""
        return sorted(
            (self.theme_in(theme, lang) for theme in self.themes), key=lambda p: p.text.casefold()
        )

    def role_in(self, lang: str) -> Phrase:
        """The approver's role for a page in `lang` (the radical form)."""
        return phrase(lang, self.approved_role, self.approved_role_cy)

    def source_in(self, lang: str) -> Phrase:
        """The title of the guidance the timescales come from, for a page in `lang`."""
        return phrase(lang, self.timescale_source, self.timescale_source_cy)

    @property
    def year(self) -> int:
        """The year of publication (the catalogue's year filter)."""
        return self.published.year

    @property
    def rule(self) -> Rule:
        """The timescale rule the review falls under, as recorded at publication."""
        return Rule(
            name=self.timescale_name,
            source=self.timescale_source,
            review_within_months=self.review_within_months,
            action_plan_within_weeks=self.action_plan_within_weeks,
        )

    def deadlines(self) -> list[Deadline]:
        """The statutory deadlines from the timescale engine, judged on the publication date.

        Judged as on the publication date, so the same record always gives the same page.
        """
        return deadlines_for(self.dates, self.rule, today=self.published)


@dataclass(frozen=True)
class ShownNames:
    """How each Board and theme of a list of reviews is shown in one language.

    A Board or theme is the same filter value (and URL) in both languages: its English
    name. Its shown name is the Welsh one from the newest review that has one, else the
    English, marked as English (`Phrase.lang`).
    """

    lang: str
    board_names: dict[str, Phrase]
    theme_names: dict[str, Phrase]

    @classmethod
    def of(cls, metas: list[PublicMeta], lang: str) -> ShownNames:
        """The names shown for `metas` on a page in `lang`."""
        boards: dict[str, Phrase] = {}
        themes: dict[str, Phrase] = {}
        for m in sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref)):
            pairs = [(boards, m.board, m.board_in(lang))]
            pairs += [(themes, th, m.theme_in(th, lang)) for th in m.themes]
            for found, value, shown in pairs:
                known = found.get(value)
                if known is None or (known.lang != lang and shown.lang == lang):
                    found[value] = shown
        return cls(lang=lang, board_names=boards, theme_names=themes)

    def board(self, value: str) -> Phrase:
        """The shown name of one Board (its English name if no review gave another)."""
        return self.board_names.get(value) or Phrase(value, "en")

    def theme(self, value: str) -> Phrase:
        """The shown label of one theme (its English words if no review gave another)."""
        return self.theme_names.get(value) or Phrase(value, "en")

    def boards(self) -> list[tuple[str, Phrase]]:
        """(value, shown name) of every Board, in the order of the shown names."""
        return sorted(self.board_names.items(), key=lambda kv: (kv[1].text.casefold(), kv[0]))

    def themes(self) -> list[tuple[str, Phrase]]:
        """(value, shown label) of every theme, in the order of the shown labels."""
        return sorted(self.theme_names.items(), key=lambda kv: (kv[1].text.casefold(), kv[0]))


def check_themes(record: ReviewRecord, policy: Policy, *, record_path: Path) -> None:
    """Every theme of the record is in the Board's controlled vocabulary.

    Raises:
        InputError: naming the key and line of the first theme that is not.
    """
    allowed = set(policy.themes)
    for i, theme in enumerate(record.themes):
        if theme not in allowed:
            raw = load_yaml(record_path, what="review record")
            raise InputError(
                f"theme {i + 1} is not in the Board's list of themes",
                file=record_path,
                line=line_of(raw, ("themes", i)),
                key=f"themes -> {i}",
                fix="use one of the themes listed under `themes:` in "
                "redaction_rules/policy.yaml (exact spelling), or ask the Board to add it",
            )


def public_meta(
    *,
    ref: str,
    record: ReviewRecord,
    policy: Policy,
    approval: Approval,
    today: dt.date,
    languages: list[str],
) -> PublicMeta:
    """The public metadata of a review about to be published.

    The publication date is the record's `dates.published` when set, else `today`;
    the record itself is never written.
    """
    published = record.dates.published or today
    rule = rule_for(record.dates, policy, as_of=published)
    timescale = policy.timescale_for(record.dates.referral_to_review_subgroup or published)
    return PublicMeta(
        ref=ref,
        reference=record.reference,
        board=record.board,
        review_type=record.review_type.value,
        outcome=record.criteria.outcome.value,
        reviewers=list(record.reviewers),
        panel_chair=record.panel_chair,
        themes=sorted(record.themes),
        summary=record.summary,
        dates=record.dates.model_copy(update={"published": published}),
        published=published,
        published_from_record=record.dates.published is not None,
        timescale_name=rule.name,
        timescale_source=rule.source,
        review_within_months=rule.review_within_months,
        action_plan_within_weeks=rule.action_plan_within_weeks,
        approved_role=approval.role,
        approved_on=approval.approved_at.date(),
        languages=languages,
        summary_cy=record.summary_cy or None,
        board_cy=policy.board_cy(record.board),
        themes_cy={t: w for t in sorted(record.themes) if (w := policy.theme_cy(t))},
        approved_role_cy=policy.role_cy(approval.role),
        timescale_source_cy=timescale.source_cy if timescale.name == rule.name else None,
    )


def read_meta(path: Path) -> PublicMeta:
    """Load one `data/REF.json`.

    Raises:
        InputError: the file does not parse or validate (fail closed: the catalogue is
            never built from a damaged file).
    """
    try:
        return PublicMeta.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError) as exc:
        raise InputError(
            f"published metadata does not validate ({type(exc).__name__})",
            file=path,
            fix="publish the review again with `cpr publish REF`; never edit this file by hand",
        ) from None


def meta_json(meta: PublicMeta) -> str:
    """Stable JSON text (sorted keys) so the same inputs give the same file."""
    return (
        json.dumps(meta.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )


def all_meta(data_dir: Path) -> list[PublicMeta]:
    """Every published review's metadata, newest publication first, then by reference."""
    metas = [read_meta(p) for p in sorted(data_dir.glob("*.json"))]
    return sorted(metas, key=lambda m: (-m.published.toordinal(), m.ref))
