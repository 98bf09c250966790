"""The review record: schema errors name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.workspace import RECORD

from pipeline.errors import InputError
from pipeline.model.review_record import load_record

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


def test_every_problem_of_the_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    broken = (
        RECORD.replace("panel_chair:", "panel_chiar:")
        .replace("learning_event:", "learnin_event:")
        .replace("review_type: concise", "review_type: brief")
    )
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_record(path)
    message = caught.value.render()
    # One run names all four: the bad value, both misspelt keys and the missing key.
    for key in ("review_type", "panel_chiar", "learnin_event", "panel_chair"):
        assert f"({key}" in message or f"-> {key}" in message, key
    assert message.count("fix:") == 4


def test_a_theme_outside_the_vocabulary_is_refused_when_the_record_is_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review.yaml"
    text = RECORD.replace("themes: [", "themes: [an invented theme, ")
    assert text != RECORD
    path.write_text(text, encoding="utf-8")
    assert load_record(path).themes[0] == "an invented theme"  # no vocabulary given
    with pytest.raises(InputError) as caught:
        load_record(path, themes=["neglect", "domestic abuse", "information sharing"])
    assert caught.value.key == "themes -> 0"
    assert "policy.yaml" in caught.value.fix
