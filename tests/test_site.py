"""The site's pieces: catalogue and filters, labels, checks, configuration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pipeline.errors import InputError
from pipeline.model.policy import load_policy
from pipeline.model.review_record import Dates
from pipeline.site.catalogue import catalogue_pages, latest_list, with_latest
from pipeline.site.i18n import LABELS, long_date
from pipeline.site.markdown import esc
from pipeline.site.meta import PublicMeta
from pipeline.site.plan import load_plan

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


AUG_2024 = D(2024, 8, 1)


def meta(
    ref="a-2024-01",
    *,
    review_type="concise",
    board="Board One",
    themes=("neglect",),
    published=AUG_2024,
    **dates,
) -> PublicMeta:
    return PublicMeta(
        ref=ref,
        reference=ref.upper(),
        board=board,
        review_type=review_type,
        outcome="died",
        reviewers=["R One"],
        panel_chair="P Chair",
        themes=list(themes),
        summary=None,
        dates=Dates(published=published, **dates),
        published=published,
        published_from_record=True,
        timescale_name="CPR",
        timescale_source="guidance",
        review_within_months=6,
        action_plan_within_weeks=4,
        approved_role="Business Manager",
        approved_on=D(2024, 7, 1),
        languages=["en"],
    )


# The timescale engine's cases (add_months, every state) are in tests/test_timescales.py.


def test_both_languages_have_every_label():
    assert LABELS["en"].keys() == LABELS["cy"].keys()
    assert long_date(D(2024, 6, 20), "cy") == "20 Mehefin 2024"


def test_filter_pages_list_exactly_the_matching_reviews():
    a = meta("a-2024-01", themes=("neglect", "health"))
    b = meta(
        "b-2023-02",
        review_type="extended",
        board="Board Two",
        themes=("health",),
        published=D(2023, 5, 1),
    )
    pages = catalogue_pages([a, b], "en")
    assert "A-2024-01" in pages["catalogue/type/concise.md"]
    assert "B-2023-02" not in pages["catalogue/type/concise.md"]
    both = pages["catalogue/theme/health.md"]
    assert "A-2024-01" in both and "B-2023-02" in both
    assert "B-2023-02" in pages["catalogue/year/2023.md"]
    assert "A-2024-01" not in pages["catalogue/board/board-two.md"]
    assert "theme/health.md" in pages["catalogue/themes.md"]  # links, not every tagged page
    # Sorted and stable: the same reviews in any order give the same pages.
    assert catalogue_pages([b, a], "en") == catalogue_pages([a, b], "en")


def test_home_page_needs_its_markers(tmp_path):
    with pytest.raises(InputError) as err:
        with_latest("# Home\n", "- x\n", path=tmp_path / "index.md")
    assert "cpr:latest:start" in err.value.fix
    home = "a\n<!-- cpr:latest:start -->\nold\n<!-- cpr:latest:end -->\nb\n"
    new = with_latest(home, latest_list([meta()], "en"), path=tmp_path / "index.md")
    assert "old" not in new and "A-2024-01" in new and new.endswith("b\n")


def test_values_cannot_become_markup():
    # `<` as an entity: Python-Markdown has no backslash escape for it (`\<` shows the `\`).
    assert esc("[x](http://example.org) <script>") == (r"\[x\]\(http://example.org\) &lt;script\>")


ITEM = (
    "items:\n  - recommendation: 1\n    action: Do it\n    lead_agency: Agency\n"
    "    target_date: 2024-12-31\n    intended_outcome: Done\n"
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("items: 3\n", "items"),  # not a list
        (ITEM.replace("    action: Do it\n", ""), "items -> 0 -> action"),  # no action
        (ITEM + "    status: finished\n", "items -> 0 -> status"),  # not a status
        (ITEM + "    owner: Someone\n", "items -> 0 -> owner"),  # unknown key
    ],
)
def test_a_malformed_action_plan_stops_the_publish(tmp_path, text, key):
    path = tmp_path / "action_plan.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_plan(path)
    assert err.value.key == key


def test_no_action_plan_yet_is_not_an_error(tmp_path):
    assert load_plan(tmp_path / "action_plan.yaml") is None


def test_site_configuration_is_offline_portable_and_declares_themes_once():
    yaml = YAML(typ="safe")
    config = yaml.load((ROOT / "mkdocs.yml").read_text())
    welsh = yaml.load((ROOT / "mkdocs.cy.yml").read_text())
    assert config["theme"]["font"] is False
    assert config["extra"]["generator"] is False
    # No insiders or custom plugins; no Material search (the site's own, sharded, instead).
    assert set(config["plugins"]) == {"tags"}
    assert "tags_allowed" not in str(config)  # the vocabulary lives in policy.yaml only
    assert welsh["INHERIT"] == "mkdocs.yml" and welsh["theme"]["language"] == "cy"
    assert [a["lang"] for a in config["extra"]["alternate"]] == ["en", "cy"]
    assert load_policy(ROOT / "redaction_rules" / "policy.yaml").themes


def test_external_references_are_found(tmp_path):
    from pipeline.site.builder import external_references

    (tmp_path / "a.html").write_text('<script src="https://cdn.example.org/x.js"></script>')
    (tmp_path / "b.html").write_text(
        '<a href="https://example.org/" rel="nofollow noopener noreferrer" '
        'class="cpr-outbound">a link marked outbound</a>'
    )
    (tmp_path / "c.css").write_text("@font-face { src: url(//fonts.example.org/f.woff2) }")
    (tmp_path / "d.html").write_text('<a href="//cy/">protocol-relative: the host "cy"</a>')
    (tmp_path / "e.html").write_text('<a href="https://example.org/">unmarked outbound</a>')
    assert external_references(tmp_path) == ["a.html", "c.css", "d.html", "e.html"]
