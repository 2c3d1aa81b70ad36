"""sitrep: news about armed conflict, political violence and protest -> a sourced event dataset.

>>> import sitrep
>>> result = sitrep.extract(text, published="2016-09-17", source="Reuters")
>>> result.events, result.statements, result.to_dict()
"""

from sitrep.errors import ExtractionError, InputError, LexiconError, SitrepError
from sitrep.models import (
    Actor,
    Article,
    Casualties,
    Claim,
    Event,
    Evidence,
    ExtractionResult,
    Location,
    Statement,
)
from sitrep.pipeline import extract, extract_article, extract_batch

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Casualties",
    "Claim",
    "Event",
    "Evidence",
    "ExtractionError",
    "ExtractionResult",
    "InputError",
    "LexiconError",
    "Location",
    "SitrepError",
    "Statement",
    "__version__",
    "extract",
    "extract_article",
    "extract_batch",
]
