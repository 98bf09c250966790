"""The Welsh page is Welsh throughout, and says so where it is not.

The Welsh summary, Board name, themes, the approver's role (mutated after "gan") and the
guidance's title come from the record and the policy; anything without a Welsh form is
shown in English inside `lang="en"`, never silently. Every name here is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model.policy import load_policy
from pipeline.model.redaction_list import Approval
from pipeline.model.review_record import Criteria, Dates, Outcome, ReviewRecord, ReviewType
from pipeline.site.catalogue import catalogue_pages, latest_list
from pipeline.site.collection import catalogue_json
from pipeline.site.feeds import atom, rss
from pipeline.site.i18n import Phrase, t_html
from pipeline.site.listing import filter_form
from pipeline.site.markdown import esc
from pipeline.site.meta import PublicMeta, public_meta
from pipeline.site.pages import download_source, plan_html, review_page
from pipeline.site.sanitise import clean_html

D = dt.date
BOARD = "Glanrafon Safeguarding Board"
BOARD_CY = "Bwrdd Diogelu Glanrafon"
THEMES_CY = {"neglect": "esgeulustod", "safe sleep": "cysgu'n ddiogel"}
SUMMARY = "An invented infant was harmed after an invented move between invented towns."
SUMMARY_CY = "Cafodd baban dychmygol niwed ar ôl symud rhwng trefi dychmygol."
GUIDANCE = "Invented Guidance on Reviews (Welsh Government, 2016)"
GUIDANCE_CY = "Canllawiau Dychmygol ar Adolygiadau (Llywodraeth Cymru, 2016)"


def meta(**welsh: object) -> PublicMeta:
    """An invented review's public metadata, with the Welsh words given (if any)."""
    values: dict[str, object] = {
        "ref": "glan-2024-01",
        "reference": "GLAN 1/2024",
        "board": BOARD,
        "review_type": "concise",
        "outcome": "died",
        "reviewers": ["Heulwen Dychmyg"],
        "panel_chair": "Gwilym Ffug",
        "themes": ["neglect", "safe sleep", "dog attack"],
        "summary": SUMMARY,
        "dates": Dates(published=D(2024, 8, 1)),
        "published": D(2024, 8, 1),
        "published_from_record": True,
        "timescale_name": "CPR",
        "timescale_source": GUIDANCE,
        "review_within_months": 6,
        "action_plan_within_weeks": 4,
        "approved_role": "Business Manager",
        "approved_on": D(2024, 7, 1),
        "languages": ["en", "cy"],
    }
    return PublicMeta.model_validate({**values, **welsh})


WELSH = meta(
    summary_cy=SUMMARY_CY,
    board_cy=BOARD_CY,
    themes_cy=THEMES_CY,
    approved_role_cy="Rheolwr Busnes",
    timescale_source_cy=GUIDANCE_CY,
)
ENGLISH_ONLY = meta()  # nothing in Welsh: every name falls back, marked


def _front(page: str) -> dict[str, object]:
    head = page.split("---\n")[1]
    return {k: json.loads(v) for k, v in (line.split(": ", 1) for line in head.splitlines())}


# --- the review page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "unwanted"),
    [
        (f"<dd>{BOARD_CY}</dd>", BOARD),
        (SUMMARY_CY, SUMMARY),
        ("cysgu&#x27;n ddiogel", "safe sleep"),
        ("esgeulustod", "neglect"),
        ("gan Reolwr Busnes y Bwrdd", "Business Manager"),
        (f"Ffynhonnell yr amserlenni: {esc(GUIDANCE_CY)}, fel", esc(GUIDANCE)),
    ],
)
def test_the_welsh_page_has_the_welsh_words(wanted: str, unwanted: str) -> None:
    page = review_page(WELSH, lang="cy", body=None, plan=None)
    assert wanted in page
    assert unwanted not in page


def test_the_welsh_page_front_matter_is_welsh() -> None:
    front = _front(review_page(WELSH, lang="cy", body=None, plan=None))
    assert front["description"] == SUMMARY_CY
    assert front["tags"] == ["cysgu'n ddiogel", "dog attack", "esgeulustod"]
    assert front["tags_en"] == ["dog attack"]  # the one theme with no Welsh label
    assert str(front["cite"]).startswith(f"{BOARD_CY} (2024) Adolygiad Ymarfer Plant")
    assert "cite_en" not in front


