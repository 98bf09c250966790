"""The pack for Welsh Government, `build/<ref>/submission/`: exactly what the Board approved.

The pack holds the approved, verified anonymised report (DOCX and ODT, and the Welsh
translation when there is one), the action plan (the YAML as written and a rendered
table), a metadata JSON of public facts only (documented in docs/submission-schema.md)
and a manifest with the sha256 of every file.

It is built in a temporary folder beside the pack and renamed into place, so a command
killed at any point leaves the previous pack or none, never half of one; the next run
tidies up and restores the previous pack if a swap was cut short.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from ruamel.yaml.comments import CommentedMap

from pipeline.errors import InputError, VerificationError
from pipeline.model.action_plan import ActionPlan, load_action_plan
from pipeline.model.policy import Policy
from pipeline.model.redaction_list import Approval, Entry
from pipeline.model.review_record import Outcome, ReviewRecord, ReviewType
from pipeline.model.timescales import review_deadlines
from pipeline.site.plan import plan_markdown
from pipeline.stages.freshness import record_receipt
from pipeline.stages.gate import check_public_text, require_cleared
from pipeline.stages.list_history import observe_list_edits
from pipeline.stages.order import require_order
from pipeline.stages.review import Review
from pipeline.stages.sitecheck import check_files, structured_dates, terms_for
from pipeline.stages.trailcheck import head_anchor
from pipeline.store.audit import append_event, fault_point, read_trail
from pipeline.store.fileio import atomic_write_text, review_lock, sha256_file
from pipeline.store.yamlio import load_yaml, validate, write_yaml
from pipeline.tools.pandoc import convert_markdown

PACK = "submission"
MANIFEST = "manifest.json"
METADATA = "metadata.json"
DATE_KEY = "submitted_to_welsh_government"


class _Public(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetadataDates(_Public):
    """The review's dates (ISO), as recorded."""

    referral_to_review_subgroup: dt.date | None
    learning_event: dt.date | None
    board_approval: dt.date
    submitted_to_welsh_government: dt.date
    published: dt.date | None
    action_plan_finalised: dt.date | None


class MetadataDeadline(_Public):
    """One statutory deadline and whether it was met."""

    name: str
    due: dt.date | None
    done: dt.date | None
    state: str


class MetadataTimescale(_Public):
    """The statutory rule the review falls under, and its source."""

    rule: str
    source: str
    deadlines: list[MetadataDeadline]


class MetadataApproval(_Public):
    """The Board officer's approval of the redactions: role and time, never the name."""

    role: str
    approved_at: dt.datetime
    draft_sha256: str
    list_sha256: str


class MetadataActionPlan(_Public):
    """Counts of the action plan's items by status."""

    items: int
    complete: int
    in_progress: int
    not_started: int


class SubmissionMetadata(_Public):
    """metadata.json: the public facts of the review. Never any identity of the case."""

    schema_version: str = "1"
    review: str
    reference: str
    board: str
    review_type: ReviewType
    outcome: Outcome
    reviewers: int
    themes: list[str]
    summary: str | None
    summary_cy: str | None = None  # the Welsh summary, when the record has one
    dates: MetadataDates
    timescale: MetadataTimescale
    redaction_approval: MetadataApproval
    action_plan: MetadataActionPlan | None
    files: list[str]


def metadata_schema() -> dict:
    """The JSON schema of metadata.json (docs/submission-schema.md shows it)."""
    return SubmissionMetadata.model_json_schema()


def build_metadata(
    record: ReviewRecord,
    policy: Policy,
    *,
    ref: str,
    plan: ActionPlan | None,
    approval: Approval,
    submitted: dt.date,
    files: list[str],
) -> dict:
    """The metadata as JSON-ready data, validated against its schema."""
    dates = record.dates
    deadlines = review_deadlines(
        record.model_copy(update={"dates": dates.model_copy(update={DATE_KEY: submitted})}),
        policy,
        today=submitted,
    )
    rule = deadlines[0]
    counts = None
    if plan is not None:
        by = [i.status.value for i in plan.items]
        counts = MetadataActionPlan(
            items=len(by),
            complete=by.count("complete"),
            in_progress=by.count("in_progress"),
            not_started=by.count("not_started"),
        )
    model = SubmissionMetadata(
        review=ref,
        reference=record.reference,
        board=record.board,
        review_type=record.review_type,
        outcome=record.criteria.outcome,
        reviewers=len(record.reviewers),
        themes=list(record.themes),
        summary=record.summary,
        summary_cy=record.summary_cy,
        dates=MetadataDates(
            referral_to_review_subgroup=dates.referral_to_review_subgroup,
            learning_event=dates.learning_event,
            board_approval=dates.board_approval,
            submitted_to_welsh_government=submitted,
            published=dates.published,
            action_plan_finalised=dates.action_plan_finalised,
        ),
        timescale=MetadataTimescale(
            rule=rule.rule,
            source=rule.source,
            deadlines=[
                MetadataDeadline(name=d.name, due=d.due, done=d.done, state=d.state.value)
                for d in deadlines
            ],
        ),
        redaction_approval=MetadataApproval(
            role=approval.role,
            approved_at=approval.approved_at,
            draft_sha256=approval.draft_sha256,
            list_sha256=approval.list_sha256,
        ),
        action_plan=counts,
        files=files,
    )
    return model.model_dump(mode="json")


