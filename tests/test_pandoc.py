"""The pandoc wrapper: finds pandoc, runs it sandboxed, fails with command and status."""

from __future__ import annotations

import base64
import re
import stat
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import InputError, ToolError
from pipeline.tools import pandoc
from pipeline.tools.pandoc import convert_markdown, pandoc_version, run_pandoc

# A fictional one-pixel PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def fake_pandoc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """Replace pandoc with a shell script, for failures the real one will not produce."""
    exe = tmp_path / "fake-pandoc"
    exe.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pandoc, "pandoc_path", lambda: exe)
    return exe


def test_version_is_a_dotted_number() -> None:
    assert re.fullmatch(r"\d+(\.\d+)+", pandoc_version())


def test_run_pandoc_converts_text_on_stdin() -> None:
    out = run_pandoc(["-f", "markdown", "-t", "html"], input_text="Helo *Cymru*", what="test")
    assert "<em>Cymru</em>" in out


def test_run_pandoc_reads_an_input_file(tmp_path: Path) -> None:
    src = tmp_path / "in.md"
    src.write_text("# Adolygiad\n", encoding="utf-8")
    assert "<h1" in run_pandoc(["-t", "html"], input_path=src, what="test")


def test_only_one_input_at_a_time(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        run_pandoc([], input_path=tmp_path / "a.md", input_text="x", what="test")


def test_failure_names_command_status_and_stderr() -> None:
    with pytest.raises(ToolError) as caught:
        run_pandoc(["-f", "no-such-format"], input_text="x", what="convert the test")
    message = str(caught.value)
    assert "pandoc failed to convert the test" in message
    assert "exit status" in message
    assert "-f no-such-format" in message  # the command
    assert "Unknown input format" in message.split("pandoc said:")[1]  # what pandoc printed


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # a crash with a long message: status kept, message cut to a short tail
        ("head -c 20000 /dev/zero | tr '\\0' x >&2; exit 3", "exit status 3"),
        # a hang: abandoned after the timeout
        ("sleep 5", "took longer than"),
    ],
)
def test_fake_failures_become_tool_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, expected: str
) -> None:
    fake_pandoc(tmp_path, monkeypatch, script)
    with pytest.raises(ToolError) as caught:
        run_pandoc(["-t", "html"], input_text="x", what="test", timeout=1)
    assert expected in str(caught.value)
    assert len(str(caught.value)) < pandoc.STDERR_LIMIT + 1000


def test_metadata_values_are_hidden_in_the_failure_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pandoc(tmp_path, monkeypatch, "exit 1")
    src = tmp_path / "r.md"
    src.write_text("text\n", encoding="utf-8")
    with pytest.raises(ToolError) as caught:
        convert_markdown(src, tmp_path / "r.docx", to="docx", metadata={"title": "Fictional Title"})
    assert "title=…" in str(caught.value)
    assert "Fictional Title" not in str(caught.value)


def _not_installed() -> str:
    raise OSError("No pandoc was found")


@pytest.mark.parametrize(
    "get_path",
    [
        _not_installed,  # pypandoc finds no pandoc at all
        lambda: "/nonexistent/pandoc",  # pypandoc names one that is gone
    ],
)
def test_missing_pandoc_says_make_install(monkeypatch: pytest.MonkeyPatch, get_path) -> None:
    import pypandoc

    monkeypatch.setattr(pypandoc, "get_pandoc_path", get_path)
    with pytest.raises(ToolError) as caught:
        pandoc_version()
    assert "make install" in str(caught.value)


@pytest.mark.parametrize(("to", "part"), [("docx", "word/document.xml"), ("odt", "content.xml")])
def test_convert_markdown_writes_office_files(tmp_path: Path, to: str, part: str) -> None:
    src = tmp_path / "report.md"
    src.write_text("# Dysgu\n\nMae'r adolygiad wedi dod i ben.\n", encoding="utf-8")
    dest = tmp_path / "out" / f"report.{to}"
    convert_markdown(src, dest, to=to, metadata={"title": "Adolygiad Ffug"})
    with zipfile.ZipFile(dest) as package:
        assert "adolygiad wedi dod" in package.read(part).decode("utf-8")
        props = "docProps/core.xml" if to == "docx" else "meta.xml"
        assert "Adolygiad Ffug" in package.read(props).decode("utf-8")
    assert [p.name for p in dest.parent.iterdir()] == [dest.name]  # no temporary left


def test_convert_markdown_uses_the_reference_doc(tmp_path: Path) -> None:
    src = tmp_path / "r.md"
    src.write_text("Text.\n", encoding="utf-8")
    plain = tmp_path / "plain.docx"
    convert_markdown(src, plain, to="docx")
    reference = tmp_path / "ref.docx"
    marker = '<w:style w:type="paragraph" w:styleId="FfugStyle"><w:name w:val="Ffug"/></w:style>'
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(reference, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", marker.encode() + b"</w:styles>")
            new.writestr(item, data)
    dest = tmp_path / "styled.docx"
    convert_markdown(src, dest, to="docx", reference_doc=reference)
    with zipfile.ZipFile(dest) as package:
        assert b"FfugStyle" in package.read("word/styles.xml")


def test_convert_markdown_failure_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "r.md"
    src.write_text("Text.\n", encoding="utf-8")
    dest = tmp_path / "out.docx"
    dest.write_bytes(b"earlier good output")
    bad_reference = tmp_path / "ref.docx"
    bad_reference.write_bytes(b"not a zip")
    with pytest.raises(ToolError):
        convert_markdown(src, dest, to="docx", reference_doc=bad_reference)
    assert dest.read_bytes() == b"earlier good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "r.md", "ref.docx"]


@pytest.mark.parametrize("missing", ["src", "reference"])
def test_convert_markdown_missing_input_is_an_input_error(tmp_path: Path, missing: str) -> None:
    src = tmp_path / "r.md"
    reference = tmp_path / "ref.docx"
    if missing == "reference":
        src.write_text("Text.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        convert_markdown(src, tmp_path / "o.docx", to="docx", reference_doc=reference)
    assert caught.value.file == (src if missing == "src" else reference)
    assert not (tmp_path / "o.docx").exists()


def test_sandbox_reads_nothing_but_the_input(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(PNG)
    src = tmp_path / "r.md"
    src.write_text("![](photo.png)\n", encoding="utf-8")
    sandboxed, open_ = tmp_path / "a.docx", tmp_path / "b.docx"
    convert_markdown(src, sandboxed, to="docx", extra_args=[f"--resource-path={tmp_path}"])
    convert_markdown(
        src, open_, to="docx", extra_args=[f"--resource-path={tmp_path}"], sandbox=False
    )

    def media(path: Path) -> list[str]:
        with zipfile.ZipFile(path) as package:
            return [n for n in package.namelist() if n.startswith("word/media/")]

    assert media(sandboxed) == []
    assert len(media(open_)) == 1
