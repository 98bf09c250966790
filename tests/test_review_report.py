"""build/REF/review.html: every proposed redaction in context, for the reviewer and officer."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from support.workspace import DRAFT, REF, make_workspace
from typer.testing import CliRunner

from pipeline.cli import app


def _anonymised(tmp_path: Path, draft: str = DRAFT) -> Path:
    ws = make_workspace(tmp_path / "ws", draft=draft)
    runner = CliRunner()
    for step in ("ingest", "detect", "anonymise"):
        result = runner.invoke(app, ["-w", str(ws), step, REF])
        assert result.exit_code == 0, result.output
    return ws


def test_anonymise_writes_a_self_contained_review_page(tmp_path: Path) -> None:
    ws = _anonymised(tmp_path)
    page = ws / "build" / REF / "review.html"
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    # Nothing is loaded from anywhere: no script, no stylesheet link, no image.
    assert not tree.css("script, link, img, iframe, object")
    groups = [h.text() for h in tree.css("section h3")]
    assert any(g.startswith("People") for g in groups)
    assert any(g.startswith("Dates") for g in groups)
    # The child's name is marked in the draft column with its replacement beside it.
    marks = tree.css("td.draft mark.redact")
    assert any(m.text() == "Gwenllian Arbenig" for m in marks)
    assert any(i.text() == "Child D" for i in tree.css("td.draft ins"))
    # The anonymised column never shows a case-file name.
    anon = " ".join(td.text() for td in tree.css("td.anon"))
    assert "Gwenllian" not in anon and "Arbenig" not in anon


def test_undecided_entries_come_first_with_why_they_were_proposed(tmp_path: Path) -> None:
    ws = _anonymised(tmp_path)
    tree = HTMLParser((ws / "build" / REF / "review.html").read_text(encoding="utf-8"))
    for section in tree.css("section > section"):
        states = [
            next(c for c in a.attributes["class"].split() if c != "entry")  # type: ignore[union-attr]
            for a in section.css("article.entry")
        ]
        # Within each group, no decided entry stands before an undecided one.
        assert states == sorted(states, key=lambda s: s != "undecided"), states
    whys = [p.text() for p in tree.css("p.why")]
    assert any("named in the case file" in w and "child (Child D)" in w for w in whys)


def test_draft_markup_is_shown_as_text_never_run(tmp_path: Path) -> None:
    hostile = DRAFT + '\n\nA note <script>alert(1)</script> and <img src="x" onerror="y">.\n'
    ws = _anonymised(tmp_path, draft=hostile)
    text = (ws / "build" / REF / "review.html").read_text(encoding="utf-8")
    tree = HTMLParser(text)
    assert not tree.css("script, img")
    assert not any(name.startswith("on") for node in tree.css("*") for name in node.attributes)


def test_every_occurrence_is_shown_not_only_the_two_the_list_keeps(tmp_path: Path) -> None:
    ws = _anonymised(tmp_path)
    tree = HTMLParser((ws / "build" / REF / "review.html").read_text(encoding="utf-8"))
    child = next(
        a for a in tree.css("article.entry") if "Gwenllian Arbenig" in a.css_first("h4").text()
    )
    # "Gwenllian Arbenig", "Gwen" and "Gwenllian's" in the draft: three, not two.
    assert len(child.css("ul.contexts li")) >= 3
