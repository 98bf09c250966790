"""Replacement in context: the one rewriting step anonymise uses, in English and in Welsh.

The list says which words go and what they become; this step reads the words around each
match so that the result is a sentence a Board would print. A span may widen to swallow
a title ("Mr Whitfield" -> "Mother's partner"), a preposition ("on 14 March 2021" -> "in
March 2021"), a repeated apposition ("his mother, Siân," -> "his mother,"), an alias in
brackets, a doubled article ("the a ...") or a neighbouring part of the same name ("Person
1 Person 1"); in Welsh the replacement takes the mutation its trigger word asks for ("â
Phlentyn T", "yng nghartref y teulu", "i'r ysbyty"). The output is a list of plain edits
(start, end, new text) for the anonymiser to apply; nothing here knows the list or Presidio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.text.roles import (
    ARTICLE,
    DETERMINER_BEFORE,
    Role,
    role_after,
    role_before,
    role_named,
    role_of_replacement,
)
from pipeline.text.welsh import mutate, nasal_yn, trigger_of, welsh_mutations

# A numbered label ("Person 3", "Lle 2"): at most three digits, so never a month and year.
NUMBERED_LABEL = re.compile(r"\D+ \d{1,3}")


@dataclass(frozen=True)
class Hit:
    """One match of a list entry in the text, and what it becomes."""

    start: int
    end: int
    new: str
    type: str
    generic: bool = False  # a numbered label ("Person 3"), not a role ("Mother")
    welsh: bool = False  # the replacement is Welsh text, so it takes mutations


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `new`."""

    start: int
    end: int
    new: str


PLACE_TYPES = frozenset({"LOCATION", "ADDRESS", "ORG_LOCAL", "SCHOOL"})
# Seasons, months and weekdays are never names (English and Welsh).
NEVER_NAMES = frozenset(
    """spring summer autumn fall winter gwanwyn haf hydref gaeaf
    january february march april may june july august september october november december
    ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi tachwedd rhagfyr
    monday tuesday wednesday thursday friday saturday sunday
    llun mercher iau gwener sadwrn sul""".split()  # noqa: SIM905 (a word list reads better)
)

# A calendar word used as one: followed by a year ("Summer 2024") or after a word that
# makes it a time ("in the summer", "last May", "yn yr haf"), never before "'s".
_CALENDAR_BEFORE = re.compile(
    r"(?i)(?<![\w'])(?:in|the|last|this|next|during|early|late|mid|each|every|yr|y|ym|mis|"
    r"dydd|ddydd)[^\S\n]+$"
)
_CALENDAR_AFTER = re.compile(r"[^\S\n]+\d{4}(?!\d)")


def calendar_word(text: str, start: int, end: int) -> bool:
    """True where text[start:end] is a season, month or weekday used as one, not a name.

    "Summer 2024" and "in the summer" are times; "Summer said" may be a girl called
    Summer, so only the words around it decide. Anonymise and verify both ask this.
    """
    if text[start:end].casefold() not in NEVER_NAMES:
        return False
    if text[end : end + 1] in ("'", "\u2019"):
        return False
    return bool(
        _CALENDAR_AFTER.match(text, end)
        or _CALENDAR_BEFORE.search(text[max(0, start - 16) : start])
    )


_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TITLE = re.compile(
    r"(?<![\w'])(Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Master|Prof|Professor|Sir|Dame|Cllr|PC|DC|DS|"
    r"Sgt|Nurse)\.?[^\S\n]+$"
)
# The role a title gives a practitioner whose replacement is only a numbered label.
_TITLE_ROLES = {
    "Nurse": ("the nurse", "y nyrs"),
    "PC": ("the police officer", "y swyddog heddlu"),
    "DC": ("the detective", "y ditectif"),
    "DS": ("the detective sergeant", "y ditectif sarjant"),
    "Sgt": ("the sergeant", "y sarjant"),
    "Cllr": ("the councillor", "y cynghorydd"),
}
_SECTION_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)*\.$")
_LEADING_NUMBER = re.compile(r"\d+[a-z]?[^\S\n]+")
_JOIN = re.compile(r"[^\S\n]*[-\u2010\u2011\u2013][^\S\n]*|[^\S\n]+")
_ALIAS = re.compile(r"[^\S\n]*\(([^()\n]{0,80})\)")
_SURGERY = re.compile(r"(?i)surgery|practice|medical cent|health cent|meddygfa|canolfan iechyd")
_ARTICLE = {
    "en": re.compile(r"(?i)^(the|a|an)[^\S\n]"),
    "cy": re.compile(r"(?i)^(y|yr)[^\S\n]"),
}
_ARTICLE_BEFORE = {
    "en": re.compile(r"(?<![\w'\u2019])(the|a|an)[^\S\n]+$", re.I),
    "cy": re.compile(r"(?<![\w'\u2019])(y|yr)[^\S\n]+$", re.I),
}
# After a word ending in a vowel, Welsh writes "y"/"yr" as "'r" ("i'r ysbyty", "o'r
# feddygfa", "yn mynychu'r lleoliad").
_CY_VOWELS = "aeiouwyâêîôûŵŷáéíóú"


