"""Names in Welsh text (PERSON) and mutated place names (LOCATION), by Welsh grammar.

The English model reads Welsh as a string of unknown proper nouns, so detection drops its
spans in a Welsh translation. These rules stand in for it, on Welsh text only (a chunk
is Welsh when its function words are Welsh: `is_welsh`):

- In Welsh prose a capitalised word that does not open a sentence is a proper noun. It
  is a person's name unless it is a Welsh word (`pipeline/data/welsh_words.txt`, or
  written in lower case elsewhere in the text, in its own or its radical form), a
  public body's word ("Cyngor", "Fwrdd", "Heddlu"), a month, weekday or holiday, a
  country or language, an English word with an "'s" (a brand, "Barnardo's") or a
  common English word. A Welsh word counts as a name only beside a person's context:
  a title (Mr, Mrs, Dr, PC), a kinship or role word before it ("mam Gwawr", "ei
  ffrind, Leila"), a naming phrase ("o'r enw", "a elwir yn"), or a verb of saying
  before it (Welsh puts the verb first: "Dywedodd Eira ...").
- A capitalised word opening a sentence, a heading or a table cell is no evidence by
  itself: it counts only where it is also used as a name mid-sentence.
- Words after "yn/yng/ym" with a nasal mutation ("yng Nghwm…", "ym Mhen…", "yn
  Nhre…") are places, and so is a capitalised word after a soft-mutating preposition
  whose radical form starts with a place-name element ("o Lanfeuno" from Llan-, "i Lyn
  Eithin" from Glyn). The radical and mutated forms of each place so found are
  proposed wherever the text uses them, and a name found is proposed in its mutated
  forms after their triggers ("am Wawr" for Gwawr).
"""

from __future__ import annotations

from functools import cache

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.stages.detect.recognisers._rules import CAP, RuleRecognizer, words
from pipeline.stages.detect.recognisers.dates import HOLIDAYS
from pipeline.stages.detect.recognisers.public import is_public_context
from pipeline.text.dates import MONTHS, WELSH_DATE_PATTERN, WELSH_MONTHS
from pipeline.text.termmatch import welsh_words
from pipeline.text.welsh import MUTATIONS, mutate, radicals, trigger_of

NAME_SCORE = 0.45
CONTEXT_SCORE = 0.65
PLACE_SCORE = 0.5
NASAL_PLACE_SCORE = 0.6
# An English word at least this common (Zipf), capitalised in Welsh text without a
# person's context, is taken for a word ("Start", "Team"), not a name.
ENGLISH_WORD_ZIPF = 4.5

# --- is this chunk Welsh? -------------------------------------------------------------------

_WELSH_FUNCTION = words(
    "y yr yn ac o ei eu mae roedd oedd wedi bod fod gyda gan ar am nad yng ym i'r o'r â "
    "hefyd ond cael gael hyn hynny iddo iddi nid ni na"
)
_ENGLISH_FUNCTION = words(
    "the and of to was is that with for he she had were on by from not this they"
)
_LOWER_TOKEN = regex.compile(r"(?<![\p{L}\p{M}'’])\p{Ll}[\p{L}\p{M}]*(?:['’]\p{L}+)?")


def is_welsh(text: str) -> bool:
    """Whether `text` is written in Welsh, by its commonest function words."""
    welsh = english = 0
    for m in _LOWER_TOKEN.finditer(text):
        word = m[0].replace("’", "'")
        if word in _WELSH_FUNCTION:
            welsh += 1
        elif word in _ENGLISH_FUNCTION:
            english += 1
    return welsh >= 8 and welsh >= 2 * english


# --- word classes ---------------------------------------------------------------------------


def _with_mutations(words: str) -> frozenset[str]:
    """Lower-cased words with their soft, nasal and aspirate forms (and "h" before a vowel)."""
    out: set[str] = set()
    for word in words.split():
        out.add(word)
        out.update(mutate(word, kind) for kind in MUTATIONS)
        if word[:1] in "aeiouwyâêîôûŵŷ":
            out.add("h" + word)  # "ei hathrawes"
    return frozenset(out)