@dataclass(frozen=True)
class SubmitResult:
    """Where the pack went and what was recorded."""

    pack: Path
    manifest_sha256: str
    files: list[str]
    submitted: dt.date
    date_recorded: bool  # False when the record already held a date (kept as it was)


def pack_path(review: Review) -> Path:
    """build/REF/submission/."""
    return review.paths.build / PACK


def submit_review(
    review: Review, *, officer: str | None = None, today: dt.date | None = None
) -> SubmitResult:
    """Build the submission pack and record the submission date in the review record.

    Args:
        review: the review.
        officer: who is submitting (else the login name goes into the audit trail).
        today: the submission date (for tests).

    Raises:
        ApprovalError: the redaction list has no valid approval, an output is an
            unapproved preview, or the Board's approval of the final report is not
            recorded (4).
        VerificationError: an output is stale, edited or fails verification, or a public
            field or a file of the pack holds a redacted term, a case-file name or an
            identifier (3).
        InputError: an output is missing, the action plan or the review record does not
            validate, or recording the date would put the record's dates out of order (1).
        ToolError: pandoc failed (5).
    """
    today = today or dt.date.today()
    text, sha = review.draft_text()
    with review_lock(review.paths.lock, ref=review.ref):
        _recover(review.paths.build)
        observe_list_edits(review, draft=(text, sha))
        cleared = require_cleared(review, command="submit")
        approval = cleared.approval
        require_order(review, "submit")  # the Board's approval of the final report
        assert review.record.dates.board_approval is not None
        submitted = review.record.dates.submitted_to_welsh_government or today
        _check_new_record(review, submitted)
        reports = cleared.outputs
        plan = load_action_plan(review.paths.action_plan)
        target = pack_path(review)
        with tempfile.TemporaryDirectory(prefix=f".{PACK}.tmp-", dir=review.paths.build) as tmp:
            staging = Path(tmp) / PACK
            files = _build(
                review,
                staging,
                reports=reports,
                plan=plan,
                approval=approval,
                submitted=submitted,
                entries=cleared.entries,
            )
            fault_point("submit:built")
            _install(staging, target)
        fault_point("submit:installed")
        recorded = _record_date(review, submitted)
        manifest_sha = sha256_file(target / MANIFEST)
        append_event(
            review.paths.audit,
            ref=review.ref,
            event="submit",
            who=officer,
            details={
                "manifest_sha256": manifest_sha,
                "files": files,
                "draft_sha256": sha,
                "list_sha256": approval.list_sha256,
                "approved_at": approval.approved_at.isoformat().replace("+00:00", "Z"),
                "board_approval": review.record.dates.board_approval.isoformat(),
                "submitted": submitted.isoformat(),
                "date_recorded": recorded,
            },
        )
        record_receipt(review, "submit", outputs={"manifest": manifest_sha}, pandoc=True)
    return SubmitResult(
        pack=target,
        manifest_sha256=manifest_sha,
        files=sorted(files),
        submitted=submitted,
        date_recorded=recorded,
    )