@pytest.mark.parametrize(
    "marked",
    [
        f'<dd><span lang="en">{BOARD}</span></dd>',
        f'<p lang="en">{SUMMARY}</p>',
        'gan <span lang="en">Business Manager</span> y Bwrdd',
        '<span lang="en">dog attack</span>',
        '<span lang="en">neglect</span>',
        f'Ffynhonnell yr amserlenni: <span lang="en">{esc(GUIDANCE)}</span>, fel',
    ],
)
def test_english_left_on_a_welsh_page_is_marked(marked: str) -> None:
    assert marked in review_page(ENGLISH_ONLY, lang="cy", body=None, plan=None)


def test_a_welsh_page_never_describes_itself_in_unmarked_english() -> None:
    front = _front(review_page(ENGLISH_ONLY, lang="cy", body=None, plan=None))
    assert front["description"] == "Adolygiad Ymarfer Plant GLAN 1/2024"
    assert front["cite_en"] == BOARD  # the template marks the citation's Board lang="en"
    assert front["tags_en"] == ["dog attack", "neglect", "safe sleep"]


def test_the_english_page_is_unchanged_by_the_welsh_words() -> None:
    assert review_page(WELSH, lang="en", body=None, plan=None) == review_page(
        ENGLISH_ONLY, lang="en", body=None, plan=None
    )
    page = review_page(WELSH, lang="en", body=None, plan=None)
    assert 'lang="' not in page and SUMMARY in page and BOARD in page


@pytest.mark.parametrize(
    ("role_cy", "sentence"),
    [
        ("Rheolwr Busnes", "gan Reolwr Busnes y Bwrdd"),  # rh -> r
        ("Cadeirydd", "gan Gadeirydd y Bwrdd"),  # c -> g
        ("Pennaeth Diogelu", "gan Bennaeth Diogelu y Bwrdd"),  # p -> b, second word kept
        ("Gweinyddwr", "gan Weinyddwr y Bwrdd"),  # g drops
        ("Llywydd", "gan Lywydd y Bwrdd"),  # ll -> l
        ("Swyddog Diogelu", "gan Swyddog Diogelu y Bwrdd"),  # s never mutates
        (None, 'gan <span lang="en">Business Manager</span> y Bwrdd'),  # no Welsh: marked
    ],
)
def test_the_role_takes_the_soft_mutation_after_gan(role_cy: str | None, sentence: str) -> None:
    page = review_page(meta(approved_role_cy=role_cy), lang="cy", body=None, plan=None)
    assert f"Cymeradwywyd y golygiadau {sentence} ar 1 Gorffennaf 2024." in page


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("filtered_board", Phrase(BOARD_CY, "cy"), "Adolygiadau gan Fwrdd Diogelu Glanrafon"),
        ("filtered_board", Phrase(BOARD, "en"), f'Adolygiadau gan <span lang="en">{BOARD}</span>'),
        ("filtered_theme", Phrase("cam-drin domestig", "cy"), "Adolygiadau â&#x27;r thema: cam"),
        ("filtered_board", "Bwrdd plain text", "Adolygiadau gan Bwrdd plain text"),  # not a phrase
    ],
)
def test_labels_mutate_and_mark_the_names_they_are_given(
    label: str, value: object, expected: str
) -> None:
    assert t_html("cy", label, value=value).startswith(expected)


def test_the_welsh_download_marks_its_english_with_pandoc_spans() -> None:
    text = download_source(ENGLISH_ONLY, lang="cy", body="Testun.\n", plan=None)
    assert text.splitlines()[2].startswith(f"[{BOARD}]{{lang=en}}. Cryno.")
    assert "gan [Business Manager]{lang=en} y Bwrdd" in text
    welsh = download_source(WELSH, lang="cy", body="Testun.\n", plan=None)
    assert "{lang=" not in welsh and "gan Reolwr Busnes y Bwrdd" in welsh


def test_the_action_plan_words_are_marked_english_on_the_welsh_page() -> None:
    items = [
        {
            "recommendation": 1,
            "action": "Write an invented checklist.",
            "lead_agency": "Invented Health Board",
            "target_date": D(2024, 10, 31),
            "intended_outcome": "Every invented child is seen.",
            "status": "complete",
            "date_completed": D(2024, 10, 1),
        }
    ]
    welsh = plan_html(items, "cy", as_at=D(2024, 11, 1))
    assert welsh.count(' lang="en"') == 3
    assert '<td data-label="Dyddiad targed">31 Hydref 2024</td>' in welsh
    assert 'lang="' not in plan_html(items, "en", as_at=D(2024, 11, 1))


