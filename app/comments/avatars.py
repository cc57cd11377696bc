"""Avatars drawn by Parley: a symmetric 5×5 identicon from a keyed hash, so no email leaks and
no third party is asked."""

import hashlib

from app.crypto import keyed_hash

AVATAR_KEY_LENGTH = 20


def avatar_key(
    secret_key: str, *, site_id: str, identity_id: int | None, email: str | None, name: str
) -> str:
    """A stable, opaque key per commenter and site.

    Keyed with the server secret, so without it the key says nothing of the email; and keyed
    per site, so the same address (or identity) on two sites gives two unrelated keys and no
    one can test on one site whether an address commented on another.
    """
    if identity_id is not None:
        subject = f"identity:{identity_id}"
    elif email:
        subject = f"email:{email.strip().lower()}"
    else:
        subject = f"name:{name.strip().lower()}"
    return keyed_hash(secret_key, "avatar", f"{site_id}\x00{subject}")[:AVATAR_KEY_LENGTH]


def identicon_svg(key: str) -> str:
    """Render the identicon for an avatar key."""
    digest = hashlib.sha256(key.encode()).digest()
    hue = digest[0] * 360 // 256
    cells = []
    for row in range(5):
        for col in range(3):
            if digest[1 + row * 3 + col] & 1:
                for x in {col, 4 - col}:
                    cells.append(f'<rect x="{x + 1}" y="{row + 1}" width="1" height="1"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" width="48" height="48">'
        f'<rect width="7" height="7" fill="hsl({hue},45%,92%)"/>'
        f'<g fill="hsl({hue},55%,45%)">{"".join(cells)}</g></svg>'
    )
