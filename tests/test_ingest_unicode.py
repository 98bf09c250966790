"""A name hidden by Word formatting or Unicode never reaches the output readable.

The real pipeline (ingest, detect, approve, anonymise, verify) runs through `cpr` in a
scratch workspace. Names are invented (Heledd Gruffydd, Zofia); no real person or case.
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.workspace import REF, make_workspace  # the module pytest loaded (its officer key)
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.text.normalise import confusables_table, reader_text
from pipeline.text.termmatch import fold

runner = CliRunner()

RECORD = textwrap.dedent("""\
    # Fictional review record for tests.
    reference: DEMO 1/2024
    board: Mid and West Wales Safeguarding Board
    review_type: concise
    criteria:
      outcome: life_threatening_injury
      on_register_or_looked_after_in_6_months: false
    reviewers: [Anwen Testreviewer]
    panel_chair: Brychan Testchair
    themes: [neglect]
    dates:
      referral_to_review_subgroup: 2024-01-15
      learning_event: 2024-03-20
    identities:
      - role: child
        pseudonym: Child H
        names: [Heledd Gruffydd]
        aliases: [Heledd]
      - role: mother
        pseudonym: Mother
        names: [Zofia Gruffydd]
    """)

SECRETS = ("heledd", "gruffydd", "zofia")


def cpr(ws: Path, *args: str, ok: bool = False) -> int:
    """Run one `cpr` command in the workspace; its exit code (0 asserted when `ok`)."""
    result = runner.invoke(app, ["--workspace", str(ws), *args])
    assert not ok or result.exit_code == 0, result.output
    return result.exit_code


def run_pipeline(ws: Path) -> tuple[str, int]:
    """Ingest, detect, accept every proposal, approve, anonymise, verify.

    Returns the anonymised output and verify's exit code.
    """
    cpr(ws, "ingest", REF, ok=True)
    cpr(ws, "detect", REF, ok=True)
    rules = ws / "redaction_rules" / f"{REF}.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("decision: undecided", "decision: redact"),
        encoding="utf-8",
    )
    cpr(ws, "approve", REF, "--officer", "Olwen Officer", ok=True)
    cpr(ws, "anonymise", REF)
    out = (ws / "build" / REF / "anonymised.md").read_text(encoding="utf-8")
    return out, cpr(ws, "verify", REF)


def readable(text: str) -> str:
    """What a reader reads, folded for comparison: reader form, no accents, any case."""
    return fold(reader_text(text)).casefold()


def _bold_italic_strike_docx(path: Path) -> None:
    """A Word draft whose names are split across runs and carry hidden characters."""
    document = docx.Document()
    document.add_heading("Concise Child Practice Review DEMO 1/2024", level=1)
    document.add_paragraph("This is a fictional draft written for the test suite.")
    para = document.add_paragraph("The child, ")
    para.add_run("He")
    para.add_run("le").bold = True  # a spell-check or tracked-change run
    para.add_run("dd").italic = True
    para.add_run(" Gruff")
    soft = para.add_run()
    soft._r.append(OxmlElement("w:softHyphen"))  # Word's optional hyphen
    struck = para.add_run("ydd")
    struck.font.strike = True
    para.add_run(", lived with her mother Zo\u200bfia Gruf\u00adfydd. ")
    para.add_run("Staff said Hel").bold = True
    para.add_run("edd was happy at school.")
    document.add_paragraph("The school and the health visitor shared information.")
    document.save(str(path))


def test_word_draft_with_split_runs_and_hidden_characters(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", draft="", record=RECORD, suffix=".md")
    (ws / "drafts" / REF / "draft.md").unlink()
    _bold_italic_strike_docx(ws / "drafts" / REF / "draft.docx")

    out, verified = run_pipeline(ws)

    draft = (ws / "build" / REF / "draft.md").read_text(encoding="utf-8")
    assert "Heledd Gruffydd" in draft and "Zofia Gruffydd" in draft  # joined, plain text
    assert "\u200b" not in draft and "\u00ad" not in draft
    report = (ws / "build" / REF / "ingest-report.md").read_text(encoding="utf-8")
    assert "soft hyphen: 2" in report and "zero-width space: 1" in report
    assert "Words joined" in report
    for secret in SECRETS:
        assert secret not in readable(out)
    assert "Child H" in out
    assert verified == 0


def test_markdown_draft_with_override_and_look_alike_letters(tmp_path: Path) -> None:
    draft = (
        "# Concise Child Practice Review DEMO 1/2024\n\n"
        "This is a fictional draft written for the test suite.\n\n"
        # Displayed "Heledd" (right-to-left override), a Cyrillic о in Zofia, bold on part
        # of Gruffydd, an italic start of Heledd.
        "The child \u202eddeleH\u202c lived with Z\u043efia Gruff**ydd**; *He*ledd was well.\n"
    )
    ws = make_workspace(tmp_path / "ws", draft=draft, record=RECORD)
    out, verified = run_pipeline(ws)
    normalised = (ws / "build" / REF / "draft.md").read_text(encoding="utf-8")
    assert "The child Heledd lived" in normalised and "Gruffydd;" in normalised
    report = (ws / "build" / REF / "ingest-report.md").read_text(encoding="utf-8")
    assert "bidi embedding or override: 2" in report
    for secret in SECRETS:
        assert secret not in readable(out)
    assert verified == 0


# Ways to hide a letter from a plain search that a reader still reads through.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060"]
MARKS = ["\u0334", "\u0335", "\u0337"]  # overlays that compose with no letter
MARKUP = ["**", "*", "~~"]


@st.composite
def hidden_name(draw: st.DrawFn, name: str) -> str:
    """`name` with invisible characters, marks, look-alike letters and emphasis mixed in."""
    table = confusables_table()
    chars: list[str] = []
    for ch in name:
        # Look-alikes a reader reads as this letter (not ſ, which NFKC makes an s).
        twins = sorted(
            c for c, latin in table.items() if latin == ch and reader_text(c, markdown=False) == ch
        )
        if twins and draw(st.integers(0, 3)) == 0:
            ch = draw(st.sampled_from(twins))
        chars.append(ch)
        if draw(st.integers(0, 3)) == 0:
            chars.append(draw(st.sampled_from(INVISIBLE + MARKS)))
    text = "".join(chars)
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(chars) - 1))
        mark = draw(st.sampled_from(MARKUP))
        head, tail = "".join(chars[:cut]), "".join(chars[cut:])
        text = head + mark + tail + mark if draw(st.booleans()) else mark + head + mark + tail
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(child=hidden_name("Heledd"), mother=hidden_name("Zofia"))
def test_hidden_case_file_name_never_survives(child: str, mother: str) -> None:
    draft = (
        "# Concise Child Practice Review DEMO 1/2024\n\n"
        "This is a fictional draft written for the test suite.\n\n"
        f"The child {child} lived with her mother {mother} Gruffydd. "
        "The school and the health visitor shared information.\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp) / "ws", draft=draft, record=RECORD)
        out, verified = run_pipeline(ws)
    # Either every name is replaced, or verify refuses the output.
    if any(secret in readable(out) for secret in SECRETS):
        assert verified == 3
