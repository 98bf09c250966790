"""The one language code used from the workspace to the site.

"en" is the draft's own language and "cy" its Welsh translation. Files of the main
language carry no suffix (draft.md, anonymised.md); a translation's do (anonymised.cy.md).
"""

from __future__ import annotations

MAIN_LANG = "en"
LANGS: tuple[str, ...] = ("en", "cy")
TRANSLATION_LANGS: tuple[str, ...] = ("cy",)


def check_lang(lang: str) -> str:
    """The language code itself, or a ValueError for one the workspace does not know."""
    if lang not in LANGS:
        raise ValueError(f"unknown language code {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def lang_suffix(lang: str) -> str:
    """The file-name suffix of a language: "" for the main one, ".cy" for Welsh."""
    return "" if check_lang(lang) == MAIN_LANG else f".{lang}"


def lang_dir(lang: str) -> str:
    """The sub-folder of build/REF/ for a language: "" for the main one, "cy" for Welsh."""
    return "" if check_lang(lang) == MAIN_LANG else lang
