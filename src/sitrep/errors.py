"""Named exceptions. The CLI turns each into a one-line message naming file, line and reason."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input article (or a whole input file) cannot be read.

    ``origin`` names the file and, where there is one, the line or row (``data.jsonl:17``).
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ArticleTooLarge(InputError):
    """An article longer than the configured limit."""


class LexiconError(SitrepError):
    """A packaged or user-supplied lexicon file is malformed."""


class ExtractionError(SitrepError):
    """Extraction failed on one article (a bug, reported with the article's origin)."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