def _elides(word: str) -> bool:
    return word[-1:].lower() in _CY_VOWELS and "'" not in word and "\u2019" not in word


_WORD_BEFORE = re.compile(r"([\w'\u2019]+)[^\S\n]+$")
# A comma keeps its place before these words ("his mother, and his sister").
_KEEP_COMMA = frozenset(
    """and or but who whom whose which then aged as with when while where a an the
    ac ond sy sydd a oedd pan lle gyda""".split()  # noqa: SIM905
)
_SENTENCE_END = re.compile(r"(?:[.!?]\s+|\|\s*|^\s*\d+(?:\.\d+)*\.?\s+)[*_\"\u201c\u2018(]*$")

_DATE_BEFORE = {
    "en": [
        # "On the morning of Sunday 14 January 2024" -> "One morning in January 2024".
        (
            re.compile(
                rf"(?i)(?<!\w)(?:on[^\S\n]+)?the[^\S\n]+(morning|afternoon|evening|night)[^\S\n]+of"
                rf"[^\S\n]+(?:{_WEEKDAY},?[^\S\n]+)?(?:the[^\S\n]+)?$"
            ),
            lambda m: f"one {m.group(1).lower()} in ",
        ),
        # "on Tuesday 7 February", "on the 3rd of March" -> "in ..."
        (
            re.compile(rf"(?i)(?<!\w)on[^\S\n]+(?:{_WEEKDAY},?[^\S\n]+)?(?:the[^\S\n]+)?$"),
            lambda m: "in ",
        ),
        # "by Tuesday 7 February", "the 3rd of March 2023": the weekday and article go.
        (re.compile(rf"(?i)(?<!\w)(?:{_WEEKDAY},?[^\S\n]+)(?:the[^\S\n]+)?$"), lambda m: ""),
        (re.compile(r"(?i)(?<!\w)the[^\S\n]+$"), lambda m: ""),
    ],
    "cy": [
        # "Fore dydd Sul 14 Ionawr 2024" -> "Un bore ym mis Ionawr 2024".
        (
            re.compile(r"(?i)(?<!\w)(?:ar[^\S\n]+)?[bf]ore[^\S\n]+(?:dydd[^\S\n]+\w+[^\S\n]+)?$"),
            lambda m: "un bore ym mis ",
        ),
        # "ar 14 Ionawr 2024", "ar y 14eg o Fawrth", "ar ddydd Llun 3 Mai" -> "ym mis ..."
        (
            re.compile(r"(?i)(?<!\w)ar[^\S\n]+(?:(?:dd|d)ydd[^\S\n]+\w+[^\S\n]+)?(?:y[^\S\n]+)?$"),
            lambda m: "ym mis ",
        ),
        (re.compile(r"(?i)(?<!\w)(?:dd|d)ydd[^\S\n]+\w+[^\S\n]+$"), lambda m: ""),
        (re.compile(r"(?i)(?<!\w)y[^\S\n]+$"), lambda m: ""),
    ],
}


# Nouns a role replacement stands for ("his sister, Mali," repeats "Sibling").
_SAME_AS = {"sibling": ("sister", "brother"), "brawd": ("brother",), "chwaer": ("sister",)}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence_start(text: str, at: int) -> bool:
    """True where `at` opens a sentence, a paragraph, a list item or a table cell."""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    if not line.strip(' \t*_"\u201c\u2018(#>-'):
        return True
    return _SENTENCE_END.search(line) is not None


