"""The site's words in English and Welsh, declared once; dates written out in either language.

Everything the generated pages say (labels, plain-words explanations, timescale outcomes)
comes from `LABELS`, so the two languages cannot drift apart: a test checks both have
the same keys. Names that come from the record or the policy (the summary, the Board,
themes, the approver's role, the guidance's title) are `Phrase`s: the words and the
language they are in, so a Welsh page marks what it has only in English (`lang="en"`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.site.markdown import esc, esc_html
from pipeline.text.dates import MONTHS as ENGLISH_MONTHS
from pipeline.text.dates import WELSH_MONTHS
from pipeline.text.welsh import mutate, trigger_of

LANGS: tuple[str, ...] = ("en", "cy")

MONTHS: dict[str, tuple[str, ...]] = {"en": ENGLISH_MONTHS, "cy": WELSH_MONTHS}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "review_title": "Child Practice Review {reference}",
        "about_review": "About this review",
        "reference": "Reference",
        "board": "Safeguarding Board",
        "review_type": "Review type",
        "type_concise": "Concise",
        "type_extended": "Extended",
        "type_concise_means": "the child was not on the child protection "
        "register and not looked after in the six months before the incident; one "
        "independent reviewer",
        "type_extended_means": "the child was on the child protection "
        "register or looked after in the six months before the incident; two independent "
        "reviewers",
        "why_reviewed": "Why the case was reviewed",
        "outcome_died": "the child died",
        "outcome_life_threatening_injury": "the child sustained a potentially "
        "life-threatening injury",
        "outcome_serious_permanent_impairment": "the child sustained serious and permanent "
        "impairment of health or development",
        "themes": "Themes",
        "reviewers": "Independent reviewer(s)",
        "panel_chair": "Review panel chair",
        "redactions": "Redactions",
        "redactions_fact": "Redactions approved by the Board's {role} on {date}.",
        "process": "Record of the process",
        "stage": "Stage",
        "date": "Date",
        "not_yet": "not yet recorded",
        "referral_to_review_subgroup": "Referral to the Review Sub-Group",
        "learning_event": "Learning event",
        "board_approval": "Board approval of the final report",
        "submitted_to_welsh_government": "Submission to Welsh Government",
        "published": "Publication",
        "action_plan_finalised": "Action plan finalised",
        "action_plan_submitted": "Action plan submitted",
        "timescales": "Statutory timescales",
        "timescale": "Timescale",
        "due_by": "Due by",
        "outcome": "Outcome",
        "ts_review": "Review completed within {n} months of referral (Board approval and "
        "submission to Welsh Government)",
        "ts_action_plan": "Action plan finalised within {n} weeks of the final report",
        "ts_met": "Met",
        "ts_not_met": "Not met ({days} days late)",
        "ts_not_started": "Not started",
        "ts_due_by": "Due by {date}",
        "ts_overdue": "Overdue: was due by {date}",
        "ts_source": "Timescales from {source}, as they stood on the publication date.",
        "downloads": "Downloads",
        "download_docx": "Download the report and action plan ({lang_name}, Word, DOCX, {size})",
        "download_odt": "Download the report and action plan ({lang_name}, OpenDocument, "
        "ODT, {size})",
        "download_pdf": "Download the report and action plan ({lang_name}, PDF, {size})",
        "lang_en": "English",
        "lang_cy": "Welsh",
        "report": "The report",
        "english_only": "This report was published in English only. The details above are "
        "in English and Welsh.",
        "action_plan": "Action plan",
        "no_action_plan": "The action plan has not been published yet.",
        "ap_recommendation": "Recommendation",
        "ap_action": "Action",
        "ap_lead_agency": "Lead agency",
        "ap_target_date": "Target date",
        "ap_intended_outcome": "Intended outcome",
        "ap_status": "Status",
        "ap_date_completed": "Completed",
        "status_complete": "Complete",
        "status_in_progress": "In progress",
        "status_not_started": "Not started",
        "catalogue": "Catalogue of reviews",
        "catalogue_intro": "Every published Child Practice Review, newest first. Use the "
        "filters or the search box to narrow the list.",
        "filter": "Filter the catalogue",
        "all_reviews": "All reviews",
        "by_type": "By review type",
        "by_board": "By Safeguarding Board",
        "by_year": "By year of publication",
        "by_theme": "By theme",
        "col_reference": "Reference",
        "col_board": "Board",
        "col_type": "Review type",
        "col_year": "Year",
        "col_themes": "Themes",
        "col_published": "Published",
        "filtered_type": "{value} reviews",
        "filtered_board": "Reviews by {value}",
        "filtered_year": "Reviews published in {value}",
        "filtered_theme": "Reviews with the theme: {value}",
        "count": "{n} review(s)",
        "none_yet": "No reviews have been published yet.",
        "latest_item": "{board}, {type} review, published {date}",
        "themes_page": "Themes",
        "cat_browse": "Browse the reviews",
        "cat_other_years": "Reviews from earlier years are listed by year below.",
        "cat_search": "Search the reviews",
        "cat_any": "Any",
        "cat_sort": "Sort by",
        "cat_sort_newest": "Newest first",
        "cat_sort_oldest": "Oldest first",
        "cat_sort_board": "Safeguarding Board (A to Z)",
        "cat_clear": "Clear filters",
        "cat_showing": "Showing {from} to {to} of {n} reviews",
        "cat_none": "No review matches these filters.",
        "cat_previous": "Previous",
        "cat_next": "Next",
        "cat_page_of": "Page {page} of {pages}",
        "cat_pages": "Pages of results",
        "cat_more": "Filter and sort",
        "cat_more_of_year": "More reviews published in {year}.",
        "cat_list_page": "{title} (page {page} of {pages})",
        "feed_description": "Child Practice Reviews published by the Safeguarding Boards "
        "in Wales, newest first.",
        "redactions_explained": "This is when the Board checked and approved every "
        "change made to anonymise the report for this version of the page; it can be later "
        "than the publication date if the review was published again.",
        "status_as_at": "Status as at {date}.",
        "cite_heading": "Cite this review",
        "cite_text": "{board} ({year}) {title}. Published {date}.",
        "cite_available": "Available at:",
    },
    "cy": {
        "review_title": "Adolygiad Ymarfer Plant {reference}",
        "about_review": "Am yr adolygiad hwn",
        "reference": "Cyfeirnod",
        "board": "Bwrdd Diogelu",
        "review_type": "Math o adolygiad",
        "type_concise": "Cryno",
        "type_extended": "Estynedig",
        "type_concise_means": "nid oedd y plentyn ar y gofrestr amddiffyn "
        "plant nac yn derbyn gofal yn y chwe mis cyn y digwyddiad; un adolygydd annibynnol",
        "type_extended_means": "roedd y plentyn ar y gofrestr amddiffyn "
        "plant neu'n derbyn gofal yn y chwe mis cyn y digwyddiad; dau adolygydd annibynnol",
        "why_reviewed": "Pam yr adolygwyd yr achos",
        "outcome_died": "bu farw'r plentyn",
        "outcome_life_threatening_injury": "cafodd y plentyn anaf a allai fygwth ei fywyd",
        "outcome_serious_permanent_impairment": "cafodd y plentyn nam difrifol a pharhaol ar "
        "ei iechyd neu ei ddatblygiad",
        "themes": "Themâu",
        "reviewers": "Adolygydd/adolygwyr annibynnol",
        "panel_chair": "Cadeirydd y panel adolygu",
        "redactions": "Golygiadau",
        "redactions_fact": "Cymeradwywyd y golygiadau gan {role} y Bwrdd ar {date}.",
        "process": "Cofnod o'r broses",
        "stage": "Cam",
        "date": "Dyddiad",
        "not_yet": "heb ei gofnodi eto",
        "referral_to_review_subgroup": "Atgyfeirio i'r Is-grŵp Adolygu",
        "learning_event": "Digwyddiad dysgu",
        "board_approval": "Y Bwrdd yn cymeradwyo'r adroddiad terfynol",
        "submitted_to_welsh_government": "Cyflwyno i Lywodraeth Cymru",
        "published": "Cyhoeddi",
        "action_plan_finalised": "Cwblhau'r cynllun gweithredu",
        "action_plan_submitted": "Cyflwyno'r cynllun gweithredu",
        "timescales": "Amserlenni statudol",
        "timescale": "Amserlen",
        "due_by": "Erbyn",
        "outcome": "Canlyniad",
        "ts_review": "Cwblhau'r adolygiad o fewn {n} mis i'r atgyfeiriad (cymeradwyaeth y "
        "Bwrdd a'i gyflwyno i Lywodraeth Cymru)",
        "ts_action_plan": "Cwblhau'r cynllun gweithredu o fewn {n} wythnos i'r adroddiad terfynol",
        "ts_met": "Wedi'i gyflawni",
        "ts_not_met": "Heb ei gyflawni ({days} diwrnod yn hwyr)",
        "ts_not_started": "Heb ddechrau",
        "ts_due_by": "Erbyn {date}",
        "ts_overdue": "Yn hwyr: roedd yn ddyledus erbyn {date}",
        "ts_source": "Ffynhonnell yr amserlenni: {source}, fel yr oeddent ar y dyddiad cyhoeddi.",
        "downloads": "Lawrlwythiadau",
        "download_docx": "Lawrlwytho'r adroddiad a'r cynllun gweithredu ({lang_name}, Word, "
        "DOCX, {size})",
        "download_odt": "Lawrlwytho'r adroddiad a'r cynllun gweithredu ({lang_name}, "
        "OpenDocument, ODT, {size})",
        "download_pdf": "Lawrlwytho'r adroddiad a'r cynllun gweithredu ({lang_name}, PDF, {size})",
        "lang_en": "Saesneg",
        "lang_cy": "Cymraeg",
        "report": "Yr adroddiad",
        "english_only": "Cyhoeddwyd yr adroddiad hwn yn Saesneg yn unig. Mae'r manylion "
        "uchod yn Gymraeg ac yn Saesneg.",
        "action_plan": "Cynllun gweithredu",
        "no_action_plan": "Nid yw'r cynllun gweithredu wedi'i gyhoeddi eto.",
        "ap_recommendation": "Argymhelliad",
        "ap_action": "Cam gweithredu",
        "ap_lead_agency": "Asiantaeth arweiniol",
        "ap_target_date": "Dyddiad targed",
        "ap_intended_outcome": "Canlyniad bwriadedig",
        "ap_status": "Statws",
        "ap_date_completed": "Cwblhawyd",
        "status_complete": "Wedi'i gwblhau",
        "status_in_progress": "Ar y gweill",
        "status_not_started": "Heb ddechrau",
        "catalogue": "Catalog o adolygiadau",
        "catalogue_intro": "Pob Adolygiad Ymarfer Plant a gyhoeddwyd, y diweddaraf yn "
        "gyntaf. Defnyddiwch yr hidlwyr neu'r blwch chwilio i gyfyngu'r rhestr.",
        "filter": "Hidlo'r catalog",
        "all_reviews": "Pob adolygiad",
        "by_type": "Yn ôl math o adolygiad",
        "by_board": "Yn ôl Bwrdd Diogelu",
        "by_year": "Yn ôl blwyddyn cyhoeddi",
        "by_theme": "Yn ôl thema",
        "col_reference": "Cyfeirnod",
        "col_board": "Bwrdd",
        "col_type": "Math o adolygiad",
        "col_year": "Blwyddyn",
        "col_themes": "Themâu",
        "col_published": "Cyhoeddwyd",
        "filtered_type": "Adolygiadau: {value}",
        "filtered_board": "Adolygiadau gan {value}",
        "filtered_year": "Adolygiadau a gyhoeddwyd yn {value}",
        "filtered_theme": "Adolygiadau â'r thema: {value}",
        "count": "{n} adolygiad",
        "none_yet": "Nid oes adolygiadau wedi'u cyhoeddi eto.",
        "latest_item": "{board}, adolygiad {type}, cyhoeddwyd {date}",
        "themes_page": "Themâu",
        "cat_browse": "Pori'r adolygiadau",
        "cat_other_years": "Mae adolygiadau o flynyddoedd cynharach wedi'u rhestru fesul "
        "blwyddyn isod.",
        "cat_search": "Chwilio'r adolygiadau",
        "cat_any": "Unrhyw un",
        "cat_sort": "Trefnu yn ôl",
        "cat_sort_newest": "Y diweddaraf yn gyntaf",
        "cat_sort_oldest": "Yr hynaf yn gyntaf",
        "cat_sort_board": "Bwrdd Diogelu (A i Y)",
        "cat_clear": "Clirio'r hidlwyr",
        "cat_showing": "Yn dangos {from} i {to} o {n} adolygiad",
        "cat_none": "Nid oes adolygiad yn cyfateb i'r hidlwyr hyn.",
        "cat_previous": "Blaenorol",
        "cat_next": "Nesaf",
        "cat_page_of": "Tudalen {page} o {pages}",
        "cat_pages": "Tudalennau o ganlyniadau",
        "cat_more": "Hidlo a threfnu",
        "cat_more_of_year": "Rhagor o adolygiadau a gyhoeddwyd yn {year}.",
        "cat_list_page": "{title} (tudalen {page} o {pages})",
        "feed_description": "Adolygiadau Ymarfer Plant a gyhoeddwyd gan Fyrddau Diogelu "
        "Cymru, y diweddaraf yn gyntaf.",
        "redactions_explained": "Dyma pryd y gwnaeth y Bwrdd wirio a chymeradwyo pob newid "
        "a wnaed i wneud yr adroddiad yn ddienw ar gyfer y fersiwn hon o'r dudalen; gall "
        "fod yn hwyrach na'r dyddiad cyhoeddi os cyhoeddwyd yr adolygiad eto.",
        "status_as_at": "Statws ar {date}.",
        "cite_heading": "Dyfynnu'r adolygiad hwn",
        "cite_text": "{board} ({year}) {title}. Cyhoeddwyd {date}.",
        "cite_available": "Ar gael yn:",
    },
}


def t(lang: str, label: str, **values: object) -> str:
    """The label in `lang`, with `{placeholders}` filled in."""
    return LABELS[lang][label].format(**values)


def long_date(value: dt.date, lang: str) -> str:
    """`20 June 2024` or `20 Mehefin 2024`."""
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def file_size(n_bytes: int) -> str:
    """A download's size in plain words, e.g. `18 KB`."""
    if n_bytes < 1024 * 1024:
        return f"{max(1, round(n_bytes / 1024))} KB"
    return f"{n_bytes / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Phrase:
    """Words shown on a page, and the language they are written in."""

    text: str
    lang: str

    def mutated(self, kind: str) -> Phrase:
        """Welsh words with their first word mutated ("soft": "gan Reolwr Busnes").

        Words in another language are left as they are.
        """
        if self.lang != "cy" or not self.text:
            return self
        first, space, rest = self.text.partition(" ")
        return Phrase(mutate(first, kind) + space + rest, self.lang)

    def html(self, page_lang: str) -> str:
        """Escaped for raw HTML; in a `<span lang>` when not in the page's language."""
        words = esc_html(self.text)
        return words if self.lang == page_lang else f'<span lang="{self.lang}">{words}</span>'

    def markdown(self, page_lang: str) -> str:
        """Escaped for the site's Markdown, marked as `html` does (inline HTML)."""
        words = esc(self.text)
        return words if self.lang == page_lang else f'<span lang="{self.lang}">{words}</span>'

    def pandoc(self, page_lang: str) -> str:
        """Escaped for pandoc's Markdown (the downloads): a `[span]{lang=..}` when foreign."""
        words = esc(self.text)
        return words if self.lang == page_lang else f"[{words}]{{lang={self.lang}}}"


