"""The final gate reads the built site and its downloads as a reader gets them.

A name hidden from the Markdown (split by an invisible character, in an attribute, in
the search index, split across Word runs) is still read by everyone; a name of one
review must not appear on another's page. All names here are the site fixtures'
invented ones: no real person or case.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.site import KEY, OFFICER, ROLE, TODAY, prepared_workspace

from pipeline.errors import VerificationError
from pipeline.site.builder import site_output
from pipeline.stages.approval import approve_review
from pipeline.stages.publish import publish_review
from pipeline.stages.review import open_review
from pipeline.stages.sitecheck import (
    check_built_site,
    package_text,
    reader_text_of,
    terms_for,
    visible_text,
    xml_text,
)
from pipeline.store.workspace import Workspace
from pipeline.tools.pdf import make_pdf

GWYN, TREF = "gwyn-2024-01", "tref-2023-02"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Both fictional reviews published: the site built into build/_site/."""
    ws = prepared_workspace(tmp_path_factory.mktemp("sitecheck") / "ws")
    for ref in (GWYN, TREF):
        publish_review(open_review(ws, ref), ws=ws, today=TODAY)
    return ws


def check(ws: Workspace, site: Path) -> int:
    current = terms_for(open_review(ws, TREF))
    return check_built_site(ws, site=site, source=ws.site, current=current)


@pytest.fixture
def site(published: Workspace, tmp_path: Path) -> Path:
    """A copy of the built site to tamper with."""
    copy = tmp_path / "site"
    shutil.copytree(site_output(published), copy)
    return copy


def insert_html(rel: str, snippet: str, *, before: str = "</article>") -> Callable[[Path], str]:
    def change(site: Path) -> str:
        path = site / rel
        html = path.read_text(encoding="utf-8")
        assert before in html
        path.write_text(html.replace(before, snippet + before, 1), encoding="utf-8")
        return rel

    return change


def catalogue_data(text: str) -> Callable[[Path], str]:
    """A leak in the catalogue's data (a summary in catalogue.json, read by the script)."""

    def change(site: Path) -> str:
        path = site / "catalogue.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["reviews"][0]["s"] += " " + text
        path.write_text(json.dumps(data), encoding="utf-8")  # non-ASCII as \\u escapes
        return "catalogue.json"

    return change


def search_shard(word: str) -> Callable[[Path], str]:
    """A leak in a search index shard: a word (a key) mapped to the reviews using it."""

    def change(site: Path) -> str:
        path = site / "search" / f"{word[:2]}.json"
        shard = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        shard[word] = [0]
        path.write_text(json.dumps(shard), encoding="utf-8")
        return f"search/{word[:2]}.json"

    return change


def docx_runs(*runs: str) -> Callable[[Path], str]:
    """A paragraph added to a DOCX download, the name split across (bold) Word runs."""

    def change(site: Path) -> str:
        rel = f"reviews/{TREF}/{TREF}.docx"
        path = site / rel
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        xml = parts["word/document.xml"].decode("utf-8")
        body = "".join(f"<w:r><w:rPr><w:b/></w:rPr><w:t>{run}</w:t></w:r>" for run in runs)
        xml = xml.replace("<w:body>", f"<w:body><w:p>{body}</w:p>", 1)
        parts["word/document.xml"] = xml.encode("utf-8")
        with zipfile.ZipFile(path, "w") as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return rel

    return change


def pdf(markdown: str) -> Callable[[Path], str]:
    """The PDF download replaced by one typeset (as publish does) from `markdown`."""

    def change(site: Path) -> str:
        rel = f"reviews/{TREF}/{TREF}.pdf"
        work = site.parent / "pdf-work"
        work.mkdir()
        make_pdf(markdown, site / rel, title="Report", lang="en", date=None, epoch=0, workdir=work)
        return rel

    return change