def head_words(new: str, lang: str) -> set[str]:
    """The words an apposition may repeat: the replacement's head noun and its forms.

    English puts the head last, before any "in"/"of" phrase ("a coastal town in North
    Wales" -> "town"); Welsh puts it first ("tref yn ardal y Bwrdd" -> "tref", with
    "dref", "nhref" as mutated forms).
    """
    words = new.casefold().replace("\u2019", "'").split()
    if lang == "cy":
        words = words[:1]
    else:
        cut = next((i for i, w in enumerate(words) if w in _EN_POSTMODIFIER), len(words))
        words = words[:cut][-1:]
    heads = {h.removesuffix("'s") for h in words}
    heads |= {s for h in heads for s in _SAME_AS.get(h, ())}
    out = set(heads)
    for h in heads:
        out |= {m.casefold() for m in welsh_mutations(h)} if lang == "cy" else set()
    return {h for h in out if len(h) > 2 and not h.isdigit()}


_EN_POSTMODIFIER = frozenset({"in", "of", "at", "for", "from", "with"})


def _is_date_label(hit: Hit) -> bool:
    return hit.type == "DATE" and bool(hit.new) and not hit.new.startswith("[")


def rewrite(text: str, hits: list[Hit], *, lang: str = "en") -> list[Edit]:
    """The edits that apply `hits` to `text` as prose: spans widened, words agreed.

    Args:
        text: the text the hits were found in.
        hits: the list's matches (non-overlapping), each with its replacement.
        lang: "en" or "cy": which grammar the words around a match follow.

    Returns:
        Non-overlapping edits in reading order.
    """
    lang = "cy" if lang == "cy" else "en"
    hits = _merge_neighbours(text, sorted(hits, key=lambda h: h.start))
    edits: list[Edit] = []
    floor = 0  # nothing may widen back over an earlier edit
    swallowed: set[int] = set()
    for i, hit in enumerate(hits):
        if i in swallowed:
            continue
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        hit = _shrink_section_number(text, hit)
        start, end, new = hit.start, hit.end, hit.new
        before = text[floor:start]

        # An alias in brackets repeating the same replacement goes: "Tomos (Tommy)".
        alias = _ALIAS.match(text, end)
        if alias and nxt is not None and nxt.new == new and nxt.end <= alias.end():
            end = alias.end()
            swallowed.add(i + 1)
            nxt = hits[i + 2] if i + 2 < len(hits) else None

        # A title before a name: the replacement stands alone (a doctor keeps the role).
        title = _TITLE.search(before) if hit.type == "PERSON" and not new.startswith("[") else None
        if title:
            start = floor + title.start()
            as_role = role_of_replacement(new) is not None  # "Doctor 2", "the GP": kept
            if hit.generic and not as_role and title.group(1) in ("Dr", "Doctor"):
                # "Dr Evans of Bryn Surgery" -> "the GP of Local service 2".
                gp = (
                    nxt is not None
                    and re.match(r"[^\S\n]+(?:of|o|yn)[^\S\n]+$", text[end : nxt.start]) is not None
                    and _SURGERY.search(text[nxt.start : nxt.end]) is not None
                )
                if lang == "cy":
                    new = "y meddyg teulu" if gp else "y meddyg"
                else:
                    new = "the GP" if gp else "the doctor"
            elif hit.generic and not as_role and title.group(1) in _TITLE_ROLES:
                # "Nurse Jones" -> "the nurse", "PC Jones" -> "the police officer".
                new = _TITLE_ROLES[title.group(1)][1 if lang == "cy" else 0]
            before = text[floor:start]

        # "the health visitor, Anna Bell," -> "the health visitor": a role said twice.
        role_span = (
            _role_phrase(text, floor, start, end, new, lang) if hit.type == "PERSON" else None
        )
        if role_span is None and hit.type == "PERSON" and lang == "en":
            # "Head of year Anna Bell" -> "The head of year", not "Head of year the nurse".
            role_span = _other_role_before(text, floor, start, end, new)
        if role_span is not None:
            start, end, new = role_span
            before = text[floor:start]
            if not new:
                edits.append(Edit(start, end, ""))
                floor = end
                continue

        # "his mother, Siân," -> "his mother,": the apposition repeats the replacement.
        if role_span is None and not _is_date_label(hit) and new and not new.startswith("["):
            collapsed = _collapse_apposition(text, floor, start, end, new, lang)
            if collapsed is not None:
                edits.append(Edit(collapsed[0], collapsed[1], ""))
                floor = collapsed[1]
                continue

        # Dates: "on 14 March 2021" -> "in March 2021"; "ar 14 Ionawr" -> "ym mis Ionawr".
        if _is_date_label(hit):
            for pattern, make in _DATE_BEFORE[lang]:
                m = pattern.search(before)
                if m:
                    lead = make(m)
                    start = floor + m.start()
                    if text[start : start + 1].isupper():
                        lead = _cap(lead)
                    new = lead + new
                    break
            before = text[floor:start]

        # Articles agree: "the a specialist hospital" -> "a specialist hospital".
        if _ARTICLE[lang].match(new):
            m = _ARTICLE_BEFORE[lang].search(before)
            if m:
                start = floor + m.start()
                new = _cap(new) if text[start].isupper() else new
            elif lang == "cy":
                w = _WORD_BEFORE.search(before)
                if w and _elides(w.group(1)):
                    start = floor + w.end(1)
                    new = "'r " + _ARTICLE[lang].sub("", new, count=1)
            before = text[floor:start]

        # Welsh: the replacement takes its trigger's mutation ("â Phlentyn T").
        if lang == "cy" and (hit.welsh or _is_date_label(hit)) and new == hit.new:
            start, new = _mutated(text, floor, start, new, place=hit.type in PLACE_TYPES)
        elif lang == "cy":
            # Words that take no mutation still need the right "yn": "yng Nghaerwen" with an
            # English pseudonym is "yn a town", never "yng a town".
            start, new = _yn_before(text, floor, start, new)

        # "Jenkins' home" -> "[family name]'s home": the possessive of the new words.
        mark = text[end : end + 1]
        if (
            mark in ("'", "\u2019")
            and not text[end + 1 : end + 2].isalpha()
            and text[end - 1 : end] == "s"
            and new
            and not new.endswith("s")
        ):
            new, end = new + mark + "s", end + 1

        if new[:1].islower() and _sentence_start(text, start):
            new = _cap(new)
        if start == end and not new:
            continue
        edits.append(Edit(start, end, new))
        floor = end
    return edits


