import logging

from app import RedactLinkTokens
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
