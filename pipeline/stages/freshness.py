"""Which stage outputs are stale: each stage's receipt against the files as they are now.

Every stage writes its receipt (`pipeline.store.receipts`) through `record_receipt`; a
later stage calls `require_fresh` for the stage whose output it reads. The inputs have
the same names in every receipt:

| input      | what                                                            |
| ---------- | --------------------------------------------------------------- |
| draft      | the reviewer's draft file in drafts/REF/ (draft.cy for Welsh)   |
| normalised | build/REF/draft.md, what ingest made of it                      |
| list       | the decisions of the redaction list (terms, replacements, ...)  |
| context    | what else shapes the text: the policy, the record's identities  |
|            | and public names (never its summary, themes or dates)           |
| output     | the stage's own output, as the next stage reads it              |

Re-running is left to the person: a stale output is refused with the command that makes
it again (the same as `cpr run REF` would do), so nothing is rebuilt behind their back.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.errors import CprError, InputError, VerificationError
from pipeline.stages.review import Review, languages
from pipeline.store.fileio import sha256_bytes, sha256_file
from pipeline.store.receipts import Receipt, changed_inputs, read_receipt, write_receipt
from pipeline.text.languages import MAIN_LANG, lang_suffix

# How each input is named in a message: "the draft changed after anonymise".
WHAT = {
    "draft": "the draft",
    "normalised": "the draft",
    "list": "the redaction list",
    "context": "the policy or the review record",
}
# Parts of the policy that never change the report's text (the site's vocabulary and
# Welsh names, the statutory timescales, when publication may happen).
NOT_TEXT_POLICY = {"themes", "themes_cy", "boards_cy", "roles_cy", "timescales", "publication"}
# The stages in order, and the command that runs each.
ORDER = ("ingest", "detect", "anonymise", "verify")


def stage_name(stage: str, lang: str = MAIN_LANG) -> str:
    """anonymise, or anonymise.cy for the Welsh output."""
    return f"{stage}{lang_suffix(lang)}"


def _file(path: Any) -> str:
    return sha256_file(path) if path.is_file() else "missing"


def current_inputs(review: Review, stage: str, *, lang: str = MAIN_LANG) -> dict[str, str]:
    """The hashes of what `stage` reads, as the files are now."""
    paths = review.paths
    try:
        draft = _file(paths.draft(lang))
    except CprError:
        draft = "missing"
    inputs = {"draft": draft}
    if stage == "ingest":
        return inputs
    inputs["normalised"] = _file(paths.normalised(lang))
    if stage == "detect":
        return inputs
    inputs["list"] = review.load_list().model.list_sha256() if paths.rules.is_file() else "none"
    inputs["context"] = output_context(review)
    return inputs


def output_context(review: Review) -> str:
    """One hash of what, beside the draft and the list, changes the anonymised text.

    The policy (less its themes, timescales and publication rules), and the record's
    identities and public names (reviewers, panel chair, board); not its summary,
    themes or dates, which never reach the report's text.
    """
    record = review.record
    parts = {
        "policy": review.policy.model_dump(mode="json", exclude=NOT_TEXT_POLICY),
        "identities": [i.model_dump(mode="json") for i in record.identities],
        "public": [record.panel_chair, *record.reviewers, record.board],
    }
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"))


def record_receipt(
    review: Review,
    stage: str,
    *,
    lang: str = MAIN_LANG,
    outputs: dict[str, str] | None = None,
    pandoc: bool = False,
    details: dict[str, Any] | None = None,
) -> Receipt:
    """Write `build/REF/<stage>.json` from the inputs as they are now."""
    inputs = current_inputs(review, stage if stage in ORDER else "anonymise", lang=lang)
    return write_receipt(
        review.paths.build,
        stage_name(stage, lang),
        inputs=inputs,
        outputs=outputs or {},
        pandoc=pandoc,
        details=details,
    )


def stale_reason(review: Review, stage: str, *, lang: str = MAIN_LANG) -> str | None:
    """Why `stage`'s output cannot be trusted now, or None when its receipt holds.

    An output with no receipt (made by an older cpr, or copied in) counts as stale.
    """
    ref = review.ref
    receipt = read_receipt(review.paths.build, stage_name(stage, lang))
    if receipt is None:
        return f"there is no receipt of {stage} for this output: run `cpr {stage} {ref}`"
    for name, digest in receipt.outputs.items():
        if name == "output" and _file(review.paths.anonymised(lang)) != digest:
            return (
                f"{review.paths.anonymised(lang).name} was changed after {stage} wrote it "
                f"(edited by hand?): run `cpr {stage} {ref}`"
            )
    changed = changed_inputs(receipt, current_inputs(review, stage, lang=lang))
    if not changed:
        return None
    what = WHAT[changed[0]]
    return f"{what} changed after {stage}: run `cpr {stage} {ref}`"


def earlier_commands(review: Review, stage: str, *, lang: str = MAIN_LANG) -> list[str]:
    """The commands to run, in order, so that `stage` can run on current inputs."""
    ref = review.ref
    todo = []
    for earlier in ORDER[: ORDER.index(stage)]:
        # Detect reads every language at once and writes one receipt, the main one's.
        at = MAIN_LANG if earlier == "detect" else lang
        receipt = read_receipt(review.paths.build, stage_name(earlier, at))
        if receipt is None or changed_inputs(receipt, current_inputs(review, earlier, lang=at)):
            todo.append(f"`cpr {earlier} {ref}`")
    return todo


def require_fresh(review: Review, stage: str, *, lang: str = MAIN_LANG, command: str) -> None:
    """Raise when `stage`'s output (e.g. anonymise's) is stale.

    Raises:
        VerificationError: the output is stale or was edited (exit 3); the message
            names what changed and the command that makes the output again.
        InputError: the output is missing (exit 1).
    """
    ref = review.ref
    if stage == "anonymise" and not review.paths.anonymised(lang).is_file():
        raise InputError(
            f"review {ref} has no anonymised output {review.paths.anonymised(lang).name}",
            file=review.paths.anonymised(lang),
            fix=f"run `cpr anonymise {ref}`, then `cpr {command} {ref}` again",
        )
    reason = stale_reason(review, stage, lang=lang)
    if reason is None:
        return
    before = earlier_commands(review, stage, lang=lang)
    steps = ", ".join([*before, f"`cpr {stage} {ref}`"])
    raise VerificationError(
        reason,
        file=review.paths.build / f"{stage_name(stage, lang)}.json",
        fix=f"run {steps} (or `cpr run {ref}` for all of them), then `cpr {command} {ref}`",
    )


def check_receipts(review: Review, *, command: str) -> None:
    """The gate's check: every language's anonymised output is fresh (see require_fresh)."""
    for lang in languages(review):
        require_fresh(review, "anonymise", lang=lang, command=command)


__all__ = [
    "check_receipts",
    "current_inputs",
    "earlier_commands",
    "record_receipt",
    "require_fresh",
    "stage_name",
    "stale_reason",
]