# Head nouns and other words of Welsh public bodies' names, services and documents:
# never a person, and a capitalised word right after one belongs to the body's name.
_BODY_WORDS = _with_mutations(
    """
    cyngor bwrdd gwasanaeth gwasanaethau tîm uned canolfan ysgol coleg ysbyty meddygfa
    heddlu llywodraeth adran swyddfa comisiynydd cymdeithas ymddiriedolaeth prifysgol
    panel pwyllgor fforwm cynllun ymgyrch rhaglen prosiect gweithdrefnau canllawiau
    deddf rheoliadau fframwaith llys tribiwnlys cylch meithrinfa cartref plant iechyd
    meddwl diogelu gofal cymdeithasol addysg cymru gogledd de gorllewin dwyrain
    canolbarth sir dinas bwrdeistref sirol tref cymuned rhanbarthol cenedlaethol brys
    ambiwlans tân prawf gig cymraeg saesneg cymreig senedd arolygiaeth partneriaeth asiantaeth
    elusen cyfiawnder ieuenctid teulu teuluoedd glasoed oedolion adolygiad adolygu
    ymarfer is-grŵp grŵp dechrau'n dechrau cyfeirnod rhif dyddiad cyfeiriad drafft
    adolygydd adolygwyr cadeirydd argymhellion dadansoddiad cefndir crynodeb llinell
    amser dysgu manylion
    """
)
# Weekdays, seasons and the words of holidays and times of day.
_CALENDAR_WORDS = _with_mutations(
    """
    dydd llun mawrth mercher iau gwener sadwrn sul nos noswyl calan nadolig pasg gŵyl
    groglith bore prynhawn
    """
) | frozenset(m.lower() for m in (*MONTHS, *WELSH_MONTHS))
# Person context before a name: titles, kinship and role words (each with its mutations).
_TITLES = words("mr mrs ms miss mx dr pc dc ds sgt parch cyng cynghorydd athro")
_KIN_ROLE = _with_mutations(
    """
    mam tad rhieni rhiant nain taid mam-gu tad-cu brawd chwaer mab merch partner llystad
    llysfam cariad
    gŵr gwraig ffrind cymydog modryb ewythr cefnder cyfnither wyres ŵyr babi baban
    athro athrawes nyrs meddyg gweithiwr swyddog ymwelydd bydwraig pennaeth arweinydd
    paediatregydd seiciatrydd gofalwr gofalwraig cynghorydd cyfreithiwr gwarcheidwad
    therapydd seicolegydd mentor eiriolwr cydlynydd rheolwr goruchwyliwr
    """
)
# Verbs of people that stand before their subject ("Dywedodd Kasia", "meddai Hodan").
_SAYING_VERBS = words("""
    dywedodd meddai medd gofynnodd atebodd esboniodd gwrthododd cyfaddefodd datgelodd
    honnodd ffoniodd ymwelodd cysylltodd ysgrifennodd disgrifiodd cwynodd sgrechiodd
    gwaeddodd
    """)