def phrase(lang: str, english: str, welsh: str | None) -> Phrase:
    """The words for a page in `lang`: the Welsh form on a Welsh page when there is one.

    Anything without a Welsh form stays English, and says so (`Phrase.lang`).
    """
    if lang == "cy" and welsh:
        return Phrase(welsh, "cy")
    return Phrase(english, "en")


class Raw(str):
    """A value already escaped for where it goes: `t_html`/`t_markdown` insert it as it is."""

    __slots__ = ()


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LAST_WORD = re.compile(r"([\w'\u2019]+)\s*$")


def _keep_edges(escape: Callable[[str], str], text: str) -> str:
    """`escape(text)` with the spaces at either end kept (escapers collapse them)."""
    core = escape(text)
    lead = " " if text[:1].isspace() and not core[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and core and not core[-1:].isspace() else ""
    return lead + core + trail


def _marked(
    lang: str,
    label: str,
    escape: Callable[[str], str],
    mark: Callable[[Phrase], str],
    values: dict[str, object],
) -> str:
    """The label with its placeholders filled: plain values escaped, phrases marked.

    A Welsh phrase after a word that mutates the next one ("gan", "o", "â") takes that
    mutation: "gan {role}" with "Rheolwr Busnes" gives "gan Reolwr Busnes".
    """
    out: list[str] = []
    template = LABELS[lang][label]
    pos = 0
    for found in _PLACEHOLDER.finditer(template):
        before = template[pos : found.start()]
        if before:
            out.append(_keep_edges(escape, before))
        value = values[found.group(1)]
        if isinstance(value, Phrase):
            # Only a word right before the placeholder (a space between) mutates it.
            prev = _LAST_WORD.search(before) if lang == "cy" and before.endswith(" ") else None
            kind = trigger_of(prev.group(1), place=False) if prev else None
            if kind and prev is not None and before[prev.end(1) :] == " ":
                value = value.mutated(kind)
            out.append(mark(value))
        elif isinstance(value, Raw):
            out.append(str(value))
        else:
            out.append(_keep_edges(escape, str(value)))
        pos = found.end()
    if template[pos:]:
        out.append(_keep_edges(escape, template[pos:]))
    return "".join(out)


def t_html(lang: str, label: str, **values: object) -> str:
    """`t` for raw HTML: escaped, each `Phrase` value in `<span lang>` when foreign."""
    return _marked(lang, label, esc_html, lambda p: p.html(lang), values)


def t_markdown(lang: str, label: str, **values: object) -> str:
    """`t` for the site's Markdown: escaped, each foreign `Phrase` in `<span lang>`."""
    return _marked(lang, label, esc, lambda p: p.markdown(lang), values)


def t_pandoc(lang: str, label: str, **values: object) -> str:
    """`t` for the downloads' pandoc Markdown: each foreign `Phrase` a `[span]{lang=..}`."""
    return _marked(lang, label, esc, lambda p: p.pandoc(lang), values)


def t_plain(lang: str, label: str, **values: object) -> str:
    """`t` with `Phrase` values as their words (mutated as in `t_html`), not escaped."""
    return _marked(lang, label, lambda s: s, lambda p: p.text, values)
