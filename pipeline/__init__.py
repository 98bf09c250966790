"""cpr-publish: from a draft Child Practice Review to an approved, anonymised public report."""

__version__ = "0.1.0"
