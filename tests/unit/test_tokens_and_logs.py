import logging
import sys

import pytest

from routes.log_redaction import RedactLinkTokens
from db.link_tokens import hash_link_token, new_link_token


def test_tokens_are_long_random_and_url_safe():
    tokens = {new_link_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(token) >= 43 and token.replace("-", "").replace("_", "").isalnum() for token in tokens)


def test_the_stored_hash_reveals_nothing_of_the_token():
    token = new_link_token()
    digest = hash_link_token(token)
    assert len(digest) == 64 and token not in digest
    assert hash_link_token(token) == digest and hash_link_token(token + "x") != digest


def test_access_log_lines_never_carry_a_portal_token():
    token = new_link_token()
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/portal/{token}/proposals/4", "1.1", 200), None,
    )

    RedactLinkTokens().filter(record)

    assert token not in record.getMessage()
    assert "/portal/[redacted]/proposals/4" in record.getMessage()


def _logged(logger: str, message: str, *args, exc_info=None) -> str:
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, message, args, exc_info)
    RedactLinkTokens().filter(record)
    return logging.Formatter().format(record)


@pytest.mark.parametrize("path", [
    "/portal/a/{token}", "/portal/.//{token}", "/portal/%2e/{token}", "/Portal/{token}", "/portal/{head}/{tail}",
    "/login?next=%2Fportal%2F{token}", "/portal/{token}/updates/7/feedback?sent=1",
])
def test_a_token_anywhere_in_a_logged_path_is_redacted(path):
    token = new_link_token()

    logged_path = path.format(token=token, head=token[:10], tail=token[10:])
    line = _logged("uvicorn.access", '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", logged_path, "1.1", 404)

    assert token not in line and token[:20] not in line and token[10:30] not in line and "[redacted]" in line


def test_a_traceback_that_names_a_token_is_redacted():
    token = new_link_token()
    try:
        raise ValueError(f"no such route /x/{token}")
    except ValueError:
        line = _logged("portal.errors", "Unhandled error on %s", "GET", exc_info=sys.exc_info())

    assert "ValueError" in line and token not in line


def test_words_identifiers_and_digests_stay_readable():
    text = "StringDataRightTruncationError in test_a_section_cannot_be_changed_through_another_proposals_url"
    digest = hash_link_token(new_link_token())

    line = _logged("litestar", "%s %s", text, digest)

    assert line == f"{text} {digest}"
