"""The readability check: every defect kind is counted, clean prose has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.policy import load_policy
from pipeline.stages.readability import check_readability, readability_per_1000_words

RULES = load_policy(
    Path(__file__).resolve().parents[1] / "redaction_rules" / "policy.yaml"
).draft_markers.rules()
EN = ["Mother's partner", "Mother", "Child A", "Person 1", "Person 3", "Person 7",
      "a specialist hospital", "the allocated social worker"]  # fmt: skip
CY = ["Plentyn T", "Partner Mam", "Mam", "cartref y teulu", "yr ysbyty", "tref"]

DEFECTS = [
    # (lang, text, kind)
    ("en", "He was seen on March 2023.", "date-preposition"),
    ("en", "On the October 2024 he moved.", "date-preposition"),
    ("en", "Mr Mother's partner called.", "title-before-replacement"),
    ("en", "Person 1 Person 1 was there.", "repeated-replacement"),
    ("en", "Her name was Person 3-Person 7.", "repeated-replacement"),
    ("en", "His mother, Mother, said so.", "repeated-apposition"),
    (
        "en",
        "His allocated social worker, the allocated social worker, came.",
        "repeated-apposition",
    ),
    ("en", "Child A (also known as Child A) was seen.", "repeated-apposition"),
    ("en", "He went to the a specialist hospital.", "double-article"),
    ("en", "3.4.[address] was the only placement.", "section-number-address"),
    ("en", "DRAFT v0.6 – CONFIDENTIAL – NOT FOR CIRCULATION\nBody.", "draft-marker"),
    ("en", "Seen at home [AB: confirm with the health visitor].", "draft-marker"),
    ("cy", "Aeth â Plentyn T i'r ysbyty.", "unmutated"),
    ("cy", "Daeth o tref arall.", "unmutated"),
    ("cy", "Roedd yn byw yng cartref y teulu.", "unmutated"),
    ("cy", "Aeth i yr ysbyty.", "double-article"),
    ("cy", "Symudodd Mr Partner Mam i mewn.", "title-before-replacement"),
    ("cy", "Fe'i derbyniwyd ar Ionawr 2024.", "date-preposition"),
]


@pytest.mark.parametrize(("lang", "text", "kind"), DEFECTS)
def test_each_defect_is_counted(lang: str, text: str, kind: str) -> None:
    report = check_readability(text, lang, replacements=EN if lang == "en" else CY, markers=RULES)
    assert kind in report.by_kind()
    assert report.per_1000_words > 0


CLEAN = [
    ("en", "He was admitted in March 2021. Mother's partner moved in. His mother said so."),
    ("en", "Child A and Person 1 went to a specialist hospital on Tuesday."),
    ("cy", "Aeth â Phlentyn T i'r ysbyty. Roedd yn byw yng nghartref y teulu, o dref arall."),
    ("cy", "Fe'i derbyniwyd ym mis Ionawr 2024. Tad Plentyn T yw ef."),
]


@pytest.mark.parametrize(("lang", "text"), CLEAN)
def test_finished_prose_has_no_defects(lang: str, text: str) -> None:
    replacements = EN if lang == "en" else CY
    assert check_readability(text, lang, replacements=replacements, markers=RULES).defects == ()
    assert readability_per_1000_words(text, lang, replacements=replacements) == 0.0


def test_the_report_names_kinds_and_lines_never_text() -> None:
    report = check_readability("Fine.\nMr Mother's partner called.", "en", replacements=EN)
    assert report.render().endswith("title-before-replacement 1 (line 2)")
    assert "partner" not in report.render()


def test_a_generalised_date_before_a_label_is_not_a_repeat() -> None:
    # "In December 2019 Person 2 called": a month and year, then the subject.
    text = "In December 2019 Person 2 called the ambulance. Person 2 Person 2 waited."
    found = check_readability(text, "en", replacements=["December 2019", "Person 2"])
    assert [d.kind for d in found.defects] == ["repeated-replacement"]
    assert found.defects[0].line == 1