# Other verbs before a subject: any third-person preterite (-odd) and the common forms.
_VERBS = words("aeth daeth gwnaeth bu roedd oedd mae cafodd dechreuodd")
_NAMING = regex.compile(
    r"(?i:(?:o['’]r\s+enw|a\s+elwir\s+yn|a\s+elwid\s+yn|sef|yn\s+cael\s+ei\s+(?:galw|alw)['’]?n?)"
    r")\s+$"
)
# First elements of Welsh place names (toponymy), to tell "i Lanfeuno" from "i Wawr".
_PLACE_ELEMENTS = (
    "aber",
    "llan",
    "cwm",
    "pont",
    "pen",
    "tre",
    "caer",
    "glyn",
    "bryn",
    "nant",
    "cefn",
    "porth",
    "rhyd",
    "betws",
    "capel",
    "maes",
    "coed",
    "tal",
    "llys",
    "dol",
    "hendy",
    "pwll",
    "ystrad",
    "blaen",
    "castell",
    "cil",
    "llyn",
    "mynydd",
    "tyn",
    "bod",
    "garth",
    "gwaun",
    "pentre",
    "treff",
    "tref",
    "y ",
)
_NASAL_START = ("ngh", "mh", "nh", "ng", "m", "n")
# Head words of countries, counties and islands ("Wlad Pwyl", "Swydd Gaer", "Ynys Môn"):
# context, not a person; the words after them belong to them.
_REGION_WORDS = _with_mutations("gwlad swydd ynys")
# Head words of addresses and buildings: "Bwthyn Penrallt", "Tŷ Glasfryn", "Stryd Tudor".
_ADDRESS_WORDS = _with_mutations(
    "heol stryd ffordd lôn rhodfa cilgant teras tŷ bwthyn fflat maes parc clos sgwâr "
    "carafán fferm plas neuadd"
)
ADDRESS_SCORE = 0.5
# Welsh clitics written onto a name: "Tolu'n", "Hodan'r" (never part of the name).
_CLITIC = regex.compile(r"['’](?:n|r|i|w|u|ch|m)$")
# A Welsh small word with its clitic inside a capitalised run: the run is a title.
_TITLE_CLITIC = regex.compile(
    r"(?<![\p{L}])(?i:gyda|i|o|a|â|na|ein|eu|ei)['’](?:n|r|i|w)(?![\p{L}])"
)
# Small words that join two capitalised runs of one public name ("Fframwaith ... ar gyfer
# Gofalwyr ...", "Plant a'r Glasoed"). Not "a" or "ac": before a capital they make a list
# ("at Gyngor Gwynedd a Chloe"), and the name after them is a name.
_JOINERS = regex.compile(
    r"^[ \t]+(?:(?:ar|gyfer|i|y|yr|o|a'r|i'r|o'r|yng|ym|yn|mewn|dros|gan|am|and|of|"
    r"for|the|in)[ \t]+){1,3}$"
)
# After a name: a comma and a kinship or role word ("Grace Adeyemi, mam").
_AFTER_ROLE = regex.compile(r"^\**[ \t]*(?:,|\(|–|-)[ \t]*([\p{L}'’-]+)(?:[ \t]+([\p{L}'’-]+))?")
# A Welsh inflected verb's endings: preterite -odd, impersonal -wyd, imperfect -ai.
_VERB_SHAPE = regex.compile(r"(?:odd|wyd|pwyd|ir|asai|ant|asant|iff)$")
# Endings of Welsh inflected verbs (-odd, -wyd) and of plural and abstract nouns and
# adjectives (-au, -iaeth, -iant, -ol...): never a name, wherever the word stands.
_WORD_SHAPE = regex.compile(
    r"(?:odd|wyd|pwyd|asai|asant|fu|iau|au|aeth|iaeth|iad|iant|asiwn|edig|adwy|ol)$"
)
# Of those, the nouns' and adjectives': the capitalised words after one in a run belong
# to the same title ("Unedau Mân Anafiadau", "Adrannau Achosion Brys").
_NOUN_SHAPE = regex.compile(r"(?:iau|au|aeth|iaeth|iad|iant|asiwn|edig|adwy|ol)$")

_PARTICLES = "ap|ab|ferch|verch|de|da|dos|das|van|von|bin|ibn|al|el"
_PARTICLE_RE = regex.compile(_PARTICLES)
_TOKEN = regex.compile(rf"{CAP}|(?:{_PARTICLES})(?=[ \t]+\p{{Lu}})")
# A run of capitalised words, with particles between them ("Dafydd ap Hywel").
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}_'’@./-]){CAP}"
    rf"(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)?{CAP})*(?![\p{{L}}\p{{M}}\p{{N}}_@])"
)
_WORD_IN_RUN = regex.compile(rf"{CAP}|(?<=\s)(?:{_PARTICLES})(?=\s)")
# What opens a sentence: its end, a line, a bullet, a heading, a cell, a quotation, or a
# paragraph number ("2.3 Roedd ...").
_OPENER = regex.compile(
    r"(?:^|[.!?:;|#>\n(\[\"“‘]|^\s*[-+*]|\d[.)]|\*\*|(?:^|\s)\d+(?:\.\d+)*\.?)[ \t*]*$"
)
_PREV_WORD = regex.compile(r"[\p{L}\p{M}'’-]+")
_ABBREVIATION = regex.compile(r"\p{Lu}{2,}s?|\p{Lu}\p{Ll}?\p{Lu}+s?")


@cache
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


def _opens_sentence(text: str, pos: int) -> bool:
    return bool(_OPENER.search(text[max(0, pos - 8) : pos]))


def _prev_word(text: str, pos: int) -> str:
    before = text[max(0, pos - 40) : pos].rstrip(" \t").removesuffix(",").rstrip(" \t")
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    return last.lower().replace("’", "'") if _PREV_WORD.fullmatch(last) else ""


