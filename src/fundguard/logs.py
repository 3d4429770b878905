"""Logging set-up with a PII-redaction filter.

fundguard logs identifiers and counts only.  The filter is a second line of defence: it masks anything
that looks like an 18-digit ID number or a mobile number, should one slip into a message.
"""

from __future__ import annotations

import logging
import re

_ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    """Mask ID numbers and mobile numbers in free text."""
    text = _ID_NUMBER.sub(r"\1********\2", text)
    return _MOBILE.sub(r"\1****\2", text)


class RedactingFilter(logging.Filter):
    """Rewrites every record's message with ``redact``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def configure_logging(level: int = logging.WARNING) -> None:
    """Install a stderr handler with redaction on the ``fundguard`` logger (idempotent)."""
    logger = logging.getLogger("fundguard")
    logger.setLevel(level)
    # GX announces temporary folders at INFO on every context; operators need none of it.
    logging.getLogger("great_expectations").setLevel(max(level, logging.WARNING))
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        logger.addHandler(handler)