def _merge_neighbours(text: str, hits: list[Hit]) -> list[Hit]:
    """Parts of one name replaced one by one become one replacement ("Person 1 Person 1")."""
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        gap = text[prev.end : hit.start] if prev is not None else ""
        if (
            prev is not None
            and (
                (prev.type == hit.type == "PERSON" and _JOIN.fullmatch(gap))
                # "14 Heol y Felin, Cynwyl Elfed, Caerfyrddin SA33 6XQ": one address.
                or (
                    (prev.type == "ADDRESS" or text[prev.start : prev.start + 1].isdigit())
                    and prev.type in _ADDRESS_PARTS
                    and hit.type in _ADDRESS_PARTS
                    and _ADDRESS_JOIN.fullmatch(gap)
                )
                or (
                    prev.type in _ADDRESS_PARTS
                    and (hit.type == "POSTCODE" or _POSTCODE.fullmatch(text[hit.start : hit.end]))
                    and _ADDRESS_JOIN.fullmatch(gap)
                )
                # "Springfield IL": two places with nothing between them are one place.
                or (prev.type == hit.type == "LOCATION" and _SPACE.fullmatch(gap))
            )
        ):
            keep = hit if _rank(hit) < _rank(prev) else prev
            out[-1] = replace(keep, start=prev.start, end=hit.end)
            continue
        out.append(hit)
    return out


_ADDRESS_PARTS = frozenset({"ADDRESS", "LOCATION", "POSTCODE"})
_ADDRESS_JOIN = re.compile(r",?[^\S\n]+")
_SPACE = re.compile(r"[^\S\n]+")
_POSTCODE = re.compile(r"(?i)[A-Z]{1,2}\d[A-Z\d]?[^\S\n]*\d[A-Z]{2}")


def _rank(hit: Hit) -> int:
    """Which of two merged replacements stands: a role, then a label, then a placeholder."""
    if hit.new.startswith("["):
        return 2
    return 1 if hit.generic else 0