class _Lexicon:
    """Which capitalised words of one text are Welsh words."""

    def __init__(self, text: str) -> None:
        self.lower = {m[0].replace("’", "'") for m in _LOWER_TOKEN.finditer(text)}
        self.words = welsh_words()

    def is_word(self, token: str) -> bool:
        """A Welsh word in its own or a radical form, or one the text writes in lower case.

        The text may write it only mutated ("y wybodaeth" for "Gwybodaeth").
        """
        forms = {f.lower() for f in radicals(token)}
        if forms & self.words:
            return True
        family = forms | {mutate(f, kind) for f in forms for kind in MUTATIONS}
        return bool(family & self.lower)


def _word_shaped(low: str) -> bool:
    return len(low) >= 6 and _WORD_SHAPE.search(low) is not None


def _stop(token: str) -> bool:
    low = token.lower()
    return (
        _word_shaped(low)
        or low in _BODY_WORDS
        or low in _CALENDAR_WORDS
        or low in _TITLES
        or _ABBREVIATION.fullmatch(token) is not None
    )


def _person_context(text: str, start: int) -> tuple[bool, bool]:
    """(any person context, strong context) just before a name starting at `start`."""
    before = text[max(0, start - 40) : start]
    prev = _prev_word(text, start)
    if _NAMING.search(before):
        return True, True
    if prev in _TITLES or prev.rstrip(".") in _TITLES:
        return True, True
    if prev in _KIN_ROLE or prev in _SAYING_VERBS:
        return True, True
    # "ei ffrind gorau, Jessica": a role word shortly before, then a comma.
    if before.rstrip().endswith(","):
        words = regex.findall(r"[\p{L}'’-]+", before.lower())
        if any(w in _KIN_ROLE for w in words[-4:]):
            return True, True
    if prev in _VERBS or (prev.endswith("odd") and len(prev) > 4):
        return True, False
    return False, False


def _is_place_shaped(token: str) -> bool:
    return any(
        form.lower().startswith(_PLACE_ELEMENTS) and len(form) > 4 for form in radicals(token)
    )


@cache
def _date_res() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    return (
        regex.compile(rf"(?:{HOLIDAYS})(?:\s+(?:19|20)\d{{2}})?"),
        regex.compile(WELSH_DATE_PATTERN),
    )


def _date_spans(text: str) -> list[tuple[int, int]]:
    holiday, welsh_date = _date_res()
    return [(m.start(), m.end()) for p in (holiday, welsh_date) for m in p.finditer(text)]


# Presidio drops a result inside another of the same type with a higher score, so the
# English model's spans over these words (dropped later in Welsh text) would absorb
# these; their own labels keep them apart (`engine.PRESIDIO_TO_ENTITY` maps them back).
_LABELS = {"PERSON": "WELSH_PERSON", "LOCATION": "WELSH_LOCATION"}


