"""Starting a review: the draft copied in, and commented templates of the record and plan.

`cpr new REF DRAFT` asks nothing: everything the record can say later is left for the
reviewer to fill in, and the templates explain every field. The review types, outcomes
and the theme vocabulary come from their one declaration (the record's schema and the
Board's policy), so a template never offers a value validation would refuse.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.action_plan import ActionStatus
from pipeline.model.policy import Policy
from pipeline.model.review_record import PROCESS_DATES, Outcome, ReviewType
from pipeline.store.fileio import atomic_write_text, ensure_in_workspace
from pipeline.store.workspace import Workspace, check_ref, draft_suffix

# What each process date means, for the template's comments.
DATE_NOTES: dict[str, str] = {
    "referral_to_review_subgroup": "the Board referred the case to its Review Sub-Group",
    "learning_event": "the learning event with practitioners",
    "board_approval": "the Board approved the final report",
    "submitted_to_welsh_government": "the final report went to Welsh Government",
    "published": "written by the first `cpr publish`; leave it empty",
    "action_plan_finalised": "the action plan was finalised (within four weeks of the report)",
    "action_plan_submitted": "the action plan went to Welsh Government",
}


@dataclass(frozen=True)
class Started:
    """What `start_review` wrote."""

    folder: Path
    draft: Path
    record: Path
    action_plan: Path


def start_review(ws: Workspace, ref: str, draft: Path, *, policy: Policy) -> Started:
    """Create drafts/REF/ with the draft and commented templates of its two files.

    Args:
        ws: the workspace.
        ref: a neutral reference (lowercase letters, digits and hyphens; never a name).
        draft: the reviewer's draft (.docx, .odt or .md), copied in as draft.<suffix>.
        policy: the Board's policy, for the theme vocabulary.

    Returns:
        The paths written.

    Raises:
        InputError: the reference is not neutral, the draft is missing or of another
            kind, or the review already exists (nothing a person wrote is overwritten).
    """
    check_ref(ref)
    suffix = draft_suffix(draft)
    if not draft.is_file():
        raise InputError("draft not found", file=draft, fix="give the path of the Word draft")
    folder = ws.drafts / ref
    ensure_in_workspace(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InputError(
            f"review {ref} already exists",
            file=folder,
            fix="choose another reference, or edit the files already in the folder; "
            "`cpr new` never overwrites them",
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"draft{suffix}"
    shutil.copyfile(draft, target)
    record = folder / "review.yaml"
    plan = folder / "action_plan.yaml"
    atomic_write_text(record, record_template(ref, policy=policy))
    atomic_write_text(plan, action_plan_template(ref))
    return Started(folder=folder, draft=target, record=record, action_plan=plan)


def record_template(ref: str, *, policy: Policy) -> str:
    """A commented review.yaml: every field explained, the required ones left empty.

    Empty required fields fail validation, all reported at once, so nothing half-filled
    can reach a later stage.
    """
    types = " | ".join(t.value for t in ReviewType)
    outcomes = " | ".join(o.value for o in Outcome)
    themes = "\n".join(f"#   - {theme}" for theme in policy.themes) or "#   (none declared)"
    dates = "\n".join(
        f"  {key}:{' ' * (31 - len(key))}# {DATE_NOTES[key]}" for key in PROCESS_DATES
    )
    return f"""\
# The review record of {ref}. The public fields go onto the site once the report is
# published; `identities` never leaves the workspace. Fill in every empty value:
# `cpr ingest {ref}` lists everything still missing, with its line.

# The Board's own reference, shown to the public, e.g. "CYSUR 3/2025".
reference: ""
# The Safeguarding Children Board, as it is named in public.
board: ""
# {types}: extended when the child was on the child protection register and/or looked
# after (care leavers under 18 included) in the six months before; concise otherwise.
review_type: concise
criteria:
  # {outcomes}
  outcome: died
  on_register_or_looked_after_in_6_months: false
  care_leaver_under_18: false
# The reviewers by name (public): one for a concise review, two for an extended one.
reviewers: [""]
# The chair of the review panel (public).
panel_chair: ""
# Themes from the Board's vocabulary (redaction_rules/policy.yaml, `themes:`):
{themes}
themes: []
# A short public summary for the catalogue; no names, places or dates of the family.
summary: ""
# The same summary in Welsh, for the Welsh pages (without it they show the English,
# marked as English).
summary_cy: ""
# ISO dates (YYYY-MM-DD), each filled in when its step is reached.
dates:
{dates}
# The people and places of the case and their pseudonyms (confidential). Every name and
# alias listed here is redacted wherever it appears, in any case and Welsh mutation.
identities: []
#  - role: child                # child, mother, father, sibling, ... or place, address, school
#    pseudonym: Child A         # what the public report says instead
#    pseudonym_cy: Plentyn A    # the Welsh page's pseudonym, if different
#    names: [Full Name]
#    aliases: [Nickname]
"""


def action_plan_template(ref: str) -> str:
    """A commented action_plan.yaml holding no action yet (the plan is not drawn up)."""
    statuses = " | ".join(s.value for s in ActionStatus)
    return f"""\
# The action plan of {ref}: what each agency will do against each recommendation, by
# when. Public once the Board approves it: agencies, actions and dates, never family
# details. It is finalised within four weeks of the final report. Until the first item
# below is filled in and uncommented, the plan counts as not drawn up yet.
#
# items:
#   - recommendation: 1           # the recommendation's number in the report
#     action: ""                  # what will be done
#     lead_agency: ""             # the agency that leads it
#     target_date: 2025-01-31     # YYYY-MM-DD
#     intended_outcome: ""        # what will be different for children
#     status: not_started         # {statuses}
#     date_completed:             # YYYY-MM-DD, once complete
"""