TREF_PAGE = f"reviews/{TREF}/index.html"
# (how the leak is put into the built site, the word that must never be printed)
LEAKS = [
    pytest.param(
        insert_html(TREF_PAGE, "<p>E\u200blis Prydderch was seen.</p>"),
        "Prydderch",
        id="gwyn-name-on-tref-page-split-by-zero-width-space",
    ),
    pytest.param(
        insert_html(TREF_PAGE, "<p>Seen at Cwm<b>derwen</b> school.</p>"),
        "derwen",
        id="place-split-by-bold-markup",
    ),
    pytest.param(
        insert_html("catalogue/index.html", '<img src="x.png" alt="A photo of Cwmderwen">'),
        "Cwmderwen",
        id="alt-attribute",
    ),
    pytest.param(
        insert_html(
            "index.html", '<meta name="description" content="Angharad Prydderch">', before="</head>"
        ),
        "Angharad",
        id="meta-description",
    ),
    pytest.param(
        insert_html(TREF_PAGE, '<a href="#" title="Jayden H\u043elloway">more</a>'),  # Cyrillic o
        "lloway",
        id="title-attribute-with-look-alike-letter",
    ),
    pytest.param(
        insert_html(f"cy/reviews/{TREF}/index.html", "<p>Roedd yng Nghwmderwen.</p>"),
        "Nghwmderwen",
        id="welsh-mutated-place-on-welsh-page",
    ),
    pytest.param(catalogue_data("Dafydd\u00a0Trewent visited."), "Trewent", id="catalogue-json"),
    pytest.param(search_shard("trewent"), "Trewent", id="search-shard"),
    pytest.param(docx_runs("Jay", "den Hollo", "way"), "Hollo", id="docx-name-across-runs"),
    pytest.param(
        pdf("The report.\n\nJayden Hol\u00adloway was seen by Kerry.\n"),
        "loway",
        id="pdf-name-with-soft-hyphen",
    ),
]


def test_the_built_site_as_published_passes(published: Workspace) -> None:
    assert check(published, site_output(published)) > 20
    # The PDF download is read too: its text is the approved report's.
    text = reader_text_of(site_output(published) / "reviews" / TREF / f"{TREF}.pdf")
    assert text is not None and "Child J" in text


@pytest.mark.parametrize(("leak", "secret"), LEAKS)
def test_a_leak_anywhere_a_reader_looks_is_caught(
    published: Workspace, site: Path, leak: Callable[[Path], str], secret: str
) -> None:
    rel = leak(site)
    with pytest.raises(VerificationError) as err:
        check(published, site)
    assert err.value.file == site / rel
    message = err.value.render()
    assert secret not in message
    assert rel in message and "review " in message
    assert "(PERSON)" in message or "(LOCATION)" in message or "case file" in message


def test_a_name_from_another_review_in_the_summary_aborts_publish_and_keeps_the_site(
    published: Workspace, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(published.root, root)
    ws = Workspace(root)
    record = ws.drafts / TREF / "review.yaml"
    text = record.read_text(encoding="utf-8")
    old = "A child on the child protection register"
    assert old in text
    # TREF's own list cannot know GWYN's child: only the check of the built site can.
    record.write_text(text.replace(old, "Elis Prydderch, a child on the register"), "utf-8")
    approve_review(open_review(ws, TREF), officer=OFFICER, role=ROLE, key=KEY)
    before = (digest(ws.site), digest(site_output(ws)))
    with pytest.raises(VerificationError) as err:
        publish_review(open_review(ws, TREF), ws=ws, today=TODAY)
    assert "Prydderch" not in err.value.render() and "Elis" not in err.value.render()
    assert f"review {GWYN}" in err.value.render()
    assert (digest(ws.site), digest(site_output(ws))) == before
    assert not list(ws.build.glob(".publish-*"))


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("html", "shown", "hidden"),
    [
        ("<p>To<b>mos</b> went</p><p>Next</p>", ["Tomos went", "Next"], []),
        ('<img alt="Alt words"><span aria-label="Label words">x</span>', ["Alt words"], []),
        ("<script>var secret = 1;</script><style>p{}</style><p>Seen</p>", ["Seen"], ["secret"]),
        ('<script type="application/ld+json">{"name": "Data words"}</script>', ["Data words"], []),
    ],
)
def test_visible_text(html: str, shown: list[str], hidden: list[str]) -> None:
    text = visible_text(f"<html><body>{html}</body></html>")
    assert all(s in text.splitlines() or s in text for s in shown), text
    assert not [h for h in hidden if h in text]
    assert "ToNext" not in text.replace("\n", "")  # blocks stay apart


def test_office_text_joins_runs_and_reads_alt_text(tmp_path: Path) -> None:
    xml = (
        b'<w:document xmlns:w="w" xmlns:wp="wp"><w:body>'
        b"<w:p><w:r><w:t>Pri</w:t></w:r><w:r><w:t>tchard</w:t></w:r></w:p>"
        b'<w:p><wp:docPr id="1" descr="Alt of image"/></w:p></w:body></w:document>'
    )
    assert xml_text(xml).splitlines() == ["Pritchard", "Alt of image"]
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", xml)
        package.writestr("docProps/core.xml", b'<cp:c xmlns:cp="cp"><t>Doc title</t></cp:c>')
    assert "Doc title" in package_text(path) and "Pritchard" in package_text(path)