class WelshNameRecognizer(RuleRecognizer):
    """Person-like and place-like capitalised words in Welsh text (see the module doc)."""

    def __init__(self) -> None:
        super().__init__("PERSON", [], name="WelshNameRecognizer")
        # The types it declares; its results carry the `_LABELS` of PERSON and LOCATION.
        self.supported_entities = ["PERSON", "LOCATION", "ADDRESS"]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Presidio's entry point: `find`, unless neither entity was asked for."""
        if entities and not set(self.supported_entities) & set(entities):
            return []
        return self.find(text)

    def find(self, text: str) -> list[RecognizerResult]:
        """Every name and mutated place this text's grammar points to."""
        if not is_welsh(text):
            return []
        lexicon = _Lexicon(text)
        dates = _date_spans(text)
        names: dict[str, tuple[str, float]] = {}  # form -> (entity, score)
        spans: list[tuple[int, int, str, float]] = []
        owned_until = -1  # end of the last run that belongs to a public body's name
        for run in _RUN.finditer(text):
            joined = owned_until >= 0 and _JOINERS.match(text[owned_until : run.start()])
            found, owned = self._pieces(text, run, lexicon, owned=bool(joined))
            owned_until = run.end() if owned else -1
            for start, end, entity, score in found:
                if any(s <= start and end <= e for s, e in dates):
                    continue
                spans.append((start, end, entity, score))
                form = text[start:end]
                if names.get(form, ("", 0.0))[1] < score:
                    names[form] = (entity, score)
        spans += self._other_forms(text, names, lexicon)
        # A word found as a person that is the radical of a place found is that place.
        places = {r for f, (t, _) in names.items() if t == "LOCATION" for r in radicals(f)}
        places |= {mutate(p, kind) for p in places for kind in MUTATIONS}
        seen: set[tuple[int, int]] = set()
        results = []
        for start, end, entity, score in spans:
            form = text[start:end]
            if (start, end) in seen or any(is_public_context(r) for r in radicals(form)):
                continue
            seen.add((start, end))
            if entity == "PERSON" and form in places:
                entity = "LOCATION"
            results.append(self.result(_LABELS.get(entity, entity), start, end, score))
        return results

    def _pieces(
        self, text: str, run: regex.Match[str], lexicon: _Lexicon, *, owned: bool
    ) -> tuple[list[tuple[int, int, str, float]], bool]:
        """The names in one run of capitalised words, and whether it ends in a body's name."""
        tokens = []
        for m in _WORD_IN_RUN.finditer(run[0]):
            tok = _CLITIC.sub("", m[0])
            tokens.append((m.start() + run.start(), m.start() + run.start() + len(tok), tok))
        if _TITLE_CLITIC.search(run[0]):
            return [], owned  # "Gweithio Gyda'n Gilydd": a title in title case
        after = text[run.end() : run.end() + 40]
        role_after = _AFTER_ROLE.match(after)
        named_by_role = bool(
            role_after and any((w or "").lower() in _KIN_ROLE for w in role_after.groups())
        )
        # Split at public bodies' words, calendar words and abbreviations; the capitalised
        # words after a body's or a country's head word belong to it ("Ymgyrch Encompass",
        # "Wlad Pwyl"); those after an address's head word make an address ("Bwthyn
        # Penrallt").
        pieces: list[list[tuple[int, int, str]]] = [[]]
        out: list[tuple[int, int, str, float]] = []
        address_from: int | None = None
        for i, (s, e, tok) in enumerate(tokens):
            low = tok.lower()
            if (
                low in _BODY_WORDS
                or low in _REGION_WORDS
                or (len(low) >= 6 and _NOUN_SHAPE.search(low))
            ):
                owned = True
                pieces.append([])
                continue
            if address_from is None and low in _ADDRESS_WORDS and not owned:
                address_from = s
                pieces.append([])
                continue
            if owned or address_from is not None or _stop(tok) or "'s" in tok or "’s" in tok:
                pieces.append([])
                continue
            # "Dywedodd Kasia": a sentence's first word stands apart, unless it is a name:
            # used mid-sentence, followed by a name, or the run is named by a role after it.
            if i == 0 and len(tokens) > 1 and _opens_sentence(text, s) and not named_by_role:
                nxt = tokens[1][2]
                name_like = not lexicon.is_word(tok) and not _VERB_SHAPE.search(low)
                if not (name_like and (_used_mid_sentence(text, tok) or not lexicon.is_word(nxt))):
                    pieces.append([(s, e, tok)])
                    pieces.append([])
                    continue
            pieces[-1].append((s, e, tok))
        if address_from is not None and tokens[-1][0] > address_from:
            out.append((address_from, tokens[-1][1], "ADDRESS", ADDRESS_SCORE))
        for piece in pieces:
            while piece and _PARTICLE_RE.fullmatch(piece[-1][2]):
                piece.pop()
            while piece and _PARTICLE_RE.fullmatch(piece[0][2]):
                piece.pop(0)
            if piece:
                last = piece[-1] is tokens[-1] or piece[-1][1] == tokens[-1][1]
                found = self._judge(text, piece, lexicon, role_after=named_by_role and last)
                if found is not None:
                    out.append(found)
        return out, owned

    def _judge(
        self,
        text: str,
        piece: list[tuple[int, int, str]],
        lexicon: _Lexicon,
        *,
        role_after: bool = False,
    ) -> tuple[int, int, str, float] | None:
        start, end = piece[0][0], piece[-1][1]
        words = [t for _, _, t in piece if not _PARTICLE_RE.fullmatch(t)]
        lexical = [lexicon.is_word(w) for w in words]
        english = [_zipf(w) >= ENGLISH_WORD_ZIPF for w in words]
        context, strong = _person_context(text, start)
        if role_after:
            context = strong = True
        opener = _opens_sentence(text, start)
        prev = _prev_word(text, start)
        first = words[0]
        # Places: nasal mutation after "yn" ("yng Nghwmtawel"), "yn" + a proper noun, or
        # a soft-mutating preposition before a place-shaped radical ("o Lanfeuno").
        if not lexical[0]:
            if prev in ("yng", "ym") or (prev == "yn" and first.lower().startswith(_NASAL_START)):
                return start, end, "LOCATION", NASAL_PLACE_SCORE
            if prev == "yn":
                return start, end, "LOCATION", PLACE_SCORE
            if trigger_of(prev, place=True) and not strong and _is_place_shaped(first):
                return start, end, "LOCATION", PLACE_SCORE
        if all(x or e for x, e in zip(lexical, english, strict=True)):
            # Words only (Welsh, or common English): a name only beside a person's context
            # and never at the start of a sentence: a common noun is not capitalised
            # mid-sentence in Welsh, and a name after a verb is its subject.
            if context and (not opener or role_after) and (strong or all(lexical)):
                return start, end, "PERSON", NAME_SCORE
            return None
        quoted = text[start - 1 : start] in "\"“‘'" and text[end : end + 1] in "\"”’'"
        if quoted and start > 0 and not lexical[0]:
            return start, end, "PERSON", CONTEXT_SCORE  # a nickname in quotes: "Kaśka"
        if opener and len(words) == 1 and not context and not _used_mid_sentence(text, first):
            # A sentence's first word: a name only if the text also uses it mid-sentence.
            return None
        kind = trigger_of(prev, place=False)
        if kind and any(mutate(r, kind) == first for r in radicals(first) - {first}):
            # "â Chraig Whitfield": a name mutated after its trigger. The entry for its
            # radical form ("Craig Whitfield", found where the text writes it, or the case
            # file's) matches the mutated forms; this span keeps to the unmutated rest.
            if _radical_used(text, first, text[piece[0][1] : end]):
                return None
            if len(piece) > 1:
                start = piece[1][0]
        score = CONTEXT_SCORE if context or len(words) > 1 else NAME_SCORE
        return start, end, "PERSON", score

    def _other_forms(
        self, text: str, names: dict[str, tuple[str, float]], lexicon: _Lexicon
    ) -> list[tuple[int, int, str, float]]:
        """Each name's other forms: mutated after a trigger; a place's radical anywhere."""
        out: list[tuple[int, int, str, float]] = []
        wanted: dict[str, tuple[str, float, bool]] = {}  # form -> (entity, score, needs trigger)
        for form, (entity, score) in names.items():
            if entity != "LOCATION":
                # A person's mutated forms ("am Wawr") are matched with the entry itself.
                continue
            head, _, rest = form.partition(" ")
            tail = f" {rest}" if rest else ""
            for kind in MUTATIONS:
                mutated = mutate(head, kind) + tail
                if mutated != form:
                    wanted.setdefault(mutated, (entity, score, True))
            if entity == "LOCATION":
                for radical in radicals(head):
                    if radical != head and (tail or not lexicon.is_word(radical)):
                        wanted.setdefault(radical + tail, (entity, score, False))
        for form, (entity, score, needs_trigger) in wanted.items():
            if form in names:
                continue
            pattern = (
                rf"(?<![\p{{L}}\p{{M}}\p{{N}}'’-]){regex.escape(form)}(?![\p{{L}}\p{{M}}\p{{N}}])"
            )
            for m in regex.finditer(pattern, text):
                if needs_trigger:
                    prev = _prev_word(text, m.start())
                    if trigger_of(prev, place=entity == "LOCATION") is None:
                        continue
                out.append((m.start(), m.end(), entity, score))
        return out


def _radical_used(text: str, head: str, tail: str) -> bool:
    """Whether the text also writes a mutated name's radical form (with the same tail)."""
    for radical in radicals(head) - {head}:
        pattern = rf"(?<![\p{{L}}\p{{M}}]){regex.escape(radical + tail)}(?![\p{{L}}\p{{M}}])"
        if regex.search(pattern, text):
            return True
    return False


def _used_mid_sentence(text: str, word: str) -> bool:
    pattern = rf"(?<![\p{{L}}\p{{M}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}])"
    return any(not _opens_sentence(text, m.start()) for m in regex.finditer(pattern, text))


def welsh_name_recogniser() -> WelshNameRecognizer:
    """A fresh Welsh name and place recogniser."""
    return WelshNameRecognizer()
