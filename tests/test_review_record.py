"""The review record: schema errors name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model.review_record import load_record
from tests.conftest import RECORD

CASES = [
    # (change to the fictional record, words the message must contain, line expected)
    (
        ("reviewers: [Anwen Testreviewer]", "reviewers: [Anwen Testreviewer]\nreviewrs: [X]"),
        "unknown key",
        9,
    ),
    (("learning_event: 2024-03-20", "learning_event: 2024-13-45"), "date", 13),
    (("review_type: concise", "review_type: extended"), "concise", None),
    (
        (
            "on_register_or_looked_after_in_6_months: false",
            "on_register_or_looked_after_in_6_months: true",
        ),
        "extended",
        None,
    ),
    (("learning_event: 2024-03-20", "learning_event: 2023-03-20"), "before", None),
    (("learning_event: 2024-03-20", "learning_event: 2999-03-20"), "future", None),
    (("board: Mid and West Wales Safeguarding Board\n", ""), "board", None),
]


@pytest.mark.parametrize(("change", "words", "line"), CASES)
def test_invalid_record(
    tmp_path: Path, change: tuple[str, str], words: str, line: int | None
) -> None:
    path = tmp_path / "review.yaml"
    path.write_text(RECORD.replace(*change), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_record(path)
    message = caught.value.render()
    assert words in message and str(path) in message and "fix:" in message
    if line is not None:
        assert caught.value.line == line


def test_extended_review_needs_two_reviewers(tmp_path: Path) -> None:
    text = RECORD.replace("review_type: concise", "review_type: extended").replace(
        "on_register_or_looked_after_in_6_months: false",
        "on_register_or_looked_after_in_6_months: true",
    )
    path = tmp_path / "review.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="two reviewers"):
        load_record(path)
    path.write_text(
        text.replace("[Anwen Testreviewer]", "[Anwen Testreviewer, Bryn Other]"), encoding="utf-8"
    )
    assert len(load_record(path).reviewers) == 2


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    path.write_text(
        RECORD.replace(
            "themes: [neglect, information sharing]", "themes: [neglect, information sharing"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_record(path)
    assert caught.value.line is not None and caught.value.column is not None
    assert "does not parse" in caught.value.render()