def _shrink_section_number(text: str, hit: Hit) -> Hit:
    """A paragraph number is not an address: "3.4.2 Tŷ Gwennol" keeps its "3.4.2"."""
    if not _SECTION_NUMBER.search(text[max(0, hit.start - 12) : hit.start]):
        return hit
    lead = _LEADING_NUMBER.match(text, hit.start, hit.end)
    if lead is None or lead.end() >= hit.end:
        return hit
    return replace(hit, start=lead.end())


def _collapse_apposition(
    text: str, floor: int, start: int, end: int, new: str, lang: str
) -> tuple[int, int] | None:
    """The span to delete when ", NAME" only repeats the noun before it, else None."""
    # The noun may stand inside an earlier replacement ("Tad Teilo, Llŷr,"): read the
    # original words, but cut no further back than the comma.
    m = re.search(r"([\w'\u2019\-]+)(?:[^\S\n]+([\w'\u2019\-]+))?,[^\S\n]+$", text[:start])
    if m is None or m.end() - len(m.group(0)) < 0:
        return None
    if len(text[floor:start].rstrip(" \t")) < 1:
        return None
    if not re.match(r"[^\S\n]*(?:[,.;:()]|$)", text[end : end + 2]):
        return None  # "separated, Father moved": a new clause, not an apposition
    words = {w.casefold().replace("\u2019", "'") for w in m.groups() if w}
    words |= {w.split("'", 1)[-1] for w in words}  # "gyda'i fam", "mother's"
    words |= {w.removesuffix("'s") for w in words}
    if not (words & head_words(new, lang)):
        return None
    cut_start = floor + len(text[floor:start].rstrip(" \t")) - 1  # the comma
    cut_end = end
    tail = re.match(r",[^\S\n]*([\w'\u2019]+)", text[end : end + 30])
    if tail and tail.group(1).casefold() not in _KEEP_COMMA:
        cut_end = end + 1  # "Tad Plentyn T, Llŷr, yw" -> "Tad Plentyn T yw"
    return cut_start, cut_end


_PREPOSITIONS = frozenset(
    """at of in on from for by to into about after before since until over under near
    o yn ym yng i ar gan wrth am dros drwy heb""".split()  # noqa: SIM905
)


def _closing_comma(text: str, at: int) -> int:
    """Past the comma that closed an apposition ("Anna Bell, the nurse, said"), if it did.

    It stays before a word that needs it ("and", "who"), before an aside of its own ("His
    GP, at the surgery, had") and before a capital (a list).
    """
    tail = re.match(r",[^\S\n]*([\w'\u2019]+)([^.;:\n]{0,60})", text[at : at + 90])
    word = tail.group(1).casefold() if tail else ""
    aside = word in _PREPOSITIONS and tail is not None and "," in tail.group(2)
    if tail and word[:1].islower() and word not in _KEEP_COMMA and not aside:
        return at + 1
    return at


# Words that stand before a role inside its noun phrase ("Diabetes specialist nurse").
_ROLE_MODIFIERS = frozenset(
    """specialist senior community hospital duty student locum lead named designated
    allocated new previous former clinical consultant paediatric emergency attending
    assistant deputy acting principal district practice ward diabetes""".split()  # noqa: SIM905
)
_WORD_END = re.compile(r"([^\W\d_][\w-]*)[^\S\n]+$")


def _phrase_start(text: str, floor: int, rs: int) -> int:
    """Where a role's noun phrase begins, over the words that qualify it.

    "Diabetes specialist nurse" and "Flying Start family support worker" are one phrase;
    "Then health visitor" and "tells midwife" are not.
    """
    at = rs
    for _ in range(3):
        m = _WORD_END.search(text, max(floor, at - 40), at)
        if m is None:
            break
        word = m.group(1)
        first = _sentence_start(text, m.start(1))
        if word.casefold() in _ROLE_MODIFIERS or (word[:1].isupper() and (not first or at < rs)):
            at = m.start(1)
            if first:
                break
            continue
        break
    return at