# --- catalogue, cards, filters, feeds, catalogue.json -----------------------------------


def test_the_welsh_catalogue_uses_the_welsh_names_and_keeps_the_urls() -> None:
    pages = catalogue_pages([WELSH], "cy")
    board = pages["catalogue/board/glanrafon-safeguarding-board.md"]  # the English slug
    assert '"Adolygiadau gan Fwrdd Diogelu Glanrafon"' in board
    assert "# Adolygiadau gan Fwrdd Diogelu Glanrafon" in board
    assert f'<p class="cpr-card__summary">{SUMMARY_CY}</p>' in board
    themes = pages["catalogue/themes.md"]
    assert "[cysgu'n ddiogel \\(1\\)](theme/safe-sleep.md)" in themes
    assert '[<span lang="en">dog attack</span> \\(1\\)](theme/dog-attack.md)' in themes
    assert "catalogue/theme/neglect.md" in pages
    assert 'Themâu: cysgu&#x27;n ddiogel, <span lang="en">dog attack</span>' in board


def test_the_welsh_catalogue_marks_english_fallbacks() -> None:
    pages = catalogue_pages([ENGLISH_ONLY], "cy")
    board = pages["catalogue/board/glanrafon-safeguarding-board.md"]
    assert f'# Adolygiadau gan <span lang="en">{BOARD}</span>' in board
    assert f'<p class="cpr-card__summary" lang="en">{SUMMARY}</p>' in board
    home = latest_list([ENGLISH_ONLY], "cy")
    assert f'<span lang="en">{BOARD}</span>, adolygiad cryno' in home
    assert f'<span lang="en">{SUMMARY}</span>' in home


def test_the_filter_form_shows_welsh_words_for_english_values() -> None:
    form = filter_form([WELSH], "cy", "catalogue/index.md")
    assert f'<option value="{BOARD}">{BOARD_CY}</option>' in form
    assert '<option value="safe sleep">cysgu&#x27;n ddiogel</option>' in form
    assert '<option value="dog attack" lang="en">dog attack</option>' in form


@pytest.mark.parametrize(
    ("review", "field", "expected"),
    [
        (WELSH, "B", BOARD_CY),
        (WELSH, "s", SUMMARY_CY),
        (WELSH, "sl", None),
        (WELSH, "H", ["esgeulustod", "cysgu'n ddiogel", None]),  # null: English, marked
        (ENGLISH_ONLY, "B", None),  # no Welsh name: cpr.js shows `b`, marked lang="en"
        (ENGLISH_ONLY, "H", None),
        (ENGLISH_ONLY, "s", SUMMARY),
        (ENGLISH_ONLY, "sl", "en"),
        (WELSH, "b", BOARD),  # the filter values stay the English names
        (WELSH, "h", ["neglect", "safe sleep", "dog attack"]),
    ],
)
def test_welsh_catalogue_json(review: PublicMeta, field: str, expected: object) -> None:
    data = json.loads(catalogue_json([review], "cy"))
    assert data["lang"] == "cy"
    assert data["reviews"][0].get(field) == expected


def test_the_english_catalogue_json_has_no_welsh() -> None:
    data = json.loads(catalogue_json([WELSH], "en"))
    record = data["reviews"][0]
    assert "lang" not in data and record["s"] == SUMMARY
    assert not {"B", "H", "sl"} & set(record)


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        (WELSH, f"<summary>{BOARD_CY}, adolygiad cryno, cyhoeddwyd 1 Awst 2024. {SUMMARY_CY}"),
        (ENGLISH_ONLY, '<summary type="html">&lt;span lang="en"&gt;'),
    ],
)
def test_the_welsh_feeds(review: PublicMeta, expected: str) -> None:
    feed = atom([review], lang="cy", site_url="https://example.invalid/cy/", title="T")
    assert expected in feed
    assert SUMMARY_CY in rss([WELSH], lang="cy", site_url="https://example.invalid/cy/", title="T")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p lang="en">words</p>', '<p lang="en">words</p>'),
        ('<span lang="cy">geiriau</span>', '<span lang="cy">geiriau</span>'),
        ('<p lang="xx-evil">words</p>', "<p>words</p>"),
    ],
)
def test_the_sanitiser_keeps_only_the_site_languages(html: str, expected: str) -> None:
    assert clean_html(html) == expected


# --- the record and the policy -----------------------------------------------------------

