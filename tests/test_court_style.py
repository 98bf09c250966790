"""Direct identifiers in court-judgment prose, as a review may quote a judgment.

The text imitates the style of published judgments (applications, applicants, counsel
named by initials); every name, place and number in it is made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.policy import Policy, load_policy
from pipeline.stages.detect.findings import find_all
from pipeline.stages.detect.propose import build_proposals

ROOT = Path(__file__).resolve().parent.parent

JUDGMENT = """PROCEDURE

The case originated in an application (no. 41872/05) against the Republic of Ruritania
lodged under former Article 25 of the Convention by two nationals, Mr Ferhat Dolunay
and Mrs Ayşegül Karabekir ("the applicants"), on 12 March 1999.

The applicants were represented by Mr T. Vellanor, a lawyer practising in Zelgrad. The
Government were represented by their Agent, Mr K.P. Ostrander.

On 4 May 2001 the court convicted the first applicant. His brother, Kemal Dolunay, gave
evidence. Case no. 2001/347 was closed.
"""


@pytest.fixture(scope="module")
def proposed() -> dict[str, str]:
    """Every proposed form of the judgment, with the type of its entry."""
    policy: Policy = load_policy(ROOT / "redaction_rules" / "policy.yaml")
    props = build_proposals(JUDGMENT, find_all(JUDGMENT, None), record=None, policy=policy)
    return {form: p.type for p in props for form in (p.term, *p.variants)}


@pytest.mark.parametrize(
    ("form", "types"),
    [
        ("41872/05", {"CASE_REF", "OTHER_ID"}),  # an application number
        ("2001/347", {"CASE_REF", "OTHER_ID"}),  # a domestic case number
        ("Ferhat Dolunay", {"PERSON"}),
        ("Ayşegül Karabekir", {"PERSON"}),  # letters outside English
        ("Vellanor", {"PERSON"}),  # counsel by an initial and surname
        ("Ostrander", {"PERSON"}),  # two initials run together
        ("Kemal Dolunay", {"PERSON"}),  # a relative sharing the surname
    ],
)
def test_direct_identifiers_are_proposed(
    proposed: dict[str, str], form: str, types: set[str]
) -> None:
    assert proposed.get(form) in types


@pytest.mark.parametrize("kept", ["Article 25", "Convention", "PROCEDURE"])
def test_legal_framework_is_kept(proposed: dict[str, str], kept: str) -> None:
    assert kept not in proposed
