"""Generate eval_data/presidio_synth/ from Presidio's evaluator (run by hand, fixed seed).

Needs `presidio-evaluator` (MIT; https://github.com/microsoft/presidio-research), which
is NOT a dependency of the pipeline: install it in a separate environment, e.g.

    python3.11 -m venv /tmp/pe-venv && /tmp/pe-venv/bin/pip install presidio-evaluator pycountry
    /tmp/pe-venv/bin/python scripts/make_presidio_synth.py

300 sentences from its `PresidioSentenceFaker` (locale en_US, 5% lower case, seed 42) are
grouped 30 to a case and written in the corpus format of `make eval`: `draft.md`,
`review.yaml` (no identities) and `gold.json` (must_redact with whole-word counts; each
person as a known identity). What our policy keeps is left out of must_redact: country
names (GPE that pycountry knows), nationalities (NRP), titles, whole-year ages, dates
and times (our policy generalises day-level dates only), organisations and domain names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
from presidio_evaluator.data_generator import (  # type: ignore[import-not-found]
    PresidioSentenceFaker,
)

SEED = 42
SENTENCES = 300
PER_CASE = 30
OUT = Path(__file__).resolve().parents[1] / "eval_data" / "presidio_synth" / "cases"
TYPES = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "GPE": "LOCATION",
    "ZIP_CODE": "POSTCODE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "CREDIT_CARD": "FINANCIAL",
    "IBAN_CODE": "FINANCIAL",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "OTHER_ID",
    "US_DRIVER_LICENSE": "OTHER_ID",
}
RECORD = """reference: SYNTH {n:02d}/2026
board: Synthetic Evaluation Board
review_type: concise
criteria:
  outcome: serious_permanent_impairment
  on_register_or_looked_after_in_6_months: false
reviewers:
- Reviewer Synthetic
panel_chair: Chair Synthetic
themes: []
dates:
  referral_to_review_subgroup: 2026-01-05
identities: []
"""


def _countries() -> set[str]:
    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr).casefold())
    return names | {"usa", "us", "uk", "united states", "america"}


def _count(text: str, draft: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(text) + r"(?!\w)", draft))


def main() -> None:
    """Write the cases."""
    faker = PresidioSentenceFaker("en_US", lower_case_ratio=0.05, random_seed=SEED)
    samples = faker.generate_new_fake_sentences(SENTENCES)
    countries = _countries()
    for n, first in enumerate(range(0, SENTENCES, PER_CASE), start=1):
        group = samples[first : first + PER_CASE]
        paragraphs = []
        values: list[tuple[str, str]] = []
        for sample in group:
            paragraphs.append(sample.full_text.replace("\\n", "\n").strip())
            for span in sample.spans:
                ours = TYPES.get(span.entity_type)
                value = span.entity_value.strip()
                if ours is None or not value:
                    continue
                if span.entity_type == "GPE" and value.casefold() in countries:
                    continue
                values.append((value, ours))
        draft = "\n\n".join(paragraphs) + "\n"
        must_redact = []
        seen: set[str] = set()
        people: dict[str, dict[str, object]] = {}
        for value, ours in values:
            count = _count(value, draft)
            if value in seen or count == 0:
                continue
            seen.add(value)
            must_redact.append({"text": value, "type": ours, "role": "synthetic", "count": count})
            if ours == "PERSON":
                people[f"person_{len(people) + 1}"] = {
                    "name": value,
                    "aliases": [],
                    "type": "PERSON",
                }
        case = OUT / f"synth-{n:02d}"
        case.mkdir(parents=True, exist_ok=True)
        (case / "draft.md").write_text(draft, encoding="utf-8")
        (case / "review.yaml").write_text(RECORD.format(n=n), encoding="utf-8")
        gold = {"must_redact": must_redact, "must_keep": [], "known_identities": people}
        (case / "gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
