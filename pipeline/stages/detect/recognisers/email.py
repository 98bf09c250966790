"""E-mail addresses, validated against the bundled Public Suffix List snapshot."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

# Presidio's own recogniser calls `tldextract.extract`, which downloads the suffix list on
# first use. No URLs and no cache: this extractor only ever reads the snapshot in the wheel.
_OFFLINE_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail pattern under our entity name, never touching the network."""

    def __init__(self) -> None:
        super().__init__(supported_entity="EMAIL", name="OfflineEmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain ends in a known public suffix."""
        return _OFFLINE_EXTRACT(pattern_text).fqdn != ""
