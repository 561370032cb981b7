"""Log lines never carry a link token: access logs would otherwise write every portal
address to disk, and a log is read by more people than a link was meant for."""

from __future__ import annotations

import logging
import re

from routes.portal import PORTAL_PREFIX

# The usual place: all of the path after /portal/ up to a sub-page of the portal, which is
# kept for debugging. Not just one segment: a token pasted with a stray "/" in it would
# otherwise leave its second half in the log.
PORTAL_PATH = re.compile(
    "(" + re.escape(PORTAL_PREFIX) + r")[^?\s\"]+?(?=(?:/proposals/\d+(?:/decision)?|/updates/\d+/feedback)?(?:[?\s\"]|$))",
    re.IGNORECASE,
)
# Anywhere else (a mangled path such as /portal/a/<token>, a query string, an error
# message): a run as long as a token in its alphabet with both letter cases, which words,
# identifiers and hex digests do not have.
TOKEN_SHAPED = re.compile(r"[A-Za-z0-9_-]{40,}")
REDACTED = "[redacted]"

LOGGERS_THAT_SEE_PATHS = ("uvicorn.access", "uvicorn.error", "litestar", "portal.errors")


def _looks_like_a_token(run: re.Match) -> str:
    text = run.group(0)
    has_both_cases = any(c.isupper() for c in text) and any(c.islower() for c in text)
    return REDACTED if has_both_cases else text


def redact_link_tokens(text: str) -> str:
    return TOKEN_SHAPED.sub(_looks_like_a_token, PORTAL_PATH.sub(r"\1" + REDACTED, text))


class RedactLinkTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_link_tokens(arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = redact_link_tokens(record.msg)
        if record.exc_info and not record.exc_text:
            # A handler formats the traceback only after filters ran; formatted here, it
            # is redacted like the rest and the handler reuses it.
            record.exc_text = redact_link_tokens(logging.Formatter().formatException(record.exc_info))
        return True


def redact_tokens_in_logs() -> None:
    for logger_name in LOGGERS_THAT_SEE_PATHS:
        logger = logging.getLogger(logger_name)
        if not any(isinstance(existing, RedactLinkTokens) for existing in logger.filters):
            logger.addFilter(RedactLinkTokens())
