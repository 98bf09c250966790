"""`make eval`: detection measured on a corpus of fictional drafts with gold answers.

Each case runs through the real stages (ingest, detect, anonymise) in a scratch
workspace, twice: with the case file's identities, and with the identities removed.
The list is applied as detection proposes it, as if the reviewer accepted every
proposal. The corpus's own `score.py` then scores both runs.

A case whose gold.json says `"lang": "cy"` has a Welsh draft.md: it runs as the Welsh
translation of a review whose English draft is a one-line stub, and its Welsh output is
scored (`eval_data/welsh_synth`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import Decision
from pipeline.stages.anonymise import apply_list
from pipeline.stages.detect import detect_review
from pipeline.stages.ingest import ingest_review
from pipeline.stages.readability import check_readability, list_replacements
from pipeline.stages.review import open_review
from pipeline.store.fileio import atomic_write_text
from pipeline.store.workspace import Workspace
from pipeline.store.yamlio import dump_yaml, load_yaml
from pipeline.text.draftmarks import kept_markers
from pipeline.text.languages import MAIN_LANG, check_lang, lang_suffix
from pipeline.text.termmatch import key

RUNS = ("with-identities", "without-identities")
# The English draft of a Welsh-only case: no names, so it adds nothing to the list.
WELSH_ONLY_STUB = "# Evaluation case\n\nThis case is written in Welsh only.\n"


@dataclass(frozen=True)
class Effort:
    """Reviewer effort for one run: entries to decide, and how many are false alarms."""

    words: int
    entries: int
    false_alarms: int
    readability_defects: int = 0  # surviving defects of the rewriting's kinds (issue 10)

    @property
    def per_1000_words(self) -> float:
        """Distinct entries a reviewer decides per 1,000 words."""
        return 1000 * self.entries / self.words if self.words else 0.0


def case_dirs(cases: Path) -> list[Path]:
    """The case folders (each with draft.md, review.yaml and gold.json)."""
    if not cases.is_dir():
        raise InputError(
            "evaluation corpus not found",
            file=cases,
            fix="pass the folder of cases, e.g. `make eval EVAL=path/to/cases`",
        )
    found = sorted(p for p in cases.iterdir() if (p / "gold.json").is_file())
    if not found:
        raise InputError(
            "no cases (folders with gold.json) in the corpus",
            file=cases,
            fix="point EVAL at a folder of cases",
        )
    return found


def _false_alarm(term: str, gold_terms: list[str]) -> bool:
    k = key(term)
    return not any(k in g or g in k for g in gold_terms)


def run_case(case: Path, scratch: Path, *, policy: Path, identities: bool) -> tuple[str, Effort]:
    """Anonymise one case as detection proposes it; returns the output and the effort."""
    ref = "case"
    ws = Workspace(scratch)
    (ws.drafts / ref).mkdir(parents=True, exist_ok=True)
    ws.rules.mkdir(parents=True, exist_ok=True)
    shutil.copy(policy, ws.policy_path)
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    lang = check_lang(gold.get("lang", MAIN_LANG))
    if lang == MAIN_LANG:
        shutil.copy(case / "draft.md", ws.drafts / ref / "draft.md")
    else:
        atomic_write_text(ws.drafts / ref / "draft.md", WELSH_ONLY_STUB)
        shutil.copy(case / "draft.md", ws.drafts / ref / f"draft{lang_suffix(lang)}.md")
    record = load_yaml(case / "review.yaml", what="review record")
    # Themes are the catalogue's filters, not detection's input: a corpus written under
    # another Board's vocabulary keeps only the themes this policy knows.
    allowed = set(load_policy(policy).themes)
    record["themes"] = [t for t in record.get("themes") or [] if t in allowed]
    if not identities:
        record["identities"] = []
    atomic_write_text(ws.drafts / ref / "review.yaml", dump_yaml(record))
    review = open_review(ws, ref)
    ingest_review(review)
    result = detect_review(review)
    entries = review.load_list().model.entries
    accepted = [
        e.model_copy(update={"decision": Decision.redact})
        if e.decision is Decision.undecided
        else e
        for e in entries
    ]
    output, _ = apply_list(review, accepted, lang=lang)
    readable = check_readability(
        output,
        lang,
        replacements=list_replacements(accepted),
        markers=review.policy.draft_markers.rules(),
        keep_markers=kept_markers(accepted),
    )
    gold_terms = [key(g["text"]) for g in gold["must_redact"]]
    to_decide = [e for e in entries if e.decision is Decision.undecided]
    alarms = sum(_false_alarm(e.term, gold_terms) for e in to_decide)
    words = result.words if lang == MAIN_LANG else len(review.draft_text(lang)[0].split())
    return output, Effort(
        words=words,
        entries=len(to_decide),
        false_alarms=alarms,
        readability_defects=len(readable.defects),
    )


def evaluate(
    cases: Path,
    out: Path,
    *,
    policy: Path,
    scorer: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, dict]:
    """Run both runs over every case, score them, and return the figures per run.

    `scorer` is the corpus's score.py; by default the one beside the cases folder.
    """
    dirs = case_dirs(cases)
    scorer = scorer or cases.parent / "score.py"
    if not scorer.is_file():
        raise InputError(
            "score.py not found beside the corpus",
            file=scorer,
            fix="use a corpus folder whose parent holds score.py",
        )
    figures: dict[str, dict] = {}
    for run in RUNS:
        run_out = out / run
        run_out.mkdir(parents=True, exist_ok=True)
        words = entries = alarms = defects = 0
        for case in dirs:
            progress(f"{run}: {case.name}")
            with tempfile.TemporaryDirectory(prefix="cpr-eval-") as tmp:
                output, effort = run_case(case, Path(tmp), policy=policy, identities=run == RUNS[0])
            atomic_write_text(run_out / f"{case.name}.md", output)
            words += effort.words
            entries += effort.entries
            alarms += effort.false_alarms
            defects += effort.readability_defects
        scored = subprocess.run(
            [sys.executable, str(scorer), str(cases), str(run_out), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        if scored.returncode != 0:
            raise InputError(
                f"score.py failed (exit {scored.returncode})",
                file=scorer,
                fix="run it by hand to see why",
            )
        result = json.loads(scored.stdout)
        result["effort"] = Effort(words, entries, alarms, defects)
        result["per_type"] = per_type_recall(dirs, result)
        result["output"] = str(run_out)
        figures[run] = result
    return figures


def per_type_recall(dirs: list[Path], result: dict) -> dict[str, tuple[int, int]]:
    """(leaked, total) identifiers per gold type; name-token leaks count under PERSON."""
    totals: dict[str, list[int]] = {}
    for case in dirs:
        gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
        seen: set[str] = set()
        for item in gold["must_redact"]:
            k = item["text"].casefold()
            if k not in seen:
                seen.add(k)
                totals.setdefault(item["type"], [0, 0])[1] += 1
        for leak in result["cases"][case.name]["leaks"]:
            row = totals.setdefault(leak["type"], [0, 0])
            row[0] += 1
            if leak["via"] == "token":
                row[1] += 1
    return {t: (v[0], v[1]) for t, v in sorted(totals.items())}