def _with_article(text: str, rs: int, re_: int, r: Role, new: str, lang: str) -> str:
    """The role as the text words it, with an article: "PCSO" -> "the PCSO"."""
    words = text[rs:re_]
    before = text[max(0, rs - 30) : rs]
    upper = words[:1].isupper() and not re.search(r"[a-z\u00e0-\u017f][^\S\n]+$", before)
    if lang == "cy":
        if words.casefold() != r.cy.casefold() and not words.isupper():
            return new  # a mutated form ("weithiwr"): the replacement's radical form
        article = "yr" if words[:1].lower() in "aeiouwyh" else "y"
    else:
        article = "the"
    first, _, rest = words.partition(" ")
    if first[1:].islower() and rest == rest.lower():
        words = words[:1].lower() + words[1:]  # "Social worker" opening a sentence
    return f"{article.capitalize() if upper else article} {words}"


def _role_phrase(
    text: str, floor: int, start: int, end: int, new: str, lang: str
) -> tuple[int, int, str] | None:
    """A name standing by the role its replacement names, said once: (start, end, new).

    Definite replacements ("the health visitor"): "the health visitor, Anna Bell," ->
    "the health visitor"; "social worker Anna Bell" -> "the social worker"; "Anna Bell
    (school nurse)" -> "the school nurse"; "Anna Bell, her social worker, said" -> "her
    social worker said". Numbered labels ("Health visitor 2") take the place of the whole
    phrase: "by the health visitor, Anna Bell, at" -> "by Health visitor 2 at". None
    where no such phrase stands by the name.
    """
    found = role_of_replacement(new)
    if found is None:
        return None
    r, numbered = found
    window = max(floor, start - 80)
    pre = role_before().search(text, window, start)
    if pre is not None and role_named(pre.group("role")) is r:
        rs, re_ = pre.start("role"), pre.end("role")
        det = DETERMINER_BEFORE.search(text, max(floor, rs - 60), rs)
        close = _closing_comma(text, end) if pre.group("comma") else end
        if not numbered:
            if det is not None:
                return re_, close, ""  # "the health visitor[, Anna Bell,]"
            # "by [social worker Anna Bell]" -> "by the social worker"; the role's own
            # words stay ("PCSO Anna Bell" -> "the PCSO"): they may be a public name.
            ps = _phrase_start(text, floor, rs)
            return ps, close, _with_article(text, ps, re_, r, new, lang)
        if det is None:
            return rs, close, new
        if ARTICLE.fullmatch(det.group("det")) and not text[det.end("det") : rs].strip():
            return det.start("det"), close, new
        # "her social worker, Anna Bell," and "the hospital social worker, Anna Bell," ->
        # the text's phrase alone: it says more than the label, which would only repeat
        # the role (and its words may be a public name).
        return re_, close, ""
    post = role_after().match(text, end)
    if post is not None and role_named(post.group("role")) is r:
        re_ = post.end("role")
        # The apposition as the text words it ("her social worker", "the PCSO"): its
        # words may be a public name the reader must still see.
        det_word = post.group("det")
        bare = not post.group("mods") and (not det_word or ARTICLE.fullmatch(det_word) is not None)
        if det_word:
            said = text[post.start("det") : re_]
        else:
            said = _with_article(text, post.start("mods"), re_, r, new, lang)
        if "(" in post.group("open"):
            shut = re.match(r"[^\S\n]*\)", text[re_:])
            if shut is None:
                return None
            # "Anna Bell (school nurse)" -> "the school nurse"
            return start, re_ + shut.end(), new if numbered and bare else said
        if not re.match(r"[^\S\n]*(?:[,.;:)\]\n]|$)", text[re_ : re_ + 2]):
            return None  # "Anna Bell, the nurse from the clinic": more than the role
        close = _closing_comma(text, re_)
        if numbered and bare:
            return start, close, new  # "Anna Bell, the health visitor," -> "Health visitor 2"
        # "Anna Bell, the hospital social worker," -> "the hospital social worker", not
        # "Social worker 1, the hospital social worker,": the text's phrase says more.
        return start, close, said  # "Anna Bell, her social worker," -> "her social worker"
    return None


