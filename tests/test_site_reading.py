"""Reading and trust on the site: process order, citation, plan cards, feeds, the footer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from pipeline.model.review_record import Dates
from pipeline.site.catalogue import LIST_PAGE_SIZE, catalogue_pages
from pipeline.site.feeds import atom, rss
from pipeline.site.i18n import LABELS
from pipeline.site.markdown import esc_html
from pipeline.site.meta import PublicMeta
from pipeline.site.pages import download_source, plan_html, review_page
from pipeline.site.sanitise import clean_html

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
PLAN = [
    {
        "recommendation": 1,
        "action": "Share notices with the health visitor",
        "lead_agency": "Police",
        "target_date": D(2024, 10, 31),
        "intended_outcome": "Fewer missed signs",
        "status": "in_progress",
        "date_completed": None,
    }
]


AUG_2024 = D(2024, 8, 14)


def meta(ref: str = "prawf-2024-01", *, published: D = AUG_2024, **dates: D) -> PublicMeta:
    return PublicMeta(
        ref=ref,
        reference=ref.upper(),
        board="Bwrdd Prawf Safeguarding Board",
        review_type="concise",
        outcome="died",
        reviewers=["Reviewer One"],
        panel_chair="Chair One",
        themes=["neglect"],
        summary="A fictional summary.",
        dates=Dates(published=published, **dates),
        published=published,
        published_from_record=True,
        timescale_name="CPR",
        timescale_source="guidance",
        review_within_months=6,
        action_plan_within_weeks=4,
        approved_role="Business Manager",
        approved_on=D(2026, 11, 26),
        languages=["en"],
    )


def test_process_record_is_in_date_order_with_unrecorded_stages_last() -> None:
    # A learning event recorded after the Board's approval (out of the usual order).
    m = meta(
        referral_to_review_subgroup=D(2024, 2, 1),
        learning_event=D(2024, 7, 25),
        board_approval=D(2024, 7, 19),
    )
    page = review_page(m, lang="en", body=None, plan=None)
    order = [
        page.index(label)
        for label in (
            "Referral to the Review Sub-Group",
            "Board approval of the final report",
            "Learning event",
            "Publication",
            "Submission to Welsh Government",  # not yet recorded: after every dated stage
        )
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_page_explains_the_approval_date_and_dates_the_plan(lang: str) -> None:
    page = review_page(meta(), lang=lang, body=None, plan=PLAN)
    assert esc_html(LABELS[lang]["redactions_explained"]) in page
    assert (
        LABELS[lang]["status_as_at"].format(
            date="26 " + ("November" if lang == "en" else "Tachwedd") + " 2026"
        )
        in page
    )
    assert 'class="cpr-plan"' in page and 'data-label="' in page
    assert '\ncite: "Bwrdd Prawf Safeguarding Board (2024) ' in page  # + permalink (template)


def test_plan_cards_survive_the_report_sanitiser() -> None:
    html = plan_html(PLAN, "en", as_at=D(2024, 8, 14))
    cleaned = clean_html(html.split("\n", 1)[1])
    assert 'class="cpr-plan"' in cleaned and 'data-label="Lead agency"' in cleaned
    other = clean_html('<table class="evil" onclick="x()"><tr><td data-x="1">a</td></tr></table>')
    assert "evil" not in other and "onclick" not in other and "data-x" not in other


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_downloads_carry_the_process_record_timescales_and_citation(lang: str) -> None:
    text = download_source(meta(learning_event=D(2024, 4, 1)), lang=lang, body="Text.\n", plan=PLAN)
    for key in ("process", "timescales", "cite_heading", "redactions_explained"):
        assert LABELS[lang][key] in text, key


def test_feeds_are_well_formed_and_newest_first() -> None:
    metas = [meta("prawf-2023-01", published=D(2023, 1, 5)), meta("prawf-2024-01")]
    url = "https://reviews.example/"
    channel = ElementTree.fromstring(rss(metas, lang="en", site_url=url, title="T"))
    links = [i.findtext("link") for i in channel.iter("item")]
    assert links == [f"{url}reviews/prawf-2024-01/", f"{url}reviews/prawf-2023-01/"]
    feed = ElementTree.fromstring(atom(metas, lang="cy", site_url=url + "cy/", title="T"))
    ns = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{ns}updated") == "2024-08-14T00:00:00+00:00"
    assert len(feed.findall(f"{ns}entry")) == 2


def test_filter_lists_are_paged_so_no_page_grows_without_end() -> None:
    metas = [meta(f"prawf-2024-{i:03d}") for i in range(LIST_PAGE_SIZE + 5)]
    pages = catalogue_pages(metas, "en")
    assert pages["catalogue/year/2024.md"].count('class="cpr-card"') == LIST_PAGE_SIZE
    assert pages["catalogue/year/2024-2.md"].count('class="cpr-card"') == 5
    assert "(page 2 of 2)" in pages["catalogue/year/2024-2.md"]
    index = pages["catalogue/index.md"]
    assert index.count('class="cpr-card"') == LIST_PAGE_SIZE  # the newest year, first page
    assert 'id="cpr-catalogue"' in index and "hidden" in index  # shown by the script


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.cy.yml"])
def test_footer_signpost_and_address_are_configured_in_both_languages(config: str) -> None:
    data = yaml.safe_load((ROOT / config).read_text(encoding="utf-8"))
    cpr = data["extra"]["cpr"]
    assert cpr["publisher"] and cpr["contact_email"] and cpr["privacy_short"]
    assert {h["name"] for h in cpr["help"]} >= {"Meic Cymru"}
    assert all(h["url"].startswith("https://") and h["phone"] for h in cpr["help"])
    assert data["site_url"].startswith("https://")