def _build(
    review: Review,
    staging: Path,
    *,
    reports: dict[str, Path],
    plan: ActionPlan | None,
    approval: Approval,
    submitted: dt.date,
    entries: list[Entry],
) -> dict[str, str]:
    """Write every file of the pack into `staging`; returns name -> sha256."""
    staging.mkdir(parents=True)
    title = {"title": f"Child Practice Review {review.record.reference}"}
    for lang, src in reports.items():
        stem = "report" if lang == "en" else f"report.{lang}"
        for fmt in ("docx", "odt"):
            convert_markdown(src, staging / f"{stem}.{fmt}", to=fmt, metadata=title)
    if plan is not None:
        shutil.copyfile(review.paths.action_plan, staging / "action-plan.yaml")
        table = plan_markdown(plan, title=f"Action plan: {review.record.reference}")
        check_public_text(
            table,
            entries=entries,
            review=review,
            where=staging / "action-plan.md",
            command="submit",
            dates=structured_dates(plan, review.record.dates),
        )
        atomic_write_text(staging / "action-plan.md", table)
        convert_markdown(staging / "action-plan.md", staging / "action-plan.docx", to="docx")
    names = sorted(p.name for p in staging.iterdir())
    metadata = build_metadata(
        review.record,
        review.policy,
        ref=review.ref,
        plan=plan,
        approval=approval,
        submitted=submitted,
        files=sorted([*names, METADATA, MANIFEST]),
    )
    text = json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
    # Dates from structured fields (process dates, deadlines, the plan's) are public.
    dates = structured_dates(metadata, plan, review.record.dates)
    check_public_text(
        text,
        entries=entries,
        review=review,
        where=staging / METADATA,
        command="submit",
        dates=dates,
    )
    atomic_write_text(staging / METADATA, text)
    # The final gate: the pack's documents read as Welsh Government will read them.
    check_files(
        sorted(staging.iterdir()), root=staging, terms=[terms_for(review, entries)], dates=dates
    )
    files = {p.name: sha256_file(p) for p in sorted(staging.iterdir())}
    manifest = {
        "schema_version": "1",
        "review": review.ref,
        # The trail's head when the pack was built: `cpr audit --check` fails without it.
        "audit": head_anchor(read_trail(review.paths.audit)),
        "files": [
            {"name": n, "sha256": h, "bytes": (staging / n).stat().st_size}
            for n, h in files.items()
        ],
    }
    atomic_write_text(staging / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return files


def _install(staging: Path, target: Path) -> None:
    """Swap the new pack into place: two renames, never a half-written folder."""
    old = target.with_name(f".{PACK}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    fault_point("submit:swapping")
    os.replace(staging, target)
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _recover(build: Path) -> None:
    """Tidy up after a killed run: drop half-built packs, restore a pack cut mid-swap."""
    if not build.is_dir():
        return
    for stale in build.glob(f".{PACK}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    old, target = build / f".{PACK}.old", build / PACK
    if old.is_dir() and not target.exists():
        os.replace(old, target)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _with_date(review: Review, submitted: dt.date) -> tuple[CommentedMap, bool]:
    """The record's YAML with the submission date added when it is absent."""
    raw = load_yaml(review.paths.record, what="review record")
    dates = raw.get("dates")
    if dates is None:
        dates = raw["dates"] = CommentedMap()
    if dates.get(DATE_KEY) is not None:
        return raw, False  # a person's value, or an earlier submission: never overwritten
    dates[DATE_KEY] = submitted
    return raw, True


def _check_new_record(review: Review, submitted: dt.date) -> ReviewRecord:
    """Refuse before building when the new date would make the record invalid."""
    raw, _ = _with_date(review, submitted)
    return validate(ReviewRecord, raw, path=review.paths.record, what="review record")


def _record_date(review: Review, submitted: dt.date) -> bool:
    """Add the submission date to the record (comments kept, atomic); True when added."""
    raw, added = _with_date(review, submitted)
    if added:
        validate(ReviewRecord, raw, path=review.paths.record, what="review record")
        write_yaml(review.paths.record, raw)
    return added


def verify_pack(path: Path) -> list[str]:
    """Re-hash every file of a pack against its manifest; returns the problems found."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        return [f"{MANIFEST} is missing"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    except (ValueError, KeyError, TypeError):
        return [f"{MANIFEST} is not a valid manifest"]
    problems = []
    for name, digest in sorted(listed.items()):
        file = path / name
        if Path(name).name != name or not file.is_file():
            problems.append(f"{name}: listed in the manifest but missing")
        elif sha256_file(file) != digest:
            problems.append(f"{name}: changed since the pack was built (sha256 differs)")
    for file in sorted(path.iterdir()):
        if file.name not in listed and file.name != MANIFEST:
            problems.append(f"{file.name}: not in the manifest")
    return problems


def require_pack(path: Path) -> int:
    """The number of files checked, or a VerificationError listing what is wrong."""
    if not path.is_dir():
        raise InputError(
            "no submission pack here",
            file=path,
            fix="give the pack's folder, e.g. build/REF/submission, or run "
            "`cpr submit REF` to build it",
        )
    problems = verify_pack(path)
    if problems:
        raise VerificationError(
            f"the submission pack does not match its manifest: {len(problems)} problem(s)",
            file=path,
            findings=problems,
            fix="do not send this pack; run `cpr submit REF` again to rebuild it",
        )
    return len(json.loads((path / MANIFEST).read_text(encoding="utf-8"))["files"])
