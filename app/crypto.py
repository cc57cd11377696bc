"""Random tokens, their stored hashes, and keyed hashes for values we must match but never keep."""

import base64
import hashlib
import hmac
import secrets


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random token for sessions, edit rights and one-time codes."""
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """Stored form of a high-entropy token: SHA-256 suffices, no salt or stretching needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_hash(key: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 of a low-entropy value (IP, email): unguessable without the server key."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def tokens_equal(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def s256_challenge(verifier: str) -> str:
    """PKCE S256: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