MINIMAL_POLICY = """\
entity_types:
  PERSON: {label: Person, numbered: true, description: a person}
timescales:
  - name: CPR
    applies_from: 2016-01-01
    source: "Invented Guidance"
    review_completed_within_months: 6
    action_plan_within_weeks: 4
themes: [neglect, safe sleep]
"""


def _policy(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(MINIMAL_POLICY + textwrap.dedent(extra), encoding="utf-8")
    return path


def test_public_meta_takes_the_welsh_names_from_the_record_and_policy(tmp_path: Path) -> None:
    policy = load_policy(
        _policy(
            tmp_path,
            f"""\
            themes_cy: {{neglect: esgeulustod}}
            boards_cy: {{{BOARD}: {BOARD_CY}}}
            roles_cy: {{Business Manager: Rheolwr Busnes}}
            """,
        )
    )
    record = ReviewRecord(
        reference="GLAN 1/2024",
        board=BOARD,
        review_type=ReviewType.concise,
        criteria=Criteria(outcome=Outcome.died, on_register_or_looked_after_in_6_months=False),
        reviewers=["Heulwen Dychmyg"],
        panel_chair="Gwilym Ffug",
        themes=["safe sleep", "neglect"],
        summary=SUMMARY,
        summary_cy=SUMMARY_CY,
        dates=Dates(published=D(2024, 8, 1)),
    )
    approval = Approval(
        officer="Eirlys Ffug",
        role="Business Manager",
        approved_at=dt.datetime(2024, 7, 1, tzinfo=dt.UTC),
        draft_sha256="0" * 64,
        list_sha256="0" * 64,
    )
    got = public_meta(
        ref="glan-2024-01",
        record=record,
        policy=policy,
        approval=approval,
        today=D(2024, 8, 1),
        languages=["cy", "en"],
    )
    assert (got.summary_cy, got.board_cy, got.approved_role_cy) == (
        SUMMARY_CY,
        BOARD_CY,
        "Rheolwr Busnes",
    )
    assert got.themes_cy == {"neglect": "esgeulustod"}  # safe sleep has none: English
    assert got.timescale_source_cy is None


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        ("themes_cy: {neglekt: esgeulustod}\n", "themes_cy -> neglekt", "not one of the themes"),
        (
            "themes_cy: {neglect: esgeulustod, safe sleep: Esgeulustod}\n",
            "themes_cy -> safe sleep",
            "same Welsh name as 'neglect'",
        ),
        ("themes_cy: {neglect: ''}\n", "themes_cy -> neglect", "is empty"),
        (
            "boards_cy: {A Board: Bwrdd Un, B Board: bwrdd un}\n",
            "boards_cy -> B Board",
            "same Welsh name",
        ),
        ("roles_cy: {Chair: 'Cadeirydd   y Bwrdd'}\n", "roles_cy -> Chair", "single-spaced"),
        ("roles_cy: {Chair: [Cadeirydd]}\n", "roles_cy -> Chair", "valid string"),
        ("theme_cy: {neglect: esgeulustod}\n", "theme_cy", "unknown key"),
    ],
)
def test_bad_welsh_names_in_the_policy_are_refused(
    tmp_path: Path, extra: str, key: str, words: str
) -> None:
    path = _policy(tmp_path, extra)
    with pytest.raises(InputError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert key in message and words in message and "policy.yaml" in message
    assert "policy.yaml:10 (" in message  # the line of the entry, then its key


def test_a_policy_without_welsh_names_still_loads(tmp_path: Path) -> None:
    policy = load_policy(_policy(tmp_path, ""))
    assert policy.theme_cy("neglect") is None and policy.board_cy(BOARD) is None


def test_the_policy_names_every_theme_and_board_of_the_samples_in_welsh() -> None:
    root = Path(__file__).resolve().parent.parent
    policy = load_policy(root / "redaction_rules" / "policy.yaml")
    assert set(policy.themes_cy) == set(policy.themes)
    assert policy.board_cy("Mid and West Wales Safeguarding Board") == (
        "Bwrdd Diogelu Canolbarth a Gorllewin Cymru"
    )
    assert policy.board_cy("North Wales Safeguarding Board") == "Bwrdd Diogelu Gogledd Cymru"
    assert policy.role_cy("Business Manager") == "Rheolwr Busnes"
    assert policy.timescales[0].source_cy is not None
    assert policy.timescales[0].source_cy.startswith(
        "Gweithio Gyda'n Gilydd i Ddiogelu Pobl, Cyfrol 2: Adolygiadau Ymarfer Plant"
    )
