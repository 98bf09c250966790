"""A minimal valid review record with a given case file, for detection tests.

Every name here is made up for the tests.
"""

from __future__ import annotations

from pipeline.model.review_record import ReviewRecord


def case_file_record(*identities: dict[str, object]) -> ReviewRecord:
    """A concise review's record whose case file lists `identities`."""
    return ReviewRecord.model_validate(
        {
            "reference": "TEST 1/2030",
            "board": "Mid and West Wales Safeguarding Board",
            "review_type": "concise",
            "criteria": {
                "outcome": "life_threatening_injury",
                "on_register_or_looked_after_in_6_months": False,
            },
            "reviewers": ["Anwen Testreviewer"],
            "panel_chair": "Brychan Testchair",
            "identities": list(identities),
        }
    )