# Nouns that end a job title the role list does not name ("Head of year", "Nursery
# manager", "Safeguarding lead"), standing straight before a name.
JOB_NOUNS = (
    r"head|manager|co-?ordinator|director|chair|chairperson|practitioner|advis[eo]r|"
    r"supervisor|mentor|leader|lead|principal|deputy|caseworker|worker|officer|nurse|"
    r"teacher|visitor|tutor|clinician|assistant|specialist|senco"
)
_JOB_BEFORE = re.compile(
    rf"(?<![\w'\u2019-])(?P<noun>(?i:{JOB_NOUNS}))"
    r"(?:[^\S\n]+(?:of|for)[^\S\n]+[^\W\d_][\w-]*(?:[^\S\n]+\d+)?)?[^\S\n]+$"
)
_NOT_IN_TITLE = _PREPOSITIONS | _KEEP_COMMA | {"then", "later", "also", "now", "he", "she"}


def _other_role_before(
    text: str, floor: int, start: int, end: int, new: str
) -> tuple[int, int, str] | None:
    """A job title straight before a name whose replacement is another role phrase.

    "Head of year Anna Bell" with Anna Bell's replacement "the nurse" would read "Head of
    year the nurse": the text's title says what she is here, so it stands with an article
    ("The head of year"), and so it does for a numbered label ("Nurse 2"): the text's words
    say more here, and may be a public name. Another role from the role list before the
    name counts the same way. None where no such title stands before the name, or the
    replacement is not a role.
    """
    found = role_of_replacement(new)
    if found is None:
        return None
    r = found[0]
    lo = max(floor, start - 80)
    pre = role_before().search(text, lo, start)
    if pre is not None and not pre.group("comma"):
        other = role_named(pre.group("role"))
        if other is None or other is r:
            return None
        ns, ne = pre.start("role"), pre.end("role")
    else:
        job = _JOB_BEFORE.search(text, lo, start)
        if job is None:
            return None
        ns, ne = job.start("noun"), job.end(0) - len(job.group(0)) + len(job.group(0).rstrip())
    ps = ns
    for _ in range(2):  # "Nursery manager", "Senior practice nurse"
        m = _WORD_END.search(text, max(floor, ps - 40), ps)
        if m is None or m.group(1).casefold() in _NOT_IN_TITLE:
            break
        word = m.group(1)
        if not (word[:1].isupper() or word.casefold() in _ROLE_MODIFIERS):
            break
        ps = m.start(1)
    det = re.search(
        r"(?<![\w'\u2019])(?:the|a|an|his|her|their|[^\W\d_]+['\u2019]s)[^\S\n]+$",
        text[max(floor, ps - 30) : ps],
        re.I,
    )
    if det is not None:
        return ps, end, text[ps:ne]  # "the Nursery manager Anna Bell" -> "the Nursery manager"
    return ps, end, _with_article(text, ps, ne, r, new, "en")


def _yn_before(text: str, floor: int, start: int, new: str) -> tuple[int, str]:
    """Re-form "yng" or "ym" before an unmutated replacement for its first sound."""
    w = _WORD_BEFORE.search(text[floor:start])
    if w is None or w.group(1).lower() not in ("yng", "ym") or not new:
        return start, new
    lead = nasal_yn(new)
    if lead == w.group(1).lower():
        return start, new
    lead = _cap(lead) if w.group(1)[:1].isupper() else lead
    return floor + w.start(1), f"{lead} {new}"


def _mutated(text: str, floor: int, start: int, new: str, *, place: bool) -> tuple[int, str]:
    """The replacement mutated after its trigger word (and "yn" re-formed before a place)."""
    w = _WORD_BEFORE.search(text[floor:start])
    if w is None:
        return start, new
    trigger = w.group(1)
    kind = trigger_of(trigger, place=place)
    if kind is None:
        return start, new
    first, _, rest = new.partition(" ")
    if _ARTICLE["cy"].match(new) or not first[:1].isalpha():
        if trigger.lower() in ("yng", "ym"):  # "yng" before "yr ysbyty" is "yn"
            lead = "Yn" if trigger[:1].isupper() else "yn"
            return floor + w.start(1), f"{lead} {new}"
        return start, new
    changed = mutate(first, kind)
    new_text = changed + (" " + rest if rest else "")
    if kind == "nasal" and trigger.lower() in ("yn", "yng", "ym"):
        lead = nasal_yn(changed)
        lead = _cap(lead) if trigger[:1].isupper() else lead
        return floor + w.start(1), f"{lead} {new_text}"
    return start, new_text
