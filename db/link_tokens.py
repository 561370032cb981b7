"""Secret link tokens: made from the OS's CSPRNG, stored only as a hash."""

import hashlib
import secrets

# 32 random bytes = 256 bits, comfortably above the 128 the spec asks for.
TOKEN_BYTES = 32
# Anything longer is not a token we issued; hashing a capped prefix keeps the work
# per request bounded without answering differently.
LONGEST_TOKEN_CONSIDERED = 256


def new_link_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_link_token(token: str) -> str:
    """SHA-256 is enough here (unlike for passwords): the token has 256 bits of entropy,
    so there is nothing to brute-force, and the lookup must be a cheap index probe."""
    return hashlib.sha256(token[:LONGEST_TOKEN_CONSIDERED].encode("utf-8", "replace")).hexdigest()
